// why: the letters are put in (year, document) order before their commitments are read, so
//   Neo4j sorts the answer by a partial sort that stops at the row limit (run_query adds it)
//   and reads the commitments of only the first letters, instead of all of them.
MATCH (y:Year)<-[:IN_YEAR]-(d:Document)
WHERE y.year >= $from_year AND y.year <= $to_year
WITH y, d
ORDER BY y.year, d.name
MATCH (d)-[:COMMITS]->(c:Commitment)-[:ABOUT]->(m:Measure)
WHERE c.status = $status
OPTIONAL MATCH (c)-[o:IMPLEMENTED_BY]->(carrier:Agency)
WHERE o.role IN ['owner', 'issuer']
RETURN y.year AS year, d.name AS document, m.key AS measure, c.name AS name,
       carrier.name AS owner, c.status AS status, c.date AS date,
       c.evidence_sentence AS evidence_sentence, c.evidence_file AS evidence_file
ORDER BY year, document, measure, owner
