"""Policy phrases (提法): quoted formulations, numbered slogans and lexicon entries, counted in the text.

Three kinds of phrase are found in a report and each is counted on the text as read, never on tokens, so a
segmenter can never split one:

- quoted: every phrase of 2 to 20 characters inside “…”, 「…」, 『…』 or ASCII "…" quotes. A quote never
  runs past the end of its line, so an unclosed one swallows nothing; adjacent quotes (“两点”“两地”) are
  separate phrases.
- numbered: formulations that carry a numeral (五位一体, 四个全面, 十一项战略行动计划, 三去一降一补, 1+6+5),
  quoted or not, as the rules of ``data/slogans.tsv`` tell them from ordinary quantities (三次产业, 一是).
- lexicon: the phrases of a user's lexicon (one per line, or a CSV of phrase,category).

``count`` is the number of verbatim, non-overlapping occurrences anywhere in the text, quoted or not;
``quoted_count`` how many of them stand alone in quotes; ``first_start`` the offset of the first one.

>>> [(r["phrase"], r["category"], r["count"], r["numeral"]) for r in phrase_rows(["坚持“五位一体”，统筹五位一体。"])]
[('五位一体', 'numbered', 2, 5)]
>>> numbered_slogans("深入开展“两学一做”学习教育，落实中央八项规定精神。")
['两学一做', '八项规定']
"""

from __future__ import annotations

import bisect
import csv
import functools
import io
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from govreport.lazy_regex import lazy
from govreport.view import leftmost_longest, leftmost_matches
from govreport.wordfiles import data_text

BY = ("doc", "section", "all", "category")
MIN_LEN = 2
MAX_LEN = 20
RULES_NAME = "slogans.tsv"
COMMON_CHARS_NAME = "common_chars.txt"

_PHRASE_COLUMNS = ["doc", "region", "year", "phrase", "category", "count", "quoted_count", "per_10k", "first_start",
                   "numeral"]
_CATEGORY_COLUMNS = ["doc", "region", "year", "category", "phrases", "count", "per_10k"]


def columns(by: str = "doc") -> list[str]:
    """The output columns of ``govreport phrases --by BY``.

    >>> columns("section")[:5]
    ['doc', 'region', 'year', 'section', 'phrase']
    """
    if by not in BY:
        raise ValueError(f"by must be one of {', '.join(BY)}, not {by!r}")
    if by == "category":
        return list(_CATEGORY_COLUMNS)
    if by == "section":
        return [*_PHRASE_COLUMNS[:3], "section", *_PHRASE_COLUMNS[3:]]
    return list(_PHRASE_COLUMNS)


COLUMNS = columns("doc")


# --- rules ---------------------------------------------------------------------------------------------

SAID_MOST = 1 << 16  # phrases whose answers the rules remember (a few MB at most)


@dataclass(frozen=True)
class Rules:
    """The compiled numbered-slogan rules of a rules file (see ``data/slogans.tsv``)."""

    whole: tuple[tuple[str, re.Pattern], ...]  # quoted and text rules, matched against a whole phrase
    text: tuple[re.Pattern, ...]  # the text rules, each searched over a whole document
    exclude: re.Pattern | None  # every 'not' rule as one alternation
    numerals: frozenset[str] = frozenset()  # chars NUMERALS: what a phrase can start or end with to be guarded
    before: frozenset[str] = frozenset()  # chars BEFORE: no occurrence of a numeral-initial phrase after these
    after: frozenset[str] = frozenset()  # chars AFTER: no occurrence of a numeral-final phrase before these
    needs: tuple[frozenset[str] | None, ...] = ()  # per text rule: a match holds one of these (None: unknown)
    starts: re.Pattern | None = None  # one scan for where any text rule that starts with one of its needs matches
    shaped: re.Pattern | None = None  # a class of the characters every whole rule's match holds one of
    reach: tuple[int | None, ...] = ()  # per text rule: how far from a match's start one of its needs stands at most
    # what is_slogan, numeral and the 'not' rules said of a phrase: the same slogans recur in a report and across
    # reports (a search of every 'not' rule costs microseconds); fresh in every copy
    _said: dict[tuple[str, str], Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    @property
    def started(self) -> tuple[bool, ...]:
        """Per text rule: whether ``starts`` finds its matches' starts (the rule starts with one of its needs)."""
        return tuple(self.starts is not None and near == 0 for near in self.reach)

    def _recall(self, what: str, phrase: str, answer) -> Any:
        """``answer(phrase)``, remembered."""
        key = (what, phrase)
        said = self._said
        value = said.get(key, said)  # the dict itself: not said yet (no answer is the memo)
        if value is said:
            if len(said) >= SAID_MOST:
                said.clear()
            value = said[key] = answer(phrase)
        return value

    def excluded(self, phrase: str) -> bool:
        """Whether one of the 'not' rules is found in ``phrase``."""
        return self.exclude is not None and self._recall("not", phrase, self._excludes)

    def _excludes(self, phrase: str) -> bool:
        return self.exclude.search(phrase) is not None

    def is_slogan(self, phrase: str) -> bool:
        """Whether ``phrase`` as a whole is a numbered formulation."""
        if self.shaped is not None and not self.shaped.search(phrase):
            return False  # no numeral (or + ...) at all: one class search, not a fullmatch of every rule
        return self._recall("slogan", phrase, self._is_slogan)

    def _is_slogan(self, phrase: str) -> bool:
        # the 'not' rules last: most quoted phrases have no numbered shape, and a search of them all costs more
        return any(p.fullmatch(phrase) for _, p in self.whole) and not self.excluded(phrase)

    def numeral(self, phrase: str) -> int | None:
        """The value of the numeral the first rule that matches ``phrase`` marks as leading, else of the numeral
        the phrase starts with; None when there is none (多规合一)."""
        return self._recall("numeral", phrase, self._numeral)

    def _numeral(self, phrase: str) -> int | None:
        for _, pattern in self.whole:
            m = pattern.fullmatch(phrase)
            if m is None:
                continue
            num = m.groupdict().get("num")
            if num:
                return numeral_value(num)
            return _leading_numeral(phrase)
        return _leading_numeral(phrase)

    def find(self, text: str) -> Iterator[re.Match]:
        """Numbered slogans anywhere in ``text`` (quoted or not), as matches of the text rules: one pass per
        rule; where matches overlap, the leftmost (then longest) wins."""
        excluded = self.excluded
        needs = self.needs or (None,) * len(self.text)
        started = self.started or (False,) * len(self.text)
        reach = self.reach or (None,) * len(self.text)
        # the rules that start with one of their needs are tried only where one of them matches: one scan, not
        # one a rule (a class search each)
        at = [m.start() for m in self.starts.finditer(text)] if self.starts is not None else []
        found = []
        for p, need, first, near in zip(self.text, needs, started, reach, strict=True):
            if first:
                matches = _matches_at(p, text, at)
            elif need is not None and not any(ch in text for ch in need):
                continue  # a text without them cannot match: not scanned
            elif need is not None and near is not None and (near_at := _near(text, need, near)) is not None:
                matches = _matches_at(p, text, near_at)  # tried just before its needs only: no scan of the rule
            else:
                matches = p.finditer(text)
            found.extend(m for m in matches if not excluded(m.group()))
        if len(self.text) > 1:
            found.sort(key=lambda m: (m.start(), -m.end()))
        end = -1
        for m in found:
            if m.start() >= end:
                end = m.end()
                yield m


def _near(text: str, chars: frozenset[str], reach: int) -> list[int] | None:
    """The offsets at most ``reach`` before one of ``chars`` in ``text``, ascending (str.find of a character is a
    memchr); None when those characters are too many to be worth it."""
    left = len(text) // ANCHOR_SPACING
    found: set[int] = set()
    for ch in chars:
        at = text.find(ch)
        while at >= 0:
            left -= 1
            if left < 0:
                return None
            found.update(range(max(at - reach, 0), at + 1))
            at = text.find(ch, at + 1)
    return sorted(found)


def _matches_at(pattern: re.Pattern, text: str, starts: list[int]) -> Iterator[re.Match]:
    """``pattern.finditer(text)`` for a pattern that matches (never the empty string) at none but the sorted
    ``starts``."""
    pos = 0
    for start in starts:
        if start >= pos and (m := pattern.match(text, start)):
            yield m
            pos = m.end()


_FRAGMENT = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_KINDS = ("define", "words", "chars", "quoted", "text", "not")


def parse_rules(text: str, source: str = "<rules>") -> Rules:
    """Compile a rules file's text; ValueError (one line, naming the line) on a bad rule."""
    fragments: dict[str, str] = {}
    whole: list[tuple[str, re.Pattern]] = []
    text_rules: list[re.Pattern] = []
    not_parts: list[str] = []
    chars: dict[str, frozenset[str]] = {}
    for lineno, raw in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        parts = raw.split("\t")
        if len(parts) != 3 or parts[0] not in _KINDS or not parts[1] or not parts[2]:
            raise ValueError(f"{source}:{lineno}: expected 'kind<TAB>name<TAB>pattern' with kind one of "
                             f"{', '.join(_KINDS)}")
        kind, name, pattern = parts[0], parts[1], parts[2].strip()

        def expand(match: re.Match, lineno: int = lineno) -> str:
            key = match.group(1)
            if key not in fragments:
                raise ValueError(f"{source}:{lineno}: unknown fragment {{{key}}}")
            return fragments[key]

        if kind == "chars":
            chars[name] = frozenset(pattern)
            continue
        if kind == "words":
            fragments[name] = _words(pattern.split())
            continue
        pattern = _FRAGMENT.sub(expand, pattern)
        try:  # a fragment or a 'not' rule is only parsed here: compiling it (its classes of Chinese characters
            # above all) costs milliseconds, and it is compiled where it is used
            compiled = _parsed(pattern) if kind in ("define", "not") else re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"{source}:{lineno}: bad pattern for {name}: {exc}") from None
        if kind == "define":
            fragments[name] = pattern
        elif kind == "not":
            not_parts.append((lineno, name, pattern))
        else:
            whole.append((name, compiled))
            if kind == "text":
                text_rules.append(compiled)
    not_re = None
    if not_parts:
        try:
            not_re = re.compile("|".join(f"(?:{p})" for _, _, p in not_parts))
        except re.error as combined:
            for lineno, name, pattern in not_parts:  # the rule that does not compile, named
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise ValueError(f"{source}:{lineno}: bad pattern for {name}: {exc}") from None
            # each compiles alone (two that name the same group, say): the alternation of them all does not
            raise ValueError(f"{source}: the 'not' rules do not combine into one pattern: {combined}") from None
    required = [_required(p) for p in text_rules]
    first = [r is not None and r[1] == 0 for r in required]  # a match starts with one of its needs
    starts = None
    if sum(first) > 1:
        lead = "".join(sorted(set().union(*(r[0] for r, f in zip(required, first, strict=True) if r and f))))
        # one of the needs, where (looking back at it) one of the rules matches
        starts = _alternation([p for p, f in zip(text_rules, first, strict=True) if f], f"[{re.escape(lead)}]")
    shapes = [_required(p) for _, p in whole]
    shaped = None if not shapes or None in shapes else re.compile(
        "[" + re.escape("".join(sorted(set().union(*(r[0] for r in shapes if r))))) + "]")
    return Rules(tuple(whole), tuple(text_rules), not_re, chars.get("NUMERALS", frozenset()),
                 chars.get("BEFORE", frozenset()), chars.get("AFTER", frozenset()),
                 tuple(r and r[0] for r in required), starts=starts,
                 shaped=shaped,
                 reach=tuple(r and r[1] for r in required))


def _words(words: list[str]) -> str:
    """An alternation of ``words``, the longest first, those that start alike grouped (三(?:去一降一补|公经费|农)):
    the regex engine tests one literal a group, not one a word, and tries the words in the same order.

    >>> _words("三农 双创 三去一降一补 四风 三公经费".split())
    '(?:三(?:去一降一补|公经费|农)|双创|四风)'
    """
    groups: dict[str, list[str]] = {}
    for w in sorted(set(words), key=lambda w: (-len(w), w)):
        groups.setdefault(w[0], []).append(w[1:])
    return "(?:" + "|".join(re.escape(first + rests[0]) if len(rests) == 1 else
                            f"{re.escape(first)}(?:{'|'.join(map(re.escape, rests))})"
                            for first, rests in groups.items()) + ")"


def _parsed(pattern: str) -> None:
    """re.error when ``pattern`` is no regular expression (parsed, not compiled)."""
    try:
        from re import _parser
    except ImportError:  # the parser of another Python
        re.compile(pattern)
        return
    _parser.parse(pattern)


_NAMED_GROUP = re.compile(r"\(\?P<[A-Za-z_][A-Za-z0-9_]*>")


def _alternation(patterns: list[re.Pattern], lead: str) -> re.Pattern | None:
    """A pattern that matches the one character of ``lead`` at each offset where one of ``patterns`` matches
    (their named groups made plain); None when they do not combine (a back reference, a flag)."""
    if any(p.flags & ~re.UNICODE or "(?P=" in p.pattern for p in patterns):
        return None
    alternatives = "|".join(f"(?:{_NAMED_GROUP.sub('(?:', p.pattern)})" for p in patterns)
    try:
        return re.compile(f"{lead}(?<=(?={alternatives}).)")
    except re.error:
        return None


def required_chars(pattern: re.Pattern) -> frozenset[str] | None:
    """Characters every match of ``pattern`` holds at least one of: those of the first element of its top level
    that must match one literal character (a literal, a class of literals, a group or repeat of at least one
    that starts with one, alternatives that each do); None when there is none, or the pattern ignores case.

    >>> sorted(required_chars(re.compile(r"(?P<num>\\d{1,3})(?:[+＋]\\d)+")))
    ['+', '＋']
    >>> required_chars(re.compile(r"\\d+")) is None
    True
    """
    found = _required(pattern)
    return found[0] if found else None


def _required(pattern: re.Pattern) -> tuple[frozenset[str], int | None] | None:
    """:func:`required_chars` of ``pattern`` and how far from a match's start the one of them may stand at
    most (None: any distance).

    >>> _required(re.compile(r"(?P<num>\\d{1,3})(?:[+＋]\\d)+"))[1]
    3
    """
    try:
        from re import _constants as sre
        from re import _parser
    except ImportError:  # the parser of another Python: every rule is scanned
        return None

    if pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return None
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except (re.error, RecursionError):
        return None

    def width(op, av) -> int | None:
        high = _parser.SubPattern(parsed.state, [(op, av)]).getwidth()[1]
        return None if high >= _parser.MAXREPEAT else high

    def sequence(items) -> tuple[frozenset[str], int | None] | None:
        offset: int | None = 0
        for op, av in items:
            found = element(op, av)
            if found is not None:
                return found[0], None if offset is None or found[1] is None else offset + found[1]
            if op not in (sre.ASSERT, sre.ASSERT_NOT, sre.AT, sre.IN, sre.CATEGORY, sre.ANY, sre.SUBPATTERN,
                          sre.MAX_REPEAT, sre.MIN_REPEAT, sre.LITERAL, sre.NOT_LITERAL, sre.BRANCH, sre.GROUPREF):
                return None  # an element this does not read: stop rather than guess
            if offset is not None:
                step = width(op, av)
                offset = None if step is None else offset + step
        return None

    def element(op, av) -> tuple[frozenset[str], int | None] | None:
        if op is sre.LITERAL:
            return frozenset(chr(av)), 0
        if op is sre.IN:
            if any(o is not sre.LITERAL for o, _ in av):
                return None  # a range, a category or a negation: too many characters to be worth it
            return frozenset(chr(v) for _, v in av), 0
        if op is sre.SUBPATTERN:
            return None if av[1] & re.IGNORECASE else sequence(av[-1])  # (?i:...) matches other cases
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, _high, sub = av
            return sequence(sub) if low >= 1 else None
        if op is sre.BRANCH:
            union: set[str] = set()
            lead: int | None = 0
            for branch in av[1]:
                found = sequence(branch)
                if found is None:
                    return None
                union |= found[0]
                lead = None if lead is None or found[1] is None else max(lead, found[1])
            return frozenset(union), lead
        return None

    return sequence(parsed)


@functools.cache
def default_rules() -> Rules:
    """The bundled rules (``govreport/data/slogans.tsv``), compiled on first use."""
    text = data_text(RULES_NAME)
    return parse_rules(text, RULES_NAME)


_CN_NUMERAL = re.compile(r"[一二三四五六七八九十百千万两双]+|\d+")


def numeral_value(numeral: str) -> int | None:
    """The value of a slogan's numeral: 十一 → 11, 两 → 2, 双 → 2, 1 → 1; None when it is not one."""
    from govreport.numerals import parse_numeral

    try:
        value = parse_numeral(numeral.replace("双", "两"))
    except (ValueError, ArithmeticError):
        return None
    return int(value) if value == int(value) else None


def _leading_numeral(phrase: str) -> int | None:
    m = _CN_NUMERAL.match(phrase)
    return numeral_value(m.group()) if m else None


# --- finding and counting --------------------------------------------------------------------------------

# One pass over the text finds every quote: the content may not hold its own quote marks or a line break,
# so an unclosed quote ends at its line and adjacent quotes stay apart.
_QUOTES = lazy(r"“([^“”\r\n]*)”|「([^「」\r\n]*)」|『([^『』\r\n]*)』|\"([^\"\r\n]*)\"|＂([^＂\r\n]*)＂")
# the same, one pattern for each kind of quote: a literal first is the regex engine's fast scan, a class its slow
# one; each with the mark a text without which has none of its quotes: 」 for 「 (whose low byte, that of ，, stops
# the memchr of an in-test at every comma)
_QUOTES_BY_MARK = tuple((mark, re.compile(f"{q[0]}([^{q}\\r\\n]*){q[1]}"))
                        for q, mark in (("“”", "“"), ("「」", "」"), ("『』", "『"), ('""', '"'), ("＂＂", "＂")))
_SPACE = " \t\u3000\xa0"
_ALNUM = re.compile(r"[^\W_]")  # what str.isalnum() is true of, one search in C, not a generator


@dataclass(slots=True)
class Hit:
    """A phrase found in one document."""

    phrase: str
    category: str
    count: int = 0
    quoted_count: int = 0
    first_start: int | None = None
    numeral: int | None = None
    lexicon: bool = False
    quoted_at: list[int] = field(default_factory=list)
    at: list[int] | None = None  # the offsets of its occurrences, when find_phrases was asked for them


def quoted_phrases(text: str, max_len: int = MAX_LEN) -> dict[str, list[int]]:
    """Every phrase of 2 to ``max_len`` characters standing alone in quotes, with the offsets of its quoted
    occurrences (spaces just inside the quote marks are not part of the phrase; punctuation alone is none).

    >>> quoted_phrases("落实“两点”“两地”定位，“未闭合的引号\\n下一行")
    {'两点': [3], '两地': [7]}
    """
    found: dict[str, list[int]] = {}
    patterns = [p for mark, p in _QUOTES_BY_MARK if mark in text]
    for m in leftmost_matches(patterns, text):
        content = m.group(1)
        phrase = content.strip(_SPACE)
        if not MIN_LEN <= len(phrase) <= max_len or not (phrase[0].isalnum() or _ALNUM.search(phrase)):
            continue  # too short, too long, or only punctuation (“……”)
        start = m.start(1)
        if len(phrase) < len(content):
            start += len(content) - len(content.lstrip(_SPACE))
        at = found.get(phrase)
        if at is None:
            found[phrase] = [start]
        else:
            at.append(start)
    return found


def numbered_slogans(text: str, max_len: int = MAX_LEN) -> list[str]:
    """The numbered slogans of a text (quoted or found by the text rules), in order of first occurrence.

    Phrases are as written: a few hold punctuation (双随机、一公开) or digits (1+6+5).

    >>> numbered_slogans("统筹推进“五位一体”总体布局，打好三大攻坚战，实施“1+X”政策体系。")
    ['五位一体', '三大攻坚战', '1+X']
    """
    rules = default_rules()
    _, hits = _classified(text, None, max_len, rules)
    found = [hit.phrase for hit in hits.values() if hit.category == "numbered"]
    if len(found) * len(text) > ONE_BY_ONE:  # megabytes of text: one pass for all (as find_phrases counts)
        first = {p: at for p, (_, at) in count_phrases(text, found, rules).items()}
    else:  # each phrase read up to its first occurrence only: a slogan needs no count
        first = {p: _first(text, p, rules) for p in found}
    return sorted((p for p in found if first[p] is not None), key=lambda p: first[p] or 0)


def find_phrases(text: str, lexicon: Iterable[tuple[str, str]] | None = None, max_len: int = MAX_LEN,
                 rules: Rules | None = None, numbered_only: bool = False, offsets: bool = False) -> list[Hit]:
    """Every quoted, numbered and lexicon phrase of ``text``, counted.

    A phrase gets one category: its lexicon category when the lexicon lists it (one hit per category it is
    listed under), else numbered when it is a numbered slogan, else quoted. Lexicon phrases that do not
    occur are returned with count 0. With ``numbered_only``, only the numbered hits, and only they are
    counted (what keywords needs: most quoted phrases are no slogans). With ``offsets``, each hit holds the
    offsets of its occurrences (``at``), found in the same pass that counts them.
    """
    rules = rules or default_rules()
    quoted, hits = _classified(text, lexicon, max_len, rules)
    wanted = [h for h in hits.values() if h.category == "numbered"] if numbered_only else list(hits.values())
    phrases = [hit.phrase for hit in wanted]
    where = occurrences_of(text, phrases, rules) if offsets else None
    counted = count_phrases(text, phrases, rules) if where is None else \
        {p: (len(at), at[0] if at else None) for p, at in where.items()}
    for hit in wanted:
        hit.count, hit.first_start = counted[hit.phrase]
        if where is not None:
            hit.at = where[hit.phrase]
        hit.quoted_at = quoted.get(hit.phrase, [])
        hit.quoted_count = len(hit.quoted_at)
        if hit.category == "numbered" or (hit.lexicon and rules.is_slogan(hit.phrase)):
            hit.numeral = rules.numeral(hit.phrase)
    return [h for h in wanted if h.count or h.lexicon]


def _classified(text: str, lexicon: Iterable[tuple[str, str]] | None, max_len: int, rules: Rules
                ) -> tuple[dict[str, list[int]], dict[tuple[str, str], Hit]]:
    """The quoted phrases of ``text`` and the hits of :func:`find_phrases`, each with its category, not counted."""
    quoted = quoted_phrases(text, max_len)
    hits: dict[tuple[str, str], Hit] = {}
    listed: set[str] = set()
    for phrase, cat in lexicon or ():
        if not phrase:
            continue
        listed.add(phrase)
        hits.setdefault((phrase, cat or "lexicon"), Hit(phrase, cat or "lexicon", lexicon=True))
    spans: list[tuple[int, int]] = []  # quoted occurrences of numbered slogans
    for phrase, starts in quoted.items():
        if phrase in listed:
            continue
        category = "numbered" if rules.is_slogan(phrase) else "quoted"
        hits[(phrase, category)] = Hit(phrase, category)
        if category == "numbered":
            spans.extend((s, s + len(phrase)) for s in starts)
    spans.sort()
    for m in rules.find(text):
        phrase = m.group()
        if phrase in listed or (phrase, "numbered") in hits or _inside(spans, m.start(), m.end()):
            continue
        hits.pop((phrase, "quoted"), None)
        hits[(phrase, "numbered")] = Hit(phrase, "numbered")
    return quoted, hits


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies inside, and is shorter than, one of the sorted spans: a fragment of a quoted
    slogan (五率一专 in “五率一专项”) is not a slogan of its own."""
    i = bisect.bisect_right(spans, (start, _NOWHERE)) - 1
    while i >= 0 and spans[i][1] > start:
        s, e = spans[i]
        if s <= start and end <= e and (s, e) != (start, end):
            return True
        i -= 1
    return False


def occurrences(text: str, phrase: str, rules: Rules | None = None) -> list[int]:
    """Offsets of the non-overlapping occurrences of ``phrase``, left to right.

    A phrase that starts or ends with a numeral does not occur inside a longer number or a quantity (the
    ``chars`` BEFORE and AFTER of the rules): 七五 does not occur in 一九七五年, nor 十五 in 二十五 or 十五大.

    >>> occurrences("“七五”计划，一九七五年，七五期间", "七五")
    [1, 13]
    """
    if not phrase:
        return []  # the empty phrase occurs nowhere (the phrases of a document are never empty)
    rules = rules or default_rules()
    starts = _starts(text, phrase)
    return list(_occurring(text, phrase, rules)) if starts is None else _kept(text, phrase, starts, rules)


def _kept(text: str, phrase: str, starts: list[int], rules: Rules) -> list[int]:
    """The offsets :func:`occurrences` keeps of every start of ``phrase`` (ascending, overlapping ones too): none
    overlapping one kept before it, none inside a longer number."""
    lead = phrase[:1] in rules.numerals
    tail = phrase[-1:] in rules.numerals
    if len(starts) < 2 and not (lead or tail):
        return starts  # nothing to keep apart or out
    before, after = rules.before, rules.after
    size = len(phrase)
    kept: list[int] = []
    free = 0  # where the next occurrence may start
    for at in starts:
        if at < free or (lead and at > 0 and text[at - 1] in before) or \
                (tail and text[at + size:at + size + 1] in after):
            continue
        kept.append(at)
        free = at + size
    return kept


# A phrase is looked for where its rarest character stands while that character occurs at most once in this
# many characters of the text: one str.find of a character (a memchr) and a startswith at each, cheaper than
# the substring search of a whole pass; a commoner one is searched for whole.
ANCHOR_SPACING = 128


def _starts(text: str, phrase: str) -> list[int] | None:
    """Every offset where ``phrase`` starts in ``text``, overlapping ones too, ascending, found at the occurrences
    of its rarest character; None when that character is too common in ``text`` to be worth it."""
    k = _anchor(phrase)
    ch = phrase[k]
    find, starts_with = text.find, text.startswith
    left = len(text) // ANCHOR_SPACING  # tries left
    starts = []
    at = find(ch, k)  # from k: no start before the text's
    while at >= 0:
        left -= 1
        if left < 0:
            return None
        if starts_with(phrase, at - k):
            starts.append(at - k)
        at = find(ch, at + 1)
    return starts


def _first(text: str, phrase: str, rules: Rules) -> int | None:
    """The first offset :func:`occurrences` gives (None: none), read at the occurrences of the phrase's rarest
    character up to it while that character is rare in ``text`` (as :func:`_starts`)."""
    k = _anchor(phrase)
    ch = phrase[k]
    left = len(text) // ANCHOR_SPACING
    at = text.find(ch, k)
    while at >= 0 and left > 0:
        left -= 1
        if text.startswith(phrase, at - k) and _kept(text, phrase, [at - k], rules):  # the first kept
            return at - k
        at = text.find(ch, at + 1)
    return None if at < 0 else next(_occurring(text, phrase, rules), None)


@functools.lru_cache(maxsize=8192)
def _anchor(phrase: str) -> int:
    """The offset in ``phrase`` of its rarest character (the first of the rarest): one that
    ``data/common_chars.txt`` does not list, else the one it lists last. Of the ones not listed, one whose low
    byte is no high byte of a Chinese character (U+4E00-9FFF) first: str.find's memchr stops at few others."""
    rank = _char_ranks()
    rarest = len(rank)
    best, best_rank = 0, -1
    for i, ch in enumerate(phrase):
        r = rank.get(ch, rarest)
        if r == rarest and not 0x4E <= ord(ch) & 0xFF <= 0x9F:
            return i
        if r > best_rank:
            best, best_rank = i, r
    return best


@functools.cache
def _char_ranks() -> dict[str, int]:
    """Each character of ``data/common_chars.txt`` and its rank, the most frequent 0."""
    lines = [line for line in data_text(COMMON_CHARS_NAME).splitlines() if not line.startswith("#")]
    return {ch: i for i, ch in enumerate(dict.fromkeys("".join("".join(lines).split())))}


def _occurring(text: str, phrase: str, rules: Rules) -> Iterator[int]:
    """The offsets :func:`occurrences` gives, one by one."""
    lead = phrase[:1] in rules.numerals
    tail = phrase[-1:] in rules.numerals
    size = len(phrase)
    if not (lead or tail):
        at = text.find(phrase)
        while at >= 0:
            yield at
            at = text.find(phrase, at + size)
        return
    before, after = rules.before, rules.after
    at = text.find(phrase)
    while at >= 0:
        if (lead and at > 0 and text[at - 1] in before) or (tail and text[at + size:at + size + 1] in after):
            at = text.find(phrase, at + 1)
            continue
        yield at
        at = text.find(phrase, at + size)


# Up to this many characters scanned (phrases × text length), each phrase is counted by its own str.find or
# str.count pass at C speed; beyond it (thousands of phrases in megabytes of text), one pass over the text
# finds every phrase at once, so that time grows with the text and not with its square.
ONE_BY_ONE = 2 * 10**8


def count_phrases(text: str, phrases: Iterable[str], rules: Rules | None = None
                  ) -> dict[str, tuple[int, int | None]]:
    """:func:`count_phrase` of many phrases: {phrase: (count, first offset)}.

    >>> count_phrases("“七五”计划，一九七五年，七五期间", ["七五", "计划"])
    {'七五': (2, 1), '计划': (1, 4)}
    """
    rules = rules or default_rules()
    unique = [p for p in dict.fromkeys(phrases) if p]
    if len(unique) * len(text) > ONE_BY_ONE:
        return {p: (len(at), at[0] if at else None) for p, at in _scan(text, unique, rules).items()}
    return {p: _counted(text, p, _starts(text, p), rules) for p in unique}


def occurrences_of(text: str, phrases: Iterable[str], rules: Rules | None = None) -> dict[str, list[int]]:
    """:func:`occurrences` of many phrases: {phrase: offsets}."""
    rules = rules or default_rules()
    unique = [p for p in dict.fromkeys(phrases) if p]
    if len(unique) * len(text) <= ONE_BY_ONE:
        return {p: occurrences(text, p, rules) for p in unique}
    return _scan(text, unique, rules)


def _scan(text: str, phrases: list[str], rules: Rules) -> dict[str, list[int]]:
    """The occurrences of every phrase in one pass over the text, walking a trie of the phrases from each
    character: the same offsets as :func:`occurrences` gives phrase by phrase (leftmost first, none
    overlapping another of the same phrase, none inside a longer number)."""
    end = ""  # the key marking where a phrase ends (no character is the empty string)
    root: dict[str, Any] = {}
    for p in phrases:
        node = root
        for ch in p:
            node = node.setdefault(ch, {})
        node[end] = p
    found: dict[str, list[int]] = {p: [] for p in phrases}
    free = dict.fromkeys(phrases, 0)  # where the next occurrence of a phrase may start
    numerals, before, after = rules.numerals, rules.before, rules.after
    lead = {p for p in phrases if p[0] in numerals}
    tail = {p for p in phrases if p[-1] in numerals}
    n = len(text)
    first = root.get
    for i, ch in enumerate(text):
        node = first(ch)
        j = i + 1
        while node is not None:
            p = node.get(end)
            if p is not None and i >= free[p] and not (p in lead and i > 0 and text[i - 1] in before) \
                    and not (p in tail and text[j:j + 1] in after):
                found[p].append(i)
                free[p] = j
            node = node.get(text[j]) if j < n else None
            j += 1
    return found


def count_phrase(text: str, phrase: str, rules: Rules | None = None) -> tuple[int, int | None]:
    """How often ``phrase`` occurs (as :func:`occurrences` counts) and where first; (0, None) when it does not."""
    if not phrase:
        return 0, None
    return _counted(text, phrase, _starts(text, phrase), rules or default_rules())


def _counted(text: str, phrase: str, starts: list[int] | None, rules: Rules) -> tuple[int, int | None]:
    """:func:`count_phrase`, with the starts :func:`_starts` found."""
    if starts is not None or phrase[:1] in rules.numerals or phrase[-1:] in rules.numerals:
        found = _kept(text, phrase, starts, rules) if starts is not None else list(_occurring(text, phrase, rules))
        return len(found), (found[0] if found else None)
    at = text.find(phrase)
    return (text.count(phrase, at), at) if at >= 0 else (0, None)  # nothing before the first: not scanned twice


# --- rows ------------------------------------------------------------------------------------------------


def _per_10k(count: int, chars: int) -> float:
    return round(count * 10000 / chars, 3) if chars else 0.0


def _wanted(category: str | None, hit_category: str, from_lexicon: bool) -> bool:
    if category is None:
        return True
    return hit_category == category or (category == "lexicon" and from_lexicon)


def _row(doc: str, hit: Hit, chars: int) -> dict[str, Any]:
    return {"doc": doc, "phrase": hit.phrase, "category": hit.category, "count": hit.count,
            "quoted_count": hit.quoted_count, "per_10k": _per_10k(hit.count, chars),
            "first_start": hit.first_start, "numeral": hit.numeral}


def _rank(rows: list[dict], min_count: int, top: int | None) -> list[dict]:
    """Rows of at least ``min_count``, most frequent first (then by first occurrence), the first ``top``."""
    rows = [r for r in rows if r["count"] >= min_count]
    rows.sort(key=lambda r: (-r["count"], _NOWHERE if r.get("first_start") is None else r["first_start"],
                             r.get("phrase") or r.get("category") or ""))
    return rows[:top] if top else rows


_NOWHERE = 1 << 62


def _section_rows(report, hits: list[Hit], text: str) -> list[dict]:
    """One row per (section, phrase): where in the report each phrase is used. A section owns the text from
    its heading to the next heading; text before the first heading has section "". ``text`` is the view's (its
    coordinates until doc_rows maps first_start back), ``hits`` found with their offsets (find_phrases)."""
    from govreport.document import section_index

    sections = report.view_sections
    starts = [s.start for s in sections]

    def own_chars(i: int) -> int:
        if i < 0:
            return starts[0] if starts else len(text)
        return min(sections[i].end, starts[i + 1] if i + 1 < len(starts) else len(text)) - starts[i]

    rows: dict[tuple[int, str, str], dict] = {}
    found = {h.phrase: h.at for h in hits if h.count}
    for hit in hits:
        if hit.count == 0:
            continue
        quoted_at = set(hit.quoted_at)
        for at in found[hit.phrase]:
            i = section_index(sections, starts, at)
            row = rows.get((i, hit.phrase, hit.category))
            if row is None:
                row = rows[(i, hit.phrase, hit.category)] = {
                    "doc": report.id, "section": sections[i].title if i >= 0 else "", "phrase": hit.phrase,
                    "category": hit.category, "count": 0, "quoted_count": 0, "per_10k": 0.0,
                    "first_start": report.view.raw_pos(at), "numeral": hit.numeral,
                }
            row["count"] += 1
            row["quoted_count"] += at in quoted_at
    for (i, _, _), row in rows.items():
        row["per_10k"] = _per_10k(row["count"], own_chars(i))
    return list(rows.values())


def _category_rows(report, hits: list[Hit], text: str, chars: int) -> list[dict]:
    """Per-category totals, as a dictionary lookup counts them: occurrences of any of the category's phrases
    that do not overlap, the leftmost first and the longest where several start at one offset (深化改革 and
    改革 in 深化改革 count once). ``hits`` found with their offsets in ``text`` (find_phrases)."""
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(hit.category, []).append(hit)
    rows = []
    where = {h.phrase: h.at for h in hits if h.count}
    for cat, members in groups.items():
        found = [h.phrase for h in members if h.count > 0]
        count = len(leftmost_longest((at, len(p)) for p in found for at in where[p]))
        rows.append({"doc": report.id, "category": cat, "phrases": len(found), "count": count,
                     "per_10k": _per_10k(count, chars)})
    return rows


def doc_rows(report, by: str = "doc", lexicon: list[tuple[str, str]] | None = None, category: str | None = None,
             min_count: int = 1, top: int | None = None, max_len: int = MAX_LEN, section: str | None = None):
    """The rows of one report (a top-level function, so that workers can run it).

    ``section`` keeps the text under headings containing it (any enclosing heading, so a subsection of a
    matching section counts); ``per_10k`` is then per 10,000 characters of that text.

    With ``by="all"`` it returns ``(characters, rows, packed text)`` unfiltered, for :func:`merge_rows` to
    total.
    """
    view = report.view  # phrases are read in the normalised view: 社会主义 where 社會主義 is written
    text, chars = section_text(report, section) if section else (view.text, len(report.text))
    hits = [h for h in find_phrases(text, lexicon, max_len, offsets=by in ("section", "category"))
            if _wanted(category, h.category, h.lexicon)]
    if not view.identity:
        for h in hits:
            if h.first_start is not None:
                h.first_start = view.raw_pos(h.first_start)
    if by == "all":
        return chars, [_row(report.id, h, chars) for h in hits], zlib.compress(text.encode("utf-8", "surrogatepass"), 1)
    if by == "category":
        rows = _category_rows(report, hits, text, chars)
    elif by == "section":
        rows = _section_rows(report, hits, text)
    else:
        rows = [_row(report.id, h, chars) for h in hits]
    for row in rows:
        row["region"], row["year"] = report.region or None, report.year
    return _rank(rows, min_count, top)


def section_text(report, section: str) -> tuple[str, int]:
    """The report's text with everything outside the sections whose heading contains ``section`` blanked
    out (line breaks: no phrase or quote runs across them, and every offset stays), and how many characters
    were kept.

    >>> from govreport.document import Report
    >>> r = Report.from_text("前言“甲乙”\\n一、回顾\\n“甲乙”\\n二、任务\\n“丙丁”")
    >>> section_text(r, "回顾")[0].split()
    ['一、回顾', '“甲乙”']
    """
    text = report.view.text  # view coordinates, normalised titles
    spans = sorted((s.start, s.end) for s in report.view_sections if section in s.title)
    pieces, at, kept = [], 0, 0
    for start, end in spans:
        start = max(start, at)
        if end <= start:
            continue
        pieces.append("\n" * (start - at))
        pieces.append(text[start:end])
        kept += end - start
        at = end
    pieces.append("\n" * (len(text) - at))
    return "".join(pieces), kept


def merge_rows(per_doc: Iterable[tuple], min_count: int = 1, top: int | None = None) -> list[dict]:
    """Totals over documents (doc "all", first_start empty) from :func:`doc_rows` with ``by="all"``.

    Every phrase found in any document is counted in every document: 社会主义, quoted in a few reports, is
    counted wherever it is written. Its quoted_count adds up the quoted occurrences.
    """
    docs = list(per_doc)
    totals: dict[tuple[str, str], dict] = {}
    chars = 0
    for doc_chars, rows, *_ in docs:
        chars += doc_chars
        for r in rows:
            t = totals.get((r["phrase"], r["category"]))
            if t is None:
                totals[(r["phrase"], r["category"])] = {**r, "doc": "all", "region": None, "year": None,
                                                        "first_start": None, "count": 0, "quoted_count": 0}
            elif t["numeral"] is None:
                t["numeral"] = r["numeral"]
    phrases = list(dict.fromkeys(phrase for phrase, _ in totals))
    for _, rows, *packed in docs:
        found = {(r["phrase"], r["category"]): r for r in rows}
        plain = {r["phrase"]: r["count"] for r in rows}  # a phrase's count is the same in every category
        missing = [p for p in phrases if p not in plain]
        if missing and packed:
            text = zlib.decompress(packed[0]).decode("utf-8", "surrogatepass")
            plain.update((p, n) for p, (n, _) in count_phrases(text, missing).items())
        for key, t in totals.items():
            r = found.get(key)
            t["count"] += r["count"] if r is not None else plain.get(key[0], 0)
            t["quoted_count"] += r["quoted_count"] if r is not None else 0
    for t in totals.values():
        t["per_10k"] = _per_10k(t["count"], chars)
    return _rank(list(totals.values()), min_count, top)


def _check(by: str, min_count: int, top: int | None, max_len: int) -> None:
    if by not in BY:
        raise ValueError(f"by must be one of {', '.join(BY)}, not {by!r}")
    if min_count < 0:
        raise ValueError("min_count must be 0 or more")
    if top is not None and top < 1:
        raise ValueError("top must be at least 1")
    if max_len < MIN_LEN:
        raise ValueError(f"max_len must be at least {MIN_LEN}")


def phrase_rows(reports, by: str = "doc", lexicon: list[tuple[str, str]] | None = None,
                category: str | None = None, min_count: int = 1, top: int | None = None,
                max_len: int = MAX_LEN, section: str | None = None) -> Iterator[dict]:
    """Rows of :func:`columns` for reports (Report objects, or texts), sorted by count within each
    document (``by`` doc, section, category) or over all of them (``by="all"``, doc "all").

    ``min_count`` drops rarer rows (0 keeps lexicon phrases that do not occur); ``top`` keeps the N most
    frequent per document (or overall); ``category`` keeps one category (quoted, numbered, lexicon for every
    lexicon entry, or a lexicon's own category name); ``section`` counts only under headings containing it.
    """
    from govreport.document import Report

    _check(by, min_count, top, max_len)
    options = {"lexicon": lexicon, "category": category, "min_count": min_count, "top": top, "max_len": max_len,
               "section": section}
    docs = (r if isinstance(r, Report) else Report.from_text(str(r)) for r in reports)
    if by == "all":
        yield from merge_rows((doc_rows(r, by="all", **options) for r in docs), min_count, top)
        return
    for report in docs:
        yield from doc_rows(report, by=by, **options)


def produce_phrases(batch, by: str = "doc", **options: Any) -> Iterator[dict]:
    """Rows of ``govreport phrases`` over a :class:`~govreport.batch.Batch`: documents are read and counted in
    worker processes; by doc, section or category the rows of each document leave as it comes, by all they
    are totalled at the end."""
    options.setdefault("max_len", MAX_LEN)
    _check(by, options.get("min_count", 1), options.get("top"), options["max_len"])
    default_rules()  # compiled once here: forked workers inherit the rules
    fn = functools.partial(doc_rows, by=by, **options)
    if by == "all":
        yield from merge_rows(batch.map(fn), options.get("min_count", 1), options.get("top"))
        return
    for rows in batch.map(fn):
        yield from rows


# --- lexicons ----------------------------------------------------------------------------------------------


def read_lexicon(path: str | os.PathLike) -> list[tuple[str, str]]:
    """The (phrase, category) pairs of a lexicon file: one phrase a line, or a CSV/TSV of phrase,category
    (an optional header row ``phrase,category``; an empty category is "lexicon"). UTF-8, UTF-16 or GB18030,
    with or without BOM, LF or CRLF; lines starting with ``#`` are comments. ValueError (one line) on a file
    that cannot be read or holds no phrase.
    """
    from govreport.wordfiles import read_word_file

    return parse_lexicon(read_word_file(path, "lexicon"), os.fspath(path))


def parse_lexicon(text: str, source: str = "<lexicon>") -> list[tuple[str, str]]:
    """(phrase, category) pairs from a lexicon's text (see :func:`read_lexicon`).

    >>> parse_lexicon("phrase,category\\r\\n五位一体,总体布局\\r\\n四个全面,战略布局\\r\\n")
    [('五位一体', '总体布局'), ('四个全面', '战略布局')]
    >>> parse_lexicon("放管服\\n# a comment\\n供给侧结构性改革\\n")
    [('放管服', 'lexicon'), ('供给侧结构性改革', 'lexicon')]
    """
    text = text.lstrip("\ufeff")
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1)
             if line.strip() and not line.lstrip().startswith("#")]
    if "\x00" in text:
        raise ValueError(f"{source}: lexicon is a binary file, not text")
    delimiter = _delimiter(source, [line for _, line in lines])
    out: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for i, (lineno, line) in enumerate(lines):
        if delimiter is None:
            fields = [line.strip(_SPACE)]
        else:
            fields = next(csv.reader(io.StringIO(line), delimiter=delimiter))
            fields = [f.strip(_SPACE) for f in fields]
            while len(fields) > 1 and not fields[-1]:
                fields.pop()
            if i == 0 and [f.lower() for f in fields[:2]] in (["phrase", "category"], ["phrase"]):
                continue
            if len(fields) > 2:
                raise ValueError(f"{source}:{lineno}: expected phrase{delimiter}category, got {len(fields)} fields")
        phrase = fields[0]
        cat = fields[1] if len(fields) > 1 and fields[1] else "lexicon"
        if not phrase:
            raise ValueError(f"{source}:{lineno}: empty phrase")
        if "\n" in phrase or "\r" in phrase:
            raise ValueError(f"{source}:{lineno}: a phrase may not span lines")
        if (phrase, cat) not in seen:
            seen.add((phrase, cat))
            out.append((phrase, cat))
    if not out:
        raise ValueError(f"{source}: lexicon holds no phrase")
    return out


def _delimiter(source: str, lines: list[str]) -> str | None:
    """',' for a CSV lexicon, TAB for a TSV one, None for one phrase a line."""
    ext = os.path.splitext(source)[1].lower()
    if ext == ".csv":
        return ","
    if ext in (".tsv", ".tab"):
        return "\t"
    if lines and all("\t" in line for line in lines):
        return "\t"
    if lines and lines[0].strip().lower().replace(" ", "") in ("phrase,category", "phrase"):
        return ","
    return None
