// why: Neo4j indexes id per label (one uniqueness constraint each); an unlabelled MATCH
//   would scan every node, one index look-up per label does not.
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
RETURN n.id AS id, labels(n)[0] AS label, properties(n) AS properties
ORDER BY id
