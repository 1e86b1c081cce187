// name: measure_builds_on
// answers: Which earlier measures does a measure continue, how strongly and why? Its BUILDS_ON
//   edges (later → earlier measure), each with the linking step's score and rationale. The
//   timeline page asks it for every measure of a chain that measure_evolution found.
// param measure: str(1..500) -- the measure's id (measure:绵阳市食用农产品质量安全追溯平台) or its exact key
// returns: measure, builds_on, score, rationale
// example: measure=绵阳市食用农产品质量安全追溯平台
MATCH (later:Measure)-[b:BUILDS_ON]->(earlier:Measure)
WHERE later.id = $measure OR later.key = $measure
RETURN later.key AS measure, earlier.key AS builds_on, b.score AS score,
       b.rationale AS rationale
ORDER BY measure, score DESC, builds_on
