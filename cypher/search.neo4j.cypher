// why: Neo4j has the full-text index policykg_text (cjk analyzer, bigrams); a phrase query
//   finds the candidates without scanning every node, and the same CONTAINS test as
//   search.cypher keeps exactly the substring matches, so both stores answer alike.
//   Latin words and numbers are whole tokens in the index: "2021" does not find 20210112.
CALL db.index.fulltext.queryNodes(
  'policykg_text', '"' + replace(replace($text, '\\', '\\\\'), '"', '\\"') + '"'
) YIELD node AS n
WHERE n.name CONTAINS $text OR n.evidence_sentence CONTAINS $text
RETURN n.id AS id, n.name AS name, n.evidence_sentence AS evidence_sentence
ORDER BY id
LIMIT $limit
