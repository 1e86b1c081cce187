"""Paths to the letters the tests read, all inside the repository (`examples/` and
`tests/data/`): only `.ci/run`'s eval gates read the evaluation letters beside the clone."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "letters"  # the project's own two example letters
EXAMPLES_GOLD = ROOT / "examples" / "gold"
EXAMPLE_2021 = EXAMPLES / "mianyang_2021_quick_tests.txt"
EXAMPLE_2018 = EXAMPLES / "mianyang_2018_quick_tests.txt"
GUANGZHOU = ROOT / "tests" / "data" / "letters" / "guangzhou_2022.txt"
HANGZHOU = ROOT / "tests" / "data" / "letters" / "hangzhou_2020_suggestion.txt"
ALL_LETTERS = (EXAMPLE_2021, EXAMPLE_2018, GUANGZHOU, HANGZHOU)
OWN_GOLD = ROOT / "tests" / "data" / "letters_gold"  # gold of the project's own letters


def numbered_letters(folder: Path, count: int) -> list[Path]:
    """``count`` distinct letters in ``folder``: the Guangzhou reply under other numbers."""
    from policykg.extract.reader import read_letter

    text = read_letter(GUANGZHOU).text
    paths = []
    for i in range(count):
        path = folder / f"letter_{i:02d}.txt"
        path.write_text(
            text.replace("118号", f"{200 + i}号").replace("2022071", f"20220{10 + i}"),
            encoding="utf-8",
        )
        paths.append(path)
    return paths
