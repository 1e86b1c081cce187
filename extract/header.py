"""The genre's frame around the answer: title, salutation, acknowledgement, signature, metadata.

Reply letters from county, city and provincial bodies share a frame, written in many forms:

* a title: ``X关于…第N号提案/建议的答复(函)``, ``X对…建议的答复``, ``…办理情况(B)的函``,
  ``…的会办意见`` (a co-handler writing to the lead unit), sometimes with the issuer on the
  line above or in brackets after it (``…的答复(综合行政执法局)``), or a red header ``X文件``;
* a salutation: ``尊敬的X委员：``, ``X代表：``, ``X单位：`` (a co-handler's opinion is addressed
  to the lead unit; the proposer is then named in the acknowledgement, ``X委员提出的…``);
* an acknowledgement: ``您提出的《…》(第N号)收悉``, ``关于…的提案收悉``, ``已交我局研究办理``;
* a signature block: the body's name and the date (Arabic or Chinese numerals, 二0一0年七月
  二十八日); contact, 抄送/报 lines;
* the evaluation class in any of its markers (类别:B, B类, (B类), 办理情况(B), 办理结果:(C), _A_类);
* and, on saved web pages, a site's metadata block (索引号, 发布机构, 成文日期, 文号, 来源,
  发布时间) and page furniture (上一篇/下一篇, 责任编辑, 分享, 扫一扫, 字号, 打印).

Every field keeps the span it was read from. A missing part leaves its fields unset: a page that
starts at the salutation, or stops mid-sentence, still has its answer read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykg.extract.text import CN_ORDINALS, cn_number, halfwidth

HAN = r"\u4e00-\u9fa5"
CN_NUM = CN_ORDINALS + "〇○零两OＯ0"
# What an agency's name ends with.
AGENCY_END = (
    r"(?:人民政府|政府|管理委员会|管委会|委员会|街道办事处|办事处|办公室|局|厅|委|办|"
    r"中心|院|处|所|站|队|集团|公司|街道)"
)
_AGENCY_NAME = re.compile(rf"[{HAN}（）()]{{2,40}}?{AGENCY_END}")

# Site metadata and page furniture: labels that start a line (or a cell of one).
META_LABELS = (
    "索引号",
    "发布机构",
    "主办单位",
    "成文日期",
    "发布日期",
    "发布时间",
    "答复时间",
    "更新时间",
    "文号",
    "来源",
    "日期",
    "时间",
    "建议人",
    "提案人",
    "主题分类",
    "公开方式",
    "信息来源",
    "生成日期",
    "索取号",
    "载体类型",
    "公开类型",
    "浏览量",
    "点击数",
    "作者",
    "分类",
    "联系单位",
    "承办单位",
    "办理单位",
    "代表姓名",
    "委员姓名",
    "领衔代表",
    "提案者",
)
FURNITURE = re.compile(
    r"^\s*(?:上一篇|下一篇|责任编辑|【?\s*字号|打印|关闭|分享|扫一扫|收藏|返回顶部|特殊稿件|"
    r"主题词|抄送|抄报|浏览量|点击数|附件[：:]|•|网站地图|版权所有|主办单位[：:]|"
    r"【\s*打印|【\s*关闭|报[：:])"
)
_PAGE_FURNITURE = re.compile(
    r"^\s*(?:上一篇|下一篇|责任编辑|【?\s*字号|【\s*打印|打印本页|"
    r"关闭窗口|关闭$|分享|扫一扫|网站地图|版权所有|特殊稿件)"
)
_META = re.compile(
    r"(?P<label>"
    + "|".join(sorted(META_LABELS, key=len, reverse=True))
    + r")\s*[：:]\s*(?P<value>[^\s：:]*(?:[ \t]\d{1,2}:\d{2}(?::\d{2})?)?)"
)
_UNCOLONED_DATE = re.compile(
    r"(?P<label>成文日期|发布日期|发布时间|答复时间|日期)\s*(?P<value>(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2})"
)
_ISO_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})"
)
_CN_DATE = re.compile(
    rf"(?P<y>\d{{4}}|[{CN_NUM}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{CN_NUM}十]{{1,3}})\s*月\s*"
    rf"(?P<d>\d{{1,2}}|[{CN_NUM}十]{{1,3}})\s*日"
)
_TITLE_WORDS = re.compile(r"答复|复函|函复|会办意见|协办意见|会签意见|办理情况|办理意见|的函")
_SALUTATION = re.compile(
    rf"^[ \t\u3000]*(?P<honour>尊敬的)?(?P<who>[{HAN}A-Za-z（）()·、]{{2,40}}?)"
    rf"(?P<group>等[\d{CN_NUM}十]*[位名]?)?"
    rf"(?P<title>委员|代表|同志|先生|女士)?[ \t\u3000]*(?P<colon>[：:])?[ \t\u3000]*"
    rf"(?:$|(?<=[：:])(?=[ \t\u3000]*(?:您|你)))",
    re.M,
)
_NOT_SALUTATION = (
    "来源",
    "分享",
    "分享到",
    "主题词",
    "抄送",
    "报",
    "附件",
    "联系人",
    "联系电话",
    "联系地址",
    "类别",
    "文号",
    "索引号",
    "发布机构",
    "建议人",
    "提案人",
    "主办单位",
    "答复时间",
    "答复内容",
    "建议内容",
    "现答复如下",
    "答复如下",
    "特此函复",
    "此复",
    "关闭",
    "打印",
    "上一篇",
    "下一篇",
    "附件",
    "现将有关情况答复如下",
    "现将办理情况答复如下",
    "现答复",
    "办理情况如下",
    "字体",
    "字号",
    "办理结果",
    "代表姓名",
    "委员姓名",
    "答复单位",
    "承办单位",
    "主办单位",
    "协办单位",
    "领衔代表",
    "附议代表",
    "办理单位",
    "标题",
    "时间",
    "日期",
    "浏览次数",
)
_ACK = re.compile(r"收悉|已交|转来|转交|交由|交我|交办|研究办理|会办意见答复如下")
_CLOSING = re.compile(
    r"(?:^|(?<=[。！!]))[ \t\u3000]*(?:专此函复|特此函复|此复|专此答复|特此答复|感谢您|感谢你|"
    r"衷心感谢|再次感谢|最后[，,]?\s*(?:再次)?感谢|欢迎再提|欢迎继续|欢迎多联系|以上意见供|以上供|以上答复|"
    r"联系人|联系电话|承办人|签发人|领导署名|抄送|抄报|主题词)",
    re.M,
)
_EVALUATION = (
    re.compile(r"类\s*别\s*[：:]?\s*[_＿(（\s]*(?P<cls>[ABCD])(?![A-Za-z])"),
    re.compile(
        r"(?:办理(?:情况|结果)|答复|复函|的函)\s*[：:]?\s*[(（]\s*(?P<cls>[ABCD])\s*[类]?[)）]"
    ),
    re.compile(r"办理(?:结果|情况|类别)\s*[：:]\s*(?P<cls>[ABCD])(?![A-Za-z])"),
    re.compile(r"[(（]\s*(?P<cls>[ABCD])\s*[)）]\s*类"),
    re.compile(
        r"(?:分类标识|类别标识|答复类别|办理类别)\s*[：:]?\s*[【\[(（]?\s*(?P<cls>[ABCD])(?![A-Za-z])"
    ),
    re.compile(r"(?<![A-Za-z])[_＿(（]*\s*(?P<cls>[ABCD])\s*[_＿]*\s*类(?![型别似])"),
)
_PROPOSER_IN_ACK = re.compile(
    rf"(?P<who>[{HAN}·]{{2,4}}?)(?P<title>委员|代表)(?:等\d*人?)?(?:在[^，,。]{{2,30}}?)?提出的"
)
_NUMBER = (
    re.compile(
        r"第\s*(?P<n>[\u4e00-\u9fa5]?[A-Za-z0-9]*\d[A-Za-z0-9]*)\s*号?\s*"
        r"(?:委员|代表|重点|集体)?\s*(?:提案|建议|议案)"
    ),
    re.compile(
        r"[》”\"][^（(\n]{0,8}[（(]\s*第?\s*(?P<n>[A-Za-z]{0,3}\d{1,10}[A-Za-z]?\d{0,6})\s*号?\s*(?:建议|提案)?\s*[)）]"
    ),
    # 《…》21号提案 / ”第21号建议: the number right after the title
    re.compile(
        r"第\s*(?P<n>[A-Za-z]{0,3}\d{1,10}[A-Za-z]?\d{0,6})\s*号\s*(?=的?(?:答复|复函|办理))"
    ),
    re.compile(
        r"[》”\"]\s*(?:第\s*)?(?P<n>[A-Za-z]{0,3}\d{1,10}[A-Za-z]?\d{0,6})\s*号\s*(?:提案|建议|议案)"
    ),
)
_NUMBER_LINE = re.compile(r"^[ \t]*(?P<n>\d{4,10})[ \t]*$", re.M)
_DAMAGED_DOC_NUMBER = re.compile(
    rf"(?<![{HAN}])(?P<no>[{HAN}]{{2,10}}[〔\[［【]\d{{4,}}[^\s号]{{0,6}})(?=\s|$)", re.M
)


@dataclass
class Span:
    value: str
    start: int
    end: int


@dataclass
class Header:
    """What the frame says, each value with the span it was read from."""

    fields: dict[str, Span] = field(default_factory=dict)
    metadata: dict[str, Span] = field(default_factory=dict)
    salutation_end: int | None = None
    ack_end: int | None = None
    body_end: int | None = None
    page_end: int | None = None  # where the page's own furniture (上一篇, 责任编辑) starts
    warnings: list[str] = field(default_factory=list)


def _line(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _lines(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Non-blank lines of ``text[start:end]`` as (start, end, stripped words)."""
    out = []
    for m in re.finditer(r"[^\n]+", text[start:end] if end is not None else text[start:]):
        words = m.group().strip()
        if words:
            lead = len(m.group()) - len(m.group().lstrip())
            s = start + m.start() + lead
            out.append((s, s + len(words), words))
    return out


def date_iso(m: re.Match[str]) -> str | None:
    y, mo, d = (
        cn_number(m.group(k).replace("0", "〇") if not m.group(k).isdigit() else m.group(k))
        for k in ("y", "m", "d")
    )
    if y is None or mo is None or d is None or not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    if not 1949 <= y <= 2100:
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def is_agency_name(words: str) -> bool:
    return bool(re.fullmatch(rf"[{HAN}（）()]{{2,40}}?{AGENCY_END}", words))


def read_header(text: str) -> Header:
    """Read the frame of one letter (offsets into ``text``)."""
    h = Header()
    flat = halfwidth(text)
    _metadata(flat, h)
    _salutation(text, h)
    _acknowledgement(text, h)
    head_end = h.salutation_end if h.salutation_end is not None else min(len(text), 600)
    _title(text, h, head_end)
    _signature(text, h)
    _evaluation_class(flat, h, head_end)
    _numbers(text, flat, h, head_end)
    if "date" not in h.fields:
        for label in (
            "成文日期",
            "答复时间",
            "发布日期",
            "日期",
            "发布时间",
            "生成日期",
            "时间",
            "更新时间",
        ):
            meta = h.metadata.get(label)
            m = _ISO_DATE.search(meta.value) if meta else None
            if meta and m and (iso := date_iso(m)):
                h.fields["date"] = Span(iso, meta.start + m.start(), meta.start + m.end())
                break
    written = h.fields.get("issuer_written")
    signed = h.fields.get("signature")
    if (
        written is not None
        and signed is not None
        and not _has_place(written.value)
        and _has_place(signed.value)
    ):
        h.fields["issuer_written"] = written = signed  # 胡村镇人民政府 signed with its place
    if written is None or not _has_place(written.value):
        # The site's metadata names the body with its place (主办单位: X区Y局) where the
        # letter writes only Y局, or nothing.
        for label in (
            "发布机构",
            "主办单位",
            "承办单位",
            "办理单位",
            "联系单位",
            "来源",
            "信息来源",
        ):
            meta = h.metadata.get(label)
            if (
                meta
                and is_agency_name(meta.value)
                and _has_place(meta.value)
                and (written is None or meta.value.endswith(written.value))
            ):
                h.fields["issuer_written"] = meta
                break
    if h.salutation_end is None and h.ack_end is None:
        h.warnings.append("no header: the page starts inside the letter")
    if text.rstrip().endswith("\ufffd"):
        h.warnings.append("cut off: the page ends mid-letter (U+FFFD)")
    return h


def _has_place(words: str) -> bool:
    from policykg.extract.places import divisions  # the list is loaded on first use

    return divisions().place_of(words) is not None


def _metadata(flat: str, h: Header) -> None:
    """Site metadata: ``label:value`` pairs before the letter (and a few after it)."""
    for m in _UNCOLONED_DATE.finditer(flat):  # 发布日期2019-12-18: a label without its colon
        h.metadata.setdefault(
            m.group("label"), Span(m.group("value"), m.start("value"), m.end("value"))
        )
    for m in _META.finditer(flat):
        label, value = m.group("label"), m.group("value").strip()
        if not value or label in h.metadata:
            continue
        h.metadata[label] = Span(value, m.start("value"), m.start("value") + len(value))


def _salutation(text: str, h: Header) -> None:
    limit = min(len(text), 3000)
    for m in _SALUTATION.finditer(text, 0, limit):
        who = m.group("who").strip()
        if not (m.group("colon") or m.group("title")):
            continue
        if who in _NOT_SALUTATION or (who.startswith(_NOT_SALUTATION) and not m.group("title")):
            continue
        if _TITLE_WORDS.search(who) or re.search(r"\d", who):
            continue
        if not m.group("colon"):
            # 李龙代表 without a colon: only when the next line acknowledges the proposal.
            nxt = text[m.end() : m.end() + 200]
            if not _ACK.search(nxt.split("\n\n")[0] if nxt.strip() else ""):
                nxt_lines = _lines(text, m.end(), min(len(text), m.end() + 300))
                if not nxt_lines or not _ACK.search(nxt_lines[0][2]):
                    continue
        body = re.search(r"(?:政协|人大|市|县|区|省)", who) if m.group("title") else None
        if body and 2 <= body.start() <= 4:  # 刘某某政协某某县委员: the person, not the body
            who = who[: body.start()]
        h.fields["recipient"] = Span(who, m.start("who"), m.start("who") + len(who))
        if m.group("title"):
            h.fields["recipient_title"] = Span(m.group("title"), m.start("title"), m.end("title"))
        h.salutation_end = m.end()  # the answer may go on on the same line (X委员：您提出的…)
        return


def _acknowledgement(text: str, h: Header) -> None:
    """The sentence that acknowledges the proposal: its title, number and proposer."""
    start = h.salutation_end or 0
    window = text[start : min(len(text), start + 800)]
    m = _ACK.search(window)
    if m is None:
        return
    sent_start = start + max(window.rfind(c, 0, m.start()) for c in "。\n")
    sent_start = max(start, sent_start + 1)
    if h.salutation_end is None and sent_start > 400:
        return
    ends = [e for c in "。\n" if (e := text.find(c, start + m.end())) >= 0]
    sent_end = min(ends) + 1 if ends else len(text)
    h.ack_end = sent_end
    sentence = text[sent_start:sent_end]
    title = _quoted_title(sentence)
    if title:
        value, a, b = title
        h.fields["title_written"] = Span(value, sent_start + a, sent_start + b)
    else:
        t = re.search(
            r"提出的(?P<t>[^。]{4,80}?)的(?:委员|代表)?(?:提案|建议|议案)"
            r"(?:已)?(?:收悉|办理情况答复如下|答复如下)",
            sentence,
        )
        if t:
            h.fields["title_written"] = Span(
                t.group("t"), sent_start + t.start("t"), sent_start + t.end("t")
            )
    p = _PROPOSER_IN_ACK.search(sentence)
    if p and p.start() < 40:
        who = re.sub(r"^[在由对经的上和与及将]+", "", p.group("who"))
        h.fields["proposer_written"] = Span(
            who, sent_start + p.end("who") - len(who), sent_start + p.end("who")
        )


def _quoted_title(sentence: str) -> tuple[str, int, int] | None:
    """The first 《…》 (nesting kept) or “…” in the sentence."""
    pairs = (("《", "》"), ("“", "”"), ('"', '"'), ("「", "」"))
    best = None
    for o, c in pairs:
        a = sentence.find(o)
        if a < 0:
            continue
        depth, i = 0, a
        while i < len(sentence):
            ch = sentence[i]
            if ch == o and (o != c or i == a):
                depth += 1
            elif ch == c:
                depth -= 1
                if depth == 0:
                    break
            i += 1
        if i >= len(sentence) or i - a < 3:
            continue
        if best is None or a < best[1] - 1:
            best = (sentence[a + 1 : i], a + 1, i)
    return best


def _title(text: str, h: Header, head_end: int) -> None:
    """The issuer on the title line (X关于… / X对…), on the line above it, in brackets after
    it, or as the red header X文件."""
    lines = _lines(text, 0, head_end)
    for i, (s, e, words) in enumerate(lines):
        if FURNITURE.match(words) or _META.match(halfwidth(words)):
            continue
        if words.endswith("文件") and is_agency_name(words[:-2]):
            h.fields.setdefault("issuer_written", Span(words[:-2], s, s + len(words) - 2))
            continue
        compact = re.sub(r"[ \t\u3000]+", "", words)
        # A title may run over several lines (X关于对 / 第N号 / 提案答复的函).
        ahead = "".join(w for _, _, w in lines[i : i + 4])
        if not (_TITLE_WORDS.search(compact) or re.search(r"(?:提案|建议)的?$", compact)) and not (
            re.search(r"(?:关于|对)\S*$", compact) and _TITLE_WORDS.search(ahead)
        ):
            continue
        if "issuer_written" not in h.fields or h.fields["issuer_written"].value == "":
            m = re.match(rf"(?P<issuer>[{HAN}（）()]{{4,40}}?)[ \t\u3000]*(?:关于|对)", words)
            if m and is_agency_name(m.group("issuer")):
                h.fields["issuer_written"] = Span(m.group("issuer"), s, s + len(m.group("issuer")))
            elif i > 0 and is_agency_name(lines[i - 1][2]) and re.match(r"(?:关于|对)", words):
                ps, pe, pw = lines[i - 1]
                h.fields["issuer_written"] = Span(pw, ps, pe)
            else:
                b = re.search(rf"[（(](?P<who>[{HAN}]{{2,30}}{AGENCY_END})[)）]\s*$", words)
                if b:
                    h.fields["issuer_written"] = Span(
                        b.group("who"), s + b.start("who"), s + b.end("who")
                    )
        if "title_line" not in h.fields:
            h.fields["title_line"] = Span(words, s, e)
        if re.search(r"会办意见|协办意见|会签意见", compact):
            h.fields["co_handling_opinion"] = Span("yes", s, e)
        if "建议" in compact and "提案" not in compact:
            h.fields["kind"] = Span("reply_to_suggestion", s, e)


def _signature(text: str, h: Header) -> None:
    """The signature date (a date standing alone on its line) and the name above or before it."""
    start = h.ack_end or h.salutation_end or 0
    lines = _lines(text, start)
    date_line = None
    for idx, (s, e, words) in enumerate(lines):
        compact = re.sub(r"\s+", "", halfwidth(words))
        m = _CN_DATE.search(compact)
        if (
            m is None
            or m.end() != len(compact)
            or (m.start() > 0 and not is_agency_name(compact[: m.start()]))
        ):
            continue  # a date inside a sentence is no signature
        iso = date_iso(m)
        if iso:
            date_line = (idx, s, e, iso, compact[: m.start()])
    if date_line is not None:
        idx, s, e, iso, before = date_line
        h.fields["date"] = Span(iso, s, e)
        if h.body_end is None or s < h.body_end:
            h.body_end = s
        if before and is_agency_name(before):
            h.fields.setdefault("signature", Span(before, s, s + len(before)))
        for j in (idx - 1, idx - 2):
            signed = _signed_name(lines[j][2]) if j >= 0 else None
            if signed:
                js = lines[j][0]
                h.fields.setdefault("signature", Span(signed, js, js + len(signed)))
                h.body_end = min(h.body_end, js)
                break
    else:
        # A damaged date (2023821) still closes the letter: the agency line above it signs it.
        for idx, (_s, _e, words) in enumerate(lines):
            if (
                re.fullmatch(r"\d{6,8}|(?:19|20)\d{2}年?[\d\s]*", words)
                and idx > 0
                and (signed := _signed_name(lines[idx - 1][2]))
            ):
                js = lines[idx - 1][0]
                h.fields.setdefault("signature", Span(signed, js, js + len(signed)))
                h.body_end = js
    if "issuer_written" not in h.fields and "signature" in h.fields:
        h.fields["issuer_written"] = h.fields["signature"]
    page = next((s for s, _, w in lines if _PAGE_FURNITURE.match(w)), None)
    h.page_end = page
    closing = _closing(text, start)
    furniture = next((s for s, _, w in lines if FURNITURE.match(w)), None)
    for end in (closing.start() if closing else None, furniture):
        if end is not None and end > start and (h.body_end is None or end < h.body_end):
            h.body_end = end


def _closing(text: str, start: int) -> re.Match[str] | None:
    """The first closing formula after some answer: a thanks that opens the answer
    (感谢您为…提出的宝贵意见。) does not close it."""
    for m in _CLOSING.finditer(text, start):
        answered = re.sub(r"[^\u4e00-\u9fa5]", "", _CLOSING_LINE.sub("", text[start : m.start()]))
        if len(answered) >= 30:
            return m
    return None


_CLOSING_LINE = re.compile(r"(?:感谢|谢谢|衷心感谢)[^。！!\n]*[。！!]?")


def _first_match(
    patterns: tuple[re.Pattern[str], ...], text: str, regions: list[tuple[int, int]]
) -> re.Match[str] | None:
    """The first region's first pattern that matches there: regions and patterns in order
    of trust."""
    for a, b in regions:
        for pattern in patterns:
            m = pattern.search(text, a, b)
            if m:
                return m
    return None


def _signed_name(words: str) -> str | None:
    """The body a signature line names, also when the line goes on (X局    联系电话:…)."""
    if is_agency_name(words):
        return words
    head = re.split(r"\s{2,}|\t|\u3000|(?=联系人|联系电话|电话[：:])", words, maxsplit=1)[0].strip()
    return head if head != words and is_agency_name(head) else None


def _evaluation_class(flat: str, h: Header, head_end: int) -> None:
    regions = [(0, max(head_end, 0))]
    if h.body_end is not None:
        regions.append((h.body_end, len(flat)))
    m = _first_match(_EVALUATION, flat, regions)
    if m:
        h.fields["evaluation_class"] = Span(m.group("cls"), m.start("cls"), m.end("cls"))


def _numbers(text: str, flat: str, h: Header, head_end: int) -> None:
    """The proposal's number, from the title line or the acknowledgement; a damaged document
    number kept as printed."""
    regions = []
    if "title_line" in h.fields:
        t = h.fields["title_line"]
        regions.append((t.start, t.end))
    ack_start = h.salutation_end or 0
    if h.ack_end:
        regions.append((ack_start, h.ack_end))
    regions.append((0, head_end))
    m = _first_match(_NUMBER, flat, regions)
    if m:
        h.fields["number_written"] = Span(m.group("n"), m.start("n"), m.end("n"))
    if "number_written" not in h.fields:
        m = _NUMBER_LINE.search(text, 0, head_end)
        if m:
            h.fields["number_written"] = Span(m.group("n"), m.start("n"), m.end("n"))
    m = _DAMAGED_DOC_NUMBER.search(text, 0, head_end)
    if m and not re.search(r"〕\s*\d+\s*号", m.group("no")):
        h.fields["doc_number_damaged"] = Span(m.group("no"), m.start("no"), m.end("no"))
