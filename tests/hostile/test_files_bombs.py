"""Decompression bombs: a Word file or PDF of about 1 MB that unpacks to 1 GiB is refused
with its reason before it is unpacked, at a cost of megabytes (issue 17, item 7).

Peak memory here is Python's own allocations (tracemalloc), which is where an unpacked part
or stream would live; ``bench/hostile_files.py`` measures whole-process peaks for the report.
"""

from __future__ import annotations

import tracemalloc
import zlib
from collections.abc import Callable

import pytest

from policykg.errors import ReadError
from policykg.extract.reader import letter_from_bytes, read_letter
from policykg.settings import Settings
from tests.hostile.hostile_files import (
    GiB,
    MiB,
    deflated_zeros,
    lzw_encoded,
    pdf_with_content,
    word_bomb,
    word_file,
)
from tests.letters import GUANGZHOU

LETTER = read_letter(GUANGZHOU).text
BOMB_REASON = r"unpacks to .* MiB.*, over the 64\.0 MiB limit \(POLICYKG_MAX_UNPACKED_BYTES\)"


def _peak_while_refused(read: Callable[[], object], reason: str) -> int:
    """Run ``read``, which must refuse with ``reason``; the peak of Python's allocations."""
    tracemalloc.start()
    try:
        with pytest.raises(ReadError, match=reason):
            read()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_word_picture_unpacking_to_a_gibibyte_is_refused_unread():
    bomb = word_bomb(LETTER, part="word/media/image1.png", size=GiB)
    assert len(bomb) < 2 * MiB
    peak = _peak_while_refused(
        lambda: letter_from_bytes(bomb, "picture.docx"),
        "picture.docx: Word file declares it unpacks to 1024.8 MiB, over the 64.0 MiB limit",
    )
    assert peak < 4 * MiB


def test_word_styles_of_600_mib_are_refused_before_parsing():
    bomb = word_bomb(LETTER, part="word/styles.xml", size=600 * MiB)
    peak = _peak_while_refused(
        lambda: letter_from_bytes(bomb, "styles.docx"),
        r"Word part word/styles\.xml unpacks to 600\.0 MiB, over the 8\.0 MiB limit for one "
        r"XML part \(POLICYKG_MAX_DOCX_XML_BYTES\)",
    )
    assert peak < 4 * MiB
    # Under the XML limit, the parts together still count against the unpacked limit.
    roomy_xml = Settings(max_docx_xml_bytes=GiB)
    with pytest.raises(ReadError, match=BOMB_REASON):
        letter_from_bytes(bomb, "styles.docx", settings=roomy_xml)


def test_a_word_body_of_many_paragraphs_stops_at_the_text_limit():
    many = word_file("\n".join([LETTER] * 40))
    with pytest.raises(
        ReadError,
        match=r"text is more than 20,\d{3} characters, over the "
        r"20,000-character limit",
    ):
        letter_from_bytes(many, "many.docx", settings=Settings(max_letter_chars=20_000))


def test_a_word_part_lying_about_its_size_is_refused_as_damaged():
    # The archive says 1 kB; the part inflates to 200 MiB. zipfile stops at the declared
    # size and the CRC then fails: refused before python-docx holds any of it.
    bomb = word_bomb(LETTER, part="word/styles.xml", size=200 * MiB, declared=1000)
    peak = _peak_while_refused(
        lambda: letter_from_bytes(bomb, "liar.docx"), r"damaged \.docx .*CRC"
    )
    assert peak < 4 * MiB


def test_word_parts_are_counted_together_against_the_setting():
    letter = word_file(LETTER)
    assert letter_from_bytes(letter, "fine.docx").text.strip() == LETTER.strip()
    tight = Settings(max_unpacked_bytes=10_000)
    with pytest.raises(ReadError, match=r"over the 0\.0 MiB limit"):
        letter_from_bytes(letter, "fine.docx", settings=tight)


def test_a_pdf_stream_unpacking_to_a_gibibyte_is_refused_unread():
    data, _ = deflated_zeros(GiB, wrapped=True)
    bomb = pdf_with_content(data, "/FlateDecode")
    assert len(bomb) < 2 * MiB
    peak = _peak_while_refused(
        lambda: letter_from_bytes(bomb, "stream.pdf"), "stream.pdf: PDF " + BOMB_REASON
    )
    assert peak < 16 * MiB


def test_a_bomb_inside_a_compressed_stream_is_found_through_the_filter_chain():
    inner, _ = deflated_zeros(GiB, wrapped=True)
    outer = zlib.compress(inner, 9)  # [/FlateDecode /FlateDecode]: 1 MB outside, 1 GiB inside
    bomb = pdf_with_content(outer, "[/FlateDecode /FlateDecode]")
    assert len(bomb) < 64 * 1024
    peak = _peak_while_refused(lambda: letter_from_bytes(bomb, "nested.pdf"), BOMB_REASON)
    assert peak < 16 * MiB


@pytest.mark.parametrize(
    "filters, data",
    [
        ("/LZWDecode", lzw_encoded(b"0 0 m 9 9 l S\n" * 9000)),
        ("/RunLengthDecode", b"\x81 " * 4000 + b"\x80"),  # 4,000 runs of 128 spaces: 512 kB
        (
            "[/ASCIIHexDecode /LZWDecode]",
            lzw_encoded(b"0 0 m 9 9 l S\n" * 9000).hex().encode() + b">",
        ),
    ],
)
def test_lzw_and_run_length_streams_count_what_they_unpack_to(filters: str, data: bytes):
    # These filters have no byte signature to scan for: measured through pdfminer's objects.
    pdf = pdf_with_content(data, filters)
    tight = Settings(max_unpacked_bytes=100_000)
    over = r"PDF unpacks to more than 0\.1 MiB \(counted so far\), over the 0\.1 MiB limit"
    with pytest.raises(ReadError, match=over):
        letter_from_bytes(pdf, "filters.pdf", settings=tight)
    roomy = Settings(max_unpacked_bytes=2 * MiB)
    with pytest.raises(ReadError, match="no text layer"):  # read through: no font, no text
        letter_from_bytes(pdf, "filters.pdf", settings=roomy)


def test_a_web_page_of_a_million_empty_elements_is_refused_before_parsing():
    # On main this page took 51 s and 684 MB to parse (5 MiB); lxml is never reached now.
    page = b"<html><body>" + "<p>一</p>".encode() * 400_000 + b"</body></html>"
    peak = _peak_while_refused(
        lambda: letter_from_bytes(page, "empty.html"),
        r"empty\.html: web page has 800,004 tags, over the 100,000-element limit "
        r"\(POLICYKG_MAX_MARKUP_ELEMENTS\)",
    )
    assert peak < 4 * MiB


def test_word_xml_parts_are_counted_by_their_tags():
    letter = word_file(LETTER)
    assert letter_from_bytes(letter, "fine.docx").text.strip() == LETTER.strip()
    with pytest.raises(
        ReadError,
        match=r"Word part \S+\.xml has [\d,]+ tags, over the "
        r"50-element limit",
    ):
        letter_from_bytes(letter, "fine.docx", settings=Settings(max_markup_elements=50))
