"""Hostile files made at test time: decompression bombs in Word and PDF, huge PDFs, PDFs
without text. Nothing big is committed; a 1 GiB bomb is built in well under a second by
repeating one compressed block."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import docx

GiB = 2**30
MiB = 2**20
_CHUNK = bytes(MiB)


def deflated_zeros(size: int, *, wrapped: bool) -> tuple[bytes, int]:
    """``size`` zero bytes (a multiple of 1 MiB) deflated, and their CRC-32.

    A full flush makes every megabyte compress to the same bytes, so the stream is one block
    repeated. ``wrapped``: zlib format (a PDF's FlateDecode), else raw deflate (a ZIP member).
    """
    assert size % MiB == 0
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(_CHUNK) + compressor.flush(zlib.Z_FULL_FLUSH)
    body = block * (size // MiB) + compressor.flush()
    crc, adler = 0, 1
    for _ in range(size // MiB):
        crc, adler = zlib.crc32(_CHUNK, crc), zlib.adler32(_CHUNK, adler)
    if wrapped:
        body = b"\x78\xda" + body + adler.to_bytes(4, "big")
    return body, crc


def _zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A ZIP archive of already deflated members: (name, data, crc, size, declared size)."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, crc, _, declared in members:
        offset = out.tell()
        encoded = name.encode()
        header = struct.pack(
            "<HHHHHIIIHH", 20, 0, 8, 0, 0, crc, len(data), declared, len(encoded), 0
        )
        out.write(b"PK\x03\x04" + header + encoded + data)
        central.write(
            b"PK\x01\x02"
            + struct.pack("<H", 20)
            + header
            + struct.pack("<HHHII", 0, 0, 0, 0, offset)
            + encoded
        )
    directory = central.getvalue()
    start = out.tell()
    out.write(directory)
    out.write(
        b"PK\x05\x06"
        + struct.pack("<HHHHIIH", 0, 0, len(members), len(members), len(directory), start, 0)
    )
    return out.getvalue()


def word_file(text: str) -> bytes:
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def word_bomb(text: str, *, part: str, size: int, declared: int | None = None) -> bytes:
    """A real Word file whose ``part`` (replaced or added) unpacks to ``size`` zero bytes;
    the archive declares ``declared`` (default: the truth)."""
    members = []
    with zipfile.ZipFile(io.BytesIO(word_file(text))) as archive:
        for info in archive.infolist():
            if info.filename == part:
                continue
            raw = archive.read(info)
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            data = compressor.compress(raw) + compressor.flush()
            members.append((info.filename, data, zlib.crc32(raw), len(raw), len(raw)))
    data, crc = deflated_zeros(size, wrapped=False)
    members.append((part, data, crc, size, size if declared is None else declared))
    return _zip(members)


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF of numbered objects (1 is the catalog) with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def stream(data: bytes, filters: str = "") -> bytes:
    extra = f" /Filter {filters}".encode() if filters else b""
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def pdf_with_content(content: bytes, filters: str = "") -> bytes:
    """One page whose content stream is ``content`` (encoded by ``filters``)."""
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << >> >>",
            stream(content, filters),
        ]
    )


def lzw_encoded(data: bytes) -> bytes:
    """``data`` as LZW codes, one literal per byte (enough to exercise the decoder: what
    counts here is the size the decoder produces, not the compression)."""
    bits, nbits, table = 0, 9, 258
    length = 0

    def emit(code: int) -> None:
        nonlocal bits, length
        bits = bits << nbits | code
        length += nbits

    emit(256)
    fresh = True  # the first code after a clear adds no table entry
    for byte in data:
        emit(byte)
        if not fresh:
            table += 1
        fresh = False
        nbits = 12 if table >= 2047 else 11 if table >= 1023 else 10 if table >= 511 else 9
        if table >= 4000:
            emit(256)
            nbits, table, fresh = 9, 258, True
    emit(257)
    padding = -length % 8
    return (bits << padding).to_bytes((length + padding) // 8, "big")


def text_pdf(pages: int, path: Path, line: str = "Page") -> Path:
    """A text PDF of ``pages`` pages (Latin text: fast to build, still a text layer)."""
    from reportlab.pdfgen import canvas

    drawing = canvas.Canvas(str(path))
    for number in range(pages):
        for row in range(40):
            drawing.drawString(72, 800 - row * 18, f"{line} {number} line {row} " * 3)
        drawing.showPage()
    drawing.save()
    return path
