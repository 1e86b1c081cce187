// name: agencies
// answers: Which agencies appear in the letters: level, city, how many letters each issued
//   and how many commitments each carries (as owner, partner or issuer)?
// param skip: int(0..10000000) = 0 -- leave out this many agencies first (paging)
// param limit: int(1..1000) = 100 -- at most this many agencies, by name
// returns: id, name, level, city, letters, commitments
MATCH (a:Agency)
WITH a
ORDER BY a.name, a.id
SKIP $skip
WITH a
LIMIT $limit
OPTIONAL MATCH (d:Document)-[:ISSUED_BY]->(a)
WITH a, count(DISTINCT d) AS letters
OPTIONAL MATCH (c:Commitment)-[:IMPLEMENTED_BY]->(a)
WITH a, letters, count(DISTINCT c) AS commitments
RETURN a.id AS id, a.name AS name, a.level AS level, a.city AS city, letters, commitments
ORDER BY name, id
