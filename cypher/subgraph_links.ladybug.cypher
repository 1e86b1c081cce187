// why: LadybugDB names a relationship's type label(r), has no properties() (the relationship
//   comes back as its properties) and plans an OR over both ends as a scan of every
//   relationship; two walks, each from the ids at one end, find the same rows.
MATCH (a)-[r]->(b)
WHERE list_contains($ids, a.id) AND ($between = false OR list_contains($ids, b.id))
RETURN label(r) AS type, a.id AS start_id, b.id AS end_id, r AS properties
UNION ALL
MATCH (a)-[r]->(b)
WHERE list_contains($ids, b.id) AND NOT list_contains($ids, a.id) AND $between = false
RETURN label(r) AS type, a.id AS start_id, b.id AS end_id, r AS properties
