// why: one kind of amount is found through the index on Amount.kind instead of reading
//   every amount (the UNWIND runs the full scan only for kind "all"); and the letter and
//   its year are looked up once per letter instead of once per amount.
CALL () {
  UNWIND CASE WHEN $kind = 'all' THEN [true] ELSE [] END AS every_kind
  MATCH (amt:Amount)
  RETURN amt
  UNION ALL
  MATCH (amt:Amount {kind: $kind})
  WHERE $kind <> 'all'
  RETURN amt
}
WITH amt.document_id AS document_id, collect(amt) AS amounts
MATCH (d:Document {id: document_id})
OPTIONAL MATCH (d)-[:IN_YEAR]->(letter_year:Year)
WITH d, letter_year.year AS letter_year, amounts
UNWIND amounts AS amt
OPTIONAL MATCH (amt)-[:IN_YEAR]->(amount_year:Year)
WITH amt, d, coalesce(amount_year.year, letter_year) AS year
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
