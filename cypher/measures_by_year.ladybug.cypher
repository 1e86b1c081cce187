// why: LadybugDB's collect does not keep the order of a preceding ORDER BY; list_sort does.
//   A measure's key is its identity (its id is made from it), so the distinct keys count the
//   measures: one DISTINCT aggregate fewer over every (letter, measure) row.
MATCH (y:Year)<-[:IN_YEAR]-(d:Document)-[:COMMITS]->(:Commitment)-[:ABOUT]->(m:Measure)
WHERE y.year >= $from_year AND y.year <= $to_year
WITH y.year AS year, count(DISTINCT d) AS letters, collect(DISTINCT m.key) AS keys
RETURN year, letters, size(keys) AS measures, list_sort(keys) AS keys
ORDER BY year
