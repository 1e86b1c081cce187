// name: funding
// answers: Which amounts (money by default) do the letters give, for which measure and
//   agency, in which year, with the sentence that says so? An amount tied to no measure
//   (the letter only mentions it) has no measure and no agency.
// param kind: str(money|count|all) = "money" -- money (CNY), counts (家, 项, 人…) or all
// param agency: str(0..200) = "" -- only amounts of commitments this agency carries (full name); empty: all
// param from_year: int(0..9999) = 0 -- first year included (the amount's year, else its letter's)
// param to_year: int(0..9999) = 9999 -- last year included
// returns: year, amount, value, unit, approximate, measure, agency, document, evidence_sentence, evidence_file
// example: kind=money
MATCH (amt:Amount)
WHERE $kind = 'all' OR amt.kind = $kind
MATCH (d:Document)
WHERE d.id = amt.document_id
OPTIONAL MATCH (amt)-[:IN_YEAR]->(amount_year:Year)
OPTIONAL MATCH (d)-[:IN_YEAR]->(letter_year:Year)
WITH amt, d, coalesce(amount_year.year, letter_year.year) AS year
WHERE year >= $from_year AND year <= $to_year
OPTIONAL MATCH (c:Commitment)-[:FUNDED_WITH]->(amt)
OPTIONAL MATCH (c)-[:ABOUT]->(m:Measure)
OPTIONAL MATCH (c)-[o:IMPLEMENTED_BY]->(carrier:Agency)
WHERE o.role IN ['owner', 'issuer']
WITH amt, d, m, carrier, year
WHERE $agency = '' OR carrier.name = $agency
RETURN year, amt.text AS amount, amt.value AS value, amt.unit AS unit,
       amt.approximate AS approximate, m.key AS measure, carrier.name AS agency,
       d.name AS document, amt.evidence_sentence AS evidence_sentence,
       amt.evidence_file AS evidence_file
ORDER BY year, document, amt.evidence_start, amount, measure
