"""PDFs that cost more than their size, or fail for a reason worth saying (issue 17, items 8
and 12): a 2,000-page PDF is refused by its page count before any page is read, reading stops
at the time limit, and an encrypted or scanned PDF says so."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from policykg.errors import ReadError
from policykg.extract.reader import read_letter
from policykg.settings import Settings
from tests.hostile.hostile_files import MiB, text_pdf


def test_a_two_thousand_page_pdf_is_refused_before_its_pages_are_read(tmp_path: Path):
    pdf = text_pdf(2000, tmp_path / "long.pdf")
    assert pdf.stat().st_size < 4 * MiB
    tracemalloc.start()
    try:
        with pytest.raises(
            ReadError,
            match=r"long\.pdf: PDF has 2000 pages, over the 200-page "
            r"limit \(POLICYKG_MAX_PDF_PAGES\)",
        ):
            read_letter(pdf)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 * MiB  # the page tree only: the audit saw 7.3 GB for reading them all
    # Within a higher page limit, the text-length limit stops the reading after a few pages.
    allowed = Settings(max_pdf_pages=2000, max_letter_chars=20_000)
    with pytest.raises(
        ReadError,
        match=r"text is more than 2\d,\d{3} characters, over the "
        r"20,000-character limit",
    ):
        read_letter(pdf, settings=allowed)


def test_reading_stops_at_the_time_limit_between_pages(tmp_path: Path):
    pdf = text_pdf(3, tmp_path / "slow.pdf")
    with pytest.raises(
        ReadError,
        match=r"reading stopped after 0 s at page 1 of 3 "
        r"\(POLICYKG_MAX_READ_SECONDS\)",
    ):
        read_letter(pdf, settings=Settings(max_read_seconds=0))
    started = time.monotonic()
    assert "Page 2 line 0" in read_letter(pdf).text
    assert time.monotonic() - started < Settings().max_read_seconds


def test_an_encrypted_pdf_says_it_is_encrypted(tmp_path: Path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    drawing = canvas.Canvas(str(path), encrypt="secret")
    drawing.drawString(72, 720, "a letter behind a password")
    drawing.save()
    with pytest.raises(ReadError, match=r"locked\.pdf: encrypted PDF \(password-protected\)"):
        read_letter(path)


def _scanned_pdf(path: Path, caption: str | None) -> Path:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    page = Image.new("L", (200, 280), 255)
    for x in range(20, 180):
        page.putpixel((x, 40), 0)  # a line of "print" in the picture
    drawing = canvas.Canvas(str(path))
    drawing.drawImage(ImageReader(page), 50, 100, width=500, height=700)
    if caption:
        drawing.drawString(50, 60, caption)  # what scanner apps stamp on each page
    drawing.showPage()
    drawing.save()
    return path


def test_a_scanned_pdf_says_it_has_no_text_layer(tmp_path: Path):
    with pytest.raises(ReadError, match=r"PDF has no text layer \(a scanned image\?\)"):
        read_letter(_scanned_pdf(tmp_path / "scan.pdf", None))
    stamped = _scanned_pdf(tmp_path / "stamped.pdf", "Scanned with a phone app")
    with pytest.raises(
        ReadError,
        match=r"PDF has no Chinese text layer, only 24 characters of "
        r"other text beside 1 picture\(s\): a scanned image\?",
    ):
        read_letter(stamped)


def test_a_pdf_whose_fonts_have_no_unicode_mapping_says_so(tmp_path: Path):
    # An owner-password PDF (opens without a password) whose CID font text pdfminer can only
    # give as glyph codes: the reason is the fonts, not "no Chinese text".
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "glyphs.pdf"
    drawing = canvas.Canvas(str(path), encrypt=StandardEncryption("", ownerPassword="owner"))
    drawing.setFont("STSong-Light", 12)
    drawing.drawString(72, 720, "关于政协提案的答复")
    drawing.save()
    with pytest.raises(
        ReadError,
        match=r"glyphs\.pdf: PDF's fonts have no Unicode mapping "
        r"\(its text comes out as \(cid:N\) glyph codes\)",
    ):
        read_letter(path)
