// The letters a reference names: id, document number (any bracket form), name or file.
MATCH (d:Document)
WHERE d.id = $ref OR d.doc_number = $ref OR d.name = $ref
   OR d.source = $ref OR d.id = $prefixed OR d.id = $normalised
RETURN d.id AS id, d.name AS name, d.`date` AS `date`
ORDER BY id
