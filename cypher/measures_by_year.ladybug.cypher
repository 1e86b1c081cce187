// why: LadybugDB's collect does not keep the order of a preceding ORDER BY; list_sort does.
MATCH (y:Year)<-[:IN_YEAR]-(d:Document)-[:COMMITS]->(:Commitment)-[:ABOUT]->(m:Measure)
WHERE y.year >= $from_year AND y.year <= $to_year
RETURN y.year AS year, count(DISTINCT d) AS letters, count(DISTINCT m) AS measures,
       list_sort(collect(DISTINCT m.key)) AS keys
ORDER BY year
