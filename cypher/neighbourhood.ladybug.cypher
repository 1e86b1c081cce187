// why: LadybugDB names a node's label label(n) and a relationship's type label(r); its
//   variable-length walks list every path (a walk up to 3 steps from a busy node runs for
//   seconds) and it plans a walk that follows a WITH from every node of the graph. So: the
//   neighbours by one MATCH, farther nodes by a breadth-first SHORTEST walk that stands alone
//   and runs only for the depth asked (for another depth its start is looked up as NULL:
//   nothing to walk); the nearest nodes are chosen by sorting "depth id" strings, since its
//   collect() after ORDER BY … LIMIT does not keep to the limited rows; `n.id IS NOT NULL`
//   ties the link test to n so it is checked per node, not over every relationship first.
MATCH (center)
WHERE center.id = $id
OPTIONAL MATCH (center)-[]-(m)
WITH center, collect(DISTINCT CASE WHEN m IS NULL THEN NULL ELSE '1 ' + m.id END) AS neighbours
WITH ['0 ' + center.id] + neighbours AS within_1
OPTIONAL MATCH p = (center)-[* SHORTEST 1..2]-(m)
WHERE center.id = CASE WHEN $depth = 2 THEN $id END
WITH within_1, collect(CASE WHEN length(p) > 1 THEN '2 ' + m.id END) AS beyond_1
OPTIONAL MATCH p = (center)-[* SHORTEST 1..3]-(m)
WHERE center.id = CASE WHEN $depth = 3 THEN $id END
WITH within_1, beyond_1, collect(CASE WHEN length(p) > 1 THEN CAST(length(p) AS STRING) + ' ' + m.id END) AS beyond_1_of_3
WITH list_slice(list_sort(within_1 + beyond_1 + beyond_1_of_3), 1, $limit) AS kept
WITH list_transform(kept, k -> substring(k, 3, size(k))) AS ids,
     list_transform(kept, k -> CAST(left(k, 1) AS INT64)) AS depths
UNWIND ids AS kept_id
MATCH (n)
WHERE n.id = kept_id
OPTIONAL MATCH (n)-[r]->(t)
WHERE list_contains(ids, t.id) AND n.id IS NOT NULL
WITH n, depths[list_position(ids, n.id)] AS depth,
     collect(CASE WHEN r IS NULL THEN NULL ELSE {type: label(r), target: t.id} END) AS links
RETURN n.id AS id, label(n) AS label, n.name AS name, depth, links
ORDER BY depth, id
