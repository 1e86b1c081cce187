"""policykg: a knowledge graph of policy measures and commitments from replies to proposals.

Data flows one way: ``policykg.extract`` (letters -> ReplyRecord) -> ``policykg.graph``
(records -> nodes/edges -> stores) -> ``policykg.cypher`` (named queries) -> ``policykg.api``
and ``policykg.viz``.
"""

__version__ = "0.1.0"
