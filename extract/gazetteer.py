"""The agency gazetteer: canonical names, aliases, levels, and city-relative templates."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_GAZETTEER = "default"
TEMPLATE_PREFIX = "template:"


@dataclass(frozen=True)
class AgencyEntry:
    name: str
    aliases: tuple[str, ...] = ()
    level: str | None = None
    city: str | None = None


@dataclass(frozen=True)
class Template:
    """A department every city has: ``{city}市`` + ``full``; written short as 市 + a short form."""

    full: str
    short: tuple[str, ...] = ()

    def canonical(self, city: str) -> str:
        return f"{city}市{self.full}"


@dataclass
class Gazetteer:
    agencies: list[AgencyEntry] = field(default_factory=list)
    templates: list[Template] = field(default_factory=list)
    cities: tuple[str, ...] = ()

    def by_name(self) -> dict[str, AgencyEntry]:
        return {a.name: a for a in self.agencies}

    def template(self, key: str) -> Template | None:
        full = key.removeprefix(TEMPLATE_PREFIX)
        return next((t for t in self.templates if t.full == full), None)

    def patterns(self) -> list[dict]:
        """EntityRuler patterns: each surface form with the id it resolves through."""
        out: list[dict] = []
        for a in self.agencies:
            for form in (a.name, *a.aliases):
                out.append({"label": "ORG", "pattern": form, "id": a.name})
        for t in self.templates:
            for short in {t.full, *t.short}:
                # The "市" prefix anchors short forms so 商务局 inside 商务局长 etc. is not taken.
                out.append(
                    {"label": "ORG", "pattern": f"市{short}", "id": TEMPLATE_PREFIX + t.full}
                )
        return out


class _AgencyRow(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=2)
    aliases: list[str] = []
    level: str | None = None
    city: str | None = None


class _TemplateRow(BaseModel):
    model_config = ConfigDict(extra="forbid")
    full: str = Field(min_length=2)
    short: list[str] = []


class _Cities(BaseModel):
    model_config = ConfigDict(extra="forbid")
    names: list[str] = []


class GazetteerFile(BaseModel):
    """The shape of a gazetteer TOML file, checked when it is loaded."""

    model_config = ConfigDict(extra="forbid")
    agency: list[_AgencyRow] = []
    template: list[_TemplateRow] = []
    cities: _Cities = _Cities()


@lru_cache(maxsize=8)
def load_gazetteer(source: str = DEFAULT_GAZETTEER) -> Gazetteer:
    """Load the packaged gazetteer (``"default"``) or a TOML file at ``source``."""
    if source == DEFAULT_GAZETTEER:
        raw = resources.files("policykg.extract").joinpath("data/agencies.toml").read_bytes()
    else:
        raw = Path(source).read_bytes()
    data = GazetteerFile.model_validate(tomllib.loads(raw.decode("utf-8"))).model_dump()
    return Gazetteer(
        agencies=[
            AgencyEntry(
                name=a["name"],
                aliases=tuple(a.get("aliases", ())),
                level=a.get("level"),
                city=a.get("city") or None,
            )
            for a in data.get("agency", [])
        ],
        templates=[
            Template(full=t["full"], short=tuple(t.get("short", ())))
            for t in data.get("template", [])
        ],
        cities=tuple(data.get("cities", {}).get("names", ())),
    )
