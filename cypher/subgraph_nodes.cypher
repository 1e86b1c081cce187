// name: subgraph_nodes
// answers: Which nodes have these ids, with every property each has? For the graph views,
//   which choose their nodes by another query (measure_evolution, agency_commitments,
//   neighbourhood) and draw them from this one.
// param ids: list[str](1..5000) -- node ids, comma-separated on the command line
// returns: id, label, properties
// example: ids=measure:绵阳市食用农产品质量安全追溯平台,agency:绵阳市市场监督管理局
MATCH (n)
WHERE n.id IN $ids
RETURN n.id AS id, labels(n)[0] AS label, properties(n) AS properties
ORDER BY id
