"""The document model: a report's text exactly as decoded, its paragraphs, headings, metadata and genre.

This module is a leaf: it reads the text and its view (:mod:`govreport.view`) and imports no analysis. The
analyses take a :class:`Report`; the DataFrame methods live in :mod:`govreport.api`.

Headings and metadata are read on the normalised view (Simplified, half-width, joined), so one rule holds for
every shape of report; what they give back indexes the text as read.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from govreport.lazy_regex import lazy
from govreport.view import TextView, build_view
from govreport.wordfiles import data_rows

# Chinese numerals as headings number them; 壹貳叁… are what some converters turn 一二三 into.
CN_DIGITS = "一二三四五六七八九十"
_HEAD_DIGITS = CN_DIGITS + "壹贰叁肆伍陆柒捌玖拾貳參陸"
_HEADING_END = lazy(r"[。！？；!?;]")
_CLAUSE = lazy(r"[，,]")
_COLON = lazy(r"[:：]")
# letters a PDF or web copy leaves after a line (一、2017年工作回顾Zeu); never an acronym (GDP)
_TAIL_GARBLE = lazy(r"(?<=[\u4e00-\u9fff）)”])(?![A-Z]+$)[A-Za-z]{2,4}$")
_FIGURE = lazy(r"\d\s*(?:[%％‰]|[万亿]|元|个百分点)")
_INDENT = " \t\u3000\u00a0"
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
NATIONAL_NAMES = ("national", "国务院", "全国", "中央", "中国", "中华人民共和国")
GENRES = ("work_report", "plan_report", "budget_report", "summary")
HEAD_CHARS = 2000  # metadata and genre are read in the opening of a report
TITLE_MAX = 60


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Section:
    """A heading: its ``level`` (1 outermost), where it starts, where its section ``end``\\ s (the next heading
    at its level or above) and its ``title`` (the heading line up to its first sentence end)."""

    level: int
    start: int
    end: int
    title: str


@dataclass
class Report:
    """One government work report (or a sibling document: plan, budget, news summary).

    ``text`` is exactly what was decoded: every ``start``/``end`` offset govreport gives indexes it.
    """

    id: str
    text: str
    title: str = ""
    source: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_text(cls, text: str, id: str = "text", source: str = "", meta: dict | None = None) -> Report:
        """A report from its text; ``meta`` (e.g. a JSON Lines row) overrides what is inferred.

        The title and the inferred metadata (year, region, level, genre) are worked out when first read, from
        what was given here (a later change of ``id`` or ``text`` does not move them): a command that reads
        neither (keywords) skips the opening's two views and their rules (24 -> 0.3 ms over the national corpus).
        A copy (copy.copy) made before they are read infers its own (its ``meta`` is not the original's).

        >>> Report.from_text("各位代表：", id="x", meta={"region": "福建省", "year": "2019"}).info()["level"]
        'province'
        """
        report = cls(id=id, text=text, source=source)
        del report.title, report.meta  # read through _Inferred until first asked for
        report._given = (dict(meta or {}), id, text)
        return report

    def _infer(self) -> None:
        """Fill in the title and metadata from_text left to be inferred (once; a title set since stays).

        ``_given`` goes only once both are set: a second thread reading meanwhile infers them again (the same
        values; the first ones set stay) or finds them set, never neither."""
        given = self.__dict__.get("_given")
        if given is None:
            return
        meta, doc_id, text = given
        title, meta = report_metadata(text, doc_id, dict(meta))  # a copy (copy.copy shares _given)
        self.__dict__.setdefault("title", title)
        self.__dict__.setdefault("meta", meta)
        self.__dict__.pop("_given", None)

    @property
    def year(self) -> int | None:
        return self.meta.get("year")

    @property
    def region(self) -> str:
        return self.meta.get("region") or ""

    @property
    def level(self) -> str:
        return self.meta.get("level") or ""

    @property
    def genre(self) -> str:
        """work_report, plan_report, budget_report or summary (a news story about a report)."""
        return self.meta.get("genre") or ""

    @cached_property
    def view(self) -> TextView:
        """The normalised text every analysis reads, with the map back to ``text`` (built once)."""
        return build_view(self.text)

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        out = []
        pos = 0
        for line in self.text.split("\n"):
            stripped = line.strip()
            if stripped:
                lead = len(line) - len(line.lstrip())
                out.append(Paragraph(pos + lead, pos + lead + len(stripped), stripped))
            pos += len(line) + 1
        return out

    @cached_property
    def view_sections(self) -> list[Section]:
        """The headings of the view: offsets into ``view.text``, normalised titles (what analyses match on)."""
        return find_sections(self.view.text)

    @cached_property
    def sections(self) -> list[Section]:
        """The headings with offsets into ``text`` and their titles verbatim, as written."""
        view = self.view
        if view.text == self.text:
            return self.view_sections
        out = []  # a fold keeps offsets but not characters: titles are always cut from the text as read
        for s in self.view_sections:
            start, title_end = view.raw_span(s.start, s.start + len(s.title))
            end = view.raw_pos(s.end) if s.end < len(view.text) else len(self.text)  # where the next one starts
            out.append(Section(s.level, start, end, self.text[start:title_end]))
        return out

    @cached_property
    def _section_starts(self) -> list[int]:
        return [s.start for s in self.sections]

    def section_at(self, offset: int, level: int | None = None) -> Section | None:
        """The innermost heading (or the one of ``level``) whose section holds ``offset`` (of ``text``)."""
        i = section_index(self.sections, self._section_starts, offset, level)
        return self.sections[i] if i >= 0 else None

    def info(self) -> dict[str, Any]:
        return {
            "doc": self.id,
            "title": self.title,
            "year": self.year,
            "region": self.region,
            "level": self.level,
            "genre": self.genre,
            "chars": len(self.text),
            "paragraphs": len(self.paragraphs),
            "sections": len(self.sections),
        }


class _Inferred:
    """A Report attribute from_text leaves to be inferred: its first read infers it (and the others); from
    then on the instance's own value is read (a non-data descriptor, as functools.cached_property)."""

    def __init__(self, name: str):
        self.name = name

    def __get__(self, report: Report | None, owner: type | None = None) -> Any:
        if report is None:
            return self
        if self.name not in report.__dict__:
            if "_given" not in report.__dict__:  # deleted by hand, as any attribute can be
                raise AttributeError(self.name)
            report._infer()
        return report.__dict__[self.name]


# after the dataclass is made: its __init__ keeps the defaults ("" and a new dict) and sets both on the instance
Report.title = _Inferred("title")  # type: ignore[assignment]
Report.meta = _Inferred("meta")  # type: ignore[assignment]


def report_metadata(text: str, doc_id: str, given: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """A report's title and metadata: what ``given`` says (a JSON Lines row, a file's properties), with the
    title, year, region, level and genre it lacks inferred from the text's opening, the title and ``doc_id``.
    ``given`` is filled in and returned."""
    meta = given
    head = build_view(text[:HEAD_CHARS])
    given_title = meta.get("title")
    title = _clean_title(given_title if isinstance(given_title, str) else "") or guess_title(head) or doc_id
    folded_title = build_view(title).text
    inferred = infer_metadata(folded_title, doc_id, head.text)
    year = _as_year(meta.get("year"))
    explicit_null = "year" in meta and meta["year"] is None  # a corpus that says "no year" is not guessed over
    meta["year"] = year if year is not None or explicit_null else inferred["year"]
    region = meta.get("region")
    if not isinstance(region, str) or not region.strip():
        meta["region"] = inferred["region"]
    else:
        meta["region"] = region.strip()
    level = meta.get("level")
    if not isinstance(level, str) or not level.strip():
        meta["level"] = region_level(meta["region"])
    genre = meta.get("genre")
    if not isinstance(genre, str) or not genre.strip():
        meta["genre"] = infer_genre(folded_title, head.text)
    else:
        meta["genre"] = genre.strip()
    return title, meta


# --- words from data ---------------------------------------------------------------------------------------


@cache
def cues() -> dict[str, tuple[str, ...]]:
    """role → words, from ``data/document_cues.tsv``."""
    out: dict[str, list[str]] = {}
    for role, word in data_rows("document_cues.tsv"):
        out.setdefault(role, []).append(word)
    return {role: tuple(words) for role, words in out.items()}


@cache
def provinces() -> dict[str, str]:
    """short name → full name of the province-level regions, from ``data/provinces.tsv`` (新疆 → 新疆维吾尔自治区)."""
    return {short: full for full, short in data_rows("provinces.tsv")}


@cache
def _province_in_title() -> re.Pattern[str]:
    """A province by its short name where a title names a report's place: 2022年新疆政府工作报告, 上海2019年…"""
    names = "|".join(sorted(provinces(), key=len, reverse=True))
    return re.compile(rf"(?:(?:19|20)\d{{2}}\s*年)(?P<a>{names})|(?P<b>{names})(?=\s*(?:19|20)\d{{2}}\s*年|(?:人民)?政府)")


def _full_name(region: str) -> str:
    """新疆自治区 → 新疆维吾尔自治区, 广西 → 广西壮族自治区; any other name as it is."""
    table = provinces()
    if region in table:
        return table[region]
    for short, full in table.items():
        if region.startswith(short) and region.endswith("自治区") and region != full:
            return full
    return region


def _any_of(role: str) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(cues()[role], key=len, reverse=True)))


# --- headings ----------------------------------------------------------------------------------------------

# how a heading is numbered, outermost first: (一) is always level 2 under 一、; 1. and (1) nest below whatever
# numbered heading is open; a bullet or a 【…】 tag sits one below the numbered heading it follows.
RANK_PART, RANK_PAREN, RANK_ARABIC, RANK_ARABIC_PAREN, RANK_MARK = 1, 2, 3, 4, 5


@cache
def _heading_pattern() -> re.Pattern[str]:
    n = f"[{_HEAD_DIGITS}]{{1,3}}"
    return re.compile(
        rf"^[{_INDENT}]*(?:"
        rf"(?P<part>第{n}(?:部分|篇)|{n}[ \t]*(?:[、﹑]|[.．](?!\d)|[,，](?=[^\s,，])))"
        rf"|(?P<paren>[(（][ \t]*{n}[ \t]*(?:[,，、.．][ \t]*)?[)）]|{n}[)）])"
        r"|(?P<arabic>\d{1,2}[ \t]*(?:[.．、](?![\d.．])))"
        r"|(?P<arabic_paren>[(（]\d{1,2}[)）])"
        r"|(?P<mark>[■◆●▲]|【(?P<tag>[^】\n]{1,20})】)"
        # an unnumbered heading: a short line ending as headings do (2024年工作回顾), letters of debris after it
        rf"|(?P<plain>[^\n，,。；;！？!?{_INDENT}][^\n，,。；;！？!?]{{0,24}}?(?:{_any_of('unnumbered_heading').pattern})"
        r"(?=[A-Za-z]{0,4}[ \t]*$))"
        r")",
        re.M,
    )


def _is_heading(kind: str, tag: str | None, line: str, first: str, after: str | None) -> bool:
    """Whether a numbered or marked line is a heading, not an item of a list in running text.

    ``line`` is the whole line, ``first`` its first sentence after the marker, ``after`` the rest of the line
    after that sentence's end (None when no sentence ends on the line).
    """
    if kind == "plain":  # the pattern saw a short line of its own, without a sentence, ending as headings end
        return True
    if tag:
        if any(w in tag for w in cues()["byline_tag"]):
            return False  # 【宁波网报道】 is a byline
        first = first or tag  # 【稳增长】 alone on its line is its own title
    if not first.strip():
        return False  # a bare number on its own line ("一、" then the text below) numbers a list item
    if kind in ("part", "paren"):
        return after is not None or len(line) <= TITLE_MAX  # a long line without a sentence end is running text
    # 1. (1) ■ 【】: a heading says its point in one short clause, alone or before its paragraph
    # (1、综合经济实力进一步增强。全年…); a list item is a sentence (（３）建立科技人员合理流动的制度，使科技人员
    # 从积压的部门流向…), a sentence of its own line with a comma (（９）在国家的辅导下，积极开展…活动。), or a
    # figure (●农村居民人均可支配收入增长6.5%…)
    clauses = len(_CLAUSE.findall(first))
    if len(first) > 30 or clauses > 1 or _FIGURE.search(first):
        return False
    if after is None:
        return len(line) <= 40
    return clauses == 0 or bool(after.strip())


def section_index(sections: list[Section], starts: list[int], offset: int, level: int | None = None) -> int:
    """The index in ``sections`` (whose ``starts`` are given) of the innermost heading, or the one of ``level``,
    whose section holds ``offset``; -1 for none."""
    i = bisect.bisect_right(starts, offset) - 1
    while i >= 0:
        sec = sections[i]
        if (level is None or sec.level == level) and sec.start <= offset < sec.end:
            return i
        i -= 1
    return -1


def find_sections(text: str) -> list[Section]:
    """Headings with their spans, in every style reports number them.

    Level 1: 一、… 第X部分 第X篇 (and 一. 一， as garbled copies write 一、), and unnumbered heading lines
    (2024年工作回顾). Level 2: (一)… （一）… (and (一,) 一)). 1. 1、 and (1) nest below the numbered heading they
    follow; bullets ■ ◆ ● ▲ and 【…】 tags sit one below it. A heading is a line's start; its title runs to
    the first sentence end. Numbered items that are long sentences of running text are not headings.
    Read on normalised text (the view of a report): Traditional headings are found once folded.

    >>> [(s.level, s.title) for s in find_sections("一、回顾\\n（一）经济\\n1.工业增长。全年\\n增长。\\n二、任务")]
    [(1, '一、回顾'), (2, '（一）经济'), (3, '1.工业增长'), (1, '二、任务')]
    """
    found: list[tuple[int, int, str]] = []
    stack: list[tuple[int, int]] = []  # (rank, level) of the headings open here
    for m in _heading_pattern().finditer(text):
        kind = m.lastgroup or "plain"
        start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip(_INDENT)))
        line_end = text.find("\n", start)
        if line_end < 0:
            line_end = len(text)
        line = _TAIL_GARBLE.sub("", text[start:line_end].rstrip())
        rest = text[m.end():line_end]
        stop = _HEADING_END.search(rest)
        first = rest[: stop.start()] if stop else rest.rstrip()
        if not _is_heading(kind, m.group("tag"), line, first, rest[stop.end():] if stop else None):
            continue
        title = _TAIL_GARBLE.sub("", line[: m.end() - start + stop.start()] if stop else line)
        colon = _COLON.search(title, m.end() - start + 2)
        if colon:
            title = title[: colon.start()]  # (二)主要目标：地区生产总值增长11%左右 is the heading 主要目标
        rank = {"part": RANK_PART, "plain": RANK_PART, "paren": RANK_PAREN, "arabic": RANK_ARABIC,
                "arabic_paren": RANK_ARABIC_PAREN}.get(kind, RANK_MARK)
        while stack and stack[-1][0] >= rank:
            stack.pop()
        if rank == RANK_PART:
            level = 1
        elif rank == RANK_PAREN:
            level = 2
        else:
            level = (stack[-1][1] if stack else 0) + 1
        stack.append((rank, level))
        found.append((level, start, title.strip()[:TITLE_MAX]))
    # a section ends where the next heading at its level or above starts: one pass from the end, keeping the
    # start of the next heading of each level (a page of headings costs no more than it holds)
    ends: list[int] = []
    next_at: dict[int, int] = {}
    for level, start, _ in reversed(found):
        ends.append(min((at for lvl, at in next_at.items() if lvl <= level), default=len(text)))
        next_at[level] = start
    ends.reverse()
    return [Section(level, start, end, title) for (level, start, title), end in zip(found, ends, strict=True)]


# --- metadata ----------------------------------------------------------------------------------------------

_YEAR = lazy(r"((?:19|20)\d{2})\s*年")
_FILE_YEAR = lazy(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_CN_YEAR_DIGITS = "〇零○O0一二三四五六七八九"
# a dateline: the day the report was given, at the congress (——2018年1月12日在…人民代表大会…上)
_DATELINE = lazy(
    rf"(?P<year>(?:19|20)\d{{2}}|[一二][{_CN_YEAR_DIGITS}]{{3}})\s*年\s*[\d一二三四五六七八九十]{{1,3}}\s*月"
    r"(?:\s*[\d一二三四五六七八九十]{1,3}\s*日)?\s*(?:上午|下午)?\s*在[^\n]{0,40}?(?:人民代表大会|人大|会议)"
)
# a byline or page date: 长江日报 2025年01月17日, 2018-06-19, 2018/06/19, 2018.06.19
_DATE = lazy(r"(?<!\d)((?:19|20)\d{2})(?:\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-/.]\d{1,2}[-/.]\d{1,2}(?!\d))")
# the year a "year in review" heading looks back on is the year before the report's
_REVIEW_YEAR = lazy(rf"(?:^|\n)[^\n]{{0,6}}?((?:19|20)\d{{2}}|[一二][{_CN_YEAR_DIGITS}]{{3}})\s*年(?:的)?(?:政府)?工作(?:回顾|总结)")
# characters that never stand in a place name but often just before one (在, 的, punctuation, a date's 日)
_NOT_NAME = "在的于了是与及我代表政府人民委会议全本这那各年月日届次第为对把被从向到以说作报告并请执个们提受领导发网"
_NAME = rf"[^{_NOT_NAME}\W\d]"
# a place name starts the text, or follows a blank, a figure, punctuation, 在, 的 or a date's 日
_NAME_START = r"(?<![^\s\d，,。；;：:、“”《》()（）【】\[\]—\-在的日于由表])"
_UNIT = "省|自治区|特别行政区|市|自治州|地区|区|县|旗|州|盟"
_REGION = lazy(
    rf"(?:(?:19|20)\d{{2}}\s*年(?:度)?)?(?P<region>{_NAME}{{1,20}}?(?:{_UNIT}))"
    r"(?:\s*(?:19|20)\d{2}\s*年(?:度)?)?(?:两会)?[《“]?"
    r"(?:(?:人民)?政府(?:工作)?报告|国民经济和社会发展|(?:上半年)?(?:财政)?预算)"
)
# the congress that hears the report: 福建省第十三届人民代表大会, 浚县十四届人民代表大会, 四川省十一届人大
_CONGRESS = lazy(
    rf"{_NAME_START}(?P<region>{_NAME}{{1,18}}?(?:{_UNIT}))\s*第?[一二三四五六七八九十]{{1,3}}[届屆]\s*(?:人民代表大会|人大)"
)
# a bare unit or a word that only looks like a name (自县十五届人大一次会议以来: "since the county's congress")
_NOT_REGION = lazy(r"(?:自治)?(?:省|区|市|县|州|旗)|[自本该此其两][省区市县州旗]")
_NATIONAL_NAME = lazy(r"国务院")
# the national report is given to the National People's Congress, on behalf of the State Council
_NATIONAL_HEAD = lazy(r"全国人民代表大会|代表国务院|国务院总理")
# the report's own words for its place: 全省人民, 全市经济 (自治区 reports write 全区)
_WHOLE = lazy(r"全(省|市|区|县|旗|州)")
_SALUTATION = lazy(r"^(?:各位代表|同志们|各位委员|城区人大常委会)[:：,，!！]?$")
# how a title names a report: 政府工作报告, 关于…草案的报告, 发展报告(摘要); not the verb (首先报告2001年的工作)
_NAMES_REPORT = lazy(r"工作报告|的报告|报告(?=[(（]|$)")
# a breadcrumb (首页 > 政府工作报告), a menu item (- 发展报告) or a sentence (我代表…, 听取…作政府工作报告)
_NOT_TITLE = lazy(r"[>»›|/]|^[-•·*]|我代表")
_QUOTED = lazy(r'"[^"]*"|“[^”]*”|《[^》]*》|\([^)]*\)|（[^）]*）')
_ZERO_WIDTH = lazy("[\u200b\u200c\u200d\u2060\ufeff]")
_CJK_SPACE = lazy(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])")


def _clean_title(title: str) -> str:
    """A title without zero-width characters, spaced-out letters (政 府 工 作 报 告) or surrounding blanks; the
    blank between two phrases of a headline stays (重庆四届人大一次会议开幕 黄奇帆作政府工作报告)."""
    title = _ZERO_WIDTH.sub("", title).strip()
    if sum(len(word) == 1 for word in title.split()) >= 3:
        title = _CJK_SPACE.sub("", title)
    return title


def guess_title(head: TextView) -> str:
    """The report's title: the first line of its opening that names a report and is neither a sentence, a
    salutation (各位代表：) nor page furniture (当前位置 > 首页 > 政府工作报告); verbatim, as written.

    >>> guess_title(build_view("首页 > 政府工作报告\\n\\n2018年九龙坡区政府工作报告\\n各位代表："))
    '2018年九龙坡区政府工作报告'
    """
    text = head.text
    debris = cues()["title_debris"]
    pos = 0
    for line in text.split("\n"):
        at, pos = pos, pos + len(line) + 1
        folded = _clean_title(line)
        numbered = _heading_pattern().match(line)
        if numbered is not None and numbered.lastgroup != "plain":
            continue  # a heading of the report (一、关于2007年计划执行情况), not its title
        lead = len(line) - len(line.lstrip())
        end = at + len(line.rstrip())
        cut = _NAMES_REPORT.search(line)
        if len(folded) > 80 and cut and cut.end() <= 40:  # a page in one line: its title, then the text
            end = at + cut.end()
            folded = _clean_title(text[at:end])
        names_report = bool(_NAMES_REPORT.search(folded)) or any(w in folded for w in cues()["plan_report"]
                                                                 + cues()["budget_report"])
        if (not folded or len(folded) > 80 or not names_report or _HEADING_END.search(folded)
                or _SALUTATION.match(folded) or any(w in folded for w in debris)
                or _NOT_TITLE.search(folded) or _CLAUSE.search(_QUOTED.sub("", folded))):
            continue
        start, end = head.raw_span(at + lead, end)
        return _clean_title(head.raw[start:end])
    return ""


def _year_number(written: str) -> int | None:
    """2018 from 2018 or 二〇一八 (二00八, 二○二一)."""
    if written.isdigit() and written.isascii():
        return int(written)
    digits = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "O": "0", "0": "0"}
    number = "".join(digits.get(c, "") for c in written)
    return int(number) if len(number) == 4 else None


def _year_in_head(head: str) -> int | None:
    """The report's year from its opening: the dateline of the congress that hears it (a report given in
    January 2025 is the 2025 report), else a byline or page date, else the year after a 'year in review'
    heading (2024年工作回顾), else the year after the first year named (a report opens on the year it reviews;
    checked over the national and local corpora)."""
    m = _DATELINE.search(head)
    if m and (year := _year_number(m.group("year"))):
        return year
    for pattern, shift in ((_DATE, 0), (_REVIEW_YEAR, 1), (_YEAR, 1)):
        m = pattern.search(head)
        if m and (year := _year_number(m.group(1))):
            return year + shift
    return None


def _region_in_head(head: str) -> str:
    """The region of a report from its opening: the congress that hears it (福建省第十三届人民代表大会), else the
    place named near the start, before its government or congress, whose kind the text's own 全省/全市/全区/全县
    words name (包头市人民政府市长 …, 全市)."""
    for m in _CONGRESS.finditer(head):
        if not _NOT_REGION.fullmatch(m.group("region")):
            return _last_unit(m.group("region"))
    if _NATIONAL_HEAD.search(head):
        return "national"
    kinds = _WHOLE.findall(head)
    if not kinds:
        return ""
    kind = max(set(kinds), key=kinds.count)
    suffix = {"区": "(?:自治区|区)", "州": "(?:自治州|州)"}.get(kind, kind)
    for m in re.finditer(rf"{_NAME_START}(?P<region>{_NAME}{{1,12}}?{suffix})(?=人民|政府|人大|委|[省市县区旗州]长|主席)",
                         head[:600]):
        if not _NOT_REGION.fullmatch(m.group("region")):
            return _last_unit(m.group("region"))
    return ""


def infer_metadata(title: str, doc_id: str, text: str) -> dict[str, Any]:
    """Year, region and level from the title, the file name and the opening lines (normalised text).

    >>> infer_metadata("2018年九龙坡区政府工作报告", "x", "")
    {'year': 2018, 'region': '九龙坡区', 'level': 'district'}
    >>> infer_metadata("重庆市九龙坡区2019年政府工作报告", "x", "")["region"]
    '九龙坡区'
    >>> infer_metadata("", "fujian", "——2020年1月在福建省第十三届人民代表大会第三次会议上")
    {'year': 2020, 'region': '福建省', 'level': 'province'}
    """
    head = text[:HEAD_CHARS]
    year = None
    # the latest year a title names: 关于2016年预算执行情况和2017年预算草案的报告 is a 2017 report
    years = [int(y) for y in _YEAR.findall(title or "")] or [int(y) for y in _FILE_YEAR.findall(doc_id or "")[:1]]
    if years:
        year = max(years)
    if year is None:
        year = _year_in_head(head)
    region = ""
    if any(_NATIONAL_NAME.search(s or "") for s in (title, doc_id)):
        region = "national"
    else:
        for source in (title, doc_id):
            m = next((m for m in _REGION.finditer(source or "") if not _NOT_REGION.fullmatch(m.group("region"))),
                     None)
            if m:
                region = _last_unit(m.group("region"))
                break
    if not region and (m := _province_in_title().search(title or "")):
        region = m.group("a") or m.group("b")
    if not region:
        region = _region_in_head(head)
    region = _full_name(region)
    return {"year": year, "region": region, "level": region_level(region)}


_DATELINE_STORY = lazy(r"\d{1,2}月\d{1,2}日电|[一二三]?[一二三四五六七八九十]月[一二三四五六七八九十]{1,3}日电")


def infer_genre(title: str, head: str) -> str:
    """work_report, plan_report (国民经济和社会发展计划执行情况), budget_report (预算执行情况) or summary (a news
    story about a report: 记者, 本报讯, 报告指出, a 中新网南通2月20日电 dateline, and no words of the report's
    own voice such as 我代表市人民政府).

    >>> infer_genre("关于上海市2016年预算执行情况和2017年预算草案的报告", "")
    'budget_report'
    >>> infer_genre("", "中新网南通2月20日电 市长丁大卫作政府报告。丁大卫说，2010年全市……")
    'summary'
    """
    c = cues()
    lines = [title]
    for line in head.split("\n")[:40]:  # the title lines above the salutation, not the headings below it
        line = line.strip()
        if _SALUTATION.match(line) or line.startswith("各位代表"):
            break
        numbered = _heading_pattern().match(line)
        if 0 < len(line) <= 100 and (numbered is None or numbered.lastgroup == "plain"):
            lines.append(line)
    for line in lines:
        if "政府工作报告" in line:
            break
        if any(w in line for w in c["plan_report"]):
            return "plan_report"
        if any(w in line for w in c["budget_report"]):
            return "budget_report"
    if any(w in head for w in c["own_voice"]):
        return "work_report"
    strong = _DATELINE_STORY.search(head) or any(w in head for w in c["news"])
    weak = sum(w in head for w in c["news_weak"])
    return "summary" if strong or weak >= 2 else "work_report"


def _as_year(value: Any) -> int | None:
    """A year from a metadata value: 2018, "2018", "2018年", 2018.0; anything else is no year."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value if 1000 <= value <= 2999 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and 1000 <= value <= 2999 else None
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d{4})\s*年?(?:度)?\s*", value)
        return int(m.group(1)) if m else None
    return None


_UNIT_SPLIT = lazy(
    r"(?:关于|在)?(?:.+?(?:省|自治区|特别行政区))?(?:.+(?:市|自治州|地区|州|盟))?"
    r"(?P<unit>.+?(?:省|自治区|特别行政区|市|自治州|地区|州|盟|区|县|旗))"
)


def _last_unit(region: str) -> str:
    """The lowest administrative unit of a name: 重庆市九龙坡区 -> 九龙坡区, 福建省福州市 -> 福州市."""
    m = _UNIT_SPLIT.fullmatch(region)
    return m.group("unit") if m else region


def region_level(region: str) -> str:
    """national, province, city, district or county, from a region's name (or 'national').

    >>> [region_level(r) for r in ("national", "福建省", "重庆市", "深圳市", "九龙坡区", "长寿县")]
    ['national', 'province', 'province', 'city', 'district', 'county']
    """
    if not region:
        return ""
    if region in NATIONAL_NAMES:
        return "national"
    if region.endswith(("省", "自治区", "特别行政区")) or region in MUNICIPALITIES:
        return "province"
    if region.endswith(("市", "州", "盟", "地区")):
        return "city"
    if region.endswith("区"):
        return "district"
    return "county"
