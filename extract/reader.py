"""Turn a letter file — plain text, Word, PDF or a web page — into the text offsets point into.

Every evidence offset is a position in :attr:`Letter.text`, the text *extracted* from the file:

- ``.txt``: the decoded file (UTF-8, UTF-8/16/32 with a BOM, GBK/GB18030, Big5; a file whose
  lines are in different ones of these is decoded line by line) with line endings normalised
  to ``\\n`` and a leading BOM dropped; nothing else changes, so full-width and half-width
  characters stay one-to-one and ``text[start:end]`` is a slice of what the file shows.
- ``.docx`` (python-docx): one line per body paragraph, in order; a table cell starts a line
  with a tab, the way the plain-text letters lay out their status tables.
- ``.pdf`` (pdfplumber, text layer only): one line per paragraph; lines the page wrapped are
  joined again and page numbers dropped (:func:`_pdf_lines` says how).
- ``.html`` / ``.htm`` (trafilatura): the page's main text without navigation, header, footer
  or sidebar, one line per paragraph, table cells as for Word.

In every format control characters (NUL and the like, which no letter shows and XML cannot
carry) are removed and a form feed becomes a line break; the letter's notes say how many.

The format is recognised from the file's first bytes where it has a signature (PDF, ZIP), so a
PDF saved without its suffix is still read as a PDF. Only regular files are read (a named pipe
would block forever, a device never ends). A hostile file costs what its size says: files above
``Settings.max_letter_bytes`` are refused before they are read, a Word file's parts and a PDF's
streams are measured (declared and actual size) before they are unpacked and refused beyond
``max_unpacked_bytes``, a PDF beyond ``max_pdf_pages`` is refused before any page is read and
reading stops after ``max_read_seconds``, and text beyond ``max_letter_chars`` is refused before
extraction. Anything unusable raises :class:`ReadError` naming the file and the reason.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import io
import itertools
import os
import re
import stat
import time
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio
from pydantic import BaseModel, Field

from policykg.errors import ReadError
from policykg.extras import import_extra
from policykg.settings import Settings, get_settings

LetterFormat = Literal["txt", "docx", "pdf", "html"]
SUFFIX_FORMATS: dict[str, LetterFormat] = {
    ".txt": "txt",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
}
LETTER_SUFFIXES = tuple(SUFFIX_FORMATS)

# Tried in this order before asking the statistical detector: a strict decode in one of these
# is more trustworthy than a guess. GB18030 and Big5 both accept most double-byte text, so
# when both succeed the less garbled reading wins.
_CHINESE_ENCODINGS = ("gb18030", "big5")
_BOMS = (  # UTF-32 first: its little-endian BOM begins with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .wps / .xls


class Letter(BaseModel):
    """A letter read from a file.

    ``text`` is the text extracted from the file (see the module docstring for each format);
    every evidence offset points into it — for Word, PDF and HTML not into the file's bytes.
    """

    path: str
    text: str
    format: LetterFormat = "txt"
    encoding: str | None = Field(
        default=None, description="text encoding of a .txt/.html file; None for Word and PDF"
    )
    sha256: str = Field(description="hash of the file's bytes, as stored")
    notes: list[str] = Field(
        default_factory=list, description="what reading repaired, e.g. mixed encodings"
    )


@dataclass
class _Decoded:
    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)


# --- plain text ------------------------------------------------------------------------------


def decode_bytes(raw: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode letter bytes; return ``(text, encoding)`` or raise :class:`ReadError`."""
    decoded = _decode(raw, path)
    return decoded.text, decoded.encoding


def _decode(raw: bytes, path: str) -> _Decoded:
    if not raw.strip():
        raise ReadError(path, "file is empty")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReadError(
                    path, f"invalid {encoding} after its byte-order mark (byte {exc.start})"
                ) from exc
            return _checked(_Decoded(text.removeprefix("\ufeff"), encoding), path)
    if b"\x00" in raw[:4096]:
        raise ReadError(path, "binary file (NUL bytes), not a text letter")
    try:
        return _checked(_Decoded(raw.decode("utf-8"), "utf-8"), path)
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if utf8_error.reason == "unexpected end of data":
        # Valid UTF-8 up to a cut-off last character: GB18030 would read it as mojibake.
        _refuse_truncated(raw, path, utf8_error, ("utf-8",))
    readings = []
    for encoding in _CHINESE_ENCODINGS:
        try:
            readings.append(_Decoded(raw.decode(encoding), encoding))
        except UnicodeDecodeError:
            continue
    if readings:
        return _checked(min(readings, key=lambda d: mess_ratio(d.text)), path)
    _refuse_truncated(raw, path, utf8_error)
    mixed = _decode_by_line(raw)
    if mixed is not None:
        return _checked(mixed, path)
    best = from_bytes(raw).best()
    if best is None or best.encoding is None:
        raise ReadError(path, "cannot detect a text encoding")
    text = str(best)
    if text.count("\ufffd") > max(3, len(text) // 200):
        raise ReadError(path, f"undecodable bytes (best guess {best.encoding})")
    return _checked(_Decoded(text, best.encoding), path)


def _refuse_truncated(
    raw: bytes,
    path: str,
    utf8_error: UnicodeDecodeError,
    encodings: tuple[str, ...] = ("utf-8", *_CHINESE_ENCODINGS),
) -> None:
    """A file cut inside its last character is incomplete: refuse it rather than store half.

    A truncated copy would otherwise take the letter's place and make the whole copy look
    like a duplicate later.
    """
    for encoding in encodings:
        error = utf8_error if encoding == "utf-8" else None
        if error is None:
            try:
                raw.decode(encoding)
                continue
            except UnicodeDecodeError as exc:
                error = exc
        if error.end >= len(raw) and len(raw) - error.start < 4:
            try:
                raw[: error.start].decode(encoding)
            except UnicodeDecodeError:
                continue
            raise ReadError(
                path,
                f"truncated: the file ends inside a {encoding} character "
                f"(byte {error.start} of {len(raw)})",
            )


def _decode_by_line(raw: bytes) -> _Decoded | None:
    """Text pasted together from files in different encodings: each line in its own."""
    lines, used = [], []
    for line in raw.split(b"\n"):
        for encoding in ("utf-8", *_CHINESE_ENCODINGS):
            try:
                lines.append(line.decode(encoding))
            except UnicodeDecodeError:
                continue
            if line.strip(b" \t\r") and not line.isascii() and encoding not in used:
                used.append(encoding)
            break
        else:
            return None
    if len(used) < 2:
        return None
    return _Decoded(
        "\n".join(lines),
        "+".join(used),
        [f"mixed encodings: lines in {' and '.join(used)}, each decoded in its own"],
    )


# Unicode category Cc (C0, DEL, C1) except the layout controls tab, newline, CR and form feed.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _checked(decoded: _Decoded, path: str) -> _Decoded:
    text = decoded.text
    if not text.strip():
        raise ReadError(path, "file is empty")
    controls = len(_CONTROL_CHARS.findall(text))
    if controls > max(3, len(text) // 100):
        raise ReadError(path, "binary file (control characters), not a text letter")
    return decoded


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# What XML 1.0 cannot carry and no letter shows: C0/C1 controls but tab, newline and CR, lone
# surrogates and the non-characters U+FFFE/U+FFFF (form feed, a page break, is handled apart).
_UNSHOWN = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _without_controls(text: str) -> tuple[str, list[str]]:
    """``text`` without control characters, and a note saying how many went."""
    text = text.replace("\x0c", "\n")
    removed = len(_UNSHOWN.findall(text))
    if not removed:
        return text, []
    return _UNSHOWN.sub("", text), [f"removed {removed} control character(s) such as NUL"]


# --- Word ------------------------------------------------------------------------------------


def _unpacks_too_far(what: str, size: int, limit: int, declared: bool = False) -> str:
    if declared:
        told = f"declares it unpacks to {size / 2**20:.1f} MiB, over"
    else:
        told = f"unpacks to more than {size / 2**20:.1f} MiB (counted so far), over"
    return (
        f"{what} {told} the {limit / 2**20:.1f} MiB limit (POLICYKG_MAX_UNPACKED_BYTES): "
        f"a decompression bomb or not a letter"
    )


def _check_docx_parts(raw: bytes, path: str, limits: Settings) -> None:
    """Refuse a Word file whose parts unpack beyond ``max_unpacked_bytes`` together, or one
    of whose XML parts (which lxml parses whole) unpacks beyond ``max_docx_xml_bytes`` or
    holds more than ``max_markup_elements`` tags.

    python-docx loads every part (images too) into memory, so every part counts: first by the
    sizes the archive declares, then by what its parts really inflate to, read in chunks
    (zipfile stops a part at its declared size and then checks its CRC, so a part lying about
    its size is refused here as damaged, before python-docx holds any of it).
    """
    limit, xml_limit = limits.max_unpacked_bytes, limits.max_docx_xml_bytes
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
            if "word/document.xml" not in archive.namelist():
                raise ReadError(path, "a ZIP archive but not a Word .docx (no word/document.xml)")
            for member in members:
                if member.filename.endswith((".xml", ".rels")) and member.file_size > xml_limit:
                    raise ReadError(
                        path,
                        f"Word part {member.filename} unpacks to "
                        f"{member.file_size / 2**20:.1f} MiB, over the "
                        f"{xml_limit / 2**20:.1f} MiB limit for one XML part "
                        f"(POLICYKG_MAX_DOCX_XML_BYTES)",
                    )
            declared = sum(member.file_size for member in members)
            if declared > limit:
                raise ReadError(path, _unpacks_too_far("Word file", declared, limit, True))
            actual = 0
            for member in members:
                markup = member.filename.endswith((".xml", ".rels"))
                tags = 0
                with archive.open(member) as part:
                    while chunk := part.read(1 << 20):
                        actual += len(chunk)
                        if actual > limit:
                            raise ReadError(path, _unpacks_too_far("Word file", actual, limit))
                        tags += chunk.count(b"<") if markup else 0
                if tags > limits.max_markup_elements:
                    raise ReadError(
                        path, _too_many_tags(f"Word part {member.filename}", tags, limits)
                    )
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise ReadError(path, f"damaged .docx (not a readable ZIP archive: {exc})") from exc


def _docx_text(raw: bytes, path: str, limits: Settings) -> str:
    import_extra("docx", "formats", path=path)  # this letter's error if the extra is missing
    import docx
    from docx.table import Table

    _check_docx_parts(raw, path, limits)
    started = time.monotonic()
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # python-docx raises lxml, zipfile and KeyError alike
        raise ReadError(path, f"damaged .docx ({type(exc).__name__}: {exc})") from exc

    lines: list[str] = []
    characters = 0

    def add_block(block: Any) -> None:
        nonlocal characters
        if isinstance(block, Table):
            add_table(block)
            return
        lines.append(block.text)
        characters += len(lines[-1]) + 1
        if characters > limits.max_letter_chars:
            raise ReadError(path, _too_long(characters, limits, so_far=True))
        if len(lines) % 1000 == 0 and time.monotonic() - started > limits.max_read_seconds:
            raise ReadError(
                path,
                f"reading stopped after {limits.max_read_seconds:g} s at "
                f"paragraph {len(lines)} (POLICYKG_MAX_READ_SECONDS)",
            )

    def add_table(table: Table) -> None:
        seen: dict[int, Any] = {}  # id -> cell element (kept, so that its id stays its own)
        for row in table.rows:
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell repeats in each span
                    continue
                seen[id(cell._tc)] = cell._tc
                first = len(lines)
                for block in cell.iter_inner_content():
                    add_block(block)
                if len(lines) == first:
                    lines.append("")
                lines[first] = "\t" + lines[first]

    for block in document.iter_inner_content():
        add_block(block)
    return "\n".join(lines)


# --- PDF -------------------------------------------------------------------------------------

# "- 3 -", "— 3 —", "第3页", "第 3 页 共 9 页", "3/9", "Page 3": page furniture, not letter text.
_PAGE_NUMBER = re.compile(
    r"^[\s\-－—–]*(?:第\s*\d+\s*页(?:\s*[，,]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|(?:page\s*)?\d+)"
    r"[\s\-－—–]*$",
    re.I,
)
_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN_UNIT = re.compile(r"[A-Za-z0-9.,%()\[\]\-/]+")
_NO_LINE_START = "，。、；：？！）》」』】〕”’,.;:?!)]%"  # kinsoku: these never open a line


@dataclass
class _PdfLine:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    em: float
    first_unit: float  # width of what would have had to fit at the end of the line before
    page: int = 0


@dataclass
class _PdfTable:
    """A ruled table: its cells in reading order, each cell's own lines."""

    top: float
    cells: list[list[_PdfLine]]


class _Unpacked(Exception):
    """A PDF stream inflated past its budget (the size reached so far)."""

    def __init__(self, size: int) -> None:
        self.size = size


class _Budget:
    """Bytes unpacked so far against the limit; over it raises :class:`_Unpacked`."""

    def __init__(self, limit: int) -> None:
        self.limit, self.used = limit, 0

    def spend(self, size: int) -> None:
        self.used += size
        if self.used > self.limit:
            raise _Unpacked(self.used)

    def counted(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        for chunk in chunks:
            self.spend(len(chunk))
            yield chunk


def _inflated(chunks: Iterable[bytes | memoryview]) -> Iterator[bytes]:
    """What zlib data inflates to, a megabyte at a time; stops at the end of its data."""
    inflater = zlib.decompressobj()
    for data in chunks:
        while data and not inflater.eof:
            out = inflater.decompress(data, 1 << 20)
            data = inflater.unconsumed_tail
            if out:
                yield out
        if inflater.eof:
            return


def _looks_like_zlib(data: bytes) -> bool:
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


def _measure_inflation(
    chunks: Iterable[bytes | memoryview], budget: _Budget, depth: int = 0
) -> None:
    """Spend what zlib data (and zlib data inside it, as a filter chain makes) inflates to."""
    layer = budget.counted(_inflated(chunks))
    try:
        first = next(layer, b"")
        if depth < 3 and _looks_like_zlib(first):
            _measure_inflation(itertools.chain([first], layer), budget, depth + 1)
        for _ in layer:
            pass
    except zlib.error:
        pass  # not zlib data after all, or damaged where pdfminer stops too


_STREAM_START = re.compile(rb"stream(?:\r\n|\n|\r)")


def _check_pdf_raw_streams(raw: bytes, budget: _Budget) -> None:
    """Measure every zlib stream in the file's bytes before pdfminer sees any of it.

    pdfminer inflates whole streams in memory with no limit, and some (cross-reference and
    object streams) while merely opening the file; so each ``stream`` keyword's data is
    inflated here first, in chunks, counted and thrown away. Not relying on the declared
    /Length: a lying one would hide the data pdfminer finds anyway.
    """
    view = memoryview(raw)
    for match in _STREAM_START.finditer(raw):
        start = match.end()
        if not _looks_like_zlib(raw[start : start + 2]):
            continue
        _measure_inflation((view[i : i + 65536] for i in range(start, len(raw), 65536)), budget)


def _check_pdf_objects(document: Any, budget: _Budget) -> None:
    """Measure every stream of the opened document through its whole filter chain.

    Catches what the byte scan cannot see: encrypted streams, and LZW or run-length data,
    which pdfminer also unpacks whole. Images pass through undecoded, as in text extraction.
    """
    from pdfminer.ascii85 import ascii85decode, asciihexdecode
    from pdfminer.lzw import LZWDecoder
    from pdfminer.pdftypes import PDFStream
    from pdfminer.psparser import LIT

    flate, lzw = {LIT("FlateDecode"), LIT("Fl")}, {LIT("LZWDecode"), LIT("LZW")}
    runlength = {LIT("RunLengthDecode"), LIT("RL")}
    ascii_filters = {
        LIT("ASCII85Decode"): ascii85decode,
        LIT("A85"): ascii85decode,
        LIT("ASCIIHexDecode"): asciihexdecode,
        LIT("AHx"): asciihexdecode,
    }
    for xref in document.xrefs:
        for objid in xref.get_objids():
            try:
                in_object_stream = xref.get_pos(objid)[0] is not None
                obj = None if in_object_stream else document.getobj(objid)
            except Exception:  # pdfminer's own errors on a broken object: skipped as it does
                continue
            if not isinstance(obj, PDFStream) or obj.rawdata is None:
                continue
            data = obj.rawdata
            if obj.decipher and obj.objid is not None and obj.genno is not None:
                data = obj.decipher(obj.objid, obj.genno, data, obj.attrs)
            for name, _ in obj.get_filters():
                if name in flate:
                    data = _bounded_inflate(data, budget)
                elif name in lzw:
                    data = b"".join(budget.counted(LZWDecoder(io.BytesIO(data)).run()))
                elif name in runlength:
                    data = _bounded_run_length(data, budget)
                elif name in ascii_filters:
                    data = ascii_filters[name](data)  # these shrink
                else:
                    break  # images and unknown filters: pdfminer keeps them as they are


def _bounded_inflate(data: bytes, budget: _Budget) -> bytes:
    try:
        return b"".join(budget.counted(_inflated([data])))
    except zlib.error:
        return b""


def _bounded_run_length(data: bytes, budget: _Budget) -> bytes:
    out = bytearray()
    i = 0
    while i < len(data) and data[i] != 128:
        length = data[i]
        if length < 128:
            piece = data[i + 1 : i + 2 + length]
            i += 2 + length
        else:
            piece = data[i + 1 : i + 2] * (257 - length)
            i += 2
        budget.spend(len(piece))
        out += piece
    return bytes(out)


def _pdf_failure(exc: Exception) -> str:
    """The reason behind pdfplumber's wrapper (PdfminerException hides its cause in args)."""
    causes = [exc, *(arg for arg in exc.args if isinstance(arg, BaseException))]
    cause = exc.__cause__ or exc.__context__
    if cause is not None:
        causes.append(cause)
    for item in causes:
        name = type(item).__name__
        if "Password" in name or "Encrypt" in name or "encrypt" in str(item).lower():
            return "encrypted PDF (password-protected): cannot read its text without the password"
    inner = causes[-1]
    return f"damaged PDF ({type(inner).__name__}: {inner})"


def _pdf_text(raw: bytes, path: str, limits: Settings) -> str:
    import_extra("pdfplumber", "formats", path=path)
    import pdfplumber

    budget = _Budget(limits.max_unpacked_bytes)
    started = time.monotonic()
    pages: list[list[_PdfLine | _PdfTable]] = []
    characters = 0
    pictures = 0
    try:
        _check_pdf_raw_streams(raw, budget)
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            # Before the page tree is read: its objects may sit in an LZW object stream.
            _check_pdf_objects(pdf.doc, _Budget(limits.max_unpacked_bytes))
            count = len(pdf.pages)
            if count > limits.max_pdf_pages:
                raise ReadError(
                    path,
                    f"PDF has {count} pages, over the {limits.max_pdf_pages}-"
                    f"page limit (POLICYKG_MAX_PDF_PAGES)",
                )
            for number, page in enumerate(pdf.pages):
                if time.monotonic() - started > limits.max_read_seconds:
                    raise ReadError(
                        path,
                        f"reading stopped after {limits.max_read_seconds:g} s "
                        f"at page {number + 1} of {count} "
                        f"(POLICYKG_MAX_READ_SECONDS)",
                    )
                items = _page_items(page, number)
                pictures += len(page.images)
                page.close()  # pdfplumber caches each page's layout: keep one page at a time
                pages.append(items)
                characters += sum(len(line.text) for line in items if isinstance(line, _PdfLine))
                if characters > limits.max_letter_chars:
                    raise ReadError(path, _too_long(characters, limits, so_far=True))
    except ReadError:
        raise
    except _Unpacked as exc:
        raise ReadError(path, _unpacks_too_far("PDF", exc.size, budget.limit)) from exc
    except Exception as exc:  # pdfminer raises its own, ValueError, KeyError… on bad files
        raise ReadError(path, _pdf_failure(exc)) from exc
    if not any(pages):
        raise ReadError(path, "PDF has no text layer (a scanned image?): run OCR on it first")
    texts = [line.text for items in pages for line in items if isinstance(line, _PdfLine)]
    if not any(_HAN.search(text) for text in texts) and any("(cid:" in t for t in texts):
        raise ReadError(
            path,
            "PDF's fonts have no Unicode mapping (its text comes out as "
            "(cid:N) glyph codes): the text cannot be extracted; run OCR on it",
        )
    if pictures and not any(_HAN.search(text) for text in texts):
        raise ReadError(
            path,
            f"PDF has no Chinese text layer, only {characters} characters "
            f"of other text beside {pictures} picture(s): a scanned image? "
            f"run OCR on it first",
        )
    body = [item for items in pages for item in items if isinstance(item, _PdfLine)]
    left = min((line.x0 for line in body), default=0.0)
    right = max((line.x1 for line in body), default=0.0)
    out: list[str] = []
    run: list[_PdfLine] = []
    for item in (item for items in pages for item in items):
        if isinstance(item, _PdfLine):
            run.append(item)
            continue
        out.extend(_unwrap(run, left, right))
        run = []
        for cell in item.cells:  # a cell opens a tab-led line, as in the plain-text letters
            paragraphs = _unwrap(
                cell,
                min((ln.x0 for ln in cell), default=0.0),
                max((ln.x1 for ln in cell), default=0.0),
            ) or [""]
            out.extend(["\t" + paragraphs[0], *paragraphs[1:]])
    out.extend(_unwrap(run, left, right))
    return "\n".join(out)


def _page_items(page: Any, number: int) -> list[_PdfLine | _PdfTable]:
    """A page's lines outside tables and its ruled tables, top to bottom."""
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    items: list[_PdfLine | _PdfTable] = [
        line
        for line in _lines_of(page, number, drop_page_numbers=True)
        if not any(_inside(line, box) for box in boxes)
    ]
    for table in tables:
        cells = []
        for row in table.rows:
            for box in row.cells:
                if box is not None:  # None: covered by a merged cell
                    # crop, not within_bbox: punctuation may hang past the cell edge
                    cells.append(_lines_of(page.crop(box), number))
        items.append(_PdfTable(top=float(table.bbox[1]), cells=cells))
    return sorted(items, key=lambda item: item.top)


def _inside(line: _PdfLine, box: tuple[float, float, float, float]) -> bool:
    middle_x, middle_y = (line.x0 + line.x1) / 2, (line.top + line.bottom) / 2
    return box[0] <= middle_x <= box[2] and box[1] <= middle_y <= box[3]


def _lines_of(page: Any, number: int, drop_page_numbers: bool = False) -> list[_PdfLine]:
    height = float(page.height)
    out = []
    for raw_line in page.extract_text_lines(return_chars=True, strip=True):
        text, chars = raw_line["text"], raw_line["chars"]
        if not text or not chars:
            continue
        top, bottom = float(raw_line["top"]), float(raw_line["bottom"])
        in_margin = top < 0.1 * height or bottom > 0.9 * height
        if drop_page_numbers and in_margin and _PAGE_NUMBER.match(text):
            continue
        em = max(float(c["size"]) for c in chars) or 10.0
        out.append(
            _PdfLine(
                text,
                float(raw_line["x0"]),
                float(raw_line["x1"]),
                top,
                bottom,
                em,
                _first_unit_width(chars),
                number,
            )
        )
    return out


def _first_unit_width(chars: list[dict[str, Any]]) -> float:
    """Width of a line's first unbreakable unit: a Latin/digit run or one Han character,
    with the punctuation that may not start a line."""
    i = 0
    if _LATIN_UNIT.fullmatch(chars[0]["text"]):
        while i + 1 < len(chars) and _LATIN_UNIT.fullmatch(chars[i + 1]["text"]):
            i += 1
    while i + 1 < len(chars) and chars[i + 1]["text"] in _NO_LINE_START:
        i += 1
    return float(chars[i]["x1"]) - float(chars[0]["x0"])


def _unwrap(lines: list[_PdfLine], left: float, right: float) -> list[str]:
    """Lines the layout wrapped, joined back into their paragraph.

    A line continues into the next one when the next one's first word would not have fitted
    in the room left at its end (with one em of slack for justification and line-start
    rules), both start at the block's left edge (a paragraph's first line may be indented,
    its continuation not) and no wider gap than a line's separates them. Right-aligned or
    centred lines (signatures, dates, titles) therefore stay lines of their own, except the
    centred rest of a title that filled its first line.
    """
    out: list[str] = []
    for k, line in enumerate(lines):
        prev = lines[k - 1] if k else None
        if prev is not None and _continues(prev, line, left, right):
            joiner = " " if prev.text[-1:].isascii() and line.text[:1].isascii() else ""
            out[-1] += joiner + line.text
        else:
            out.append(line.text)
    return out


def _continues(prev: _PdfLine, line: _PdfLine, left: float, right: float) -> bool:
    em = prev.em
    full = right - prev.x1 < line.first_unit + em
    prev_at_left = prev.x0 - left < 3 * em
    continues_at_left = line.x0 - left < 0.5 * em
    close = line.page != prev.page or 0 <= line.top - prev.bottom < 1.2 * em
    if full and prev_at_left and close and not continues_at_left:
        # A centred title that wraps: a full line, then its rest centred under it, in the
        # same type size (a paragraph's last line starts at the left edge instead).
        middle = (left + right) / 2
        centred = abs((line.x0 + line.x1) / 2 - middle) < em
        return centred and line.page == prev.page and abs(line.em - em) < 0.1 * em
    return full and prev_at_left and continues_at_left and close


# --- HTML ------------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "big5-hkscs": "big5hkscs",
}
_BLOCKS = ("p", "head", "item", "quote", "code", "list", "table", "row", "cell", "div")


def _too_many_tags(what: str, tags: int, limits: Settings) -> str:
    return (
        f"{what} has {tags:,} tags, over the {limits.max_markup_elements:,}-element limit "
        f"(POLICYKG_MAX_MARKUP_ELEMENTS): a reply has a few thousand"
    )


def _html_text(raw: bytes, path: str, limits: Settings) -> tuple[str, str]:
    tags = raw.count(b"<")  # parsing costs per element: count them before lxml builds any
    if tags > limits.max_markup_elements:
        raise ReadError(path, _too_many_tags("web page", tags, limits))
    html, encoding = _decode_html(raw, path)
    import_extra("trafilatura", "formats", path=path)
    import trafilatura
    from trafilatura.settings import use_config

    config = use_config()
    # A short reply is still a letter: trafilatura's defaults drop pages under 250 characters.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    try:
        extracted = trafilatura.bare_extraction(
            html,
            favor_precision=True,
            include_tables=True,
            include_comments=False,
            include_formatting=False,
            include_links=False,
            include_images=False,
            deduplicate=False,
            with_metadata=False,
            config=config,
        )
    except Exception as exc:  # lxml and trafilatura's fallbacks on broken markup
        raise ReadError(path, f"cannot parse the web page ({type(exc).__name__}: {exc})") from exc
    body = getattr(extracted, "body", None)
    lines: list[str] = []
    if body is not None:
        _html_block_lines(body, lines)
    # Blank lines go; a tab-only line is an empty table cell and keeps the cells in place.
    text = "\n".join(line for line in lines if line.strip() or line == "\t")
    if not text.strip():
        raise ReadError(path, "no main text found in the web page")
    return text, encoding


def _decode_html(raw: bytes, path: str) -> tuple[str, str]:
    """The page's declared charset (GB2312 read as its superset GB18030), else detection."""
    declared = _META_CHARSET.search(raw[:4096])
    if declared and not any(raw.startswith(bom) for bom, _ in _BOMS):
        name = declared.group(1).decode("ascii").lower()
        encoding = _CHARSET_ALIASES.get(name, name)
        try:
            codecs.lookup(encoding)
            return raw.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common: fall back to detection
    decoded = _decode(raw, path)
    return decoded.text, decoded.encoding


def _html_block_lines(element: Any, lines: list[str]) -> None:
    """trafilatura's XML body to lines: a paragraph per line, cells tab-led."""
    for child in element:
        if child.tag == "table":
            for cell in child.iter("cell"):
                first = len(lines)
                if any(c.tag in _BLOCKS for c in cell):
                    _html_block_lines(cell, lines)
                else:
                    lines.append(_inline_text(cell))
                if len(lines) == first:
                    lines.append("")
                lines[first] = "\t" + lines[first]
        elif child.tag in ("list", "div") or any(c.tag in _BLOCKS for c in child):
            _html_block_lines(child, lines)
        else:
            lines.append(_inline_text(child))


def _inline_text(element: Any) -> str:
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == "lb" else _inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts).strip()


# --- files -----------------------------------------------------------------------------------


def _sniff(raw: bytes, path: str) -> LetterFormat:
    """The format the bytes are in; the suffix decides only between plain text and HTML."""
    suffix = Path(path).suffix.lower()
    if b"%PDF-" in raw[:1024]:
        return "pdf"
    if raw.startswith(b"PK\x03\x04"):
        return "docx"
    if raw.startswith(_OLE_MAGIC):
        raise ReadError(path, "legacy Word/WPS file (.doc/.wps): save it as .docx and retry")
    named = SUFFIX_FORMATS.get(suffix)
    if named in ("pdf", "docx"):
        raise ReadError(path, f"named {suffix} but is not a {named.upper()} file")
    if named == "html":
        return "html"
    head = raw[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "txt"


def letter_from_bytes(
    raw: bytes,
    path: str = "<bytes>",
    *,
    max_bytes: int | None = None,
    settings: Settings | None = None,
) -> Letter:
    """A letter from a file's bytes (an upload, or what :func:`read_letter` read), within the
    limits of ``settings`` (default :func:`get_settings`); ``max_bytes`` overrides its
    ``max_letter_bytes``."""
    limits = _limits(settings, max_bytes)
    limit = limits.max_letter_bytes
    if len(raw) > limit:
        raise ReadError(path, _too_large(len(raw), limit))
    fmt = _sniff(raw, path)
    notes: list[str] = []
    encoding: str | None = None
    if fmt == "pdf":
        text = _pdf_text(raw, path, limits)
    elif fmt == "docx":
        text = _docx_text(raw, path, limits)
    elif fmt == "html":
        text, encoding = _html_text(raw, path, limits)
    else:
        decoded = _decode(raw, path)
        text, encoding, notes = decoded.text, decoded.encoding, decoded.notes
    if len(text) > limits.max_letter_chars:
        raise ReadError(path, _too_long(len(text), limits))
    text, removed = _without_controls(text)
    return Letter(
        path=path,
        text=normalise_newlines(text),
        format=fmt,
        encoding=encoding,
        sha256=hashlib.sha256(raw).hexdigest(),
        notes=[*notes, *removed],
    )


def _limits(settings: Settings | None, max_bytes: int | None) -> Settings:
    limits = settings if settings is not None else get_settings()
    if max_bytes is not None and max_bytes != limits.max_letter_bytes:
        limits = limits.model_copy(update={"max_letter_bytes": max_bytes})
    return limits


_FILE_KINDS = {
    stat.S_ISFIFO: "a named pipe",
    stat.S_ISSOCK: "a socket",
    stat.S_ISCHR: "a character device",
    stat.S_ISBLK: "a block device",
}
PATH_MAX = 4096  # Linux: longer paths cannot be opened by name


def display_path(path: str | Path) -> str:
    """``path`` as text that can be printed and stored: a file name's bytes that are not
    UTF-8 are read as GB18030 (Chinese Windows and old ZIP archives write those), else shown
    as ``\\xNN`` escapes instead of the lone surrogates Python keeps them in."""
    text = str(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        raw = os.fsencode(text)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def read_letter(
    path: str | Path, *, max_bytes: int | None = None, settings: Settings | None = None
) -> Letter:
    """Read a letter file into a :class:`Letter`, within the limits of ``settings`` (default
    :func:`get_settings`; ``max_bytes`` overrides its ``max_letter_bytes``).

    Only a regular file is opened; one larger than the limit is refused without being read.
    """
    limits = _limits(settings, max_bytes)
    limit = limits.max_letter_bytes
    name = display_path(path)
    raw = _read_regular_file(Path(path), name, limit)
    return letter_from_bytes(raw, name, settings=limits)


def _read_regular_file(path: Path, name: str, limit: int) -> bytes:
    length = len(os.fsencode(path))
    if length >= PATH_MAX:
        raise ReadError(
            name,
            f"path is {length} bytes, over the system's {PATH_MAX}-byte "
            f"limit: move the letter to a shorter path",
        )
    try:
        kind = os.stat(path).st_mode
        if stat.S_ISDIR(kind):
            os.scandir(path).close()
            raise ReadError(name, "a folder, not a letter file")
        if not stat.S_ISREG(kind):
            raise ReadError(name, f"not a regular file but {_kind(kind)}: skipped unread")
        # O_NONBLOCK: if a pipe took the file's place since the stat, opening must not wait.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(descriptor, "rb") as handle:
            opened = os.fstat(handle.fileno())
            if not stat.S_ISREG(opened.st_mode):
                raise ReadError(
                    name, f"not a regular file but {_kind(opened.st_mode)}: skipped unread"
                )
            if opened.st_size > limit:
                raise ReadError(name, _too_large(opened.st_size, limit))
            raw = handle.read(limit + 1)  # a growing file may pass its size
    except OSError as exc:
        raise ReadError(name, _os_reason(exc, os.path.isdir(path))) from exc
    if len(raw) > limit:
        raise ReadError(name, _too_large(len(raw), limit, at_least=True))
    return raw


def _kind(mode: int) -> str:
    return next((kind for test, kind in _FILE_KINDS.items() if test(mode)), "a special file")


def _os_reason(exc: OSError, folder: bool) -> str:
    what = exc.strerror or str(exc)
    if exc.errno == errno.ENAMETOOLONG:
        return f"path too long for the system ({what}): move the letter to a shorter path"
    if folder:
        return f"folder cannot be read ({what}): letters in it, if any, were not read"
    return f"cannot read file ({what})"


def _too_large(size: int, limit: int, at_least: bool = False) -> str:
    more = "more than " if at_least else ""
    return (
        f"file is {more}{size / 2**20:.1f} MiB, over the {limit / 2**20:.1f} MiB limit "
        f"(POLICYKG_MAX_LETTER_BYTES)"
    )


def _too_long(characters: int, limits: Settings, so_far: bool = False) -> str:
    more = "more than " if so_far else ""
    return (
        f"text is {more}{characters:,} characters, over the "
        f"{limits.max_letter_chars:,}-character limit (POLICYKG_MAX_LETTER_CHARS): "
        f"a reply is a few thousand; is this several letters in one file?"
    )


def letter_from_text(text: str, path: str = "<text>") -> Letter:
    """A letter given as text (tests, API uploads already decoded)."""
    text = normalise_newlines(text.removeprefix("\ufeff"))
    return Letter(
        path=path,
        text=text,
        encoding="utf-8",
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def _not_a_letter(name: str) -> str:
    if name.startswith("~$"):
        return "a Word lock file, not a letter"
    if name.startswith("."):
        return "hidden file, not read"
    return f"not a letter's suffix ({' '.join(LETTER_SUFFIXES)}), not read"


def _is_letter_file(name: str) -> bool:
    # Hidden files and Word's "~$" lock files sit beside real letters in shared folders.
    return not name.startswith((".", "~$")) and os.path.splitext(name)[1].lower() in SUFFIX_FORMATS


def iter_letter_paths(
    paths: Sequence[str | Path], skipped: list[tuple[Path, str]] | None = None
) -> list[Path]:
    """Expand files and folders (recursively, symlinked folders not followed) into letter
    files, in a stable order. A file named explicitly is kept whatever its suffix.

    Nothing the walk meets is dropped silently: a folder it cannot list (no permission, a
    path too long for the system) is kept in the list, and so is a pipe, socket or device
    with a letter's name, for :func:`read_letter` to refuse each with its reason; what is
    not a letter by its name (another suffix, hidden, a Word lock file, a symlinked folder)
    goes to ``skipped`` with the reason, when the caller gives that list.
    """
    found: list[Path] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            inside: list[Path] = []
            passed: list[tuple[Path, str]] = []

            def unlisted(error: OSError, into: list[Path] = inside) -> None:
                into.append(Path(error.filename))

            for root, dirs, files in os.walk(p, onerror=unlisted):
                for name in dirs:
                    if name.startswith("."):
                        passed.append((Path(root, name), "hidden folder, not searched"))
                    elif os.path.islink(os.path.join(root, name)):
                        passed.append((Path(root, name), "symlinked folder, not followed"))
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in files:
                    if _is_letter_file(name):
                        inside.append(Path(root, name))
                    else:
                        passed.append((Path(root, name), _not_a_letter(name)))
            found.extend(sorted(inside, key=lambda q: q.relative_to(p).parts))
            if skipped is not None:
                skipped.extend(sorted(passed, key=lambda entry: entry[0].relative_to(p).parts))
        else:
            found.append(p)
    return found
