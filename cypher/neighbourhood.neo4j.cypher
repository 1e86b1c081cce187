// why: Neo4j indexes id per label, so the node is looked up label by label (as in
//   node.neo4j.cypher) instead of by scanning every node; and a variable-length walk with a
//   path variable lists every path (a depth of 2 from a busy node runs out of transaction
//   memory), where a DISTINCT walk per depth is a breadth-first search that Neo4j skips
//   entirely when $depth is lower.
CALL () {
  MATCH (n:Document {id: $id}) RETURN n
  UNION MATCH (n:Proposal {id: $id}) RETURN n
  UNION MATCH (n:Proposer {id: $id}) RETURN n
  UNION MATCH (n:Suggestion {id: $id}) RETURN n
  UNION MATCH (n:Agency {id: $id}) RETURN n
  UNION MATCH (n:Measure {id: $id}) RETURN n
  UNION MATCH (n:Commitment {id: $id}) RETURN n
  UNION MATCH (n:Amount {id: $id}) RETURN n
  UNION MATCH (n:Year {id: $id}) RETURN n
}
WITH n AS center
CALL (center) {
  RETURN center AS m, 0 AS depth
  UNION ALL
  MATCH (center)-[*1..1]-(m)
  RETURN DISTINCT m, 1 AS depth
  UNION ALL
  MATCH (center)-[*1..2]-(m)
  WHERE $depth >= 2
  RETURN DISTINCT m, 2 AS depth
  UNION ALL
  MATCH (center)-[*1..3]-(m)
  WHERE $depth >= 3
  RETURN DISTINCT m, 3 AS depth
}
WITH m, min(depth) AS depth
ORDER BY depth, m.id
LIMIT $limit
WITH collect({node: m, depth: depth}) AS kept
WITH kept, [k IN kept | k.node.id] AS ids
UNWIND kept AS k
WITH k.node AS n, k.depth AS depth, ids
OPTIONAL MATCH (n)-[r]->(t)
WHERE t.id IN ids
RETURN n.id AS id, labels(n)[0] AS label, n.name AS name, depth,
       collect(CASE WHEN r IS NULL THEN NULL ELSE {type: type(r), target: t.id} END) AS links
ORDER BY depth, id
