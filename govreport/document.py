"""The document model: a report's text exactly as decoded, its paragraphs, headings and metadata."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

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
    r"(?:(?:19|20)\d{2}年(?:度)?)?(?P<region>[\u4e00-\u9fff]{2,14}?(?:省|自治区|特别行政区|市|区|县|旗|州|盟))"
    r"(?:人民)?政府(?:工作)?报告"
)
_CONGRESS = re.compile(r"在(?P<region>[\u4e00-\u9fff]{2,14}?(?:省|自治区|市|区|县|旗|州|盟))第")
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


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
        meta = dict(meta or {})
        title = str(meta.get("title") or "") or _guess_title(text) or id
        report = cls(id=id, text=text, title=title, source=source, meta=meta)
        inferred = infer_metadata(title, id, text)
        for key, value in inferred.items():
            if meta.get(key) in (None, ""):
                meta[key] = value
        if meta.get("year") not in (None, ""):
            try:
                meta["year"] = int(meta["year"])
            except (TypeError, ValueError):
                meta["year"] = None
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

    # --- the Python API: every analysis as a pandas DataFrame ------------------------------------

    def numbers(self):
        from govreport import quantities

        return _frame(quantities.number_rows(self), quantities.COLUMNS)

    def metrics(self, **filters):
        from govreport import metrics

        return _frame(metrics.metric_rows(self, **filters), metrics.COLUMNS)

    def keywords(self, **options):
        from govreport import keywords

        return _frame(keywords.keyword_rows([self], **options), keywords.columns(options.get("method", "freq")))

    def kwic(self, pattern: str, **options):
        from govreport import keywords

        return _frame(keywords.kwic_rows(self, pattern, **options), keywords.KWIC_COLUMNS)

    def phrases(self, **options):
        from govreport import phrases

        return _frame(phrases.phrase_rows([self], **options), phrases.COLUMNS)

    def segment(self, **options) -> list[str]:
        from govreport import segment

        return segment.cut(self.text, **options)


def _frame(rows, columns):
    import pandas as pd

    return pd.DataFrame(list(rows), columns=columns)


def find_sections(text: str) -> list[Section]:
    """Headings with their spans: 一、… and 第X部分 (level 1), (一)… and （一）… (level 2)."""
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
        found.append((level, start, title))
    sections = []
    for i, (level, start, title) in enumerate(found):
        end = len(text)
        for lvl, nxt, _ in found[i + 1:]:
            if lvl <= level:
                end = nxt
                break
        sections.append(Section(level, start, end, title))
    return sections


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
    """
    head = text[:1500]
    year = None
    for source in (title, doc_id, head):
        m = _YEAR.search(source or "")
        if m:
            year = int(m.group(1))
            break
    region = ""
    if any("国务院" in s for s in (title, doc_id, head[:300])):
        region = "national"
    else:
        for source in (title, doc_id):
            m = _REGION.search(source or "")
            if m:
                region = m.group("region")
                break
        if not region:
            m = _CONGRESS.search(head)
            region = m.group("region") if m else ""
    return {"year": year, "region": region, "level": region_level(region)}


def region_level(region: str) -> str:
    if not region:
        return ""
    if region == "national":
        return "national"
    if region.endswith(("省", "自治区", "特别行政区")) or region in MUNICIPALITIES:
        return "province"
    if region.endswith(("市", "州", "盟")):
        return "city"
    if region.endswith("区"):
        return "district"
    return "county"
