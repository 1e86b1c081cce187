// why: LadybugDB has no CALL subquery and plans a variable-length MATCH from a node bound
//   earlier (an OPTIONAL MATCH after the roots, or a MATCH after WITH) as a walk from every
//   Measure, hundreds of ms on a large graph. Here each lineage walk stands alone (its roots
//   found again by the parameter, so only they are searched; SHORTEST: breadth-first, not
//   every path) and yields (asked, step) pairs; the steps are the matching measures plus the
//   pairs' ones. `c.id IS NOT NULL` ties the owner's role test to c, so that it is checked
//   per commitment instead of over the whole IMPLEMENTED_BY table first.
OPTIONAL MATCH (root:Measure)-[:BUILDS_ON* SHORTEST 1..20]->(earlier:Measure)
WHERE root.id = $measure OR root.key CONTAINS $measure OR root.name CONTAINS $measure
WITH collect(CASE WHEN earlier IS NULL THEN NULL ELSE {asked: root.key, step: earlier.id} END) AS earlier_steps
OPTIONAL MATCH (root:Measure)<-[:BUILDS_ON* SHORTEST 1..20]-(later:Measure)
WHERE root.id = $measure OR root.key CONTAINS $measure OR root.name CONTAINS $measure
WITH earlier_steps, collect(CASE WHEN later IS NULL THEN NULL ELSE {asked: root.key, step: later.id} END) AS later_steps
WITH earlier_steps + later_steps AS lineage
WITH lineage, list_transform(lineage, p -> p.step) AS lineage_ids
MATCH (step:Measure)
WHERE step.id = $measure OR step.key CONTAINS $measure OR step.name CONTAINS $measure
   OR list_contains(lineage_ids, step.id)
MATCH (d:Document)-[:COMMITS]->(c:Commitment)-[:ABOUT]->(step)
OPTIONAL MATCH (d)-[:IN_YEAR]->(y:Year)
OPTIONAL MATCH (c)-[o:IMPLEMENTED_BY]->(carrier:Agency)
WHERE o.role IN ['owner', 'issuer'] AND c.id IS NOT NULL
UNWIND list_distinct(
  CASE WHEN step.id = $measure OR step.key CONTAINS $measure OR step.name CONTAINS $measure
       THEN [step.key] ELSE [] END
  + list_transform(list_filter(lineage, p -> p.step = step.id), p -> p.asked)) AS asked
RETURN asked, step.key AS measure, c.name AS name, y.year AS year,
       d.name AS document, c.status AS status, carrier.name AS owner, c.date AS date,
       c.evidence_sentence AS evidence_sentence, c.evidence_file AS evidence_file,
       step.id AS measure_id, c.id AS commitment_id, d.id AS document_id,
       carrier.id AS owner_id, y.id AS year_id, d.date AS document_date
ORDER BY asked, year, document, measure, owner
