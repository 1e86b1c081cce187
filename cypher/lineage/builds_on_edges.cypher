// Every BUILDS_ON edge with its score and rationale (link scoring, evolution tests).
MATCH (a:Measure)-[r:BUILDS_ON]->(b:Measure)
RETURN a.id AS later, b.id AS earlier, r.score AS score, r.rationale AS rationale
ORDER BY later, earlier
