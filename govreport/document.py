"""The document model: a report's text exactly as decoded, its paragraphs, headings and metadata."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from govreport.view import TextView, build_view

CN_DIGITS = "一二三四五六七八九十"
# 一、2017年工作回顾 / 第二部分 ... at the start of a line: level 1; (一)… / （一）…: level 2.
_HEADING = re.compile(
    rf"^[ \t\u3000]*(?:(?P<l1>[{CN_DIGITS}]{{1,3}}、|第[{CN_DIGITS}]{{1,3}}部分)"
    rf"|(?P<l2>[(（][{CN_DIGITS}]{{1,3}}[)）]))",
    re.M,
)
_HEADING_END = re.compile(r"[。！？；!?;]")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_REGION = re.compile(
    r"(?:(?:19|20)\d{2}年(?:度)?)?(?P<region>[\u4e00-\u9fff]{2,20}?(?:省|自治区|特别行政区|市|区|县|旗|州|盟))"
    r"(?:\s*(?:19|20)\d{2}\s*年(?:度)?)?(?:人民)?政府(?:工作)?报告"
)
_CONGRESS = re.compile(r"在(?P<region>[\u4e00-\u9fff]{2,14}?(?:省|自治区|市|区|县|旗|州|盟))第")
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
NATIONAL_NAMES = ("national", "国务院", "全国", "中央", "中国", "中华人民共和国")
_NATIONAL_NAME = re.compile(r"国务院")
# the national report is given to the National People's Congress, on behalf of the State Council
_NATIONAL_HEAD = re.compile(r"全国人民代表大会|代表国务院|国务院总理")
_FILE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Section:
    """A heading: ``level`` 1 for 一、… and 第X部分, 2 for (一)…; ``end`` is where the next one at its level starts."""

    level: int
    start: int
    end: int
    title: str


@dataclass
class Report:
    """One government work report.

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

        >>> Report.from_text("各位代表：", id="x", meta={"region": "福建省", "year": "2019"}).info()["level"]
        'province'
        """
        meta = dict(meta or {})
        given_title = meta.get("title")
        title = (given_title if isinstance(given_title, str) else "").strip() or _guess_title(text) or id
        report = cls(id=id, text=text, title=title, source=source, meta=meta)
        inferred = infer_metadata(title, id, text)
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
        return report

    @property
    def year(self) -> int | None:
        return self.meta.get("year")

    @property
    def region(self) -> str:
        return self.meta.get("region") or ""

    @property
    def level(self) -> str:
        return self.meta.get("level") or ""

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
    def sections(self) -> list[Section]:
        return find_sections(self.text)

    @cached_property
    def _section_starts(self) -> list[int]:
        return [s.start for s in self.sections]

    def section_at(self, offset: int, level: int | None = None) -> Section | None:
        """The innermost heading (or the one of ``level``) whose section holds ``offset``."""
        i = bisect.bisect_right(self._section_starts, offset) - 1
        while i >= 0:
            sec = self.sections[i]
            if (level is None or sec.level == level) and sec.start <= offset < sec.end:
                return sec
            i -= 1
        return None

    def info(self) -> dict[str, Any]:
        return {
            "doc": self.id,
            "title": self.title,
            "year": self.year,
            "region": self.region,
            "level": self.level,
            "chars": len(self.text),
            "paragraphs": len(self.paragraphs),
            "sections": len(self.sections),
        }

    # --- the Python API: every analysis as a pandas DataFrame, the rows of the command of that name ---

    def numbers(self):
        """Every quantity in the report, as a DataFrame (the rows of ``govreport numbers``)."""
        from govreport import quantities

        return _frame(quantities.number_rows(self), quantities.COLUMNS)

    def metrics(self, **filters):
        """The metric table, as a DataFrame; ``filters`` as in ``govreport metrics`` (kind, indicator, ...)."""
        from govreport import metrics

        return _frame(metrics.metric_rows(self, keep=metrics.make_filter(**filters)), metrics.COLUMNS)

    def keywords(self, **options):
        """Keywords, as a DataFrame; ``options`` as in ``govreport keywords`` (method, top, ...)."""
        from govreport import keywords

        return _frame(keywords.keyword_rows([self], **options), keywords.columns(options.get("method", "freq")))

    def kwic(self, pattern: str, regex: bool = False, window: int = 20):
        """Every occurrence of ``pattern`` with ``window`` characters of context, as a DataFrame."""
        from govreport import keywords

        rows = keywords.kwic_rows(self, pattern=keywords.compile_pattern(pattern, regex), window=window)
        return _frame(rows, keywords.KWIC_COLUMNS)

    def phrases(self, **options):
        """Policy phrases, as a DataFrame; ``options`` as in ``govreport phrases`` (by, lexicon, ...)."""
        from govreport import phrases

        return _frame(phrases.phrase_rows([self], **options), phrases.columns(options.get("by", "doc")))

    def segment(self, **options) -> list[str]:
        """The text cut into words (see ``govreport segment``)."""
        from govreport import segment

        return segment.cut(self.text, **options)


def _frame(rows, columns):
    from govreport.output import frame  # missing values (None, "", NaN) as missing, as in every format

    return frame(rows, columns)


def find_sections(text: str) -> list[Section]:
    """Headings with their spans: 一、… and 第X部分 (level 1), (一)… and （一）… (level 2).

    >>> [(s.level, s.title) for s in find_sections("一、回顾\\n（一）经济\\n增长。\\n二、任务")]
    [(1, '一、回顾'), (2, '（一）经济'), (1, '二、任务')]
    """
    found: list[tuple[int, int, str]] = []
    for m in _HEADING.finditer(text):
        start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip(" \t\u3000")))
        line_end = text.find("\n", start)
        if line_end < 0:
            line_end = len(text)
        line = text[start:line_end]
        stop = _HEADING_END.search(line)
        title = (line[: stop.start()] if stop else line).strip()[:60]
        level = 1 if m.group("l1") else 2
        if level == 1 and len(line.strip()) > 60 and not stop:
            continue  # a long line without a sentence end is a list item, not a heading
        if not title[len(m.group("l1") or m.group("l2")):].strip():
            continue  # a bare number on its own line ("一、" then the text below) numbers a list item
        found.append((level, start, title))
    # a section ends where the next heading at its level or above starts: one pass from the end, keeping the
    # start of the next heading of each level (a page of headings costs no more than it holds)
    ends: list[int] = []
    next_at: dict[int, int] = {}
    for level, start, _ in reversed(found):
        ends.append(min((at for lvl, at in next_at.items() if lvl <= level), default=len(text)))
        next_at[level] = start
    ends.reverse()
    return [Section(level, start, end, title) for (level, start, title), end in zip(found, ends, strict=True)]


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


def _guess_title(text: str) -> str:
    for line in text[:2000].split("\n"):
        line = line.strip()
        if line:
            return line if len(line) <= 80 else ""
    return ""


def infer_metadata(title: str, doc_id: str, text: str) -> dict[str, Any]:
    """Year, region and level from the title, the file name and the opening lines.

    >>> infer_metadata("2018年九龙坡区政府工作报告", "x", "")
    {'year': 2018, 'region': '九龙坡区', 'level': 'district'}
    >>> infer_metadata("重庆市九龙坡区2019年政府工作报告", "x", "")["region"]
    '九龙坡区'
    >>> infer_metadata("", "fujian_2020", "——2020年1月在福建省第十三届人民代表大会第三次会议上")
    {'year': 2020, 'region': '福建省', 'level': 'province'}
    """
    head = text[:1500]
    year = None
    for source, pattern in ((title, _YEAR), (doc_id, _FILE_YEAR), (head, _YEAR)):
        m = pattern.search(source or "")
        if m:
            year = int(m.group(1))
            break
    region = ""
    if any(_NATIONAL_NAME.search(s or "") for s in (title, doc_id)):
        region = "national"
    else:
        for source in (title, doc_id):
            m = _REGION.search(source or "")
            if m:
                region = _last_unit(m.group("region"))
                break
    if not region:
        if _NATIONAL_HEAD.search(head):
            region = "national"
        else:
            m = _CONGRESS.search(head)
            region = _last_unit(m.group("region")) if m else ""
    return {"year": year, "region": region, "level": region_level(region)}


_UNIT_SPLIT = re.compile(
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
