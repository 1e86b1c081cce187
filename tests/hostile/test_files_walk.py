"""What a folder walk meets (issue 17, items 9, 11 and 12): only regular files are read,
a named pipe no longer hangs ``policykg ingest``, and every path that cannot be read — a pipe,
a socket, a folder without permission, a path over the system's 4096 bytes — is reported with
its reason. A letter whose file name is not UTF-8 is ingested under a printable name."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from policykg.errors import ReadError
from policykg.extract.reader import PATH_MAX, iter_letter_paths, read_letter
from policykg.graph.ingest import SeenLetters, ingest_letter
from policykg.graph.stores import open_store
from policykg.settings import Settings
from tests.letters import EXAMPLE_2018, GUANGZHOU, HANGZHOU

POLICYKG = Path(sys.executable).with_name("policykg")


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    """A folder of one good letter, a named pipe and a socket with letters' names."""
    letters = tmp_path / "letters"
    letters.mkdir()
    shutil.copy(GUANGZHOU, letters / "good.txt")
    os.mkfifo(letters / "pipe.txt")
    (letters / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (letters / ".drafts").mkdir()
    shutil.copy(HANGZHOU, letters / ".drafts" / "draft.txt")
    (letters / "elsewhere").symlink_to(tmp_path)
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(letters / "socket.txt"))
    yield letters
    listener.close()


def test_ingest_reports_a_pipe_and_a_socket_instead_of_hanging(folder: Path, tmp_path: Path):
    store = tmp_path / "store.lbdb"
    # A hang is what this guards against: the timeout turns one into a failure.
    result = subprocess.run(
        [str(POLICYKG), "ingest", str(folder), "--store", str(store), "--no-link"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "300"},
    )
    assert result.returncode == 1, result.stderr
    assert "1 ingested, 0 skipped as duplicates, 2 rejected" in result.stdout
    assert (
        f"{folder / 'pipe.txt'}: not a regular file but a named pipe: skipped unread"
        in result.stderr
    )
    assert (
        f"{folder / 'socket.txt'}: not a regular file but a socket: skipped unread" in result.stderr
    )
    # What is no letter by its name is listed too, each with its reason.
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert skipped == [
        f"skipped {folder / '.drafts'}: hidden folder, not searched",
        f"skipped {folder / 'elsewhere'}: symlinked folder, not followed",
        f"skipped {folder / 'photo.jpg'}: not a letter's suffix (.txt .docx .pdf .html .htm), "
        f"not read",
    ]


def test_a_device_is_not_read():
    with pytest.raises(
        ReadError,
        match=r"/dev/zero: not a regular file but a character "
        r"device: skipped unread",
    ):
        read_letter("/dev/zero")


def test_a_folder_without_permission_is_reported(tmp_path: Path):
    """Run as an unprivileged user: root reads any folder."""
    top = Path(tempfile.mkdtemp(prefix="policykg-walk-"))
    try:
        shutil.copy(GUANGZHOU, top / "readable.txt")
        locked = top / "locked"
        locked.mkdir()
        shutil.copy(HANGZHOU, locked / "hidden_from_us.txt")
        locked.chmod(0)
        drop = ""
        if os.geteuid() == 0:  # become nobody after the imports: nobody cannot reach the venv
            nobody = 65534
            for path in (top, top / "readable.txt", locked):
                os.chown(path, nobody, nobody)
            drop = f"os.setgid({nobody}); os.setuid({nobody})\n"
        script = (
            "import os, sys\n"
            "from policykg.errors import ReadError\n"
            "from policykg.extract.reader import iter_letter_paths, read_letter\n"
            f"{drop}"
            "for path in iter_letter_paths([sys.argv[1]]):\n"
            "    try:\n"
            "        print(path, 'read', len(read_letter(path).text))\n"
            "    except ReadError as error:\n"
            "        print(error)\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", script, str(top)],
            capture_output=True,
            text=True,
            timeout=120,
            cwd="/",
        )
    finally:
        locked.chmod(0o700)
        shutil.rmtree(top)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{locked}: folder cannot be read (Permission denied): letters in it, if any, "
        f"were not read",
        f"{top / 'readable.txt'} read {len(read_letter(GUANGZHOU).text)}",
    ]


def _deep_letter(top: Path, depth: int) -> Path:
    """A letter ``depth`` folders of 200 characters below ``top``, made relative to open
    folders: the path as a whole is too long for any call that takes a path."""
    name = "d" * 200
    descriptor = os.open(top, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=descriptor)
            inner = os.open(name, os.O_RDONLY, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = inner
        letter = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=descriptor)
        os.write(letter, GUANGZHOU.read_bytes())
        os.close(letter)
    finally:
        os.close(descriptor)
    return Path(top, *[name] * depth, "deep.txt")


def test_a_path_over_4096_bytes_is_reported(tmp_path: Path):
    shutil.copy(EXAMPLE_2018, tmp_path / "short.txt")
    deep = _deep_letter(tmp_path, 21)
    assert len(os.fsencode(deep)) > PATH_MAX
    found = iter_letter_paths([tmp_path])
    assert found[-1] == tmp_path / "short.txt"
    too_long = found[0]
    assert deep.is_relative_to(too_long) or too_long == deep
    with pytest.raises(
        ReadError,
        match=r"path (is \d+ bytes, over the system's 4096-byte "
        r"limit|too long for the system)",
    ):
        read_letter(too_long)
    with pytest.raises(ReadError, match=r"over the system's 4096-byte limit: move the letter"):
        read_letter(deep)


def test_a_letter_with_a_non_utf8_file_name_is_ingested_under_a_printable_name(tmp_path: Path):
    folder = os.fsencode(tmp_path)
    gbk = os.path.join(folder, "答复函.txt".encode("gb18030"))
    neither = os.path.join(folder, b"\xff\xfeletter.txt")
    with open(gbk, "wb") as handle:
        handle.write(GUANGZHOU.read_bytes())
    with open(neither, "wb") as handle:
        handle.write(EXAMPLE_2018.read_bytes())
    target = str(tmp_path / "store.lbdb")
    seen = SeenLetters()
    with open_store(target, Settings(store=target)) as store:
        outcomes = [ingest_letter(Path(os.fsdecode(name)), store, seen) for name in (gbk, neither)]
        sources = sorted(
            row["source"]
            for row in store.run_read("MATCH (d:Document) RETURN d.source AS source", {})
        )
    assert [o.status for o in outcomes] == ["ingested", "ingested"], [o.reason for o in outcomes]
    assert sources == sorted([str(tmp_path / "答复函.txt"), f"{tmp_path}/\\xff\\xfeletter.txt"])
    # The CLI prints the same names (a rewrite of the same files: nothing new, no error).
    again = subprocess.run(
        [str(POLICYKG), "ingest", os.fsdecode(gbk), "--store", target, "--no-link"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "300"},
    )
    assert again.returncode == 0, again.stderr
    assert f"ingested {tmp_path / '答复函.txt'}: document:" in again.stderr
