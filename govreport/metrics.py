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
from dataclasses import astuple, dataclass
from functools import cache, lru_cache
from typing import Any

from govreport import classification
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
    _data_rows,
    _find_quantities,
    cues,
    restore_offsets,
    sentence_bounds,
    without_debris,
)

COLUMNS = ["doc", "section", "period", "period_start", "period_end", "kind", "indicator", "change", "role", "value",
           "unit", "value_base", "base_unit", "qualifier", "text", "sentence", "start", "end"]

CLAUSE_DELIMS = "，,；;：:！!？?。\n"
LIST_JOINERS = ("以及", "、", "和", "及", "与", "同", "跟")
_PARENS = re.compile(r"（[^（）]*）|\([^()]*\)|【[^【】]*】")
_CN_NUM = "一二三四五六七八九十两〇○零"
_TIME = classification._TIME
_BASE_BEFORE = re.compile(r"[比较][^，,；;。比较]{0,8}$")  # 比1980年|预计: the estimate is the comparison's base
_REACHED = ("超过", "完成", "实现", "达到", "低于", "高于", "突破")
NO_NAME_AFTER = ("%", "百分点", "倍", "ratio", "‰")
_PERFECTIVE = re.compile(r"了[^，,；;。]{0,2}$|了.{0,3}$")  # 增加了|一百三十九亿元: done, an outcome
_FROM_BEFORE = re.compile(r"[从由][^，,；;。从由]{0,14}$")
_BASE_YEAR = re.compile(r"[比较]((?:19|20)\d\d)年")
_COMPARISON_BEFORE = ("比", "较", "同", "与", "和", "超过了", "超过", "是")
# How far back from a figure its sentence is read, in characters and in figures: far beyond any real sentence
# (the longest in the national reports has 415 characters), so that text without sentence ends stays linear.
LOOKBACK = 1000
LOOKBACK_ROWS = 64


@dataclass(frozen=True)
class Words:
    predicate: tuple[str, ...]
    lead: tuple[str, ...]
    weak: frozenset[str]
    head: tuple[str, ...]
    implied: tuple[tuple[str, str], ...]
    stop: tuple[str, ...]


@cache
def words() -> Words:
    groups: dict[str, list] = {}
    for row in _data_rows("indicator_words.tsv"):
        groups.setdefault(row[0], []).append(tuple(row[1:]) if row[0] == "implied" else row[1])

    def longest(role: str) -> tuple[str, ...]:
        return tuple(sorted(groups.get(role, []), key=len, reverse=True))

    return Words(longest("predicate"), longest("lead"), frozenset(groups.get("weak", [])), longest("head"),
                 tuple(groups.get("implied", [])), longest("stop"))


@dataclass(frozen=True)
class _Affixes:
    """A word list matched at the end or the start of a string by dictionary lookups, longest word first."""

    words: frozenset[str]
    longest: int

    @classmethod
    def of(cls, items) -> _Affixes:
        items = frozenset(items)
        return cls(items, max((len(w) for w in items), default=0))

    def suffix(self, s: str) -> int:
        for n in range(min(self.longest, len(s)), 0, -1):
            if s[-n:] in self.words:
                return n
        return 0

    def prefix(self, s: str) -> int:
        for n in range(min(self.longest, len(s)), 0, -1):
            if s[:n] in self.words:
                return n
        return 0


@cache
def _predicates() -> _Affixes:
    return _Affixes.of(words().predicate)


@cache
def _leads() -> _Affixes:
    return _Affixes.of(words().lead)


@cache
def _predicate_tail() -> re.Pattern[str]:
    """What ends a name's context besides predicate words: durations, comparisons (比上年), time expressions."""
    return re.compile(rf"(?:[{_CN_NUM}\d]+年|(?<!占)(?:比|较)(?!重|例)[^，,；;。]{{0,16}}?(?:的)?|{_TIME.pattern})$")


@cache
def _lead_head() -> re.Pattern[str]:
    return re.compile(rf"^(?:{_TIME.pattern}|[{_CN_NUM}\d]+年|[、，,：:—\-\s的]+)")


_TIMEISH = re.compile("[年期比较均]")
_TAIL_ENDS = frozenset("年度底末初的来间内期均划")  # the last characters of durations and time expressions


@cache
def _cue_pattern() -> re.Pattern[str]:
    c = cues()
    parts = [f"(?P<{role}>{'|'.join(re.escape(w) for w in c[role])})" for role in ("target", "actual")]
    return re.compile("|".join(parts))


@lru_cache(maxsize=8192)
def _strip_name(s: str) -> str:
    """The name in a figure's context: predicates, time expressions and leading adverbs stripped."""
    s = _unparen(s).strip()
    predicates, leads = _predicates(), _leads()
    tail, lead = _predicate_tail(), _lead_head()
    for _ in range(12):
        before = s
        n = predicates.suffix(s)
        if n:
            s = s[:-n].strip()
        elif s and (s[-1] in _TAIL_ENDS or "比" in s[-18:] or "较" in s[-18:]):
            m = tail.search(s, max(0, len(s) - 20))  # what it strips is short: look only at the end
            if m:
                s = s[: m.start()].strip()
        n = leads.prefix(s)
        if n:
            s = s[n:].strip()
        elif s[:1] in "、，,：:—- 的" or _TIMEISH.search(s[:8]):
            s = lead.sub("", s).strip()
        if s == before:
            break
    s = s.strip("、，,：:“”\"'‘’ ")
    if s.endswith("的"):
        s = s[:-1]
    for joiner in LIST_JOINERS:
        if s.startswith(joiner):
            s = s[len(joiner):]
    return s


def _is_weak(name: str) -> bool:
    return len(name) < 2 or name in words().weak or name.startswith(("是", "在", "到", "自", "截至", "截止"))


def _name_after(text: str, pos: int, limit: int = 10) -> str:
    """A name written after its figure: 13个|大通道大节点, 56个|重点工业项目|加快建设."""
    seg = text[pos:pos + limit + 1]
    cut = len(seg)
    for i, ch in enumerate(seg):
        if ch in CLAUSE_DELIMS or ch in "、（(" or ch.isdigit():
            cut = i
            break
    seg = seg[:cut]
    for stop in words().stop:
        at = seg.find(stop)
        if 0 < at < cut:
            seg = seg[:at]
    return seg[:limit].strip()


@cache
def _predicate_starts() -> tuple[str, ...]:
    c = cues()
    found = [w for w in words().predicate if len(w) > 1]
    found += [w for role in ("increase", "decrease", "to") for w in c[role] if len(w) > 1]
    return tuple(found)


def _starts_predicate(s: str) -> bool:
    """增加百分之六十八 after a figure is what happened to it, not its name."""
    return s.startswith(_predicate_starts())


_FIRST_CLAUSE = re.compile(f"[^{CLAUSE_DELIMS}]*")


def _unparen(s: str) -> str:
    return _PARENS.sub("", s) if ("（" in s or "(" in s or "【" in s) else s


def _last_clause(s: str) -> str:
    s = _unparen(s)
    return s[len(s) - _FIRST_CLAUSE.match(s[::-1]).end():]  # matched backwards: linear, not quadratic


def _first_clause(s: str) -> str:
    return _FIRST_CLAUSE.match(_unparen(s)).group()


@cache
def _ending(*roles: str) -> re.Pattern[str]:
    """Any cue word of the roles at the end of a string; the group named after the role says which."""
    c = cues()
    return re.compile("(?:" + "|".join(f"(?P<{r}>{'|'.join(re.escape(w) for w in c[r])})" for r in roles) + ")$")


def _change_role(left: str) -> tuple[str, str]:
    """The change and role a figure takes from the words just before it."""
    s = left.rstrip()[-24:]
    m = _ending("approx_before", "min_before", "max_before").search(s)
    if m:
        s = s[: m.start()]
    s = s.rstrip("了")
    if _ending("to").search(s):
        return "level", "to"
    if s.endswith(("从", "由")):
        return "level", "from"
    tail = s[-6:]
    m = _ending("increase", "decrease").search(tail)
    if m:
        w = m.group()
        if len(w) == 1 and w in "高低多少" and "比" not in s[-16:] and "较" not in s[-16:]:
            return "level", ""  # 高/低/多/少 signal change only in a comparison: 比去年预算低0.4个百分点
        if w in ("增", "减", "降") and tail.endswith(("新增", "新减")):
            return "level", ""
        return m.lastgroup or "level", ""
    return "level", ""


@cache
def _to_verbs() -> tuple[str, ...]:
    return tuple(cues()["to"])


def _cue_affixes_to_start(text: str, pos: int) -> bool:
    """Whether a verb of the end value (增加到, 提高到, 降至) follows the figure that ends at ``pos``."""
    return text.startswith(_to_verbs(), pos)


def _comparison_base(left: str) -> bool:
    """比第五个五年计划期间的|577亿元: a figure that is the base of a comparison."""
    if "比" not in left[-24:] and "较" not in left[-24:] and "同" not in left[-24:]:
        return False
    clause = _last_clause(left)
    if not re.search(r"(?<!占)(?:比|较|同)(?!重|例)[^，,；;。]{0,20}的?$", clause) or clause.endswith(("比重", "比例")):
        return False
    return _change_role(clause) == ("level", "")  # 比去年预算低|0.4个百分点 is the difference, not the base


def _time_before(text: str, marks: list[TimeMark], starts: list[int], lo: int, hi: int) -> TimeMark | None:
    """The closest time mark inside text[lo:hi]; 年均 and 每年 date only their own clause."""
    i = bisect.bisect_left(starts, hi) - 1
    while i >= 0 and (marks[i].end > hi or marks[i].local and _has_delimiter(text, marks[i].end, hi)):
        i -= 1
    if i < 0 or marks[i].start < lo:
        return None
    return marks[i]


_DELIMITER = re.compile(f"[{CLAUSE_DELIMS}]")


def _has_delimiter(text: str, lo: int, hi: int) -> bool:
    return _DELIMITER.search(text, lo, hi) is not None


class _Marks:
    """What find_metrics looks up around figures: sentence starts, and cue words and time expressions found
    lazily, once per sentence and per paragraph that holds a figure."""

    def __init__(self, text: str, year: int | None, sentence_ends: list[int]):
        self.text = text
        self.year = year
        self.sentence_starts = [0, *sentence_ends]
        self._cues: dict[int, tuple[list[int], list[str]]] = {}
        self._line_starts: list[int] | None = None
        self._times: dict[int, tuple[list[TimeMark], list[int]]] = {}
        self.headings = HeadingIndex(text, year)

    def sentence_start(self, pos: int) -> int:
        return self.sentence_starts[bisect.bisect_right(self.sentence_starts, pos) - 1]

    def cue(self, lo: int, hi: int) -> str:
        """The kind named by the last cue word in text[lo:hi] (lo: a sentence start)."""
        found = self._cues.get(lo)
        if found is None:
            text = self.text
            i = bisect.bisect_right(self.sentence_starts, lo)
            end = self.sentence_starts[i] if i < len(self.sentence_starts) else len(text)
            hits = [(m.end(), "target" if m.group("target") else "actual")
                    for m in _cue_pattern().finditer(text, lo, end)
                    if not any(w in text[max(lo, m.start() - 8):m.start()] for w in _REACHED)  # 超过预期目标
                    and not (m.group("actual") and _BASE_BEFORE.search(text[max(lo, m.start() - 10):m.start()]))]
            found = self._cues[lo] = ([e for e, _ in hits], [k for _, k in hits])
        i = bisect.bisect_right(found[0], hi) - 1  # a bisection, not a walk: sentences may be very long
        return found[1][i] if i >= 0 else ""

    def time_before(self, pos: int) -> TimeMark | None:
        """The closest time expression before ``pos`` in its paragraph."""
        text = self.text
        lo = self.line_start(pos)
        cached = self._times.get(lo)
        if cached is None:
            hi = text.find("\n", pos)
            marks = [m._replace(start=m.start + lo, end=m.end + lo)
                     for m in time_marks(text[lo:hi if hi >= 0 else len(text)], self.year)]
            cached = self._times[lo] = (marks, [m.start for m in marks])
        return _time_before(text, cached[0], cached[1], lo, pos)


    def line_start(self, pos: int) -> int:
        """Where the line holding ``pos`` starts: a bisection over line starts found once (a search back
        for the line break would cost the length of the line for every figure of a 20 MB single line)."""
        if self._line_starts is None:
            self._line_starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        return self._line_starts[bisect.bisect_right(self._line_starts, pos) - 1]


def find_metrics(text: str, year: int | None = None, sections=None, genre: str | None = None
                 ) -> list[dict[str, Any]]:
    """Metric records of a text: each quantity with indicator, change, role, kind, period and section.

    ``year`` is the report's year (今年 = year, 去年 = year − 1); ``sections`` a list of
    :class:`~govreport.document.Section` (found in the text when not given); ``genre`` the document's genre
    (work_report, plan_report, budget_report, summary), when known.
    """
    if sections is None:
        from govreport.document import find_sections

        sections = find_sections(text)
    original = text
    text, index = without_debris(text)
    if index is not None:
        from govreport.document import find_sections

        sections = find_sections(text)
    clause_ends, sentence_ends = sentence_bounds(text)
    quantities = _find_quantities(text, clause_ends)
    marks = _Marks(text, year, sentence_ends)
    headings: dict = {}
    context = Context(year, classification.plan_year(text, year, tuple(s.title for s in sections)), genre or "")
    state: dict[str, Any] = {}
    out: list[dict[str, Any]] = []
    sentence_start = -1
    in_sentence: list[dict[str, Any]] = []
    for q in quantities:
        start = q["start"]
        if text[start - 1:start] == "每":
            continue  # 平均每50公斤: the basis of a rate, not a figure (每人每年420元 is one)
        s_start = marks.sentence_start(start)
        if s_start != sentence_start:
            sentence_start = s_start
            in_sentence = []
        row = _describe(text, q, s_start, in_sentence, context, sections, marks, headings, state)
        in_sentence.append(row)
        out.append(row)
    _respectively(text, out, marks)
    for row in out:
        del row["_name_end"]
    return restore_offsets(out, original, index)


def _section_info(sections, offset: int, year: int | None, cache: dict) -> tuple[str, Heading]:
    """(innermost heading, what the headings above ``offset`` say of kind and time)."""
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
    cache[key] = (inner, Heading(kind, mark))
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
    prev = previous[-1] if previous else None
    seg_start = max(s_start, prev["end"], prev["_name_end"]) if prev else s_start
    seg = text[seg_start:start]
    same_clause = prev is not None and not any(ch in seg for ch in CLAUSE_DELIMS)
    left_clause = seg if same_clause else _last_clause(text[s_start:start])
    change, role = _change_role(text[max(s_start, start - 24):start] if not same_clause else seg)
    raw = left_clause.strip()
    joined = raw in LIST_JOINERS or raw == ""
    if same_clause and joined and prev is not None:
        change, role = prev["change"], prev["role"] if prev["role"] != "from" else "to"
    is_base = _comparison_base(text[s_start:start])
    if not role and _FROM_BEFORE.search(text, max(s_start, start - 16), start) \
            and _cue_affixes_to_start(text, q["end"]):
        role = "from"  # 由1954年的89个增加到138个, 从上年18亿元增加到95亿元: the start of a change
    if is_base and not same_clause:
        role = "from"
        for p in reversed(previous[-LOOKBACK_ROWS:]):
            if p["base_unit"] == q["base_unit"] and not p["role"]:
                p["role"] = "to"
                break
    name = _strip_name(left_clause)
    name_end = 0
    opens_clause = not raw.strip("、和及与“”\"'") and raw not in LIST_JOINERS
    ends_with_deng = left_clause.rstrip().endswith("等")  # 总部等|61个项目: the name follows the figure
    if name.endswith("等") and not ends_with_deng:
        name = name[:-1]  # 企业和个体工商户等|超过|1100万户: the name is what precedes 等
    if ends_with_deng or _is_weak(name) or opens_clause:
        # 13个大通道大节点, 公立医院综合改革等17项民生领域改革, 新增4家企业挂牌新三板: the name follows
        written_after = ""
        if q["base_unit"] not in NO_NAME_AFTER:
            written_after = _name_after(text, q["end"])
        elif opens_clause and text.startswith("的", q["end"]):
            written_after = _name_after(text, q["end"] + 1)  # 90%以上的政务服务: a share of what follows
        after = _strip_name(written_after)
        if after and not _is_weak(after) and not _starts_predicate(written_after):
            name = (name if name in words().weak else "") + after
            name_end = q["end"] + len(written_after)
        elif ends_with_deng:
            name = ""
    if not name or _is_weak(name):
        if prev is not None:
            name = prev["indicator"]
        else:
            name = _strip_name(_first_clause(text[s_start:start]))
            if _is_weak(name):
                name = ""
    name = name[-30:]

    # kind and period
    heading, above = _section_info(sections, start, year, headings)
    line = marks.line_start(start)
    if not above.kind and above.mark is None:
        above = marks.headings.before(line)
    if state.get("line") != line:
        state["document_kind"] = state.get("line_kind") or state.get("document_kind", "")
        state["line"], state["line_kind"] = line, ""
    perfective = "了" in text[max(s_start, start - 6):start] and bool(
        _PERFECTIVE.search(text, max(s_start, start - 6), start))
    evidence = Evidence(
        cue=marks.cue(sentence, start), perfective=perfective, future=is_future(left_clause[-12:]),
        time=marks.time_before(start), heading=above, base=role == "from" and is_base,
        previous_kind=state["line_kind"], document_kind=state["document_kind"])
    kind, period, period_start, period_end = astuple(classify(evidence, context))
    state["line_kind"] = kind
    if period is not None and change != "level":
        base = _BASE_YEAR.search(text, max(s_start, start - 16), start)
        if base and int(base.group(1)) < period - 1:
            period = None  # 2007年…比2002年增长65.5%: growth over several years, not in one
            period_start, period_end = int(base.group(1)) + 1, period_end
    base_unit = q["base_unit"]
    if not base_unit and q["unit"] and name:
        after = _name_after(text, q["end"], 4)
        for ending, unit in words().implied:
            if name.endswith(ending) or after.startswith(ending):
                base_unit = unit
                break
    return {
        "section": heading, "period": period, "period_start": period_start, "period_end": period_end, "kind": kind, "indicator": name, "change": change, "role": role,
        "value": q["value"], "unit": q["unit"], "value_base": q["value_base"], "base_unit": base_unit,
        "qualifier": q["qualifier"], "text": q["text"], "sentence": q["sentence"], "start": q["start"],
        "end": q["end"], "_name_end": name_end,
    }


def _respectively(text: str, rows: list[dict[str, Any]], marks: _Marks) -> None:
    """分别: align a list of names with a list of figures, one to one (A和B实际增长8.4%和11.4% too)."""
    i = 0
    while i < len(rows):
        row = rows[i]
        group = [row]
        j = i + 1
        while j < len(rows):
            between = text[group[-1]["end"]:rows[j]["start"]]
            if between.strip() in LIST_JOINERS:
                group.append(rows[j])
                j += 1
            else:
                break
        if len(group) > 1:
            left = text[max(0, row["start"] - 12):row["start"]]
            at = left.rfind("分别")
            explicit = at >= 0 and not any(ch in left[at:] for ch in CLAUSE_DELIMS)
            _assign(text, row, group, rows, i, explicit, marks)
        i = j


def _assign(text: str, first: dict[str, Any], group: list[dict[str, Any]], rows: list[dict[str, Any]], at: int,
            explicit: bool, marks: _Marks) -> None:
    """Name the figures of ``group`` (``first`` is ``rows[at]``) from the list of names before them."""
    s_start = max(marks.sentence_start(first["start"]), first["start"] - LOOKBACK)
    prefix = text[s_start:first["start"]]
    subject_raw = _last_clause(prefix[: prefix.rfind("分别")] if explicit else prefix)
    subject = _strip_name(subject_raw)
    items = _split_items(subject, len(group))
    if items:
        for row, name in zip(group, items, strict=True):
            row["indicator"] = name
        return
    if not explicit:
        return
    if not subject or _is_weak(subject):
        names: list[str] = []
        for r in reversed(rows[max(0, at - LOOKBACK_ROWS):at]):
            if r["start"] < s_start:
                break
            if r["indicator"] and r["indicator"] not in names:
                names.insert(0, r["indicator"])
            if len(names) == len(group):
                break
        if len(names) == len(group):
            for row, name in zip(group, names, strict=True):
                row["indicator"] = name
            return
    if subject:
        for row in group:
            row["indicator"] = subject


def _split_items(subject: str, n: int) -> list[str] | None:
    """电子信息产业、生物医药产业产值以及软件和信息服务业、文化服务业营业收入 → four names, heads shared."""
    if not subject:
        return None
    for joiners in (("以及", "及"), ("以及", "及", "、"), ("以及", "及", "、", "和", "与")):
        groups = [subject]
        for j in joiners[:2]:
            groups = [g for part in groups for g in part.split(j)]
        items_per_group = []
        for g in groups:
            parts = [g]
            for j in joiners[2:]:
                parts = [p for part in parts for p in part.split(j)]
            parts = [p for p in parts if p]
            items_per_group.append(_share_head(parts))
        items = [i for g in items_per_group for i in g]
        if len(items) == n:
            return items
    return None


def _share_head(parts: list[str]) -> list[str]:
    if len(parts) < 2:
        return parts
    last = parts[-1]
    for head in words().head:
        if last.endswith(head) and len(last) > len(head):
            return [p if p.endswith(head) else p + head for p in parts]
    return parts


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

    def keep(row: dict[str, Any]) -> bool:
        if kind and (row["kind"] or "none") != kind:
            return False
        if indicator:
            name = row["indicator"] or ""
            if pattern is not None and not pattern.search(name):
                return False
            if pattern is None and indicator not in name:
                return False
        return not section or section in (row["section"] or "")

    return keep


def metric_rows(report, keep: Callable[[dict[str, Any]], bool] | None = None) -> list[dict[str, Any]]:
    """Rows of ``govreport metrics`` for one report."""
    rows = []
    for r in find_metrics(report.text, report.year, report.sections, genre=report.meta.get("genre")):
        if keep is None or keep(r):
            r["doc"] = report.id
            rows.append({c: r.get(c) for c in COLUMNS})
    return rows
