"""Attribution: who a figure measures (indicator), how (change: increase, decrease, level) and its role in a
change from one value to another (from, to).

>>> strip_name("初步预计,2017年地区生产总值可实现")
'地区生产总值'
>>> change_role("比上年增长"), change_role("从"), change_role("提高到")
(('increase', ''), ('level', 'from'), ('level', 'to'))

The words are data: ``indicator_words.tsv`` (what frames a name: predicates, leads, weak words, heads) and
``cues.tsv`` (verbs of change and of the end value).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, NamedTuple

from govreport.classification import _TIME
from govreport.quantities import cues
from govreport.wordfiles import data_rows

# How far back from a figure its sentence is read, in characters and in figures: far beyond any real sentence
# (the longest in the national reports has 415 characters), so that text without sentence ends stays linear.
LOOKBACK = 1000
LOOKBACK_ROWS = 64

CLAUSE_DELIMS = "，,；;：:！!？?。\n"
LIST_JOINERS = ("以及", "、", "和", "及", "与", "同", "跟")
_PARENS = re.compile(r"（[^（）]*）|\([^()]*\)|【[^【】]*】")
_CN_NUM = "一二三四五六七八九十两〇○零"


@dataclass(frozen=True)
class Words:
    predicate: tuple[str, ...]
    lead: tuple[str, ...]
    weak: frozenset[str]
    head: tuple[str, ...]
    implied: tuple[tuple[str, str], ...]
    stop: tuple[str, ...]
    whole: tuple[str, ...]
    rate: frozenset[str]
    inner: tuple[str, ...]
    expand: dict[str, str]
    pair: dict[str, tuple[str, ...]]
    price: tuple[str, ...]
    open: tuple[str, ...]
    scope: tuple[str, ...]
    frame: tuple[str, ...]
    firms: tuple[str, ...]


@cache
def words() -> Words:
    groups: dict[str, list] = {}
    for row in data_rows("indicator_words.tsv"):
        groups.setdefault(row[0], []).append(tuple(row[1:]) if row[0] in _PAIRED_ROLES else row[1])

    def longest(role: str) -> tuple[str, ...]:
        return tuple(sorted(groups.get(role, []), key=len, reverse=True))

    return Words(longest("predicate"), longest("lead"), frozenset(groups.get("weak", [])), longest("head"),
                 tuple(groups.get("implied", [])), longest("stop"), longest("whole"),
                 frozenset(groups.get("rate", [])), longest("inner"), dict(groups.get("expand", [])),
                 {w: tuple(parts.split("|")) for w, parts in groups.get("pair", [])}, longest("price"),
                 longest("open"), longest("scope"), longest("frame"), longest("firms"))


_PAIRED_ROLES = ("implied", "expand", "pair")


@dataclass(frozen=True)
class _Affixes:
    """A word list matched at the end or the start of a string by dictionary lookups, longest word first. Only
    the lengths of the words that end (start) with the string's last (first) character are tried: most strings
    end in a character no word ends in, and cost one lookup instead of one per length."""

    words: frozenset[str]
    by_last: dict[str, tuple[int, ...]]
    by_first: dict[str, tuple[int, ...]]

    @classmethod
    def of(cls, items) -> _Affixes:
        items = frozenset(items)
        by_last: dict[str, set[int]] = {}
        by_first: dict[str, set[int]] = {}
        for w in items:
            if w:
                by_last.setdefault(w[-1], set()).add(len(w))
                by_first.setdefault(w[0], set()).add(len(w))
        return cls(items, *({ch: tuple(sorted(ns, reverse=True)) for ch, ns in table.items()}
                            for table in (by_last, by_first)))

    def suffix(self, s: str) -> int:
        for n in self.by_last.get(s[-1:], ()):
            if n <= len(s) and s[-n:] in self.words:
                return n
        return 0

    def prefix(self, s: str) -> int:
        for n in self.by_first.get(s[:1], ()):
            if n <= len(s) and s[:n] in self.words:
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
    return re.compile(rf"^(?:(?:到|至|截至|截止)?(?:{_TIME.pattern})|[{_CN_NUM}\d]+年|[、，,：:—\-\s的]+)")


_TIMEISH = re.compile("[年期比较均月季]")
_TAIL_ENDS = frozenset("年度底末初的来间内期均划")  # the last characters of durations and time expressions


@lru_cache(maxsize=8192)
def strip_name(s: str) -> str:
    """The name in a figure's context: predicates, time expressions and leading adverbs stripped."""
    s = _unparen(s).strip()
    predicates, leads = _predicates(), _leads()
    tail, lead = _predicate_tail(), _lead_head()
    w = words()
    changed = False  # a verb of change was stripped: a rate noun before it (增幅|同比回落) is the name's
    for _ in range(12):
        before = s
        if s.endswith(w.whole):
            break  # 经济增长|预期目标为: the name keeps its verb
        n = predicates.suffix(s)
        if n and changed and s[-n:] in w.rate:
            n = 0
        if n:
            changed = changed or s[-n:] in _change_verbs()
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
    if s.startswith(LIST_JOINERS):  # most names start with none: the loop below is passed
        for joiner in LIST_JOINERS:
            if s.startswith(joiner):
                s = s[len(joiner):]
    s = _BASIS.sub("", s)
    return _drop_inner_verb(s)


_BASIS = re.compile(r"在[^在，,；;。]{0,16}基础上$")  # 粮食产量|在上年高产的基础上|增长2%


def _drop_inner_verb(s: str) -> str:
    """第一产业完成增加值 → 第一产业增加值: a verb between a subject and its head word is no part of the name."""
    w = words()
    for verb in w.inner:
        at = s.find(verb, 1)
        if at > 0 and s[at + len(verb):].startswith(w.head):
            return s[:at] + s[at + len(verb):]
    return s


@cache
def _change_verbs() -> frozenset[str]:
    c = cues()
    return frozenset(c["increase"]) | frozenset(c["decrease"])


_DATE = re.compile(rf"[{_CN_NUM}\d]+月(?:[{_CN_NUM}\d]+日)?(?:以来|起)?")


@lru_cache(maxsize=8192)  # names recur (every figure of a sentence asks of its subject): one lookup, not seven tests
def is_weak(name: str) -> bool:
    """A name too vague to be an indicator (a date, 分别, a weak word, an open ending, a bare list)."""
    return len(name) < 2 or "分别" in name or bool(_DATE.fullmatch(name)) or name.endswith(words().open) \
        or may_end_list(name) and BARE_MEMBERS.search(name) is not None or name in words().weak \
        or name.startswith(("是", "在", "到", "自", "截至", "截止"))





def name_after(text: str, pos: int, limit: int = 10) -> str:
    """A name written after its figure: 13个|大通道大节点, 56个|重点工业项目|加快建设."""
    seg = text[pos:pos + limit + 1]
    cut = len(seg)
    for i, ch in enumerate(seg):
        if ch in CLAUSE_DELIMS or ch in "、（(" or ch.isdigit():
            cut = i
            break
    seg = seg[:cut]
    by_first = _stops_by_first()
    # only the stop words whose first character the few characters hold, in their order: not a find of each
    for _, stop in sorted(x for ch in set(seg) for x in by_first.get(ch, ())):
        at = seg.find(stop)
        if 0 < at < cut:
            seg = seg[:at]
    return seg[:limit].strip()


@cache
def _stops_by_first() -> dict[str, tuple[tuple[int, str], ...]]:
    """first character → (place in words().stop, stop word) of the stop words that start with it."""
    out: dict[str, list[tuple[int, str]]] = {}
    for i, stop in enumerate(words().stop):
        out.setdefault(stop[0], []).append((i, stop))
    return {ch: tuple(items) for ch, items in out.items()}


@cache
def predicate_starts() -> tuple[str, ...]:
    c = cues()
    found = [w for w in words().predicate if len(w) > 1]
    found += [w for role in ("increase", "decrease", "to") for w in c[role] if len(w) > 1]
    return tuple(found)


def starts_predicate(s: str) -> bool:
    """增加百分之六十八 after a figure is what happened to it, not its name."""
    return s.startswith(predicate_starts())


_FIRST_CLAUSE = re.compile(f"[^{CLAUSE_DELIMS}]*")
CLAUSE_DELIM = re.compile(f"[{CLAUSE_DELIMS}]")


def _unparen(s: str) -> str:
    return _PARENS.sub("", s) if ("（" in s or "(" in s or "【" in s) else s


def last_clause(s: str) -> str:
    s = _unparen(s)
    return s[len(s) - _FIRST_CLAUSE.match(s[::-1]).end():]  # matched backwards: linear, not quadratic


def first_clause(s: str) -> str:
    return _FIRST_CLAUSE.match(_unparen(s)).group()


@dataclass(frozen=True)
class _Endings:
    """The cue words of some roles found at the end of a string by dictionary lookups, as a search for
    ``(?:words)$`` finds them: the longest word that ends the string (or ends it before a final newline, where $
    matches too) wins, and a word of two roles is the first role's. Only the lengths of the words that end in the
    string's last character are tried: a regular-expression search tries every word at every position it reads."""

    role_of: dict[str, str]
    by_last: dict[str, tuple[int, ...]]

    @classmethod
    def of(cls, roles: tuple[str, ...]) -> _Endings:
        role_of: dict[str, str] = {}
        lengths: dict[str, set[int]] = {}
        for role in roles:
            for w in cues()[role]:
                role_of.setdefault(w, role)
                lengths.setdefault(w[-1], set()).add(len(w))
        return cls(role_of, {ch: tuple(sorted(ns, reverse=True)) for ch, ns in lengths.items()})

    def find(self, s: str) -> tuple[int, str, str] | None:
        """(where the word starts, the word, its role), or None."""
        end = len(s) - 1 if s.endswith("\n") else len(s)
        for n in self.by_last.get(s[end - 1:end], ()):
            if n <= end:
                role = self.role_of.get(s[end - n:end])
                if role is not None:
                    return end - n, s[end - n:end], role
        return None


@cache
def _change_endings() -> tuple[_Endings, _Endings, _Endings]:
    """The words change_role looks for at the end of what precedes a figure: qualifiers, verbs of the end value,
    verbs of change."""
    return (_Endings.of(("approx_before", "min_before", "max_before")), _Endings.of(("to",)),
            _Endings.of(("increase", "decrease")))


BARE_MEMBERS = re.compile(r"(?:\d+(?:\.\d+)?(?:、|和|及|与))+$")


def may_end_list(s: str) -> bool:
    """Whether BARE_MEMBERS can match ``s`` (it ends in a joiner, or one and a newline): most strings do not,
    and a search of one anchored at its end tries every position."""
    return s[-1:] in "、和及与" or s.endswith("\n") and s[-2:-1] in "、和及与"
_TARGET_FRAME = re.compile(r"(?:的)?(?:预期|调控)?目标(?:值)?(?:确定为|定为|设定为|定在|为|是)?$")


def change_role(left: str) -> tuple[str, str]:
    """The change and role a figure takes from the words just before it."""
    qualifier_ending, to_ending, change_ending = _change_endings()
    s = left.rstrip()[-24:]
    found = qualifier_ending.find(s)
    if found:
        s = s[: found[0]]
    if may_end_list(s):
        s = BARE_MEMBERS.sub("", s)  # 分别增长1.3和|1.4倍: the verb before the list's bare numbers
    s = s.rstrip("了")
    m = _TARGET_FRAME.search(s) if "目标" in s else None  # no 目标, no frame: the search is passed
    if m and m.start() > 0:
        s = s[: m.start()]  # 增长|目标定为6%, 经济增长|预期目标为7%: the verb before the target's frame
    if to_ending.find(s):
        return "level", "to"
    if s.endswith(("从", "由")):
        return "level", "from"
    tail = s[-6:]
    found = change_ending.find(tail)
    if found:
        _, w, role = found
        if len(w) == 1 and w in "高低多少" and "比" not in s[-16:] and "较" not in s[-16:]:
            return "level", ""  # 高/低/多/少 signal change only in a comparison: 比去年预算低0.4个百分点
        if w in ("增", "减", "降") and tail.endswith(("新增", "新减")):
            return "level", ""
        return role, ""
    return "level", ""


@cache
def _to_verbs() -> tuple[str, ...]:
    return tuple(cues()["to"])


def to_verb_follows(text: str, pos: int) -> bool:
    """Whether a verb of the end value (增加到, 提高到, 降至) follows the figure that ends at ``pos``."""
    return text.startswith(_to_verbs(), pos)


def comparison_base(left: str) -> bool:
    """比第五个五年计划期间的|577亿元: a figure that is the base of a comparison."""
    if "比" not in left[-24:] and "较" not in left[-24:] and "同" not in left[-24:]:
        return False
    clause = last_clause(left)
    if not re.search(r"(?<!占)(?:比|较|同)(?!重|例)[^，,；;。]{0,20}的?$", clause) or clause.endswith(("比重", "比例")):
        return False
    return change_role(clause) == ("level", "")  # 比去年预算低|0.4个百分点 is the difference, not the base


class Mention(NamedTuple):
    """What attribution says of one figure: its indicator, change and role; whether it is the base of a
    comparison (比上个五年的577亿元); where a name written after it ends (0: none); its base unit with units a name
    implies (工业总产值突破千亿 → 元); and the clause before it, which classification reads for tense."""

    indicator: str
    change: str
    role: str
    base: bool
    name_end: int
    base_unit: str
    clause: str


_RATE_AFTER = ("的增幅", "的增速", "的增长", "的涨幅", "的年均增长")
_NUMBER_INSIDE = re.compile(r"[0-9０-９]|[一二三四五六七八九十两百千]+[万亿]")  # a figure no reader took: no name
_COMPLETION = re.compile(r"完成[^，,；;。的]{1,12}的$")  # 完成全年预算的|60.7%: a share of a plan
_SHARE_MARK = re.compile("占|完成(?=全年|年度|计划|预算|目标|任务)")
_RATE_COMPARISON = re.compile(r"(?:同比|比上年|比去年)(?:高|低)$")
_RATE_WORDS = re.compile("率|比重|增速|增幅|涨幅|指数|占")


def _subject_of(name: str) -> str:
    """The amount a share is of: 地方财政收入占调整预算 → 地方财政收入 (the name itself when it is no share)."""
    m = _SHARE_MARK.search(name)
    return name[: m.start()] if m else name


_RANGE_JOINERS = frozenset("-－—–~～")  # 增长6%-6.5%: the second bound is the same change
_FROM_BEFORE = re.compile(r"[从由][^，,；;。从由]{0,14}$")
NO_NAME_AFTER = ("%", "百分点", "倍", "ratio", "‰")


@dataclass
class _Draft:
    """A mention being attributed: what the rules read (the text, the quantity, its sentence and the rows before
    it) and what they set."""

    text: str
    q: dict[str, Any]
    s_start: int
    previous: list[dict[str, Any]]
    prev: dict[str, Any] | None
    same_clause: bool
    clause: str  # the words before the figure back to the previous figure or the clause start
    raw: str
    name: str = ""
    change: str = "level"
    role: str = ""
    base: bool = False
    name_end: int = 0
    opens_clause: bool = False
    ends_with_deng: bool = False
    carried: bool = False  # the name is another figure's or the sentence's
    settled: bool = False  # the name is the subject that opens its clause
    weak_of: str | None = None  # the name whose is_weak ``weak`` holds (three rules ask it of one name)
    weak: bool = False

    def name_is_weak(self) -> bool:
        """is_weak(self.name), read once per name the draft has."""
        if self.weak_of is not self.name:
            self.weak_of, self.weak = self.name, is_weak(self.name)
        return self.weak


def _change_and_role(d: _Draft) -> None:
    """增长|8%, 提高到|15%, 从|54万亿元; a list member after 、 or a range bound after - shares the one before."""
    t, start = d.text, d.q["start"]
    d.change, d.role = change_role(t[max(d.s_start, start - 24):start] if not d.same_clause else d.clause)
    joined = d.raw in LIST_JOINERS or d.raw == "" or d.raw in _RANGE_JOINERS
    if d.same_clause and joined and d.prev is not None:
        d.change, d.role = d.prev["change"], d.prev["role"] if d.prev["role"] != "from" else "to"


def _from_value(d: _Draft) -> None:
    """由1954年的89个增加到138个, 从上年18亿元增加到95亿元: the start of a change."""
    t, start = d.text, d.q["start"]
    if not d.role and _FROM_BEFORE.search(t, max(d.s_start, start - 16), start) and to_verb_follows(t, d.q["end"]):
        d.role = "from"


def _comparison_base(d: _Draft) -> None:
    """比第五个五年计划期间的|577亿元: the base of a comparison, and the figure before it the end value."""
    d.base = comparison_base(d.text[d.s_start:d.q["start"]])
    if d.base and not d.same_clause:
        d.role = "from"
        for p in reversed(d.previous[-LOOKBACK_ROWS:]):
            if p["base_unit"] == d.q["base_unit"] and not p["role"]:
                p["role"] = "to"
                break


def _name_before(d: _Draft) -> None:
    """The words before the figure, predicates, time expressions and leads stripped."""
    d.name = strip_name(d.clause)
    d.opens_clause = not d.raw.strip("、和及与“”\"'") and d.raw not in LIST_JOINERS
    d.ends_with_deng = d.clause.rstrip().endswith("等")  # 总部等|61个项目: the name follows the figure
    if d.name.endswith("等") and not d.ends_with_deng:
        d.name = d.name[:-1]  # 企业和个体工商户等|超过|1100万户: the name is what precedes 等


def _name_written_after(d: _Draft) -> None:
    """13个大通道大节点, 公立医院综合改革等17项民生领域改革, 新增4家企业挂牌新三板: the name follows."""
    q, w = d.q, words()
    if not (d.ends_with_deng or d.name_is_weak() or d.opens_clause
            or d.name.endswith(w.scope) and q["base_unit"] not in NO_NAME_AFTER and "占" not in d.name):  # scope
        return
    written_after = ""
    if q["base_unit"] not in NO_NAME_AFTER:
        written_after = name_after(d.text, q["end"])
    elif d.opens_clause and d.text.startswith("的", q["end"]):
        written_after = name_after(d.text, q["end"] + 1)  # 90%以上的政务服务: a share of what follows
    after = strip_name(written_after)
    if after and not is_weak(after) and not starts_predicate(written_after):
        d.name = (d.name if d.name in w.weak else "") + after
        d.name_end = q["end"] + len(written_after)
    elif d.ends_with_deng:
        d.name = ""


def _head_of_name_before(d: _Draft) -> None:
    """130个|主要建设项目|完成投资127.6亿元: a bare head takes the name written after the figure before;
    规模以上工业企业达到186家…;完成增加值53.9亿元: the enterprises counted before are whose the amount is."""
    prev = d.prev
    if prev is None or d.name not in words().head or prev["indicator"].endswith(d.name) \
            or _NUMBER_INSIDE.search(prev["indicator"]):
        return
    if prev["_name_end"]:
        d.name = prev["indicator"] + d.name
    elif prev["indicator"].endswith(words().firms) and len(prev["indicator"]) > 2:
        d.name = prev["indicator"].removesuffix(next(f for f in words().firms if prev["indicator"].endswith(f))) \
            + d.name


def _subject_after_semicolon(d: _Draft) -> None:
    """…增长18%;一般公共预算收入比2010年翻一番,达4008.1亿元: a new subject after the semicolon, not the old one."""
    if (d.name and not d.name_is_weak()) or d.prev is None:
        return
    t, start = d.text, d.q["start"]
    semi = max(t.rfind("；", d.prev["end"], start), t.rfind(";", d.prev["end"], start))
    if semi >= 0:
        opening = strip_name(first_clause(t[semi + 1:start]))
        if len(opening) > 1 and opening not in words().weak and not opening.endswith(words().open) \
                and not _NUMBER_INSIDE.search(opening):
            d.name, d.prev, d.settled = opening, None, True


def _subject_carried(d: _Draft) -> None:
    """地区生产总值可实现1135亿元,增长8.3%: the subject of the figure before; a growth rate after a share is the
    amount's, a comparison in points (同比高0.4个百分点) the growth rate's; else the sentence's first words."""
    if d.settled or d.name and not d.name_is_weak():
        return
    d.carried = True
    if d.prev is not None:
        d.name = d.prev["indicator"]
        if d.change != "level" and d.q["base_unit"] == "%":
            d.name = _subject_of(d.name) or d.name
        if d.q["base_unit"] == "百分点" and _RATE_COMPARISON.search(d.raw) and not _RATE_WORDS.search(d.name):
            d.name = (_subject_of(d.name) or d.name) + "增速"
    else:
        before = d.text[d.s_start:d.q["start"]]
        d.name = strip_name(_framing_clause(before) or first_clause(before))
        if is_weak(d.name):
            d.name = ""


_CLAUSE_SPLIT = re.compile("[，,]")


def _framing_clause(before: str) -> str:
    """经济增长速度的宏观调控目标，定为|百分之八至九: the clause before the figure's own names a target's frame;
    the figure measures what that clause names ('' when it names no frame)."""
    clauses = _CLAUSE_SPLIT.split(before)
    if len(clauses) >= 2 and clauses[-2].rstrip().endswith(words().frame):
        return clauses[-2]
    return ""


def _share_keeps_subject(d: _Draft) -> None:
    """收入完成28,583万元,占调整预算105.47%; 完成全年计划目标的45.4%: a share keeps the subject before it."""
    prev = d.prev
    if d.carried or prev is None or not prev["indicator"] or not (d.name.startswith("占") or _COMPLETION.match(d.raw)):
        return
    subject = _subject_of(prev["indicator"])
    if subject:
        d.name = subject + (d.raw[:-1] if _COMPLETION.match(d.raw) else d.name)


def _rate_of_growth(d: _Draft) -> None:
    """保持13%以上的增幅: a rate of growth; 居民消费价格指数控制在3%以内: a cap on a rise."""
    if d.change != "level" or d.role:
        return
    if d.text.startswith(_RATE_AFTER, d.q["end"]) or (
            d.q["base_unit"] == "%" and any(p in d.name for p in words().price)):
        d.change = "increase"


RULES: list[tuple[str, Callable[[_Draft], None]]] = [
    ("change and role from the verb before", _change_and_role),
    ("from-value before a verb of the end value", _from_value),
    ("base of a comparison", _comparison_base),
    ("name before the figure", _name_before),
    ("name written after the figure", _name_written_after),
    ("head of the name before", _head_of_name_before),
    ("new subject after a semicolon", _subject_after_semicolon),
    ("subject carried from the figure before", _subject_carried),
    ("share keeps its subject", _share_keeps_subject),
    ("rate of growth", _rate_of_growth),
]
"""The attribution rules in order; each reads and sets the draft mention."""


def attribute(text: str, q: dict[str, Any], s_start: int, previous: list[dict[str, Any]]) -> Mention:
    """Indicator, change and role of the quantity ``q`` (a row of quantities), read from its sentence (which
    starts at ``s_start``) and the rows before it in that sentence (``previous``, whose roles it may set)."""
    start = q["start"]
    prev = previous[-1] if previous else None
    seg_start = max(s_start, prev["end"], prev["_name_end"]) if prev else s_start
    seg = text[seg_start:start]
    same_clause = prev is not None and CLAUSE_DELIM.search(seg) is None
    clause = seg if same_clause else last_clause(text[s_start:start])
    d = _Draft(text, q, s_start, previous, prev, same_clause, clause, clause.strip())
    for _name, rule in RULES:
        rule(d)
    name = d.name[-30:]
    base_unit = q["base_unit"]
    if not base_unit and q["unit"] and name:
        after = name_after(text, q["end"], 4)
        for ending, unit in words().implied:  # 工业总产值突破千亿: the unit a name implies
            if name.endswith(ending) or after.startswith(ending):
                base_unit = unit
                break
    return Mention(name, d.change, d.role, d.base, d.name_end, base_unit, clause)
