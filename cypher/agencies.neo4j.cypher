// why: a COUNT {} per agency counts its relationships where OPTIONAL MATCH + count(DISTINCT)
//   builds a row per letter and commitment and dedupes them (an agency has thousands); a
//   relationship type joins two nodes at most once (MODEL.md), so the counts are the same.
MATCH (a:Agency)
WITH a
ORDER BY a.name, a.id
SKIP $skip
WITH a
LIMIT $limit
RETURN a.id AS id, a.name AS name, a.level AS level, a.city AS city,
       COUNT { (a)<-[:ISSUED_BY]-(:Document) } AS letters,
       COUNT { (a)<-[:IMPLEMENTED_BY]-(:Commitment) } AS commitments
ORDER BY name, id
