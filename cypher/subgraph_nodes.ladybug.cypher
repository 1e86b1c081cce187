// why: LadybugDB names a node's label label(n) and has no properties(); the node itself
//   comes back as its properties.
MATCH (n)
WHERE list_contains($ids, n.id)
RETURN n.id AS id, label(n) AS label, n AS properties
ORDER BY id
