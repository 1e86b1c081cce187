// why: Neo4j indexes id per label (one uniqueness constraint each); an unlabelled MATCH
//   would scan every node, one index look-up per label does not.
CALL {
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
RETURN n.id AS id, n AS properties
