"""LadybugDB 0.22 (newest on PyPI as of December 2026) dies with a segmentation fault when a
query sorts, skips past the end of its rows and limits in one step (the plan's TOP_K):

    MATCH (d:D) WITH d ORDER BY d.id SKIP 100000 LIMIT 10 RETURN d.id

over a table of some thousands of rows (below about 5,000 it survives; where exactly it
starts varies). ORDER BY … SKIP without LIMIT, or the LIMIT in a later clause, is planned
without TOP_K and returns no rows as it should; the named paging queries in ``cypher/`` are
written that way. Run: ``python tests/hostile/ladybug_topk_skip.py`` (exit -11 while the bug
lasts).
"""

import ladybug

connection = ladybug.Connection(ladybug.Database(None))
connection.execute("CREATE NODE TABLE D(id STRING PRIMARY KEY)")
connection.execute("UNWIND range(1, 20000) AS i CREATE (:D {id: 'd' + string(i)})")
rows = connection.execute("MATCH (d:D) WITH d ORDER BY d.id SKIP 100000 LIMIT 10 RETURN d.id")
print(len(rows.get_all()))
