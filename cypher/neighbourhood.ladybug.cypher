// why: LadybugDB names a node's label label(n) and a relationship's type label(r), where
//   Neo4j has labels(n) and type(r); and its planner runs a variable-length MATCH from a
//   node carried through WITH once per node of the graph, so the second walk starts from
//   the node looked up again by id.
MATCH (center)
WHERE center.id = $id
MATCH p = (center)-[*0..3]-(m)
WHERE length(p) <= $depth
WITH m, min(length(p)) AS depth
ORDER BY depth, m.id
LIMIT $limit
WITH collect(m.id) AS ids
MATCH (again)
WHERE again.id = $id
MATCH p = (again)-[*0..3]-(n)
WHERE length(p) <= $depth
WITH ids, n, min(length(p)) AS depth
ORDER BY depth, n.id
LIMIT $limit
OPTIONAL MATCH (n)-[r]->(t)
WHERE t.id IN ids
RETURN n.id AS id, label(n) AS label, n.name AS name, depth,
       collect(CASE WHEN r IS NULL THEN NULL ELSE {type: label(r), target: t.id} END) AS links
ORDER BY depth, id
