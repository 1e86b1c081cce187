// Every letter with where it is from (graph/lineage/statements.py: letters_by_region).
MATCH (d:Document)
RETURN d.id AS id, d.place_code AS place_code, d.city AS city
ORDER BY id
