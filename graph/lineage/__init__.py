"""Measure lineage: which measure of a later reply continues which measure of an earlier one.

Works only from what the store holds (read through :meth:`GraphStore.run_read`), so it gives
the same edges on every store. For every pair of letters from the same city, the later one's
commitments are compared with the earlier one's:

* **key terms**: character bigrams of the measure's names (name as written, canonical name,
  key) with the words that only place or scope it removed (parenthesised qualifiers such as
  （威海）, the letter's city, 中国/国家…). Chinese names are head-final: the last word says
  what kind of thing it is (中心, 基地), so it counts less than the words before it. Terms are
  weighted by inverse document frequency over all statements in the store, and a term seen in
  only one statement is no evidence of anything;
* **topic words**: the clause naming the measure and its neighbours (other measures' names
  taken out), and the suggestion the commitment answers;
* **owner**: the same agency, or one that succeeded it (SUCCEEDED_BY) by the later letter's date;
* **kind** and **character n-gram similarity** (rapidfuzz) of the names;
* **time order and status**: only later-to-earlier; something the earlier letter reports done
  is taken further under its own kind of name or by its own agency (or a successor), and
  re-planning a finished thing is weak evidence.

A pair is a candidate only when the two names share a key term. Its evidence is summed into a
score in [0, 1]; per pair of letters each measure continues at most one measure (greedy by
score, above ``threshold``); a link implied by a chain through an intermediate letter is left
out. The result is written as BUILDS_ON edges with ``score``, ``rationale`` and the later
statement's evidence, replacing every earlier BUILDS_ON in the same transaction.
The package's modules, one job each: ``config`` (weights), ``statements`` (what is read from
the store), ``candidates`` (text features, rarity, blocks), ``scoring`` (a pair's evidence),
``linking`` (assignment and the BUILDS_ON edges), ``evolution`` (one measure's history) and
``diff`` (two replies compared).
"""

from policykg.graph.lineage.config import LINEAGE_DOCUMENT_ID, LineageConfig
from policykg.graph.lineage.diff import DiffEntry, DocumentDiff, diff_documents, find_document
from policykg.graph.lineage.evolution import (
    BUILDS_ON_EDGES,
    Evolution,
    EvolutionStep,
    measure_evolution,
)
from policykg.graph.lineage.linking import LineageResult, find_links, link_measures, run_lineage
from policykg.graph.lineage.scoring import Link
from policykg.graph.lineage.statements import STATEMENTS, Statement, read_statements

__all__ = [
    "BUILDS_ON_EDGES",
    "LINEAGE_DOCUMENT_ID",
    "STATEMENTS",
    "DiffEntry",
    "DocumentDiff",
    "Evolution",
    "EvolutionStep",
    "LineageConfig",
    "LineageResult",
    "Link",
    "Statement",
    "diff_documents",
    "find_document",
    "find_links",
    "link_measures",
    "measure_evolution",
    "read_statements",
    "run_lineage",
]
