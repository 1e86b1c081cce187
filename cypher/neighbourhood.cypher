// name: neighbourhood
// answers: Which nodes lie within a few steps of a node (either direction), how far, and how
//   are they linked? One row per node; links are its outgoing relationships to other nodes
//   of the answer (unordered). For the graph viewer.
// param id: str(1..500) -- the node's id, e.g. measure:绵阳市食用农产品质量安全追溯平台 (the CLI and the API also take its name)
// param depth: int(1..3) = 1 -- how many steps out
// param limit: int(1..5000) = 500 -- at most this many nodes, nearest first
// returns: id, label, name, depth, links
// example: id=measure:绵阳市食用农产品质量安全追溯平台 depth=2
MATCH (center)
WHERE center.id = $id
MATCH p = (center)-[*0..3]-(m)
WHERE length(p) <= $depth
WITH center, m, min(length(p)) AS depth
ORDER BY depth, m.id
LIMIT $limit
WITH center, collect(m.id) AS ids
MATCH p = (center)-[*0..3]-(n)
WHERE length(p) <= $depth
WITH ids, n, min(length(p)) AS depth
ORDER BY depth, n.id
LIMIT $limit
OPTIONAL MATCH (n)-[r]->(t)
WHERE t.id IN ids
RETURN n.id AS id, labels(n)[0] AS label, n.name AS name, depth,
       collect(CASE WHEN r IS NULL THEN NULL ELSE {type: type(r), target: t.id} END) AS links
ORDER BY depth, id
