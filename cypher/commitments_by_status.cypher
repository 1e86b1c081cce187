// name: commitments_by_status
// answers: Which commitments had a given status in the letters of a range of years (the
//   year of the letter that reports the status), with measure, owner and evidence?
// param status: str(done|in_progress|planned|declined) -- the status the letter gives
// param from_year: int(0..9999) = 0 -- first letter year included
// param to_year: int(0..9999) = 9999 -- last letter year included
// returns: year, document, measure, name, owner, status, date, evidence_sentence, evidence_file
// example: status=done from_year=2018 to_year=2021
MATCH (y:Year)<-[:IN_YEAR]-(d:Document)-[:COMMITS]->(c:Commitment)-[:ABOUT]->(m:Measure)
WHERE c.status = $status AND y.year >= $from_year AND y.year <= $to_year
OPTIONAL MATCH (c)-[o:IMPLEMENTED_BY]->(carrier:Agency)
WHERE o.role IN ['owner', 'issuer']
RETURN y.year AS year, d.name AS document, m.key AS measure, c.name AS name,
       carrier.name AS owner, c.status AS status, c.date AS date,
       c.evidence_sentence AS evidence_sentence, c.evidence_file AS evidence_file
ORDER BY year, document, measure, owner
