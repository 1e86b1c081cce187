"""Optional dependencies: a missing extra is one clear line naming it, and the default
install leaves them out (pyproject's extras)."""

from __future__ import annotations

import tomllib

import pytest

from policykg.errors import MissingExtraError, ReadError
from policykg.extras import import_extra
from tests.letters import ROOT

ABSENT = "policykg_absent_dependency"  # a module no environment has


def test_a_present_extra_is_imported() -> None:
    assert import_extra("json", "server").dumps([]) == "[]"


def test_a_missing_extra_names_its_install_line() -> None:
    with pytest.raises(MissingExtraError, match=r"pip install 'policykg\[server\]'"):
        import_extra(ABSENT, "server")


def test_a_letter_needing_a_missing_extra_is_that_letters_error() -> None:
    with pytest.raises(ReadError) as caught:
        import_extra(ABSENT, "formats", path="reply.docx")
    assert caught.value.path == "reply.docx"
    assert f"{ABSENT} is not installed" in caught.value.reason
    assert "policykg[formats]" in caught.value.reason


def test_the_default_install_leaves_the_server_formats_and_neo4j_out() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    default = " ".join(project["dependencies"])
    extras = project["optional-dependencies"]
    for extra, packages in {
        "server": ("fastapi", "uvicorn"),
        "formats": ("python-docx", "pdfplumber", "trafilatura"),
        "neo4j": ("neo4j",),
    }.items():
        for package in packages:
            assert package not in default, package
            assert any(spec.startswith(package) for spec in extras[extra]), (extra, package)


def test_the_terminal_shows_brackets_in_paths_and_install_lines(tmp_path) -> None:
    """rich would read ``[server]`` as markup and drop it from the line."""
    from typer.testing import CliRunner

    from policykg.cli import app

    letter = tmp_path / "reply[server].txt"
    letter.write_text("今天天气很好。", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["ingest", str(letter), "--store", str(tmp_path / "g.lbdb"), "--no-link"]
    )
    assert result.exit_code == 1
    assert "reply[server].txt" in result.output.replace("\n", "")
