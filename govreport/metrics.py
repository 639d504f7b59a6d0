"""The metric table: each figure with its indicator, change, role, target or actual, and period.

>>> rows = find_metrics("一、2017年工作回顾\\n初步预计,2017年地区生产总值可实现1135亿元,增长8.3%。", year=2018)
>>> [(r["indicator"], r["change"], r["kind"], r["period"], r["text"]) for r in rows]
[('地区生产总值', 'level', 'actual', 2017, '1135亿元'), ('地区生产总值', 'increase', 'actual', 2017, '8.3%')]

The rules are general patterns of report language, with their words in data files: ``cues.tsv`` (change,
qualifier, kind), ``indicator_words.tsv`` (what frames a name).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from govreport import classification
from govreport.attribution import (
    CLAUSE_DELIM,
    LOOKBACK,
    attribute,
)
from govreport.classification import (
    Context,
    Evidence,
    Heading,
    HeadingIndex,
    TimeMark,
    classify,
    is_future,
    time_marks,
)
from govreport.quantities import (
    SENTENCE_REACH,
    _figures,
    add_sentences,
    cues,
    in_raw,
    paragraph_bounds,
    sentence_bounds,
)
from govreport.respectively import respectively
from govreport.view import TextView, build_view, fold_traditional

COLUMNS = ["doc", "region", "year", "section", "period", "period_start", "period_end", "kind", "indicator", "change",
           "role", "value", "unit", "value_base", "base_unit", "qualifier", "text", "sentence", "start", "end"]

_BASE_BEFORE = re.compile(r"[比较][^，,；;。比较]{0,8}$")  # 比1980年|预计: the estimate is the comparison's base
_REACHED = ("超过", "完成", "实现", "达到", "低于", "高于", "突破")
_PERFECTIVE = re.compile(r"了[^，,；;。]{0,2}$|了.{0,3}$")  # 增加了|一百三十九亿元: done, an outcome


@cache
def _cue_pattern() -> tuple[re.Pattern[str], frozenset[str]]:
    """The kind cue words (the target words first, as the alternation tries them), and the target words: a word
    matched is a target cue if it is one (a word of both lists is matched as the target word it is first)."""
    c = cues()
    # one plain alternation of words: the regex engine skips to the next of their first characters in its tight
    # loop (named groups or a lookahead in front make it try the pattern at every position of a sentence)
    return re.compile("|".join(re.escape(w) for role in ("target", "actual") for w in c[role])), frozenset(c["target"])


def _time_before(text: str, marks: list[TimeMark], starts: list[int], lo: int, hi: int) -> TimeMark | None:
    """The closest time mark inside text[lo:hi]; 年均 and 每年 date only their own clause."""
    i = bisect.bisect_left(starts, hi) - 1
    while i >= 0 and (marks[i].end > hi or marks[i].local and _has_delimiter(text, marks[i].end, hi)):
        i -= 1
    if i < 0 or marks[i].start < lo:
        return None
    return marks[i]


def _has_delimiter(text: str, lo: int, hi: int) -> bool:
    return CLAUSE_DELIM.search(text, lo, hi) is not None


class _Marks:
    """What find_metrics looks up around figures: sentence starts, and cue words and time expressions found
    lazily, once per sentence and per paragraph that holds a figure."""

    def __init__(self, text: str, year: int | None, sentence_ends: list[int], planned: int | None = None,
                 lines: list[tuple[int, str]] | None = None):
        self.text = text
        self.year = year
        self.planned = planned
        self.sentence_starts = [0, *sentence_ends]
        self._cues: dict[int, tuple[list[int], list[str]]] = {}
        self._line_starts: list[int] | None = None
        self._times: dict[int, tuple[list[TimeMark], list[int]]] = {}
        self.headings = HeadingIndex(text, year, lines)

    def sentence_start(self, pos: int) -> int:
        return self.sentence_starts[bisect.bisect_right(self.sentence_starts, pos) - 1]

    def cue(self, lo: int, hi: int) -> str:
        """The kind named by the last cue word in text[lo:hi] (lo: a sentence start)."""
        found = self._cues.get(lo)
        if found is None:
            text = self.text
            i = bisect.bisect_right(self.sentence_starts, lo)
            end = self.sentence_starts[i] if i < len(self.sentence_starts) else len(text)
            pattern, targets = _cue_pattern()
            ends: list[int] = []
            kinds: list[str] = []
            for m in pattern.finditer(text, lo, end):
                at = m.start()
                if m.group() in targets:
                    if any(w in text[max(lo, at - 8):at] for w in _REACHED):
                        continue
                    kind = "target"
                elif _BASE_BEFORE.search(text[max(lo, at - 10):at]):
                    continue
                else:
                    kind = "actual"
                ends.append(m.end())
                kinds.append(kind)
            found = self._cues[lo] = (ends, kinds)
        i = bisect.bisect_right(found[0], hi) - 1  # a bisection, not a walk: sentences may be very long
        return found[1][i] if i >= 0 else ""

    def time_before(self, pos: int, lo: int) -> TimeMark | None:
        """The closest time expression before ``pos`` in its paragraph (which starts at ``lo``)."""
        text = self.text
        cached = self._times.get(lo)
        if cached is None:
            hi = text.find("\n", pos)
            marks = time_marks(text, self.year, self.planned, lo, hi if hi >= 0 else len(text))
            cached = self._times[lo] = (marks, [m.start for m in marks])
        return _time_before(text, cached[0], cached[1], lo, pos)


    def line_start(self, pos: int) -> int:
        """Where the line holding ``pos`` starts: a bisection over line starts found once (a search back
        for the line break would cost the length of the line for every figure of a 20 MB single line)."""
        if self._line_starts is None:
            self._line_starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        return self._line_starts[bisect.bisect_right(self._line_starts, pos) - 1]


def find_metrics(text: str, year: int | None = None, sections=None, view: TextView | None = None,
                 genre: str | None = None, title: str = "") -> list[dict[str, Any]]:
    """Metric records of a text: each quantity with indicator, change, role, kind, period and section.

    ``year`` is the report's year (今年 = year, 去年 = year − 1); ``sections`` a list of
    :class:`~govreport.document.Section` in the coordinates of ``view`` (found in it when not given); ``view``
    the normalised view of ``text`` (built when not given). The rules read the view; ``start``/``end`` index
    ``text`` and ``text``/``sentence`` are verbatim. ``genre`` is the document's genre (work_report,
    plan_report, budget_report, summary), when known; ``title`` the report's title (a plan report's title names
    the year it plans for).
    """
    if view is None:
        view = build_view(text)
        if view.text != text:
            sections = None  # given sections are those of the text as read
    if sections is None:
        from govreport.document import find_sections

        sections = find_sections(view.text)
    text = view.text
    quantities, sentence_ends = _quantities(text)
    lines = classification.heading_like(text)  # read once, for the year planned and the heading index
    planned = classification.plan_year(text, year, (title, *(s.title for s in sections)), lines)
    marks = _Marks(text, year, sentence_ends, planned, lines)
    headings: dict = {}
    context = Context(year, planned, genre or "")
    state: dict[str, Any] = {}
    out: list[dict[str, Any]] = []
    sentence_start = -1
    in_sentence: list[dict[str, Any]] = []
    for i, q in enumerate(quantities):
        start = q["start"]
        if text[start - 1:start] == "每":
            continue  # 平均每50公斤: the basis of a rate, not a figure (每人每年420元 is one)
        if i + 1 < len(quantities) and is_threshold(text, q, quantities[i + 1]):
            continue
        s_start = marks.sentence_start(start)
        if s_start != sentence_start:
            sentence_start = s_start
            in_sentence = []
        row = _describe(text, q, s_start, in_sentence, context, sections, marks, headings, state)
        in_sentence.append(row)
        out.append(row)
    respectively(text, out, marks)
    for row in out:
        del row["_name_end"]
    return in_raw(view, out)


# Texts longer than this are read in pieces cut at clause ends, and the sentence column of their rows is a window
# shared by the rows near each other: a run of figures without a sentence end (a 分别 list of 200,000 items) then
# costs memory in proportion to the text, not to its figures times their sentences. Real reports are shorter.
CHUNK = 1 << 18


def _quantities(text: str) -> tuple[list[dict[str, Any]], list[int]]:
    """The figures of ``text`` with their sentences, and the ends of the full sentences around them (of the lines
    that hold figures; of all the text when it is read in pieces)."""
    if len(text) <= CHUNK:
        found = _figures(text)
        clause_ends, sentence_ends = paragraph_bounds(text, found)  # the lines without a figure are not read
        add_sentences(text, found, clause_ends)
        return found, sentence_ends
    clause_ends, sentence_ends = sentence_bounds(text)
    out: list[dict[str, Any]] = []
    windows: dict[tuple[int, int], str] = {}
    a = 0
    while a < len(text):
        b = _cut(text, a, clause_ends)
        for q in _figures(text[a:b]):  # the sentence is the shared window, not the piece's own
            q["start"] += a
            q["end"] += a
            q["sentence"] = _window(text, q["start"], clause_ends, windows)
            out.append(q)
        a = b
    return out, sentence_ends


_SAFE_CUT = re.compile("[，,、；;。！？!?\n]")


def _cut(text: str, a: int, clause_ends: list[int]) -> int:
    """Where the piece of ``text`` from ``a`` ends: a sentence end, else the last clause mark, before a + CHUNK."""
    if a + CHUNK >= len(text):
        return len(text)
    i = bisect.bisect_right(clause_ends, a + CHUNK) - 1
    if i >= 0 and clause_ends[i] > a + CHUNK // 2:
        return clause_ends[i]
    marks = list(_SAFE_CUT.finditer(text, a + CHUNK - 4096, a + CHUNK))
    return marks[-1].end() if marks else a + CHUNK


def _window(text: str, start: int, clause_ends: list[int], windows: dict[tuple[int, int], str]) -> str:
    """The clause around ``start``, or in a runaway clause a window of at least SENTENCE_REACH characters on each
    side, aligned to blocks so that the rows of a block share one string."""
    i = bisect.bisect_right(clause_ends, start)
    lo_s = clause_ends[i - 1] if i else 0
    hi_s = clause_ends[i] if i < len(clause_ends) else len(text)
    block = start // SENTENCE_REACH * SENTENCE_REACH
    key = (max(lo_s, block - SENTENCE_REACH), min(hi_s, block + 2 * SENTENCE_REACH))
    found = windows.get(key)
    if found is None:
        if len(windows) > 4096:
            windows.clear()
        found = windows[key] = text[key[0]:key[1]].strip()
    return found


_THRESHOLD_NAME = re.compile(r"[^，,；;。、\d的达为是有增减]{1,6}(?:达到|达)?")  # 超50亿元乡镇达|4个
_THRESHOLD_AFTER = re.compile(r"(?:以上|以下)?的[^，,；;。、\d]{1,12}|(?:以上|以下)[^，,；;。、\d的]{1,8}")


def is_threshold(text: str, q: dict[str, Any], following: dict[str, Any]) -> bool:
    """A threshold inside a name is no figure: 销售收入超十亿元的企业|15家, 亿元以上项目|30个 (the figure after it
    counts what passes it)."""
    between = text[q["end"]:following["start"]]
    if not between or len(between) > 14:
        return False
    if not _THRESHOLD_AFTER.fullmatch(between):
        return _passes_threshold(text, q, between)
    return between.startswith(("以上", "以下")) or q["text"].endswith(("以上", "以下")) \
        or text[max(0, q["start"] - 2):q["start"]].endswith(cues()["threshold_before"])


def _passes_threshold(text: str, q: dict[str, Any], between: str) -> bool:
    """超千万元项目|338个, 500万元以上项目|493个: a threshold needs no 的 before the name it is part of."""
    return (text[max(0, q["start"] - 2):q["start"]].endswith(cues()["threshold_before"]) or q["text"].endswith(("以上", "以下"))) \
        and _THRESHOLD_NAME.fullmatch(between) is not None


def _section_info(sections, offset: int, year: int | None, cache: dict) -> tuple[str, Heading, int]:
    """(innermost heading, what the headings above ``offset`` say of kind and time, where the innermost section
    starts: 0 outside every section)."""
    starts = cache.get(-1)
    if starts is None:
        starts = cache[-1] = [s.start for s in sections]
    key = bisect.bisect_right(starts, offset)
    if key in cache:
        return cache[key]
    chains = cache.get(-2)
    if chains is None:
        chains = cache[-2] = _open_sections(sections)
    inside = [i for i in (chains[key - 1] if key else ()) if offset < sections[i].end]
    inner = ""
    kind = ""
    mark: TimeMark | None = None
    for i in inside:
        title = sections[i].title
        inner = title
        kind = kind or classification.heading_kind(title)
        if mark is None:
            found = time_marks(title, year)
            if found:
                mark = found[-1]
    cache[key] = (inner, Heading(kind, mark), sections[inside[-1]].start if inside else 0)
    return cache[key]


def _open_sections(sections) -> list[tuple[int, ...]]:
    """For each heading, the headings whose sections are open there (itself and those it is nested in), in
    order: one pass with a stack, so that thousands of headings cost no more than they number."""
    chains: list[tuple[int, ...]] = []
    stack: list[int] = []
    for i, sec in enumerate(sections):
        while stack and sections[stack[-1]].level >= sec.level:
            stack.pop()
        stack.append(i)
        chains.append(tuple(stack))
    return chains


def _describe(text: str, q: dict[str, Any], s_start: int, previous: list[dict[str, Any]], context: Context,
              sections, marks: _Marks, headings: dict, state: dict[str, Any]) -> dict[str, Any]:
    year = context.year
    start = q["start"]
    sentence = s_start
    s_start = max(s_start, start - LOOKBACK)  # a runaway "sentence" (no 。 in megabytes) is read near the figure
    mention = attribute(text, q, s_start, previous)
    change, role, is_base, name = mention.change, mention.role, mention.base, mention.indicator

    # kind and period
    heading, above, section_start = _section_info(sections, start, year, headings)
    line = marks.line_start(start)
    if not above.kind and above.mark is None:  # heading-like lines, but none above the section the figure is in
        above = marks.headings.before(line, section_start)
    if state.get("line") != line:
        state["document_kind"] = state.get("line_kind") or state.get("document_kind", "")
        state["line"], state["line_kind"] = line, ""
    perfective = "了" in text[max(s_start, start - 6):start] and bool(
        _PERFECTIVE.search(text, max(s_start, start - 6), start))
    evidence = Evidence(  # by position (cue, perfective, future, time, heading, base, previous and document kind):
        # a named tuple built from keywords costs twice as much, per figure
        marks.cue(sentence, start), perfective, is_future(mention.clause[-12:]), marks.time_before(start, line),
        above, role == "from" and is_base, state["line_kind"], state["document_kind"])
    got = classify(evidence, context)
    kind, period, period_start, period_end = got.kind, got.period, got.period_start, got.period_end
    state["line_kind"] = kind
    return {
        "section": heading, "period": period, "period_start": period_start, "period_end": period_end,
        "kind": kind, "indicator": name, "change": change, "role": role,
        "value": q["value"], "unit": q["unit"], "value_base": q["value_base"], "base_unit": mention.base_unit,
        "qualifier": q["qualifier"], "text": q["text"], "sentence": q["sentence"], "start": q["start"],
        "end": q["end"], "_name_end": mention.name_end,
    }


def make_filter(kind: str | None = None, indicator: str | None = None, section: str | None = None,
                regex: bool = False) -> Callable[[dict[str, Any]], bool] | None:
    """A row predicate for --kind, --indicator (substring or regex) and --section; None keeps every row."""
    if not (kind or indicator or section):
        return None
    pattern = None
    if indicator and regex:
        try:
            pattern = re.compile(indicator)
        except re.error as exc:
            raise ValueError(f"invalid regular expression: {exc}") from None

    def keep(row: dict[str, Any], headings: list[str] | None = None) -> bool:
        """``headings``: every heading enclosing the row (``--section`` matches any of them)."""
        if kind and (row["kind"] or "none") != kind:
            return False
        if indicator:
            name = row["indicator"] or ""
            if pattern is not None and not pattern.search(name):
                return False
            if pattern is None and indicator not in name:
                return False
        titles = headings if headings is not None else [row["section"] or ""]
        return not section or any(section in t for t in titles)

    keep.takes_headings = True  # type: ignore[attr-defined]
    return keep


def metric_rows(report, keep: Callable[[dict[str, Any]], bool] | None = None) -> list[dict[str, Any]]:
    """Rows of ``govreport metrics`` for one report."""
    rows = []
    enclosing = getattr(keep, "takes_headings", False)  # a make_filter filter
    # --section sees every enclosing heading, by its normalised title (the headings as read: only for it)
    titled = list(zip(report.sections, report.view_sections, strict=True)) if enclosing else []
    ident = {"doc": report.id, "region": report.region or None, "year": report.year}
    for r in find_metrics(report.text, report.year, report.view_sections, view=report.view,
                          genre=report.meta.get("genre"), title=fold_traditional(report.title or "")):
        if keep is None or (keep(r, [v.title for s, v in titled if s.start <= r["start"] < s.end]) if enclosing
                            else keep(r)):
            rows.append(ident | r)  # find_metrics gives the other columns, in their order (a test checks it)
    return rows
