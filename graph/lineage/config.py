"""How linking weighs its evidence: :class:`LineageConfig`."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

LINEAGE_DOCUMENT_ID = "lineage:builds_on"


class LineageConfig(BaseModel):
    """How much each kind of evidence counts and where a link starts."""

    model_config = ConfigDict(extra="forbid")

    threshold: float = Field(default=0.48, ge=0, le=1, description="least score for a link")
    action_threshold: float = Field(
        default=0.55,
        ge=0,
        le=1,
        description="least score for a link with a step written as a clause (kind 'action') "
        "on either side; their names are longer and share fewer rare words than named "
        "measures, and a bare name (养老服务站) matches many steps that name it",
    )
    action_weight_terms: float = 0.40
    action_weight_coverage: float = 0.30
    action_weight_topic: float = 0.10
    same_amount_bonus: float = Field(
        default=0.15, description="added when two steps name the same figure"
    )
    other_amount_factor: float = Field(
        default=0.5, description="factor when two steps name only other figures of one unit"
    )
    same_amount_coverage: float = Field(
        default=0.35,
        description="the same figure counts only when the later step's name is "
        "at least this much covered by the earlier's",
    )
    same_place_bonus: float = Field(
        default=0.05, description="added when two steps name the same village, road, school…"
    )
    other_place_factor: float = Field(
        default=0.4,
        description="factor when two steps name only other places of one kind "
        "(实施甲村饮水工程 / 实施乙村饮水工程: the same kind of step somewhere else)",
    )
    anaphora_floor: float = Field(
        default=0.4,
        description="a step naming only 该事项/该路段 keeps this much of its "
        "score, plus the two proposals' topic similarity",
    )
    unanchored_factor: float = Field(
        default=0.75,
        description="factor when one step names a figure or a place the other "
        "does not repeat: a report on a step says which one it is",
    )
    block_size: int = Field(
        default=60,
        ge=0,
        description="steps of one owner in one place are all compared with "
        "each other when there are at most this many (they rarely share a rare word)",
    )
    max_years_apart: int = Field(
        default=6, ge=1, description="letters further apart than this are not compared"
    )
    letter_share: float = Field(
        default=0.8,
        ge=0,
        le=1,
        description="a later letter keeps its links to an earlier letter only when their "
        "summed scores are at least this share of those to the letter it continues most",
    )
    links_per_measure: int = Field(
        default=1, ge=1, description="a later commitment keeps only its best links"
    )
    weight_terms: float = 0.30
    weight_coverage: float = 0.25
    weight_ngram: float = 0.10
    weight_kind: float = 0.10
    weight_owner: float = 0.10
    weight_topic: float = 0.15
    head_weight: float = Field(default=0.3, description="the head word of a name counts this much")
    cross_weight: float = Field(
        default=0.6, description="a key term found in the other's clause, not its name"
    )
    context_weight: float = Field(default=0.3, description="a word shared by the two clauses")
    saturation: float = Field(default=4.0, gt=0, description="evidence mass giving 63 % terms")
    min_key_idf: float = Field(
        default=1.0, description="a shared name term must be this rare to make a candidate"
    )
    replan_penalty: float = Field(
        default=0.5, description="factor when the later letter plans what the earlier reported done"
    )
    scope_words: tuple[str, ...] = (
        "中国",
        "国家级",
        "国家",
        "全国",
        "省级",
        "市级",
        "区级",
        "全市",
        "我市",
        "本市",
        "全省",
    )
    same_city_only: bool = True
    max_candidates: int = Field(
        default=12,
        ge=1,
        description="a measure is scored against at most this many earlier ones: those "
        "sharing the most (and the rarest) key terms",
    )
    max_postings: int = Field(
        default=100,
        description="a key term more measures (of one city) share than this "
        "does not make candidates",
    )
