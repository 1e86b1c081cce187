// name: measures
// answers: Which measures do the letters report: kind, how many letters report each, and the
//   first and last year of those letters?
// param skip: int(0..10000000) = 0 -- leave out this many measures first (paging)
// param limit: int(1..1000) = 100 -- at most this many measures, by key
// returns: id, key, name, kind, letters, first_year, last_year
MATCH (m:Measure)
WITH m
ORDER BY m.key, m.id
SKIP $skip
WITH m
LIMIT $limit
OPTIONAL MATCH (d:Document)-[:COMMITS]->(:Commitment)-[:ABOUT]->(m)
OPTIONAL MATCH (d)-[:IN_YEAR]->(y:Year)
RETURN m.id AS id, m.key AS key, m.name AS name, m.kind AS kind,
       count(DISTINCT d) AS letters, min(y.year) AS first_year, max(y.year) AS last_year
ORDER BY key, id
