// why: Neo4j indexes id per label; the nodes are looked up label by label (as in
//   subgraph_nodes.neo4j.cypher) and their relationships expanded from them, instead of
//   testing both ends of every relationship in the graph.
CALL () {
  MATCH (n:Document) WHERE n.id IN $ids RETURN n
  UNION MATCH (n:Proposal) WHERE n.id IN $ids RETURN n
  UNION MATCH (n:Proposer) WHERE n.id IN $ids RETURN n
  UNION MATCH (n:Suggestion) WHERE n.id IN $ids RETURN n
  UNION MATCH (n:Agency) WHERE n.id IN $ids RETURN n
  UNION MATCH (n:Measure) WHERE n.id IN $ids RETURN n
  UNION MATCH (n:Commitment) WHERE n.id IN $ids RETURN n
  UNION MATCH (n:Amount) WHERE n.id IN $ids RETURN n
  UNION MATCH (n:Year) WHERE n.id IN $ids RETURN n
}
MATCH (n)-[r]-(m)
WHERE $between = false OR m.id IN $ids
WITH DISTINCT r
RETURN type(r) AS type, startNode(r).id AS start_id, endNode(r).id AS end_id,
       properties(r) AS properties
ORDER BY type, start_id, end_id
