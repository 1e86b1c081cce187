// name: documents
// answers: Which reply letters does the graph hold: who issued each, when, in answer to
//   which proposal, and how many commitments each makes?
// param skip: int(0..10000000) = 0 -- leave out this many letters first (paging)
// param limit: int(1..1000) = 100 -- at most this many letters, by date
// returns: id, document, date, issuer, proposal, kind, source, commitments
MATCH (d:Document)
WITH d
ORDER BY d.date, d.id
SKIP $skip
WITH d
LIMIT $limit
OPTIONAL MATCH (d)-[:ISSUED_BY]->(a:Agency)
OPTIONAL MATCH (d)-[:RESPONDS_TO]->(p:Proposal)
OPTIONAL MATCH (d)-[:COMMITS]->(c:Commitment)
RETURN d.id AS id, d.name AS document, d.date AS date, a.name AS issuer,
       p.number AS proposal, d.kind AS kind, d.source AS source,
       count(DISTINCT c) AS commitments
ORDER BY date, id
