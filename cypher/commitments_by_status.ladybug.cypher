// why: LadybugDB reads every column a query returns when it scans a table, so the evidence of
//   every commitment of the letters' years would be read, and sorted, before the status and
//   the row limit cut them. Here the first rows are chosen by the sort columns alone
//   ($row_limit, from run_query) and their commitments looked up by id for the rest.
//   `c.id IS NOT NULL` ties the owner's role test to c, so that it is checked per commitment
//   instead of over the whole IMPLEMENTED_BY table first.
MATCH (y:Year)<-[:IN_YEAR]-(d:Document)-[:COMMITS]->(c:Commitment)-[:ABOUT]->(m:Measure)
WHERE c.status = $status AND y.year >= $from_year AND y.year <= $to_year
OPTIONAL MATCH (c)-[o:IMPLEMENTED_BY]->(carrier:Agency)
WHERE o.role IN ['owner', 'issuer'] AND c.id IS NOT NULL
WITH y.year AS year, d.name AS document, m.key AS measure, carrier.name AS owner, c.id AS commitment
ORDER BY year, document, measure, owner
LIMIT $row_limit
MATCH (k:Commitment)
WHERE k.id = commitment
RETURN year, document, measure, k.name AS name, owner, k.status AS status, k.date AS date,
       k.evidence_sentence AS evidence_sentence, k.evidence_file AS evidence_file
ORDER BY year, document, measure, owner
