"""The layout of a reply letter: header and footer fields, suggestions, the status table.

Everything here works on the decoded text with regular expressions over lines; each field
keeps the character span it was read from so the record can carry evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykg.extract.header import is_agency_name, read_header
from policykg.extract.text import CN_ORDINALS, Segment, cn_number, halfwidth

HAN = r"\u4e00-\u9fa5"
CN_NUM = CN_ORDINALS + "〇○零两"


@dataclass
class Field:
    value: str
    start: int
    end: int


@dataclass
class SuggestionBlock:
    ordinal: int
    heading: Segment
    key: str
    body_start: int
    body_end: int


@dataclass
class TableRow:
    """One suggestion's row in the appended status table: cells by status column."""

    suggestion: Segment
    cells: dict[str, Segment] = field(default_factory=dict)


@dataclass
class Layout:
    fields: dict[str, Field] = field(default_factory=dict)
    suggestions: list[SuggestionBlock] = field(default_factory=list)
    body_start: int = 0
    body_end: int = 0
    table_start: int | None = None
    table_rows: list[TableRow] = field(default_factory=list)
    table_cells: list[Segment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Stretches that are the site's, not the letter's: metadata values, and the page's
    # furniture from 上一篇/责任编辑 on. Agencies named there are not the letter's.
    site_spans: list[tuple[int, int]] = field(default_factory=list)
    metadata: dict[str, Field] = field(default_factory=dict)

    def get(self, name: str) -> str | None:
        f = self.fields.get(name)
        return f.value if f else None


# Reply-form status columns in their printed order (已落实 | 正在落实 | 计划落实 | 未能落实及原因).
TABLE_STATUS_COLUMNS = ("done", "in_progress", "planned", "declined")

DOC_NUMBER_LIKE = re.compile(r"[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]")
_TITLE_LINE = re.compile(rf"^\s*(?P<issuer>[{HAN}（）()]{{4,40}}?)关于")
_CN_DATE = re.compile(
    rf"(?=[\d{CN_NUM}])"  # skips fast where no year can start
    rf"(?P<y>\d{{4}}|[{CN_NUM}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{CN_NUM}]{{1,3}})\s*月\s*"
    rf"(?P<d>\d{{1,2}}|[{CN_NUM}]{{1,3}})\s*日"
)
_RECIPIENT = re.compile(
    rf"^[ \t\u3000]*(?P<who>[{HAN}A-Za-z（）()·]{{2,30}}?)(?P<title>委员|代表|同志|先生|女士)?"
    rf"[ \t\u3000]*[：:][ \t\u3000]*$",
    re.M,
)
_EVALUATION = re.compile(r"类别[\s\S]{0,20}?[_＿\s]*(?P<cls>[ABCD])[_＿\s]*类")
_CONTACT = re.compile(rf"联系人[\s：:]*(?P<who>[{HAN}]{{2,4}})(?![{HAN}])")
_PHONE = re.compile(
    r"(?:联系电话|(?<=[，,；;\s（(])电话)[\s：:]*(?P<phone>[\d\-－—（）() ]{7,20}\d)"
)
# Written as 市政协七届三次会议 or 绵阳市政协…; the city is added from the issuer when absent.
_SESSION = re.compile(
    rf"(?P<who>[省市区县]?(?:政协[{CN_NUM}]+届|[{CN_NUM}]+届(?:人大|人民代表大会)?)"
    rf"[{CN_NUM}]+次会议)"
)
_CO_HANDLERS = re.compile(
    r"结合(?P<list>[^。；\n]{2,120}?)的?(?:会办|协办|会签)意见"
    r"|经(?:商|征求|会同)(?P<list2>[^。；\n，,]{2,120}?)(?:意见|同意)?[，,]"
    # 本件由我局主办，市X局、市Y局会办 / …为会办单位
    r"|主办[，,、](?P<list3>[^。；\n，,]{2,120}?)(?:为)?(?:会办|协办)(?:单位)?[。，,；]"
)
_SUGGESTION_LABEL = re.compile(
    rf"^[ \t\u3000]*(?P<label>(?:建议|意见)(?P<n1>[{CN_ORDINALS}\d]{{1,3}}))[，,、：:。\s]",
    re.M,
)
_ROW_OPENER = re.compile(rf"^(?:建议|意见)[{CN_ORDINALS}\d]")
_TOP_HEADING = re.compile(rf"^[ \t\u3000]*(?P<n>[{CN_ORDINALS}]{{1,3}})、", re.M)
_CLOSING = re.compile(
    r"^[ \t\u3000]*(?:专此函复|特此函复|此复|感谢您|欢迎再提|欢迎继续|联系人)", re.M
)
_QUOTE = re.compile(r"[“\"「](?P<q>[^”\"」]{2,200})[”\"」]")


def _date_iso(m: re.Match[str]) -> str | None:
    y, mo, d = cn_number(m.group("y")), cn_number(m.group("m")), cn_number(m.group("d"))
    if y is None or mo is None or d is None or not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def find_letter_date(text: str) -> Field | None:
    """The letter's date: the last date standing alone on a line, else the last full date."""
    best: Field | None = None
    for m in _CN_DATE.finditer(halfwidth(text)):
        iso = _date_iso(m)
        if iso is None:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line = text[line_start : len(text) if line_end < 0 else line_end]
        alone = line.strip() == m.group(0).strip()
        if alone or best is None or not getattr(best, "_alone", False):
            best = Field(iso, m.start(), m.end())
            best._alone = alone  # type: ignore[attr-defined]
    return best


def _heading_region(text: str) -> tuple[int, int]:
    """The letter's opening lines: up to the salutation line (…：) or the first 400 chars."""
    m = _RECIPIENT.search(text, 0, min(len(text), 800))
    return 0, (m.start() if m else min(len(text), 400))


def parse_layout(text: str) -> Layout:
    layout = _seed_layout(text)
    header = read_header(text)
    old = layout.fields.get("issuer_written")
    if old is not None and not is_agency_name(old.value):
        del layout.fields["issuer_written"]  # 你们提出的关于…: a sentence, not a title
    layout.warnings = header.warnings
    layout.metadata = {k: Field(v.value, v.start, v.end) for k, v in header.metadata.items()}
    layout.site_spans = [(v.start, v.end) for v in header.metadata.values()]
    if header.page_end is not None:
        layout.site_spans.append((header.page_end, len(text)))
    # The genre's frame wins where it found a field; the older line rules fill the rest.
    for name, span in header.fields.items():
        layout.fields[name] = Field(span.value, span.start, span.end)
    if "recipient" in header.fields and "recipient_title" not in header.fields:
        layout.fields.pop("recipient_title", None)
    if header.salutation_end is not None:
        layout.body_start = max(header.salutation_end, header.ack_end or 0)
    elif header.ack_end is not None:
        layout.body_start = header.ack_end
    if header.body_end is not None and header.body_end > layout.body_start:
        layout.body_end = (
            min(layout.body_end, header.body_end)
            if layout.body_end > layout.body_start
            else header.body_end
        )
    layout.suggestions = _parse_suggestions(text, layout.body_start, layout.body_end)
    return layout


def _seed_layout(text: str) -> Layout:
    layout = Layout(body_end=len(text))
    flat = halfwidth(text)
    head_start, head_end = _heading_region(text)

    rec = _RECIPIENT.search(text, 0, min(len(text), 800))
    if rec:
        who = rec.group("who").strip()
        layout.fields["recipient"] = Field(who, rec.start("who"), rec.end("who"))
        if rec.group("title"):
            layout.fields["recipient_title"] = Field(
                rec.group("title"), rec.start("title"), rec.end("title")
            )
        layout.body_start = rec.end()

    heading_text = re.sub(r"\s+", "", text[head_start:head_end])
    # The issuer heads the title, on the 关于 line or on the line above it.
    lines = [ln for ln in re.finditer(r"[^\n]+", text[head_start:head_end]) if ln.group().strip()]
    for i, line in enumerate(lines):
        joined = line.group(0).strip()
        if "关于" not in joined:
            continue
        m = _TITLE_LINE.search(joined)
        if m is None and i > 0:
            previous = lines[i - 1].group(0).strip()
            if re.fullmatch(rf"[{HAN}（）()]{{4,40}}", previous) and not DOC_NUMBER_LIKE.search(
                previous
            ):
                line, m = lines[i - 1], _TITLE_LINE.search(previous + "关于")
        if m:
            issuer = m.group("issuer")
            pos = text.find(issuer, head_start + line.start())
            layout.fields["issuer_written"] = Field(issuer, pos, pos + len(issuer))
            break
    if "建议" in heading_text and "提案" not in heading_text:
        layout.fields["kind"] = Field("reply_to_suggestion", 0, 0)

    date = find_letter_date(text)
    if date:
        layout.fields["date"] = Field(date.value, date.start, date.end)

    for name, pattern, group in (
        ("evaluation_class", _EVALUATION, "cls"),
        ("contact_person", _CONTACT, "who"),
        ("contact_phone", _PHONE, "phone"),
    ):
        m = pattern.search(flat)
        if m:
            value = m.group(group).strip()
            if name == "contact_phone":
                value = re.sub(r"\s+", "", value)
            layout.fields[name] = Field(value, m.start(group), m.end(group))

    m = _SESSION.search(flat)
    if m:
        layout.fields["session"] = Field(m.group("who"), m.start("who"), m.end("who"))

    m = _CO_HANDLERS.search(text)
    if m:
        group = next(g for g in ("list", "list2", "list3") if m.group(g))
        layout.fields["co_handlers_written"] = Field(m.group(group), m.start(group), m.end(group))

    closing = _CLOSING.search(text, layout.body_start)
    layout.body_end = closing.start() if closing else len(text)
    _parse_table(text, layout)
    if layout.table_start is not None:
        layout.body_end = min(layout.body_end, layout.table_start)
    layout.suggestions = _parse_suggestions(text, layout.body_start, layout.body_end)
    return layout


# --- suggestions ------------------------------------------------------------------------------


def _suggestion_key(heading: str) -> str:
    """A short title: the quoted suggestion's first clause, or the clause after 建议X."""
    q = re.match(r"^[^“\"「]{0,12}[“\"「](?P<q>[^”\"」]{2,200})", heading)  # 针对提案“…”
    source = (
        q.group("q")
        if q
        else re.sub(
            rf"^[\s\u3000]*(?:(?:建议|意见)[{CN_ORDINALS}\d]+|[{CN_ORDINALS}]+、)[，,、：:]?",
            "",
            heading,
        )
    )
    first = re.split(r"[，,。；;：:]", source.strip())[0]
    first = re.sub(r"^(?:针对|关于|对于|建议)", "", first)
    first = re.sub(r"[”\"」]?的?(?:建议|提案|意见)$", "", first)
    return first.strip() or heading.strip()[:20]


def _line_at(text: str, pos: int) -> Segment:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    return Segment(start + lead, start + len(raw.rstrip()), raw.strip())


def _parse_suggestions(text: str, start: int, end: int) -> list[SuggestionBlock]:
    """Suggestion headings: 建议一，… lines, or 一、 lines that restate the proposal's point.

    A top-level 一、 heading that does not speak of the proposal (办理过程…) closes the previous
    suggestion without opening a new one.
    """
    marks: list[tuple[int, int | None, Segment]] = []  # (pos, ordinal or None=closer, line)
    for m in _SUGGESTION_LABEL.finditer(text, start, end):
        marks.append((m.start(), cn_number(m.group("n1")), _line_at(text, m.start("label"))))
    labelled = bool(marks)
    for m in _TOP_HEADING.finditer(text, start, end):
        line = _line_at(text, m.start("n"))
        about_proposal = re.search("建议|提案|针对|意见", line.text) and len(line.text) > 8
        if not about_proposal:
            marks.append((m.start(), None, line))
        elif not labelled:
            marks.append((m.start(), cn_number(m.group("n")), line))
    marks.sort(key=lambda x: x[0])
    blocks: list[SuggestionBlock] = []
    for i, (_, ordinal, line) in enumerate(marks):
        if ordinal is None:
            continue
        nxt = marks[i + 1][0] if i + 1 < len(marks) else end
        blocks.append(
            SuggestionBlock(
                ordinal=ordinal,
                heading=line,
                key=_suggestion_key(line.text),
                body_start=line.end,
                body_end=nxt,
            )
        )
    return blocks


# --- the status table -------------------------------------------------------------------------


def _cells(text: str, start: int) -> list[Segment]:
    """Table cells: each starts on a line beginning with a tab; lines without one continue it."""
    cells: list[Segment] = []
    cell_start: int | None = None
    pos = start
    for line in text[start:].splitlines(keepends=True):
        if line.startswith("\t") or line.startswith(" \t"):
            if cell_start is not None:
                cells.append(_trim(text, cell_start, pos))
            cell_start = pos + line.index("\t") + 1
        pos += len(line)
    if cell_start is not None:
        cells.append(_trim(text, cell_start, pos))
    return cells


def _trim(text: str, s: int, e: int) -> Segment:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return Segment(s, e, text[s:e])


def _parse_table(text: str, layout: Layout) -> None:
    """The appended status table: after the contact block, rows of tab-led cells.

    A row opens with a cell that restates a suggestion (建议X…); the next four cells are the
    form's status columns in order. Extra empty cells between rows are layout, not data.
    """
    anchor = layout.fields.get("contact_phone") or layout.fields.get("contact_person")
    if anchor is None:
        return
    cells = _cells(
        text, text.find("\n", anchor.end) + 1 if "\n" in text[anchor.end :] else len(text)
    )
    rows: list[TableRow] = []
    i = 0
    while i < len(cells):
        if not _ROW_OPENER.match(cells[i].text):
            i += 1
            continue
        row = TableRow(suggestion=cells[i])
        i += 1
        for status in TABLE_STATUS_COLUMNS:
            if i >= len(cells) or _ROW_OPENER.match(cells[i].text):
                break
            if cells[i].text:
                row.cells[status] = cells[i]
            i += 1
        rows.append(row)
    if rows:
        layout.table_start = cells[0].start
        layout.table_rows = rows
        layout.table_cells = cells
