"""Every quantity a report mentions: numeral, magnitude, unit, qualifier, normalised to a base unit.

>>> [(q["text"], q["value_base"], q["base_unit"]) for q in find_quantities("地区生产总值可实现1135亿元,增长8.3%。")]
[('1135亿元', 113500000000, '元'), ('8.3%', 8.3, '%')]

Not figures: years and dates (2017年, 1月12日), ordinals (第7年, 十九大), numerals inside short quotations
(“五位一体”), bare numbers without a unit (5号线, 4G, 500强) and small Chinese numerals before a classifier
(四个全面, 三项攻坚战), which in report language are slogans rather than counts.
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal
from functools import cache
from typing import Any

from govreport.numerals import CHINESE_NUMERAL_CHARS, DIGITS, MAX_NUMERAL_LENGTH, parse_numeral
from govreport.view import TextView, build_view, fold_traditional
from govreport.wordfiles import data_rows

COLUMNS = ["doc", "region", "year", "start", "end", "text", "value", "unit", "value_base", "base_unit", "qualifier", "sentence"]

MAGNITUDES = {
    "十万": 10**5, "百万": 10**6, "千万": 10**7, "十亿": 10**9, "百亿": 10**10, "千亿": 10**11, "万亿": 10**12,
    "万": 10**4, "亿": 10**8, "萬": 10**4, "億": 10**8,
}
RANGE_SEPARATORS = "-－—–~～至到"
RATIO_COLONS = ":∶："
QUOTES = {"“": "”", "「": "」", "『": "』", '"': '"'}
SENTENCE_END = re.compile(r"[。！？!?；;\n]")
# The sentence column holds at most this many characters on each side of the figure: more than any real
# sentence (the longest in the national reports has 415), and text without sentence ends (megabytes in one
# "sentence") does not copy itself into every row.
SENTENCE_REACH = 500
ADJACENT_PAIRS = {"一二": (1, 2), "两三": (2, 3), "二三": (2, 3), "三四": (3, 4), "四五": (4, 5), "五六": (5, 6),
                  "六七": (6, 7), "七八": (7, 8), "八九": (8, 9)}
NOT_AFTER = ("年", "月", "日", "号", "时", "届", "季度", "世纪", "周年", "级", "强", "大", "线", "期", "次会", "中全会")

_AR = r"[0-9０-９]{1,3}(?:,[0-9]{3})+(?![0-9])(?:[.．][0-9０-９]+)?|[0-9０-９]+(?:[.．][0-9０-９]+)?"
_CN = f"[{CHINESE_NUMERAL_CHARS}]+(?:[点點][{''.join(DIGITS)}]+)?"


@cache
def units() -> dict[str, tuple[str, Decimal, str, str]]:
    """unit as written → (base unit, factor, category, characters it never precedes), from data/units.tsv."""
    return {u: (base, Decimal(factor), cat, not_before) for u, base, factor, cat, *rest in data_rows("units.tsv")
            for not_before in ["".join(rest)]}


@cache
def cues() -> dict[str, tuple[str, ...]]:
    """role → words, longest first, from data/cues.tsv."""
    out: dict[str, list[str]] = {}
    for role, word in data_rows("cues.tsv"):
        out.setdefault(role, []).append(word)
    return {role: tuple(sorted(words, key=len, reverse=True)) for role, words in out.items()}


@cache
def _scanner() -> re.Pattern[str]:
    return re.compile(
        rf"(?P<ratio>(?:{_AR})(?:[{RATIO_COLONS}](?:{_AR}))+)"
        rf"|百分之(?P<pct>{_CN}|{_AR})"
        rf"|(?P<num>(?:{_AR}|{_CN})(?:{_AR}|[{CHINESE_NUMERAL_CHARS}]|多(?=[万亿萬億]))*)"
    )


_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?")
# The scanner reads at most this far from where a numeral starts (a match that long is too long for a figure
# anyway), so that megabytes of numerals joined by commas or colons never make one slow match; and what
# joins runs of numeral characters inside one match (1,135, 8.3, 0.8:44.0, 5千多万, 二十一点七).
SCAN_REACH = 4 * MAX_NUMERAL_LENGTH
_NUMERAL_GLUE = frozenset(",.．:∶：多点點")


@cache
def _runs() -> re.Pattern[str]:
    """Runs of numeral characters: a cheap first pass, so that the full scanner runs only where one starts.
    Written [c][c]* rather than [c]+: a pattern that opens with a class lets the engine skip to the next character
    of the class in a tight loop (a repeat, a lookahead or a group first makes it try the whole pattern at every
    position): twice as fast over text."""
    return re.compile(f"[0-9０-９{CHINESE_NUMERAL_CHARS}][0-9０-９{CHINESE_NUMERAL_CHARS}]*")


@cache
def _figure_runs() -> re.Pattern[str]:
    """The runs of :func:`_runs` that can hold a figure: too long to be one (skipped, with what is glued to them),
    ending in a digit or a magnitude, or followed by the first character of a unit. Half of all runs (一是, 统一)
    are none of these: the scan in C passes over them, not the loop."""
    chars = f"0-9０-９{CHINESE_NUMERAL_CHARS}"
    starts = "".join(sorted(_unit_starts())).replace("\\", "\\\\").replace("-", "\\-").replace("]", "\\]")
    # the run read to its end (possessive: never given back), then what it must be; opening with a class, the
    # pattern is searched by the engine's skip to the next numeral character (see _runs)
    return re.compile(rf"[{chars}][{chars}]*+(?:(?<=[{chars}]{{{MAX_NUMERAL_LENGTH + 1}}})"
                      rf"|(?<=[0-9０-９十百千万亿萬億])|(?=[{starts}]))")


@cache
def _written_units() -> dict[str, tuple[str, Decimal, str, str]]:
    """units() under their simplified and their traditional forms (噸, 戶, 個 …)."""
    table = dict(units())
    simp_to_trad = {s: t for t, s in zip("噸戶個畝項場臺條張輛標間門擔棟", "吨户个亩项场台条张辆标间门担栋", strict=True)}
    for unit, info in units().items():
        trad = "".join(simp_to_trad.get(ch, ch) for ch in unit)
        table.setdefault(trad, info)
        for i, ch in enumerate(unit):  # one traditional character among simplified ones: 萬噸 → 万吨 is covered
            if ch in simp_to_trad:
                table.setdefault(unit[:i] + simp_to_trad[ch] + unit[i + 1:], info)
    return table


@cache
def _units_by_first() -> dict[str, tuple[tuple[str, str], ...]]:
    """first character → (unit as written, characters it never precedes), longest unit first."""
    out: dict[str, list[tuple[str, str]]] = {}
    for written, info in _written_units().items():
        out.setdefault(written[0], []).append((written, info[3]))
    return {ch: tuple(sorted(units_, key=lambda u: -len(u[0]))) for ch, units_ in out.items()}


def match_unit(text: str, pos: int) -> str:
    """The longest unit written at ``pos`` ('' if none); traditional forms match their simplified entry."""
    for written, not_before in _units_by_first().get(text[pos:pos + 1], ()):
        if text.startswith(written, pos):
            after = text[pos + len(written):pos + len(written) + 1]
            if after and after in not_before:  # 人口, 家庭, 条件: the unit character is part of a word
                continue
            if after.isascii() and after.isalnum() and written[-1].isascii():
                continue  # kW in kWh, km in kmh: a Latin unit ends where its letters do
            return written
    return ""


# A unit in Latin letters after a magnitude (3万P, 50亿kWh); one read from units.tsv keeps its base unit there
_LATIN_UNIT = re.compile("[A-Za-z]{1,4}(?![A-Za-z])")
IMPLIED_ONE_MAGNITUDES = ("万", "亿", "万亿")


@cache
def _implied_one_words() -> tuple[str, ...]:
    """Verbs before a bare magnitude that read as one of it (首破亿元), from data/implied_one.txt."""
    return tuple(row[0].strip() for row in data_rows("implied_one.txt"))


def _implied_one(text: str, start: int) -> bool:
    return text[max(0, start - 2):start].endswith(_implied_one_words())


@cache
def _qualifier_after() -> re.Pattern[str]:
    groups = "|".join(f"(?P<{role.split('_')[0]}>{'|'.join(map(re.escape, cues()[role]))})"
                      for role in ("approx_after", "min_after", "max_after"))
    return re.compile(groups)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def quoted_spans(text: str, max_len: int = 20) -> list[tuple[int, int]]:
    """Spans of short quotations (slogans, names), whose numerals are not figures."""
    spans = []
    for open_q, close_q in QUOTES.items():
        start = text.find(open_q)
        while start >= 0:
            end = text.find(close_q, start + 1, start + 2 + max_len)
            if end >= 0 and "\n" in text[start:end]:
                end = -1  # a quote never runs past its line: an unclosed one quotes nothing
            if end < 0:
                start = text.find(open_q, start + 1)
                continue
            spans.append((start, end + 1))
            start = text.find(open_q, end + 1)
    spans.sort()
    return spans


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(spans, (pos, 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


# The magnitudes _split_magnitude tries, longest first, under their last character: only those can end a numeral
_MAGNITUDES_BY_LAST = {last: tuple(m for m in ("万亿", "千亿", "百亿", "十亿", "千万", "百万", "十万", "万", "亿", "萬", "億")
                                   if m[-1] == last) for last in "万亿萬億"}


def _split_magnitude(numeral: str) -> tuple[str, str]:
    """Split a trailing magnitude off a numeral: 1135亿 → (1135, 亿), 千亿 → (千, 亿), 一万二千二百 → unchanged."""
    mags = _MAGNITUDES_BY_LAST.get(numeral[-1:])
    if mags is None:
        return numeral, ""
    for mag in mags:
        if numeral.endswith(mag) and len(numeral) > len(mag):
            head = numeral[: -len(mag)]
            if mag[0] in "十百千" and not head[-1].isdigit():
                continue  # 四百六十万: the 十 belongs to the numeral (5千万 is 5 of 千万)
            if head[-1] in "多" or head[-1] in "0123456789０１２３４５６７８９" or head[-1] in DIGITS or head[-1] in "十百千":
                return head, mag
    return numeral, ""


def find_quantities(text: str) -> list[dict[str, Any]]:
    """All quantity mentions of a text, in order, read in its normalised view (:mod:`govreport.view`);
    ``start``/``end`` index ``text`` as given and ``text``/``sentence`` are verbatim."""
    return _found_in_view(build_view(text))


def _found_in_view(view: TextView) -> list[dict[str, Any]]:
    return in_raw(view, _find_quantities(view.text))


def in_raw(view: TextView, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows found in ``view.text`` with ``start``/``end``, ``text`` and ``sentence`` of the text as read."""
    view.restore(rows, context_keys=("sentence",))
    return rows


def sentence_bounds(text: str) -> tuple[list[int], list[int]]:
    """Where sentences end: after every 。！？；\\n (the clauses of ``sentence``), and after 。！？\\n only (full
    sentences, for metrics), in one pass."""
    clauses: list[int] = []
    full: list[int] = []
    for m in SENTENCE_END.finditer(text):
        end = m.end()
        clauses.append(end)
        if m.group() not in "；;":
            full.append(end)
    return clauses, full


def paragraph_bounds(text: str, rows: list[dict[str, Any]]) -> tuple[list[int], list[int]]:
    """:func:`sentence_bounds` of the lines that hold ``rows`` (in the order the scan finds them), each with the
    end of the line break before it. No sentence runs past a line break, so around those rows the bisections
    of :func:`sentence_of` and of a sentence start read what they read in the bounds of the whole text; the
    lines without a figure (most of a report) are not scanned."""
    clauses: list[int] = []
    full: list[int] = []
    first = done = 0  # the line read last starts at first; text[:done] is read as far as it is needed
    for row in rows:
        start, end = row["start"], row["end"]
        if start < first:
            return sentence_bounds(text)  # rows out of order (never from the scan): read everything
        if end < done:
            continue  # on a line read already
        if start >= done:
            nl = text.rfind("\n", done, start)
            first = a = nl + 1 if nl >= 0 else done
            if a and (not full or full[-1] != a):  # the line break before the line ends a sentence
                clauses.append(a)
                full.append(a)
        else:
            a = done  # the row runs past the lines read: read on
        nl = text.find("\n", end)
        done = len(text) if nl < 0 else nl + 1
        for m in SENTENCE_END.finditer(text, a, done):
            e = m.end()
            clauses.append(e)
            if m.group() not in "；;":
                full.append(e)
    return clauses, full


def _find_quantities(text: str) -> list[dict[str, Any]]:
    """The quantities of a (normalised) text with their sentences."""
    out = _figures(text)
    if out:
        add_sentences(text, out, paragraph_bounds(text, out)[0])
    return out


def add_sentences(text: str, rows: list[dict[str, Any]], bounds: list[int]) -> None:
    """Each row's ``sentence``, from the clause ends around it."""
    for row in rows:
        row["sentence"] = sentence_of(text, row["start"], row["end"], bounds)


def _figures(text: str) -> list[dict[str, Any]]:
    """The quantities of a (normalised) text, in order, without their sentences."""
    out: list[dict[str, Any]] = []
    quotes = quoted_spans(text)
    scanner = _scanner()
    pos = 0
    n = len(text)
    starts = _unit_starts()
    runs = _runs()
    overlong = -1  # where the last run of numerals too long to be a figure ended
    found = _figure_runs().finditer(text)  # every run once one was too long: what is glued to it is skipped
    while (run := next(found, None)) is not None:
        a, b = run.span()  # the scanner's match starts where the run does (a): one span read, not one per test
        if a < pos:
            continue
        if b - a > MAX_NUMERAL_LENGTH or (0 <= overlong and a - overlong <= 1 and text[overlong] in _NUMERAL_GLUE):
            if overlong < 0:
                found = runs.finditer(text, b)
            pos = overlong = b  # 1万1万1万…, a page of digits, and what is glued to them (…,234)
            continue
        last = text[b - 1]
        if text[b:b + 1] not in starts and last not in "十百千万亿萬億" and not last.isdigit():
            continue  # 一是, 统一: a Chinese numeral with neither unit nor magnitude is no figure
        m = scanner.match(text, a, a + SCAN_REACH)
        if m is None:
            continue
        pos = m.end()
        if pos - a > MAX_NUMERAL_LENGTH + 3:  # 1,234,567,…, 1:2:3:…: no figure is written that long
            tail = runs.match(text, pos)
            if overlong < 0:
                found = runs.finditer(text, b)
            pos = overlong = tail.end() if tail else pos
            continue
        if a > 0 and text[a - 1] == "第":
            continue
        kind = m.lastgroup  # ratio, pct or num (their numerals hold no group of their own)
        if kind == "ratio":
            row = _ratio(text, m)
            if row and not (quotes and _in_spans(a, quotes)):
                out.append(row)
            continue
        if kind == "pct":
            pct = _percent_words(text, m)
            if pct:
                pos = pct[-1]["end"]
                if not (quotes and _in_spans(a, quotes)):
                    out.extend(pct)
            continue
        rows = _quantity(text, a, m.end(), n)
        if rows:
            pos = max(pos, rows[-1]["end"])
            if not (quotes and _in_spans(a, quotes)):
                out.extend(rows)
    return out


def sentence_of(text: str, start: int, end: int, bounds: list[int] | None = None) -> str:
    """The sentence (or ；-clause) around text[start:end]; ``bounds`` are the ends of all sentences, if known."""
    if bounds is None:
        bounds = [m.end() for m in SENTENCE_END.finditer(text)]
    i = bisect.bisect_right(bounds, start)
    lo = max(bounds[i - 1] if i else 0, start - SENTENCE_REACH)
    j = bisect.bisect_left(bounds, end)
    hi = min(bounds[j] if j < len(bounds) else len(text), end + SENTENCE_REACH)
    return text[lo:hi].strip()


def _ratio(text: str, m: re.Match[str]) -> dict[str, Any] | None:
    parts = re.split(f"[{RATIO_COLONS}]", m.group("ratio"))
    before = text[max(0, m.start() - 12):m.start()]
    if len(parts) == 2 and all(len(p) <= 2 and "." not in p for p in parts) and len(parts[1]) == 2:
        return None  # a clock time, 00:05
    if re.search(r"\d[-/.]\d{1,2}[-/.]\d{1,2}\s*$", before) or text[m.end():m.end() + 1].isdigit():
        return None
    return _row(text, m.start(), m.end(), None, "ratio", None, "ratio", "")


def _row(text: str, start: int, end: int, value, unit: str, value_base, base_unit: str, qualifier: str,
         num_end: int | None = None) -> dict[str, Any]:
    row = {"start": start, "end": end, "text": text[start:end], "value": value, "unit": unit,
           "value_base": value_base, "base_unit": base_unit, "qualifier": qualifier}
    if num_end is not None:  # a named argument, not **extra: no keyword dict built and merged per figure
        row["num_end"] = num_end
    return row


def _percent_words(text: str, m: re.Match[str]) -> list[dict[str, Any]] | None:
    """百分之八 (one row), or the two bounds of 百分之八至九 / 百分之八到百分之九 (min and max)."""
    try:
        value = Decimal(parse_numeral(m.group("pct")))
    except ValueError:
        return None
    tail = _percent_tail().match(text, m.end())
    if tail and not (len(tail.group(2)) > 1 and all(ch in DIGITS for ch in tail.group(2))):  # not 到一九五七年
        try:
            high = _number(Decimal(parse_numeral(tail.group(2))))
        except ValueError:
            high = None
        if high is not None:
            lo = _row(text, m.start(), m.end(), _number(value), "%", _number(value), "%", "min", num_end=m.end())
            _, end = _suffix_qualifier(text, tail.end(), "max")
            return [lo, _row(text, tail.start(1) if tail.group(1) else tail.start(2), end, high, "%", high, "%",
                             "max", num_end=tail.end())]
    end = m.end()
    qualifier, end = _suffix_qualifier(text, end, _prefix_qualifier(text, m.start()))
    v = _number(value)
    return [_row(text, m.start(), end, v, "%", v, "%", qualifier, num_end=m.end())]


@cache
def _percent_tail() -> re.Pattern[str]:
    """The second bound of a range written in words: 至九, 到百分之九 (never a year: 到一九五七年)."""
    return re.compile(rf"[{RANGE_SEPARATORS}](百分之)?({_CN})(?![年月日号])")


@cache
def _qualifier_before() -> re.Pattern[str]:
    groups = "|".join(f"(?P<{role.split('_')[0]}>{'|'.join(map(re.escape, cues()[role]))})"
                      for role in ("max_before", "min_before", "approx_before"))
    return re.compile(f"(?:{groups})$")


def _prefix_qualifier(text: str, start: int) -> str:
    m = _qualifier_before().search(text[max(0, start - 4):start])
    return m.lastgroup if m else ""


def _suffix_qualifier(text: str, end: int, qualifier: str) -> tuple[str, int]:
    """A qualifier written after the figure (9%左右, 1100万人以上, 4%以内) wins over one before it."""
    m = _qualifier_after().match(text, end)
    if m and m.group() not in ("多", "余"):
        return m.lastgroup or qualifier, m.end()
    return qualifier, end


@cache
def _unit_starts() -> frozenset[str]:
    simple = {u[0] for u in units()}
    trad = {t for t, s in zip("萬億兩噸戶個畝項場臺條張輛標餘間門擔棟點幢單", "万亿两吨户个亩项场台条张辆标余间门担栋点幢单", strict=True)
            if s in simple}
    return frozenset(simple | trad | set("多余点點．") | set(RANGE_SEPARATORS) | set(SHARED_UNIT_JOINERS))


_YEAR_LIKE = re.compile(r"(?:19|20)\d\d")
_COUNTED = ("count", "time", "people")  # unit categories a small Chinese numeral is a slogan with
_ARABIC = re.compile("[0-9０-９]")
# one compiled class test instead of a generator over a numeral's characters, per figure
_CN_DIGIT = re.compile(f"[{''.join(DIGITS)}]")
_CN_DIGIT_RUN = re.compile(f"[{''.join(DIGITS)}]+")


def _quantity(text: str, start: int, num_end: int, n: int, tail: bool = True) -> list[dict[str, Any]] | None:
    """The figure whose numeral is text[start:num_end], or with ``tail`` the two bounds of the range it starts
    (a second bound is read with ``tail`` False: chains of ranges never recurse)."""
    if num_end - start > MAX_NUMERAL_LENGTH:
        return None  # no numeral is that long (the second bound of a range is matched here too)
    if text[num_end:num_end + 1] not in _unit_starts() and text[num_end - 1] not in "十百千万亿萬億":
        return None  # most numerals in running text (一是, 统一) have neither unit nor magnitude: skip them early
    numeral = text[start:num_end]
    # A unit that starts with a magnitude character (千瓦, 千米, 百分点) gives that character back.
    unit_at = num_end
    unit = match_unit(text, num_end)
    if unit and len(numeral) == 1 and numeral in DIGITS and _written_units()[unit][2] in _COUNTED:
        return None  # 四个全面, 三项攻坚战 (a fifth of all numerals read): as the same test below, before the rest
    if not unit:
        for back in (1, 2):
            if len(numeral) > back and numeral[-back] in "十百千万亿萬億个" and match_unit(text, num_end - back):
                unit_at = num_end - back
                unit = match_unit(text, unit_at)
                numeral = text[start:unit_at]
                break
    core = numeral.rstrip(",，")
    if not core:
        return None
    has_arabic = _ARABIC.search(core) is not None
    # 多/余/几 between the numeral and the unit: 5千多台, 二百多台, 13亿多
    inner = ""
    after = unit_at
    if not unit and after < n and text[after] in "多余":
        inner = text[after]
        unit = match_unit(text, after + 1)
        if unit:
            unit_at = after + 1
    if not unit and text[unit_at - 1] in "万亿萬億" and unit_at - start > 1:
        latin = _LATIN_UNIT.match(text, unit_at)
        if latin and not text[latin.end():latin.end() + 1].isdigit():
            unit = latin.group()  # 3万P, 5亿Wh: a unit in Latin letters after a magnitude keeps its letters
    if not has_arabic and core in ADJACENT_PAIRS and unit:
        return _pair_range(text, start, unit_at, unit, core)
    head, mag = _split_magnitude(core.replace("多", ""))
    if not has_arabic and unit and core in IMPLIED_ONE_MAGNITUDES and _implied_one(text, start):
        head, mag, has_arabic = "1", core, True  # 首破亿元, 跨过万亿元: one of the magnitude
    if not has_arabic:
        if _CN_DIGIT.search(core) is None and not (mag and head in ("十", "百", "千")):
            return None  # 千家万户, 百姓: magnitude characters alone are words, not numbers
        if len(core) > 1 and _CN_DIGIT_RUN.fullmatch(core):
            return None  # 一九八一: a year written digit by digit
    # every unit found is a key of _written_units (match_unit's table; Latin ones are units() keys or none):
    # a dictionary lookup instead of folding the unit's Traditional characters per figure
    info = _written_units().get(unit) if unit else None
    if info and info[2] in _COUNTED and not has_arabic and not mag and len(core) == 1 and core in DIGITS:
        return None  # 四个全面, 三项攻坚战, 八个板块: slogans and enumerations, not counts
    try:
        if _PLAIN.fullmatch(head):  # 8.3, 1135亿: most figures need no numeral parser
            total = Decimal(head) * (MAGNITUDES[mag] if mag else 1)
        else:
            total = Decimal(parse_numeral(core.replace("多", "")))
    except ValueError:
        return None
    unit_end = unit_at + len(unit)
    following = text[unit_end:unit_end + 3] if unit else text[num_end:num_end + 3]
    if not unit:
        if following.startswith(NOT_AFTER):
            return None
        if not mag:
            if num_end < n - 1 and text[num_end] in RANGE_SEPARATORS:  # 3至5个: the unit comes with the second bound
                bare = _row(text, start, num_end, _number(total), "", _number(total), "", "", num_end=num_end)
                return _range_tail(text, bare, n) if tail else None
            if tail and has_arabic and num_end < n - 1 and text[num_end] in SHARED_UNIT_JOINERS:
                bare = _row(text, start, num_end, _number(total), "", _number(total), "", "", num_end=num_end)
                return _shared_unit(text, bare, n)  # 4895和2608亿元: the unit comes with the last figure
            return None  # a bare number: 5号线, 4G, 500强
        if not has_arabic and _prefix_qualifier(text, start) == "" and not inner:
            return None  # 千万不要: a digitless magnitude needs a unit or a verb of quantity
        if following[:1] in "级":
            return None
    else:
        if following.startswith(("级", "线")) and unit not in ("%", "％"):
            return None
        if unit == "度" and _YEAR_LIKE.fullmatch(core) and "年度" in text[unit_end:unit_end + 12]:
            return None  # 2007度、2008年度: a year of a list of 年度, not 2007 kWh
    if info and info[2] in _COUNTED and not has_arabic and not mag and total < 20:
        return None  # 四个全面, 三项攻坚战, 八个板块: slogans and enumerations, not counts
    factor = Decimal(MAGNITUDES[mag]) if mag else Decimal(1)  # MAGNITUDES holds 萬 and 億 too
    value = total / factor
    base_unit = info[0] if info else (unit if _LATIN_UNIT.fullmatch(unit) else "")
    value_base = total * (info[1] if info else 1)
    written_unit = mag + unit if mag else unit
    end = unit_end if unit else (after + 1 if inner else num_end)
    if not unit and not inner and end < n and text[end] in "多余":
        inner = text[end]
        end += 1
    qualifier = "min" if (inner or "多" in core) else _prefix_qualifier(text, start)
    qualifier, end = _suffix_qualifier(text, end, qualifier)
    row = _row(text, start, end, _number(value), written_unit, _number(value_base), base_unit, qualifier,
               num_end=num_end)
    rng = _range_tail(text, row, n) if tail else None
    return rng or [row]


def _pair_range(text: str, start: int, unit_at: int, unit: str, core: str) -> list[dict[str, Any]]:
    lo, hi = ADJACENT_PAIRS[core]
    info = units()[fold_traditional(unit)]
    end = unit_at + len(unit)
    return [
        _row(text, start, end, v, unit, _number(Decimal(v) * info[1]), info[0], q, num_end=unit_at)
        for v, q in ((lo, "min"), (hi, "max"))
    ]


def _range_tail(text: str, first: dict[str, Any], n: int, chained: bool = False) -> list[dict[str, Any]] | None:
    """6%－6.5%, 3至5个, 十五亿元到二十亿元: the first bound followed by a separator and a second bound.

    ``chained``: whether ``first`` is itself a second bound, whose own second bound is then not looked past.
    """
    sep_at = first["end"]
    if first["qualifier"] or sep_at >= n - 1 or text[sep_at] not in RANGE_SEPARATORS:
        return None
    m = _scanner().match(text, sep_at + 1, sep_at + 1 + SCAN_REACH)
    if m is None or not m.group("num"):
        return None
    second = _quantity(text, m.start(), m.end(), n, tail=False)
    if not second:
        return None
    hi = second[0]
    if len(second) != 1 or (not chained and _range_tail(text, hi, n, chained=True)):
        return None  # 5%-6%-7%: the second bound starts a range of its own
    if not hi["unit"]:
        return None
    lo = dict(first)
    if not lo["unit"]:
        _take_unit(lo, hi)  # 3至5个: the first bound takes the unit of the second
    elif lo["base_unit"] != hi["base_unit"]:
        return None
    lo["qualifier"] = "min"
    hi["qualifier"] = "max"
    return [lo, hi]


def _take_unit(bare: dict[str, Any], other: dict[str, Any]) -> None:
    """A bare number takes the unit (and magnitude) of the figure it is written with (3至5个, 4895和2608亿元)."""
    unit = other["unit"]
    base = units().get(fold_traditional(unit).lstrip("万亿千百十"))
    factor = Decimal(other["value_base"]) / Decimal(other["value"]) if other["value"] else Decimal(1)
    bare["unit"] = unit
    bare["base_unit"] = other["base_unit"] if base is None else base[0]
    bare["value_base"] = _number(Decimal(str(bare["value"])) * factor)


SHARED_UNIT_JOINERS = "和、"


def _shared_unit(text: str, bare: dict[str, Any], n: int) -> list[dict[str, Any]] | None:
    """分别达到4895和2608亿元, 增长1.3和1.4倍: a bare number joined to a figure with a unit shares its unit; the
    figure after the joiner is found on its own."""
    m = _scanner().match(text, bare["end"] + 1, bare["end"] + 1 + SCAN_REACH)
    if m is None or not m.group("num") or not any(ch.isdigit() for ch in m.group("num")):
        return None
    other = _quantity(text, m.start(), m.end(), n, tail=False)
    if not other or len(other) != 1 or not other[0]["unit"] or other[0]["unit"] in ("%", "‰") \
            or other[0]["value"] is None:
        return None
    row = dict(bare)
    _take_unit(row, other[0])
    return [row]


def number_rows(report) -> list[dict[str, Any]]:
    """Rows of ``govreport numbers`` for one report."""
    rows = []
    for q in _found_in_view(report.view):
        row = {c: q.get(c) for c in COLUMNS}
        row["doc"], row["region"], row["year"] = report.id, report.region or None, report.year
        rows.append(row)
    return rows
