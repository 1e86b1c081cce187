// name: measures_by_year
// answers: How many measures (and which) did the letters of each year report on?
// param from_year: int(0..9999) = 0 -- first letter year included
// param to_year: int(0..9999) = 9999 -- last letter year included
// returns: year, letters, measures, keys
// example: from_year=2018 to_year=2021
MATCH (y:Year)<-[:IN_YEAR]-(d:Document)-[:COMMITS]->(:Commitment)-[:ABOUT]->(m:Measure)
WHERE y.year >= $from_year AND y.year <= $to_year
WITH y, d, m
ORDER BY y.year, m.key
RETURN y.year AS year, count(DISTINCT d) AS letters, count(DISTINCT m) AS measures,
       collect(DISTINCT m.key) AS keys
ORDER BY year
