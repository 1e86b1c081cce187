// name: search
// answers: Which nodes mention a text (Chinese or not) in their name or evidence sentence?
//   A substring match; at least two characters.
// param text: str(2..200) -- the text to find, e.g. 追溯
// param limit: int(1..1000) = 50 -- at most this many nodes, by id
// returns: id, name, evidence_sentence
// example: text=追溯
MATCH (n)
WHERE n.name CONTAINS $text OR n.evidence_sentence CONTAINS $text
RETURN n.id AS id, n.name AS name, n.evidence_sentence AS evidence_sentence
ORDER BY id
LIMIT $limit
