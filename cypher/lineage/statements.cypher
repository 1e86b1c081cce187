// One row per commitment of $documents: its letter, measure, answered suggestion and the
// letter's issuer (graph/lineage/statements.py: read_statements).
MATCH (d:Document)-[:COMMITS]->(c:Commitment)-[:ABOUT]->(m:Measure)
WHERE d.id IN $documents
OPTIONAL MATCH (c)-[:ANSWERS]->(s:Suggestion)
OPTIONAL MATCH (d)-[:RESPONDS_TO]->(p:Proposal)
OPTIONAL MATCH (d)-[:ISSUED_BY]->(i:Agency)
RETURN d.id AS document_id,
       d.name AS document_name,
       d.`date` AS document_date,
       d.city AS city,
       d.place_code AS place_code,
       c.id AS commitment_id,
       m.id AS measure_id,
       m.`key` AS measure_key,
       m.name AS measure_name,
       c.name AS written,
       m.kind AS kind,
       c.agency AS agency,
       c.status AS status,
       c.`year` AS `year`,
       c.`date` AS step_date,
       c.evidence_file AS evidence_file,
       c.evidence_sentence AS evidence_sentence,
       c.evidence_start AS evidence_start,
       c.evidence_end AS evidence_end,
       coalesce(s.text, p.title) AS topic,
       i.name AS issuer
ORDER BY document_id,
       commitment_id
