"""The named Cypher queries in ``cypher/`` (package ``policykg.cypher``), and running them.

Each query is one file, ``NAME.cypher``, whose leading ``//`` comment is its contract::

    // name: agency_commitments
    // answers: Which commitments does an agency carry, and in what state?
    //   (an indented comment line continues the field above)
    // param agency: str(1..200) -- the agency's full name, an alias or its id
    // param include_predecessors: bool = false -- also what the agencies it succeeded said
    // returns: agency, status, measure, ...
    // example: agency=绵阳市市场监督管理局

A parameter's type is ``str``, ``int``, ``float``, ``bool`` or ``list[str]`` (given as one
comma-separated string on the command line); the bracket holds a range (``int(1..3)``: the
value, ``str(2..100)`` and ``list[str](1..50)``: the length) or choices (``str(done|planned)``);
``= DEFAULT`` (JSON) makes it optional. Parameters are validated by a pydantic model built
from these lines before anything reaches the database, and passed as parameters, never
pasted into the text.

Where a store's Cypher dialect differs, ``NAME.<dialect>.cypher`` (``neo4j`` or ``ladybug``)
sits beside the file and runs on that store instead; its header says why (``// why: …``) and
it takes the same parameters and returns the same columns.

``$row_limit`` is not a parameter of the contract: :func:`run_query` supplies it, the number of
rows the caller keeps plus one (any number when it keeps all), so that a query can sort for
its first rows early and read wide columns for those alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from policykg.errors import QueryError, QueryParameterError, UnknownQueryError
from policykg.graph.stores import GraphStore

QUERY_PACKAGE = "policykg.cypher"
DIALECTS = ("neo4j", "ladybug")
PARAMETER_TYPES: dict[str, Any] = {
    "str": str,
    "int": int,
    "float": float,
    "bool": bool,
    "list[str]": list[str],
}

_FIELD = re.compile(
    r"^//\s?(?:(?P<key>name|answers|returns|example|why):|(?P<param>param)\s)\s*(?P<value>.*)$"
)
_CONTINUATION = re.compile(r"^//\s{2,}(?P<value>\S.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s*:\s*(?P<type>str|int|float|bool|list\[str\])"
    r"(?:\((?P<constraint>[^)]*)\))?"
    r"(?:\s*=\s*(?P<default>.+?))?"
    r"\s+--\s+(?P<description>.+)$"
)
_RANGE = re.compile(r"^\s*(?P<low>-?[\d.]*)\s*\.\.\s*(?P<high>-?[\d.]*)\s*$")
_USED_PARAMETER = re.compile(r"\$([A-Za-z_]\w*)")
_ENDS_WITH_LIMIT = re.compile(r"\bLIMIT\s+(?:\$\w+|\d+)\s*$", re.IGNORECASE)
ROW_LIMIT = "row_limit"  # supplied by run_query, never declared
ALL_ROWS = 2**62  # $row_limit when the caller keeps every row


class QueryParameter(BaseModel):
    """One parameter of a named query, as its header declares it."""

    model_config = ConfigDict(frozen=True)

    name: str
    type: Literal["str", "int", "float", "bool", "list[str]"]
    description: str
    required: bool = True
    default: Any = None
    choices: tuple[str, ...] = ()
    minimum: float | None = None  # of the value (int, float) or of the length (str)
    maximum: float | None = None

    def field(self) -> tuple[Any, Any]:
        """The (annotation, FieldInfo) pair pydantic's ``create_model`` takes."""
        annotation: Any = Literal[self.choices] if self.choices else PARAMETER_TYPES[self.type]
        bounds: dict[str, Any] = {}
        if self.type in ("str", "list[str]"):
            if self.minimum is not None:
                bounds["min_length"] = int(self.minimum)
            if self.maximum is not None:
                bounds["max_length"] = int(self.maximum)
        else:
            if self.minimum is not None:
                bounds["ge"] = self.minimum
            if self.maximum is not None:
                bounds["le"] = self.maximum
        default = ... if self.required else self.default
        return annotation, Field(default, description=self.description, **bounds)


class NamedQuery(BaseModel):
    """A parsed ``NAME.cypher`` file and its dialect variants."""

    name: str
    answers: str
    parameters: tuple[QueryParameter, ...]
    returns: tuple[str, ...]
    example: dict[str, Any]
    cypher: str
    variants: dict[str, str] = Field(default_factory=dict)
    variant_reasons: dict[str, str] = Field(default_factory=dict)

    def text_for(self, dialect: str) -> str:
        """The Cypher a store of this dialect runs: its variant if there is one."""
        return self.variants.get(dialect, self.cypher)

    @cached_property
    def parameters_model(self) -> type[BaseModel]:
        """A pydantic model of the parameters (its JSON Schema documents the API)."""
        fields = {p.name: p.field() for p in self.parameters}
        return create_model(  # type: ignore[call-overload]
            f"{self.name}_parameters", __config__=ConfigDict(extra="forbid"), **fields
        )

    def validate_parameters(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        """Checked and converted parameters (``"2021"`` becomes 2021 for an int), defaults
        filled in; raises :class:`QueryParameterError` saying what is wrong."""
        given = dict(params or {})
        for parameter in self.parameters:
            if parameter.type == "list[str]" and isinstance(given.get(parameter.name), str):
                given[parameter.name] = [
                    item.strip() for item in given[parameter.name].split(",") if item.strip()
                ]
        try:
            checked = self.parameters_model.model_validate(given)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(part) for part in error['loc']) or 'parameters'}: {error['msg']}"
                for error in exc.errors()
            )
            raise QueryParameterError(f"{self.name}: {problems}") from exc
        return checked.model_dump()

    def summary(self) -> dict[str, Any]:
        """What ``policykg query --list`` and ``GET /queries`` show."""
        return {
            "name": self.name,
            "answers": self.answers,
            "parameters": [
                {
                    "name": p.name,
                    "type": p.type,
                    "required": p.required,
                    **({} if p.required else {"default": p.default}),
                    **({"choices": list(p.choices)} if p.choices else {}),
                    "description": p.description,
                }
                for p in self.parameters
            ],
            "returns": list(self.returns),
            "example": self.example,
            "dialect_variants": self.variant_reasons,
        }


class QueryResult(BaseModel):
    """Rows of one query; ``truncated`` when the row limit cut them short."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "query": "measure_evolution",
                    "columns": ["asked", "measure", "year", "status", "owner", "…"],
                    "rows": [
                        {
                            "asked": "追溯平台",
                            "measure": "食用农产品质量安全追溯平台",
                            "year": 2018,
                            "status": "planned",
                            "owner": "绵阳市农业局",
                        },
                        {
                            "asked": "追溯平台",
                            "measure": "绵阳市食用农产品质量安全追溯平台",
                            "year": 2021,
                            "status": "done",
                            "owner": "绵阳市市场监督管理局",
                        },
                    ],
                    "truncated": False,
                }
            ]
        }
    )

    query: str | None = Field(description="the named query, or null for ad-hoc Cypher")
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool = False


# --- Parsing ----------------------------------------------------------------------------


def _header_fields(text: str, source: str) -> tuple[list[tuple[str, str]], str]:
    """The ``key: value`` fields of the leading comment, and the Cypher after it."""
    fields: list[tuple[str, str]] = []
    lines = text.splitlines()
    body_start = len(lines)
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("//"):
            body_start = index
            break
        if match := _FIELD.match(stripped):
            fields.append((match["key"] or match["param"], match["value"].strip()))
        elif (match := _CONTINUATION.match(stripped)) and fields:
            key, value = fields[-1]
            fields[-1] = (key, f"{value} {match['value'].strip()}")
        elif stripped.strip("/ "):
            raise QueryError(f"{source}: cannot read header line {line!r}")
    body = "\n".join(
        line for line in lines[body_start:] if not line.strip().startswith("//")
    ).strip()
    if not body:
        raise QueryError(f"{source}: no Cypher after the header")
    return fields, body


def _parse_parameter(spec: str, source: str) -> QueryParameter:
    match = _PARAM.match(spec)
    if match is None:
        raise QueryError(
            f"{source}: cannot read parameter {spec!r} "
            "(expected 'name: type[(range|choices)] [= default] -- description')"
        )
    kind = match["type"]
    values: dict[str, Any] = {
        "name": match["name"],
        "type": kind,
        "description": match["description"].strip(),
    }
    if constraint := (match["constraint"] or "").strip():
        if bounds := _RANGE.match(constraint):
            values["minimum"] = float(bounds["low"]) if bounds["low"] else None
            values["maximum"] = float(bounds["high"]) if bounds["high"] else None
        elif kind == "str":
            values["choices"] = tuple(choice.strip() for choice in constraint.split("|"))
        else:
            raise QueryError(f"{source}: {match['name']}: cannot read {constraint!r}")
    if match["default"] is not None:
        try:
            default = json.loads(match["default"])
        except json.JSONDecodeError as exc:
            raise QueryError(
                f"{source}: {match['name']}: default {match['default']!r} is not JSON"
            ) from exc
        values |= {"required": False, "default": default}
    parameter = QueryParameter(**values)
    if not parameter.required:
        # The default must pass the parameter's own checks.
        model = create_model("default", **{parameter.name: parameter.field()})  # type: ignore[call-overload]
        try:
            model.model_validate({parameter.name: parameter.default})
        except ValidationError as exc:
            raise QueryError(f"{source}: {parameter.name}: bad default: {exc}") from exc
    return parameter


def parse_assignments(pairs: Iterable[str]) -> dict[str, str]:
    """``["agency=绵阳市商务局", "year=2021"]`` → a dict of strings (types come later)."""
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryParameterError(f"expected key=value, got {pair!r}")
        params[key.strip()] = value
    return params


def parse_query(name: str, text: str, variants: Mapping[str, str] | None = None) -> NamedQuery:
    """Parse ``NAME.cypher`` text (and its variants' texts, keyed by dialect)."""
    source = f"{name}.cypher"
    fields, body = _header_fields(text, source)
    single: dict[str, str] = {}
    parameters: list[QueryParameter] = []
    for key, value in fields:
        if key == "param":
            parameters.append(_parse_parameter(value, source))
        elif key in single:
            raise QueryError(f"{source}: {key} given twice")
        else:
            single[key] = value
    for required in ("name", "answers", "returns"):
        if not single.get(required):
            raise QueryError(f"{source}: the header has no '{required}:' line")
    if single["name"] != name:
        raise QueryError(f"{source}: header names it {single['name']!r}")
    declared = {p.name for p in parameters}
    if len(declared) != len(parameters):
        raise QueryError(f"{source}: a parameter is declared twice")
    _check_parameters_used(source, body, declared)

    texts: dict[str, str] = {}
    reasons: dict[str, str] = {}
    for dialect, variant_text in (variants or {}).items():
        variant_source = f"{name}.{dialect}.cypher"
        if dialect not in DIALECTS:
            raise QueryError(f"{variant_source}: unknown dialect (known: {', '.join(DIALECTS)})")
        variant_fields, variant_body = _header_fields(variant_text, variant_source)
        why = dict(variant_fields).get("why")
        if not why:
            raise QueryError(f"{variant_source}: a variant says why it exists ('// why: …')")
        _check_parameters_used(variant_source, variant_body, declared)
        texts[dialect], reasons[dialect] = variant_body, why

    example = parse_assignments(single["example"].split()) if single.get("example") else {}
    query = NamedQuery(
        name=name,
        answers=single["answers"],
        parameters=tuple(parameters),
        returns=tuple(column.strip() for column in single["returns"].split(",")),
        example=example,
        cypher=body,
        variants=texts,
        variant_reasons=reasons,
    )
    query.example = query.validate_parameters(example) if example else {}
    return query


def _check_parameters_used(source: str, body: str, declared: set[str]) -> None:
    if ROW_LIMIT in declared:
        raise QueryError(f"{source}: ${ROW_LIMIT} is supplied by run_query, not declared")
    used = set(_USED_PARAMETER.findall(body)) - {ROW_LIMIT}
    if used - declared:
        raise QueryError(f"{source}: uses undeclared parameters {sorted(used - declared)}")
    if declared - used:
        raise QueryError(f"{source}: never uses parameters {sorted(declared - used)}")


# --- The library ------------------------------------------------------------------------


@lru_cache(maxsize=1)
def load_queries() -> dict[str, NamedQuery]:
    """Every named query shipped in ``policykg.cypher``, by name (read once)."""
    files = {
        entry.name: entry.read_text(encoding="utf-8")
        for entry in resources.files(QUERY_PACKAGE).iterdir()
        if entry.name.endswith(".cypher")
    }
    bases = sorted(name.removesuffix(".cypher") for name in files if name.count(".") == 1)
    queries: dict[str, NamedQuery] = {}
    for name in bases:
        variants = {
            dialect: files[f"{name}.{dialect}.cypher"]
            for dialect in DIALECTS
            if f"{name}.{dialect}.cypher" in files
        }
        queries[name] = parse_query(name, files[f"{name}.cypher"], variants)
    orphans = sorted(
        file for file in files if file.count(".") == 2 and file.split(".")[0] not in queries
    )
    if orphans:
        raise QueryError(f"variant without a base query: {', '.join(orphans)}")
    return queries


def list_queries() -> list[NamedQuery]:
    return list(load_queries().values())


def get_query(name: str) -> NamedQuery:
    queries = load_queries()
    if name not in queries:
        raise UnknownQueryError(f"no named query {name!r}; known: {', '.join(sorted(queries))}")
    return queries[name]


def run_query(
    store: GraphStore,
    name: str,
    params: Mapping[str, Any] | None = None,
    *,
    max_rows: int | None = None,
) -> QueryResult:
    """Validate ``params`` and run the named query (its variant for ``store.dialect``)."""
    query = get_query(name)
    checked = query.validate_parameters(params)
    text = query.text_for(store.dialect)
    # Only the rows kept (and one more, to tell that the limit cut) are asked for.
    row_limit = ALL_ROWS if max_rows is None else int(max_rows) + 1
    if max_rows is not None and not _ENDS_WITH_LIMIT.search(text):
        # With a LIMIT the database sorts for the top rows and reads the returned columns of
        # those alone, instead of ordering the whole answer. A query's own LIMIT stays.
        text = f"{text}\nLIMIT {row_limit}"
    if f"${ROW_LIMIT}" in text:
        checked[ROW_LIMIT] = row_limit
    rows = store.run_read(
        text,
        checked,
        max_rows=None if max_rows is None else max_rows + 1,
    )
    return _result(name, rows, max_rows, columns=list(query.returns))


def run_cypher(
    store: GraphStore,
    cypher: str,
    params: Mapping[str, Any] | None = None,
    *,
    max_rows: int | None = None,
    timeout_s: float | None = None,
) -> QueryResult:
    """Run ad-hoc Cypher read-only: the database refuses writes (and, via the plan, file
    access); values reach it only as ``params``."""
    if not cypher.strip():
        raise QueryError("empty query")
    rows = store.run_read(
        cypher,
        dict(params or {}),
        max_rows=None if max_rows is None else max_rows + 1,
        timeout_s=timeout_s,
        untrusted=True,
    )
    return _result(None, rows, max_rows, columns=list(rows[0]) if rows else [])


def _result(
    name: str | None, rows: list[dict[str, Any]], max_rows: int | None, columns: list[str]
) -> QueryResult:
    # One row more than asked for was fetched: its presence says the limit cut the answer.
    truncated = max_rows is not None and len(rows) > max_rows
    return QueryResult(
        query=name,
        columns=columns,
        rows=rows[:max_rows] if truncated else rows,
        truncated=truncated,
    )
