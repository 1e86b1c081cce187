// why: LadybugDB plans an OPTIONAL MATCH from a bound commitment as a join with the whole
//   ANSWERS and IMPLEMENTED_BY tables (hash tables of every commitment's suggestion and
//   agencies); `c.id IS NOT NULL` ties each to c, so it is followed from the proposal's
//   commitments alone.
MATCH (p:Proposal)
WHERE p.id = $proposal OR p.number = $proposal
MATCH (p)<-[:RESPONDS_TO]-(d:Document)-[:COMMITS]->(c:Commitment)-[:ABOUT]->(m:Measure)
OPTIONAL MATCH (p)-[:PROPOSED_BY]->(who:Proposer)
OPTIONAL MATCH (c)-[:ANSWERS]->(s:Suggestion)
WHERE c.id IS NOT NULL
OPTIONAL MATCH (c)-[r:IMPLEMENTED_BY]->(a:Agency)
WHERE c.id IS NOT NULL
RETURN p.number AS proposal, who.name AS proposer, d.name AS document,
       s.ordinal AS suggestion, s.name AS suggestion_name, m.key AS measure,
       c.status AS status, a.name AS agency, r.role AS role
ORDER BY document, suggestion, measure, role, agency, proposer
