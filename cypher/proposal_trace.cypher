// name: proposal_trace
// answers: What became of a proposal? Each reply letter, the suggestion each commitment
//   answers, the measure, its status, and every agency implementing it (owner or partner).
// param proposal: str(1..200) -- the proposal's number (20210112) or id
// returns: proposal, proposer, document, suggestion, suggestion_name, measure, status, agency, role
// example: proposal=20210112
MATCH (p:Proposal)
WHERE p.id = $proposal OR p.number = $proposal
MATCH (p)<-[:RESPONDS_TO]-(d:Document)-[:COMMITS]->(c:Commitment)-[:ABOUT]->(m:Measure)
OPTIONAL MATCH (p)-[:PROPOSED_BY]->(who:Proposer)
OPTIONAL MATCH (c)-[:ANSWERS]->(s:Suggestion)
OPTIONAL MATCH (c)-[r:IMPLEMENTED_BY]->(a:Agency)
RETURN p.number AS proposal, who.name AS proposer, d.name AS document,
       s.ordinal AS suggestion, s.name AS suggestion_name, m.key AS measure,
       c.status AS status, a.name AS agency, r.role AS role
ORDER BY document, suggestion, measure, role, agency, proposer
