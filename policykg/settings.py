"""Settings read from the environment (prefix ``POLICYKG_``; Neo4j's own ``NEO4J_*`` names too).

One object, created by :func:`get_settings`; tests build their own ``Settings(...)`` and pass it in.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLICYKG_", extra="ignore")

    store: str = Field(
        default="policykg.lbdb",
        description="embedded LadybugDB path, or a bolt:// / neo4j:// URI for Neo4j",
    )
    neo4j_user: str = Field(
        default="neo4j", validation_alias=AliasChoices("POLICYKG_NEO4J_USER", "NEO4J_USER")
    )
    neo4j_password: str = Field(
        default="", validation_alias=AliasChoices("POLICYKG_NEO4J_PASSWORD", "NEO4J_PASSWORD")
    )
    neo4j_database: str = Field(
        default="neo4j", validation_alias=AliasChoices("POLICYKG_NEO4J_DATABASE", "NEO4J_DATABASE")
    )
    api_key: str | None = Field(default=None, description="required by POST /ingest")
    query_timeout_s: float = 10.0
    query_row_limit: int = 1000
    max_upload_bytes: int = 20 * 1024 * 1024
    max_letter_bytes: int = Field(
        default=20 * 1024 * 1024,
        description="letter files larger than this are refused before they are read "
        "(a reply is 5-50 kB as text, a few MB as PDF or Word)",
    )
    max_unpacked_bytes: int = Field(
        default=64 * 1024 * 1024,
        description="the most a letter may unpack to: all parts of a .docx together, and all "
        "compressed streams of a PDF together; declared and actual sizes are both checked, so "
        "a small file that unpacks to gigabytes (a decompression bomb) is refused",
    )
    max_docx_xml_bytes: int = Field(
        default=8 * 1024 * 1024,
        description="a .docx whose XML parts (body, styles…) unpack beyond this, each, is "
        "refused before parsing: a reply's body is a few hundred kB, and parsed XML costs "
        "tens of times its size in memory",
    )
    max_markup_elements: int = Field(
        default=100_000,
        description="a web page, or a .docx XML part, with more tags than this is refused before "
        "parsing (a reply's page or body has a few thousand; a page of a million empty "
        "elements would take minutes and gigabytes)",
    )
    max_pdf_pages: int = Field(
        default=200,
        description="PDFs with more pages are refused before any page is read "
        "(a reply has 2-20 pages; reading costs about 0.1 s a page)",
    )
    max_read_seconds: float = Field(
        default=60.0,
        description="reading one file stops (and refuses it) after this long; checked "
        "between PDF pages",
    )
    max_letter_chars: int = Field(
        default=500_000,
        description="letters whose text is longer are refused before extraction "
        "(a reply is 2,000-30,000 characters; the NLP model reads at most 1,000,000)",
    )

    # Bounds on the work one read may do (the API's promises; README "Security").
    buffer_pool_mb: int = Field(
        default=256,
        ge=16,
        description="LadybugDB page cache per open database (its own default is 80% of RAM)",
    )
    read_workers: int = Field(
        default=2,
        ge=1,
        le=32,
        description="processes answering the API's reads on LadybugDB, each with its own "
        "read-only database: one crashing or stopped query cannot take the API down",
    )
    read_memory_mb: int = Field(
        default=1024,
        ge=64,
        description="a read worker whose resident memory passes this is stopped",
    )
    result_max_bytes: int = Field(
        default=32 * 1024 * 1024,
        ge=1024,
        description="a query result larger than this (serialised) is refused",
    )
    max_request_bytes: int = Field(
        default=1024 * 1024,
        ge=1024,
        description="request bodies other than uploads larger than this are refused (413)",
    )
    neo4j_connection_timeout_s: float = Field(
        default=5.0,
        gt=0,
        description="seconds to connect to Neo4j, and to wait for a pooled connection",
    )
    allowed_hosts: list[str] = Field(
        default=["localhost", "127.0.0.1", "[::1]"],
        description='Host headers the API answers ("*" for any); others get 400',
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
