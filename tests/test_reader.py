from pathlib import Path

import pytest
from conftest import COMMERCE

from policykg.errors import ReadError
from policykg.extract.reader import decode_bytes, iter_letter_paths, read_letter

LETTER = (
    f"{COMMERCE}关于对20210157号提案的答复函\r\n民盟芜湖市委会：\r\n"
    "《提案》收悉，ＡＢＣ１２３。\r\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_common_chinese_encodings_decode_to_the_same_text(tmp_path: Path, encoding: str):
    path = tmp_path / f"letter-{encoding}.txt"
    path.write_bytes(LETTER.encode(encoding))
    letter = read_letter(path)
    assert letter.text == LETTER.replace("\r\n", "\n")
    assert "\ufeff" not in letter.text


def test_fullwidth_characters_are_kept_one_to_one(tmp_path: Path):
    path = tmp_path / "l.txt"
    path.write_text(LETTER, encoding="utf-8")
    text = read_letter(path).text
    i = text.index("ＡＢＣ１２３")
    assert text[i : i + 6] == "ＡＢＣ１２３"


def test_line_endings_are_normalised(tmp_path: Path):
    path = tmp_path / "l.txt"
    path.write_bytes("一\r\n二\r三\n".encode())
    assert read_letter(path).text == "一\n二\n三\n"


@pytest.mark.parametrize(
    ("raw", "reason"), [(b"", "empty"), (b"  \n", "empty"), (b"\x00\x01\x02binary" * 10, "binary")]
)
def test_unusable_bytes_name_the_file_and_reason(tmp_path: Path, raw: bytes, reason: str):
    path = tmp_path / "bad.txt"
    path.write_bytes(raw)
    with pytest.raises(ReadError) as info:
        read_letter(path)
    assert str(path) in str(info.value) and reason in str(info.value)


def test_missing_file_is_a_read_error(tmp_path: Path):
    with pytest.raises(ReadError, match="cannot read"):
        read_letter(tmp_path / "nope.txt")


def test_folders_expand_recursively_in_stable_order(tmp_path: Path):
    (tmp_path / "b").mkdir()
    for name in ("b/2.txt", "a.txt", "b/1.txt", "skip.json"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_letter_paths([tmp_path])]
    assert found == ["a.txt", "b/1.txt", "b/2.txt"]


def test_gbk_bytes_are_not_taken_for_utf8():
    text, encoding = decode_bytes("答复函".encode("gbk"))
    assert text == "答复函" and encoding == "gb18030"
