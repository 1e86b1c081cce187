// name: node
// answers: One node by id, with every property it has (evidence included).
// param id: str(3..500) -- the node's id, e.g. agency:深圳市商务局
// returns: id, properties
// example: id=agency:深圳市商务局
MATCH (n)
WHERE n.id = $id
RETURN n.id AS id, n AS properties
