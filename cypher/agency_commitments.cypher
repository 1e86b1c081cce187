// name: agency_commitments
// answers: Which commitments does an agency carry, grouped by status (done, in_progress,
//   planned, declined), with the letter, year and evidence sentence of each? With
//   include_predecessors, also the commitments of the agencies it succeeded (SUCCEEDED_BY).
// param agency: str(1..200) -- the agency's full name (绵阳市市场监督管理局), an alias as letters write it, or its id
// param include_predecessors: bool = false -- also follow SUCCEEDED_BY back to earlier agencies
// returns: agency, status, measure, name, role, held_by, document, year, date, evidence_sentence, evidence_file,
//   document_date, holder_id, commitment_id, document_id, year_id
// example: agency=绵阳市市场监督管理局
MATCH (a:Agency)
WHERE a.id = $agency OR a.name = $agency OR $agency IN a.aliases
MATCH (holder:Agency)-[:SUCCEEDED_BY*0..20]->(a)
WHERE $include_predecessors OR holder.id = a.id
MATCH (d:Document)-[:COMMITS]->(c:Commitment)-[r:IMPLEMENTED_BY]->(holder)
OPTIONAL MATCH (d)-[:IN_YEAR]->(y:Year)
RETURN a.name AS agency, c.status AS status, c.measure_key AS measure, c.name AS name,
       r.role AS role, holder.name AS held_by, d.name AS document, y.year AS year,
       c.date AS date, c.evidence_sentence AS evidence_sentence, c.evidence_file AS evidence_file,
       d.date AS document_date, holder.id AS holder_id, c.id AS commitment_id,
       d.id AS document_id, y.id AS year_id
ORDER BY agency,
         CASE status WHEN 'done' THEN 0 WHEN 'in_progress' THEN 1 WHEN 'planned' THEN 2 ELSE 3 END,
         year, document, measure, held_by, role
