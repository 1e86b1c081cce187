"""What hostile files cost to refuse: peak resident memory and time of reading each one.

    python -m bench.hostile_files

Each file is built in a temporary folder (tests/hostile/hostile_files.py) and read by
``read_letter`` in a fresh process, whose peak RSS (VmHWM: unlike ru_maxrss it does not
inherit the parent's peak across exec) and wall time are reported;
the first row, a normal Word letter and PDF, is the cost of the libraries themselves. Prints
JSON lines, then a Markdown table for bench/RESULTS.md.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

from bench.common import ROOT
from tests.hostile.hostile_files import (
    GiB,
    MiB,
    deflated_zeros,
    pdf_with_content,
    text_pdf,
    word_bomb,
    word_file,
)

_READ = """
import json, re, sys, time
from policykg.errors import ReadError
from policykg.extract.reader import read_letter
started = time.perf_counter()
outcomes = []
for path in sys.argv[1:]:
    try:
        outcomes.append(f"read, {len(read_letter(path).text):,} characters")
    except ReadError as error:
        outcomes.append(error.reason)
print(json.dumps({"outcome": " | ".join(outcomes),
                  "seconds": round(time.perf_counter() - started, 2),
                  "peak_mb": round(int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status")
                                                 .read()).group(1)) / 1024)}))
"""


def _cases(folder: Path) -> dict[str, list[Path]]:
    letter = (ROOT / "examples" / "letters" / "mianyang_2018_quick_tests.txt").read_text(
        encoding="utf-8"
    )

    def save(name: str, data: bytes) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    stream, _ = deflated_zeros(GiB, wrapped=True)
    nested = zlib.compress(stream, 9)
    return {
        "normal .docx letter and 3-page PDF (baseline)": [
            save("letter.docx", word_file(letter)),
            text_pdf(3, folder / "letter.pdf"),
        ],
        ".docx, 1 GiB picture part": [
            save("picture.docx", word_bomb(letter, part="word/media/image1.png", size=GiB))
        ],
        ".docx, 600 MiB styles.xml": [
            save("styles.docx", word_bomb(letter, part="word/styles.xml", size=600 * MiB))
        ],
        ".docx, 200 MiB part declaring 1 kB": [
            save(
                "liar.docx",
                word_bomb(letter, part="word/styles.xml", size=200 * MiB, declared=1000),
            )
        ],
        ".docx, 60 MiB picture (under the limit: read)": [
            save("big_picture.docx", word_bomb(letter, part="word/media/image1.png", size=60 * MiB))
        ],
        ".pdf, 1 GiB FlateDecode stream": [
            save("stream.pdf", pdf_with_content(stream, "/FlateDecode"))
        ],
        ".pdf, 1 GiB inside a 2-layer FlateDecode chain": [
            save("nested.pdf", pdf_with_content(nested, "[/FlateDecode /FlateDecode]"))
        ],
        ".pdf, 2,000 text pages": [text_pdf(2000, folder / "long.pdf")],
        ".pdf, 200 text pages (at the page limit)": [text_pdf(200, folder / "pages200.pdf")],
    }


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory(prefix="policykg-hostile-") as folder:
        for name, paths in _cases(Path(folder)).items():
            size = sum(path.stat().st_size for path in paths)
            done = subprocess.run(
                [sys.executable, "-c", _READ, *map(str, paths)],
                cwd="/",
                capture_output=True,
                text=True,
                timeout=600,
                check=True,
            )
            row = {
                "file": name,
                "size_mb": round(size / MiB, 2),
                **json.loads(done.stdout.splitlines()[-1]),
            }
            print(json.dumps(row, ensure_ascii=False), flush=True)
            rows.append(row)
    print("\n| file | size | peak RSS | time | outcome |\n|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['file']} | {row['size_mb']} MB | {row['peak_mb']} MB | "
            f"{row['seconds']} s | {row['outcome']} |"
        )


if __name__ == "__main__":
    main()
