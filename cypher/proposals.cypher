// name: proposals
// answers: Which proposals do the letters answer: title, session, proposer, lead agency and
//   how many reply letters each has?
// param skip: int(0..10000000) = 0 -- leave out this many proposals first (paging)
// param limit: int(1..1000) = 100 -- at most this many proposals, by number
// returns: id, number, title, session, proposer, lead_agency, replies
MATCH (p:Proposal)
OPTIONAL MATCH (p)-[:PROPOSED_BY]->(who:Proposer)
OPTIONAL MATCH (p)-[:LED_BY]->(lead:Agency)
OPTIONAL MATCH (d:Document)-[:RESPONDS_TO]->(p)
WITH p.id AS id, p.number AS number, p.title AS title, p.session AS session,
     who.name AS proposer, lead.name AS lead_agency, count(DISTINCT d) AS replies
ORDER BY number, id
SKIP $skip
RETURN id, number, title, session, proposer, lead_agency, replies
LIMIT $limit
