// name: resolve_node
// answers: Which nodes does a reference name, best first? The node with this id; else the
//   node whose id is the prefix and the text (agency: + 绵阳市商务局, proposal: + 20210112);
//   else the nodes whose name, key or alias is the text; else those whose name or key
//   contains it.
//   matched says which (0 id, 1 name/key/alias, 2 contained). The CLI and the API both read
//   a node reference (an agency, a node of /nodes/…) through this query.
// param text: str(1..500) -- an id, a name, an alias as letters write it, or part of a name
// param prefix: str(0..40) = "" -- only ids starting with this (agency:, measure:…); empty: any
// param limit: int(1..50) = 6 -- at most this many candidates
// returns: id, name, matched
// example: text=市场监督管理局 prefix=agency:
MATCH (n)
WHERE ($prefix = '' OR n.id STARTS WITH $prefix)
  AND (n.id = $text OR n.id = $prefix + $text OR n.name = $text OR n.key = $text OR $text IN coalesce(n.aliases, [])
       OR n.name CONTAINS $text OR n.key CONTAINS $text)
RETURN n.id AS id, n.name AS name,
       CASE WHEN n.id = $text OR n.id = $prefix + $text THEN 0
            WHEN n.name = $text OR n.key = $text OR $text IN coalesce(n.aliases, []) THEN 1
            ELSE 2 END AS matched
ORDER BY matched, id
LIMIT $limit
