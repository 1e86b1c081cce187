// name: subgraph_links
// answers: Which relationships touch these nodes, with every property each has? With
//   between (the default), only those joining two of them: the edges of a graph view. Without,
//   every one with an end among them: the next ring of a walk out from them.
// param ids: list[str](1..5000) -- node ids, comma-separated on the command line
// param between: bool = true -- only relationships whose two ends are both among the ids
// returns: type, start_id, end_id, properties
// example: ids=measure:绵阳市食用农产品质量安全追溯平台,agency:绵阳市市场监督管理局
MATCH (a)-[r]->(b)
WHERE (a.id IN $ids AND ($between = false OR b.id IN $ids))
   OR ($between = false AND b.id IN $ids)
RETURN type(r) AS type, a.id AS start_id, b.id AS end_id, properties(r) AS properties
ORDER BY type, start_id, end_id
