// why: LadybugDB names a relationship's type label(r), tests list membership with
//   list_contains and has no properties() (the relationship comes back as its properties).
MATCH (a)-[r]->(b)
WHERE (list_contains($ids, a.id) AND ($between = false OR list_contains($ids, b.id)))
   OR ($between = false AND list_contains($ids, b.id))
RETURN label(r) AS type, a.id AS start_id, b.id AS end_id, r AS properties
ORDER BY type, start_id, end_id
