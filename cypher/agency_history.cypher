// name: agency_history
// answers: Which agencies came before and after an agency (the SUCCEEDED_BY chain), when and
//   why each was succeeded, and how many letters and commitments each has in the graph?
// param agency: str(1..200) -- the agency's full name, an alias as letters write it, or its id
// returns: agency, name, succeeded_by, date, rationale, evidence_sentence, letters, commitments
// example: agency=绵阳市市场监督管理局
MATCH (a:Agency)
WHERE a.id = $agency OR a.name = $agency OR $agency IN a.aliases
OPTIONAL MATCH (a)-[:SUCCEEDED_BY*0..20]->(later:Agency)
OPTIONAL MATCH (earlier:Agency)-[:SUCCEEDED_BY*1..20]->(a)
WITH a, collect(DISTINCT later.id) + collect(DISTINCT earlier.id) AS chain
MATCH (step:Agency)
WHERE step.id IN chain
OPTIONAL MATCH (step)-[e:SUCCEEDED_BY]->(next:Agency)
OPTIONAL MATCH (d:Document)-[:ISSUED_BY]->(step)
OPTIONAL MATCH (c:Commitment)-[:IMPLEMENTED_BY]->(step)
RETURN a.name AS agency, step.name AS name, next.name AS succeeded_by, e.date AS date,
       e.rationale AS rationale, e.evidence_sentence AS evidence_sentence,
       count(DISTINCT d) AS letters, count(DISTINCT c) AS commitments
ORDER BY agency, date, name, succeeded_by
