// name: measure_evolution
// answers: How did a measure evolve across the years? The measures it builds on (BUILDS_ON,
//   any number of steps back), the measure itself, and the later measures that build on it;
//   for each, every letter that reports it, with the letter's year, status, owner and evidence.
//   Several measures may match the text: asked names the one each row belongs to.
// param measure: str(1..200) -- text in the measure's key or name (追溯平台), or its id
// returns: asked, measure, name, year, document, status, owner, date, evidence_sentence, evidence_file,
//   measure_id, commitment_id, document_id, owner_id, year_id, document_date
// example: measure=追溯平台
MATCH (root:Measure)
WHERE root.id = $measure OR root.key CONTAINS $measure OR root.name CONTAINS $measure
// Each direction is its own DISTINCT walk, so the planner can search breadth-first instead of
// following every path of a dense lineage.
CALL (root) {
  MATCH (root)-[:BUILDS_ON*0..20]->(step:Measure)
  RETURN step
  UNION
  MATCH (root)<-[:BUILDS_ON*1..20]-(step:Measure)
  RETURN step
}
MATCH (d:Document)-[:COMMITS]->(c:Commitment)-[:ABOUT]->(step)
OPTIONAL MATCH (d)-[:IN_YEAR]->(y:Year)
OPTIONAL MATCH (c)-[o:IMPLEMENTED_BY]->(carrier:Agency)
WHERE o.role IN ['owner', 'issuer']
RETURN root.key AS asked, step.key AS measure, c.name AS name, y.year AS year,
       d.name AS document, c.status AS status, carrier.name AS owner, c.date AS date,
       c.evidence_sentence AS evidence_sentence, c.evidence_file AS evidence_file,
       step.id AS measure_id, c.id AS commitment_id, d.id AS document_id,
       carrier.id AS owner_id, y.id AS year_id, d.date AS document_date
ORDER BY asked, year, document, measure, owner
