"""The package's shape: no import cycle among the project's modules, and ``policykg.cli`` alone
gives the whole command."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import networkx as nx
import typer

ROOT = Path(__file__).resolve().parents[1]


def _module_files() -> dict[str, Path]:
    """Every module of the import package, named as Python imports it (pyproject's package-dir
    maps the top-level folders onto ``policykg.*``)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package_dir = config["tool"]["setuptools"]["package-dir"]
    modules: dict[str, Path] = {}
    for package, folder in package_dir.items():
        for path in (ROOT / folder).rglob("*.py"):
            parts = list(path.relative_to(ROOT / folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join([package, *parts])] = path
    return modules


def _imported(module: str, path: Path, known: set[str]) -> set[str]:
    """The project's modules ``module`` imports anywhere in its body (lazy imports included:
    a cycle through a function body is still a cycle in the design)."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, base] if base else anchor)
            # `from a import b` imports the module a.b when there is one, else a name from a
            names = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names
            ]
        else:
            continue
        for name in names:
            while name and name not in known:  # `import a.b.c` of a name inside a.b
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


def import_graph() -> nx.DiGraph:
    files = _module_files()
    graph = nx.DiGraph()
    graph.add_nodes_from(files)
    for module, path in files.items():
        graph.add_edges_from((module, target) for target in _imported(module, path, set(files)))
    return graph


def test_the_import_graph_sees_the_project():
    graph = import_graph()

    assert {
        "policykg.cli",
        "policykg.cli.common",
        "policykg.graph.stores.base",
        "policykg.extract.reader",
        "policykg.api.app",
    } <= set(graph)
    assert graph.has_edge("policykg.cli", "policykg.cli.build")
    assert graph.has_edge("policykg.cli.build", "policykg.cli.common")


def test_no_import_cycle_among_the_projects_modules():
    cycles = [
        sorted(component)
        for component in nx.strongly_connected_components(import_graph())
        if len(component) > 1
    ]

    assert cycles == []


def test_no_cli_module_imports_the_package_that_assembles_them():
    graph = import_graph()
    stages = [m for m in graph if m.startswith("policykg.cli.")]

    assert "policykg.cli.build" in stages and "policykg.cli.serve" in stages
    assert [m for m in stages if graph.has_edge(m, "policykg.cli")] == []


COMMANDS = {
    "schema",
    "extract",
    "eval",
    "ingest",
    "stats",
    "export",
    "query",
    "cypher",
    "serve",
    "link",
    "evolution",
    "diff",
    "view",
    "build",
}


def test_policykg_cli_app_has_every_command():
    from policykg.cli import app

    assert set(typer.main.get_command(app).commands) == COMMANDS


def test_importing_policykg_cli_alone_gives_the_whole_app():
    # a fresh interpreter: nothing else imported first registers anything
    listed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import typer, policykg.cli as c; "
            "print(' '.join(sorted(typer.main.get_command(c.app).commands)))",
        ],
        capture_output=True,
        text=True,
        cwd="/",
        check=True,
    ).stdout.split()

    assert set(listed) == COMMANDS


# The evaluation letters sit beside the clone; the tests read only the repository's own data.
_SHARED_PATH = re.compile(
    "|".join((r"\.\./" + "shared", r"/work/" + "shared", r'parents?\[?\d?\]?\s*/\s*"' + 'shared"'))
)


def test_no_test_reads_the_shared_evaluation_letters():
    readers = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "tests").rglob("*.py")
        if _SHARED_PATH.search(path.read_text(encoding="utf-8"))
    ]

    assert readers == []
    assert _SHARED_PATH.search('ROOT.parent / "' + 'shared" / "gold"')  # the pattern can match


# The stages in ARCHITECTURE.md's order; a module imports its own stage or earlier ones, so
# no stage knows the one after it. errors, settings and extras are below every stage; the
# package root only re-exports, and policykg.graph is a folder of stages.
FACADES = {"policykg", "policykg.graph"}
STAGES: list[tuple[str, ...]] = [
    ("policykg.errors", "policykg.settings", "policykg.extras"),
    ("policykg.extract",),
    ("policykg.graph.model", "policykg.graph.build"),
    ("policykg.graph.stores", "policykg.graph.ingest"),
    ("policykg.cypher", "policykg.graph.queries", "policykg.graph.resolve"),
    (
        "policykg.graph.lineage",
        "policykg.graph.succession",
        "policykg.graph.export",
        "policykg.graph.link_eval",
    ),
    ("policykg.api", "policykg.viz"),
    ("policykg.cli",),
]


def _stage(module: str) -> int | None:
    for index, prefixes in enumerate(STAGES):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return index
    return None


def test_every_module_has_a_stage():
    assert [m for m in import_graph() if m not in FACADES and _stage(m) is None] == []


def test_no_stage_imports_a_later_one():
    backwards = [
        f"{module} imports {target}"
        for module, target in import_graph().edges
        if module not in FACADES and (_stage(target) or 0) > (_stage(module) or 0)
    ]
    assert backwards == []
