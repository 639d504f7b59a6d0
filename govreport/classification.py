"""Classification: whether a figure is a target or an outcome (kind), and which year it describes (period, or
the span period_start–period_end of a multi-year figure).

The evidence for one figure is gathered into an :class:`Evidence` record (its sentence's cue words and tense, the
closest time expression, the headings above it, the figures before it in its paragraph and document); an
ordered list of named rules (``RULES``) then decides the kind, the first rule that speaks winning. The
words live in ``data/cues.tsv`` (kind cues, tense, section words, tense).
Time expressions are patterns of report language: single years, parts of a year, five-year plans, spans.

>>> marks = time_marks("五年来，地区生产总值年均增长8%。2017年一季度增长7%。", 2018)
>>> [(m.period, m.first, m.last, m.part) for m in marks]
[(None, 2013, 2017, False), (None, 2013, 2017, False), (2017, 2017, 2017, True)]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from govreport.numerals import DIGITS
from govreport.quantities import cues

_CN_NUM = "一二三四五六七八九十两〇○零"
_CN_YEAR = "[一二][一二三四五六七八九〇○零0]{3}"  # 一九八一年, 二〇一七年
_YEAR_DIGITS = {c: str(v) for c, v in DIGITS.items()} | {"0": "0"}  # 二〇一七, 二00八: each character a digit
_YEAR = rf"(?:19|20|１９|２０)[0-9０-９]{{2}}|{_CN_YEAR}"
_COUNT = rf"[{_CN_NUM}\d]+"
# Time expressions: single years (2017年, 一九八一年, 今年, 去年), parts of a year (一季度, 1—6月, 前两个月),
# and spans (五年来, 十一五期间, 年均)
_TIME_BODY = (
    rf"(?P<since>(?:{_YEAR})年(?:以来|起|开始))"
    rf"|(?P<year>{_YEAR})年(?:度|底|末|初)?(?:这一年)?(?:的)?"
    rf"|(?P<rel>上一|前一|今|去|上|明|本|当|前|同|全)年(?:度|底|末)?(?:的)?|(?P<last>过去一年|一年来)"
    rf"|(?P<part>(?:第?[一二三四1-4]|前[三两二])季度|[上下]半年|前{_COUNT}个?月(?:份)?|1?[0-9][-—–~至到]1?[0-9]月(?:份)?)"
    rf"|(?P<plan>[“\"「〝]?(?P<plan_no>[{_CN_NUM}]+)五[”\"」〞]?(?:时期|期间|规划|计划|以来|期末)"
    rf"|第?(?P<plan_ord>[{_CN_NUM}\d]+)个五年(?:计划)?(?:时期|期间))"
    rf"|(?P<span>(?:前|近|过去|最近|这)?(?P<span_n>{_COUNT})年(?:来|间|内|以来)|前{_COUNT}年|(?:过去|最近|近)(?P<past_n>{_COUNT})年"
    rf"|(?:这个|计划|这一)?期间|(?P<average>年均|平均每年|每年)|这一年)"
)
# Every character a time expression can start with (a test checks it against _TIME_BODY): the lookahead lets
# the engine pass over every other position with one class test instead of trying each alternative there.
_TIME_FIRST = rf"[\d{_CN_NUM}１２上下前今去明本当同全过第“\"「〝近最这计期年平每]"
_TIME = re.compile(rf"(?={_TIME_FIRST})(?:{_TIME_BODY})")
_TIME_ANCHOR = re.compile("[年期季月届]")
_COMPARISON_BEFORE = ("比", "较", "同", "与", "和", "超过了", "超过", "是")


class TimeMark(NamedTuple):
    """A time expression: where it is, the single year it names (None for a span or an unresolved one), the
    first and last year of what it covers (both None when unknown), whether it names a part of a year, and
    whether it dates only its own clause (年均, 每年: 年均增长16.1%,人均生产总值1.48万美元 is of the year before)."""

    start: int
    end: int
    period: int | None
    first: int | None
    last: int | None
    part: bool
    local: bool = False


def _numeral(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    from govreport.numerals import parse_numeral

    try:
        return int(parse_numeral(s))
    except (ValueError, TypeError):
        return None


def plan_years(number: int) -> tuple[int, int]:
    """The years of the Nth five-year plan: the first ran 1953–1957, the third (after 1963–65) from 1966.

    >>> plan_years(11), plan_years(1)
    ((2006, 2010), (1953, 1957))
    """
    first = 1953 + 5 * (number - 1) if number <= 2 else 1966 + 5 * (number - 3)
    return first, first + 4


def _mark(m: re.Match[str], year: int | None, planned: int | None = None) -> TimeMark:
    s, e = m.start(), m.end()
    if m.group("year"):
        y = m.group("year")
        value = int(y) if y[0] in "12１２" else int("".join(_YEAR_DIGITS[c] for c in y))
        return TimeMark(s, e, value, value, value, False)
    if m.group("last"):  # 过去一年: the year before the one the report plans for
        base = planned if planned is not None else year
        value = None if base is None else base - 1
        return TimeMark(s, e, value, value, value, False)
    rel = m.group("rel")
    if rel:
        value = None if year is None else {"今": year, "本": year, "当": year, "明": year + 1, "去": year - 1,
                                           "上": year - 1, "上一": year - 1, "前一": year - 1, "前": year - 2,
                                           "同": year}.get(rel, year)
        return TimeMark(s, e, value, value, value, False)
    if m.group("part"):
        if any(w in m.group() for w in cues()["late_part"]):
            return TimeMark(s, e, None, None, None, True)  # 下半年 without a year: not yet lived in the report's
        return TimeMark(s, e, year, year, year, True)  # of the report's year unless a year is written before it
    if m.group("plan"):
        n = _numeral(m.group("plan_no") or m.group("plan_ord") or "")
        if n is None or not 1 <= n <= 30:
            return TimeMark(s, e, None, None, None, False)
        first, last = plan_years(n)
        if m.group().endswith("期末"):
            return TimeMark(s, e, last, last, last, False)
        return TimeMark(s, e, None, first, last, False)
    n = m.group("span_n") or m.group("past_n")
    count = _numeral(n) if n else None
    if count and year is not None and 1 < count <= 30 and not m.group().startswith("前"):
        return TimeMark(s, e, None, year - count, year - 1, False)
    return TimeMark(s, e, None, None, None, False, bool(m.group("average")))


def time_marks(text: str, year: int | None, planned: int | None = None, lo: int = 0,
               hi: int | None = None) -> list[TimeMark]:
    """Every time expression that dates what follows it; a part of a year written after its year (2017年一季度)
    is one mark. Comparison bases (比1955年, 是2010年的), 1985年以来 and 全年 date nothing and are left out.

    ``lo``/``hi``: read only text[lo:hi], as if it were the whole text, with the marks' offsets those of
    ``text`` (a paragraph is read in place: no slice, and no mark moved after; _TIME looks neither behind
    nor at ^, so a search from ``lo`` reads as one of the slice would).
    """
    marks: list[TimeMark] = []
    last_end = lo
    n = len(text) if hi is None else hi
    for anchor in _TIME_ANCHOR.finditer(text, lo, n):  # every time expression has one of these: look only around them
        p = anchor.start()
        if p < last_end:
            continue
        m = _TIME.search(text, max(last_end, p - 12), min(n, p + 8))
        while m is not None and m.end() <= p:
            m = _TIME.search(text, m.end(), min(n, p + 8))
        if m is None:
            continue
        last_end = m.end()
        before = text[max(lo, m.start() - 3):m.start()]
        if before.endswith(_COMPARISON_BEFORE) and not before.endswith(cues()["conjunction"]) or m.group("since") \
                or m.group("rel") == "全" or m.group("rel") == "当" and before.endswith("按"):  # 按当年汇率: a basis
            continue
        mark = _mark(m, year, planned)
        if mark.part and marks and marks[-1].end == mark.start and marks[-1].period is not None:
            prev = marks.pop()  # 2007年1—6月: the part of the year written before it
            mark = TimeMark(prev.start, mark.end, prev.period, prev.period, prev.period, True)
        elif mark.part and marks and marks[-1].period is not None:
            y = marks[-1].period  # 1984年…，其中第四季度: of the year the paragraph is about
            mark = mark._replace(period=y, first=y, last=y)
        elif mark.period is None and mark.first is None and marks and marks[-1].period is None \
                and marks[-1].first is not None:
            mark = mark._replace(first=marks[-1].first, last=marks[-1].last,
                                 local=False)  # 五年来…年均: the same span
        marks.append(mark)
    return marks


@dataclass(frozen=True)
class Context:
    """What classification knows of the document: the report's year (今年), the year it plans for (the same, or
    the next when the report is dated by the year it reviews), and its genre (work_report, plan_report,
    budget_report, summary or "")."""

    year: int | None
    plan_year: int | None = None
    genre: str = ""

    @property
    def planned(self) -> int | None:
        return self.plan_year if self.plan_year is not None else self.year


@dataclass(frozen=True)
class Heading:
    """What the headings above a figure say: the kind their words imply and the time they name."""

    kind: str = ""
    mark: TimeMark | None = None


class Evidence(NamedTuple):
    """Everything the kind and period rules read about one figure."""

    cue: str  # the kind named by the last cue word of the sentence before the figure
    perfective: bool  # 增加了|…: done
    future: bool  # 将|要 before the figure in its clause
    time: TimeMark | None  # the closest time expression before the figure in its paragraph
    heading: Heading
    base: bool  # the base of a comparison (比上个五年的577亿元)
    previous_kind: str  # the kind of the figure before it in its paragraph ("" when it is the first)
    document_kind: str  # the kind of the last figure before its paragraph


class Classified(NamedTuple):
    kind: str
    period: int | None
    period_start: int | None
    period_end: int | None


def _time(ev: Evidence) -> TimeMark | None:
    return ev.time if ev.time is not None else ev.heading.mark


def _year_of(ev: Evidence, ctx: Context) -> int | None:
    t = _time(ev)
    return t.period if t is not None else None


def _past_year(ev: Evidence, ctx: Context) -> str:
    """A figure of a year before the report's is an outcome, whatever targets its sentence recalls."""
    y = _year_of(ev, ctx)
    return "actual" if y is not None and ctx.year is not None and y < ctx.year else ""


def _past_span(ev: Evidence, ctx: Context) -> str:
    """五年来, 十一五期间: a span that ended before the report's year was lived through."""
    t = _time(ev)
    if t is None or t.period is not None or t.last is None or ctx.planned is None:
        return ""
    return "actual" if t.last < ctx.planned else ""


def _part_of_year(ev: Evidence, ctx: Context) -> str:
    """一季度, 1—6月, 前两个月: results of a part of the year, reported after it."""
    t = _time(ev)
    return "actual" if t is not None and t.part and ev.cue != "target" else ""


def _later_year(ev: Evidence, ctx: Context) -> str:
    """A figure of the report's year or later is a target, unless a review heading says it was achieved (a report
    given at the end of its year: 2021年工作回顾 in the 2021 report)."""
    y, planned = _year_of(ev, ctx), ctx.planned
    if y is None or planned is None or y < planned:
        return ""
    return "" if y == planned and ev.heading.kind == "actual" else "target"


RULES: list[tuple[str, Callable[[Evidence, Context], str]]] = [
    ("comparison base", lambda ev, ctx: "actual" if ev.base else ""),
    ("past year", _past_year),
    ("cue word", lambda ev, ctx: ev.cue),
    ("part of a year", _part_of_year),
    ("perfective", lambda ev, ctx: "actual" if ev.perfective else ""),
    ("future tense", lambda ev, ctx: "target" if ev.future else ""),
    ("past span", _past_span),
    ("later year", _later_year),
    ("heading", lambda ev, ctx: ev.heading.kind),
    ("previous figure", lambda ev, ctx: ev.previous_kind),
    ("document so far", lambda ev, ctx: ev.document_kind),
    ("review by default", lambda ev, ctx: "actual"),
]
"""The kind rules in order: the first that names a kind decides."""


def _heading_time(heading: Heading, kind: str, ctx: Context) -> TimeMark | None:
    """A heading's year dates the figures under it when it agrees with their kind: a target that a heading
    dates before the plan year, or an outcome dated after it, is a figure the heading does not describe."""
    t, planned = heading.mark, ctx.planned
    if t is None or t.period is None or planned is None:
        return t
    if kind == "target":
        return t if t.period >= planned else None
    return t if t.period < planned or t.part or heading.kind == "actual" else None


def classify(ev: Evidence, ctx: Context) -> Classified:
    kind = ""
    for _name, rule in RULES:
        kind = rule(ev, ctx)
        if kind:
            break
    t = ev.time if ev.time is not None else _heading_time(ev.heading, kind, ctx)
    if t is not None and not (t.part and t.period is None):
        period, first, last = t.period, t.first, t.last
    elif ctx.planned is None:
        period = first = last = None
    else:
        period = ctx.planned - 1 if kind == "actual" else ctx.planned
        first = last = period
    return Classified(kind, period, first, last)


@cache
def _section_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    c = cues()
    return c["section_actual"], c["section_target"]


def heading_kind(title: str) -> str:
    actual, target = _section_words()
    if any(w in title for w in actual):
        return "actual"
    if any(w in title for w in target):
        return "target"
    return ""


_HEADING_LINE_END = re.compile("[。；;，,：:！!？?]")
HEADING_MAX = 30


def heading_like(text: str) -> list[tuple[int, str]]:
    """(offset, stripped line) of the lines that read as headings: short, no sentence or clause punctuation
    (a mark anywhere in the line is one in what is left when it is stripped). find_metrics reads them once for
    plan_year and HeadingIndex."""
    out = []
    pos = 0
    for line in text.split("\n"):
        if not _HEADING_LINE_END.search(line):
            stripped = line.strip().lstrip("■●◆▲★·•-—*# ")
            if 1 < len(stripped) <= HEADING_MAX:
                out.append((pos, stripped))
        pos += len(line) + 1
    return out


def heading_lines(text: str, year: int | None, lines: list[tuple[int, str]] | None = None
                  ) -> list[tuple[int, Heading]]:
    """Heading lines that say something of kind or time: 2023年工作回顾, 今年预期目标, 去年GDP突破13万亿元. A title
    that names only the report's own year (2013年政府工作报告) says nothing of the figures below it. ``lines``:
    the text's :func:`heading_like` lines, when read already."""
    out: list[tuple[int, Heading]] = []
    for pos, stripped in heading_like(text) if lines is None else lines:
        kind = heading_kind(stripped)
        marks = time_marks(stripped, year)
        mark = marks[-1] if marks else None
        if mark is not None and not kind and not mark.part and (mark.period is None or year is None
                                                                 or mark.period >= year):
            mark = None  # a title of the report's year (2013年政府工作报告), a horizon (到2020年): no dating
        if kind or mark is not None:
            out.append((pos, Heading(kind, mark)))
    return out


def plan_year(text: str, year: int | None, titles: tuple[str, ...] = (),
              lines: list[tuple[int, str]] | None = None) -> int | None:
    """The year a report plans for: its given year, or the next one when a heading names that year (a report
    dated by the year it reviews: 一、精彩的2012年 … 二、奋进的2013年; 2015年计划执行情况与2016年计划).

    >>> plan_year("一、精彩的2012年\\n二、奋进的2013年\\n", 2012), plan_year("一、2012年工作回顾\\n", 2012)
    (2013, 2012)
    """
    if year is None:
        return None
    for line in [line for _, line in (heading_like(text) if lines is None else lines)] + list(titles):
        if str(year + 1) in line and re.search(rf"(?<![比较到至同]){year + 1}年(?!以来|起|的)", line):
            return year + 1
    return year


class HeadingIndex:
    """The closest heading line before a position, by bisection."""

    def __init__(self, text: str, year: int | None, lines: list[tuple[int, str]] | None = None):
        self._lines = heading_lines(text, year, lines)
        self._starts = [p for p, _ in self._lines]

    def before(self, pos: int, floor: int = 0) -> Heading:
        """The closest heading line before ``pos``, if it is not before ``floor`` (a heading it is not under)."""
        i = bisect.bisect_right(self._starts, pos) - 1
        return self._lines[i][1] if i >= 0 and self._starts[i] >= floor else Heading()


@cache
def _future() -> re.Pattern[str]:
    words = [w for w in cues().get("future", ())]
    return re.compile("|".join(re.escape(w) for w in words)) if words else re.compile("(?!)")


def is_future(clause: str) -> bool:
    """将|要 in the clause before a figure (主要, 需要 are not the auxiliary): what is to be done.

    >>> is_future("城镇登记失业率将控制在"), is_future("主要指标")
    (True, False)
    """
    for m in _future().finditer(clause):
        if m.group() == "要" and clause[max(0, m.start() - 1):m.start()] in cues()["not_auxiliary"]:
            continue
        return True
    return False

