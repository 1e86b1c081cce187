// name: node
// answers: One node by id, with every property it has (evidence included).
// param id: str(1..500) -- the node's id, e.g. agency:绵阳市商务局 (the CLI and the API also take its name)
// returns: id, properties
// example: id=agency:绵阳市商务局
MATCH (n)
WHERE n.id = $id
RETURN n.id AS id, n AS properties
