// Who issued a reply and what it answers: two replies are compared when they share either.
MATCH (d:Document)
WHERE d.id = $id
OPTIONAL MATCH (d)-[:ISSUED_BY]->(a:Agency)
OPTIONAL MATCH (d)-[:RESPONDS_TO]->(p:Proposal)
RETURN a.name AS issuer, p.id AS proposal
