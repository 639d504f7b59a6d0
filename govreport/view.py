"""One normalised view of a report's text, with the map back to the text as read.

Every analysis reads ``TextView.text``: Simplified characters, half-width digits and punctuation, figures and
names joined across extraction debris. Only :meth:`TextView.raw_span` maps back, so every ``start``/``end``
govreport reports indexes the text as read and every ``text`` is the verbatim substring.

A normalisation step is a function of a string that returns either a string of the same length (a
character-for-character fold: no map needed) or a list of edits ``(start, end, replacement)`` on its input,
sorted and disjoint, each replacement no longer than what it replaces. Steps run in order; each edit step
adds one :class:`OffsetMap` to the chain.

>>> v = build_view("增长\\u200b8%")
>>> v.text
'增长8%'
>>> v.raw_span(2, 4)
(3, 5)
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

from govreport.lazy_regex import lazy
from govreport.wordfiles import data_text

Edit = tuple[int, int, str]
Step = Callable[[str], "str | list[Edit]"]


class OffsetMap:
    """Positions of an edited string mapped to the string before the edits: piecewise ``old = new + delta``.

    Built from sorted, disjoint edits; a lookup is one bisection, memory is proportional to the number of
    edits, not to the length of the text.
    """

    __slots__ = ("_new", "_delta", "_old")

    def __init__(self, edits: Sequence[Edit], length: int):
        new, delta = [0], [0]
        out = 0  # position in the new string
        pos = 0  # position in the old string
        for start, end, rep in edits:
            out += start - pos
            if rep:  # the replacement's characters map one to one onto the start of what they replace
                new.append(out)
                delta.append(start - out)
                out += len(rep)
            new.append(out)
            delta.append(end - out)
            pos = end
        self._new = new
        self._delta = delta
        self._old = [n + d for n, d in zip(new, delta, strict=True)]

    def old(self, pos: int) -> int:
        i = bisect.bisect_right(self._new, pos) - 1
        return pos + self._delta[i]

    def new(self, old_pos: int) -> int:
        """The position in the new string of ``old_pos`` (of the next kept character, if it was removed)."""
        i = bisect.bisect_right(self._old, old_pos) - 1
        pos = old_pos - self._delta[i]
        if i + 1 < len(self._new) and pos > self._new[i + 1]:
            pos = self._new[i + 1]
        return pos


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    parts, pos = [], 0
    for start, end, rep in edits:
        parts.append(text[pos:start])
        parts.append(rep)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


@dataclass(eq=False)
class TextView:
    """The text every analysis reads (``text``) and the text as read (``raw``)."""

    raw: str
    text: str
    maps: list[OffsetMap] = field(default_factory=list)  # innermost (last step) last

    @property
    def identity(self) -> bool:
        """True when no step moved a character: view offsets are raw offsets."""
        return not self.maps

    def raw_pos(self, pos: int) -> int:
        for m in reversed(self.maps):
            pos = m.old(pos)
        return pos

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the text as read that holds view span [start, end)."""
        if not self.maps:
            return start, end
        if end <= start:
            p = self.raw_pos(start)
            return p, p
        return self.raw_pos(start), self.raw_pos(end - 1) + 1

    def view_pos(self, raw_pos: int) -> int:
        for m in self.maps:
            raw_pos = m.new(raw_pos)
        return raw_pos

    def verbatim(self, start: int, end: int) -> str:
        """The text as read behind view span [start, end)."""
        s, e = self.raw_span(start, end)
        return self.raw[s:e]

    def verbatim_around(self, context: str, start: int, end: int) -> str:
        """The text as read behind ``context``, a string of the view that holds (or touches) view span
        [start, end); ``context`` itself if it is not there."""
        if not context:
            return context
        n = len(context)
        at = self.text.find(context, max(0, end - n - 1), start + n + 1)
        return self.verbatim(at, at + n) if at >= 0 else context

    def restore(self, rows: Iterable[dict], text_keys: Iterable[str] = ("text",),
                context_keys: Iterable[str] = ()) -> None:
        """Rows found in the view get raw ``start``/``end`` and verbatim ``text_keys`` (in place).

        ``context_keys`` name strings of the view around the row's span (its ``sentence``): each becomes the text
        as read behind it.
        """
        if self.text == self.raw:
            return
        keys = tuple(text_keys)
        around = tuple(context_keys)
        for row in rows:
            for k in around:
                row[k] = self.verbatim_around(row[k], row["start"], row["end"])
            s, e = self.raw_span(row["start"], row["end"])
            row["start"], row["end"] = s, e
            for k in keys:
                row[k] = self.raw[s:e]


# --- steps -------------------------------------------------------------------------------------------------
# Each step is a pure function of the text so far. Folds (same length, str.translate) come first, so that the
# edit steps see one form of every character; then what extraction inserted is dropped, and last the lines a
# page layout broke are joined.

CJK = "\u3400-\u9fff\uf900-\ufaff"
_WIDE = "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ"
_NARROW = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
# Full-width Latin digits and letters, percent signs (％ ﹪ and ℅, which Chinese input methods put for %), the
# signs of figures (＋ ＝ ／ ＜ ＞) and the no-break and fixed-width spaces, to their ASCII forms. The Chinese
# punctuation marks (，。；：（）！？) stay: they are the normal forms of Chinese text, and rules read both.
WIDTH_FOLD = str.maketrans(_WIDE + "％﹪℅＋＝／＜＞\xa0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f",
                           _NARROW + "%%%+=/<>" + " " * 11)


WIDTH_CHARS = "".join(map(chr, WIDTH_FOLD))
_WIDE_RUN = lazy("[０-９Ａ-Ｚａ-ｚ％﹪℅＋＝／＜＞\xa0\u2002-\u200a\u202f]+")


def _fold_runs(pattern: re.Pattern[str], table: dict[int, int], text: str) -> str:
    """str.translate on the runs of ``pattern`` only: text with nothing to fold is scanned once, in C."""
    return pattern.sub(lambda m: m.group().translate(table), text)


def fold_width(text: str) -> str:
    """Full-width digits, letters and percent signs to ASCII: １２．５％ keeps its length, ℅ reads as %.

    >>> fold_width("增长１２℅")
    '增长12%'
    """
    return _fold_runs(_WIDE_RUN, WIDTH_FOLD, text)


def replace_chars(text: str, chars: Iterable[str], table: dict[int, int]) -> str:
    """``text.translate(table)`` for a text whose characters in ``table`` are all among ``chars``, each one a
    str.replace (a search in C); translate itself where one's replacement is another of them (薴 → 苧 → 苎:
    replacements in turn would fold 薴 twice).

    >>> replace_chars("薴苧", "薴苧", {ord("薴"): ord("苧"), ord("苧"): ord("苎")})
    '苧苎'
    """
    if any(chr(table[ord(ch)]) in chars for ch in chars):
        return text.translate({ord(ch): table[ord(ch)] for ch in chars})
    for ch in chars:
        text = text.replace(ch, chr(table[ord(ch)]))
    return text


_COMMENT_LINE = lazy("^#.*\n?", re.M)


@cache
def traditional_table() -> dict[int, int]:
    """Traditional → Simplified, one character to one, from data/traditional.tsv (OpenCC's character table)."""
    text = data_text("traditional.tsv")
    # every line but the comments holds one pair: their fields in turn (one split, no loop over lines)
    fields = _COMMENT_LINE.sub("", text).split()
    return dict(zip(map(ord, fields[0::2]), map(ord, fields[1::2]), strict=True))


@cache
def _traditional_chars() -> tuple[frozenset[str], str]:
    """The Traditional characters of the table, and those of them GB 2312 can also encode."""
    chars = frozenset(map(chr, traditional_table()))
    # the characters GB 2312 encodes: what is left of them all after an encoding that drops the others
    return chars, "".join(sorted(chars)).encode("gb2312", "ignore").decode("gb2312")


_ESCAPED = lazy(rb"\\(?:u([0-9a-f]{4})|U([0-9a-f]{8}))")  # a literal first: the regex engine's fast scan


def _traditional_in(text: str) -> set[str] | None:
    """The Traditional characters ``text`` holds; None when it holds so many characters outside GB 2312 that
    translating it whole is cheaper than naming them. Only the characters outside GB 2312 (the Simplified
    character set), and the few Traditional ones GB 2312 holds, are read."""
    chars, in_gb2312 = _traditional_chars()
    outside = _outside_gb2312(text)
    if outside is None:
        return None
    return (outside & chars) | {c for c in in_gb2312 if c in text}


SAMPLE = 2000  # the opening read to tell a Traditional text


def _outside_gb2312(text: str) -> set[str] | None:
    """The characters of ``text`` that GB 2312 cannot encode (those below U+0100 may be left out: no Traditional
    character is one of them); None for a text whose opening has more than one in ten of them.

    Encoding is one pass in C; "backslashreplace" calls back into Python for each character it cannot encode,
    which a Traditional text has thousands of: its opening, encoded with "replace" (a ? for each, written by the
    codec itself), tells it first."""
    head = text[:SAMPLE]
    if (head.encode("gb2312", "replace").count(b"?") - head.count("?")) * 10 > len(head):
        return None  # a Traditional text: one translate (≈60 ns a character) beats naming them (≈500)
    encoded = text.encode("gb2312", "backslashreplace")
    # no backslash (a memchr), no escape to read: the common case of a text all in GB 2312
    return {chr(int(a or b, 16)) for a, b in _ESCAPED.findall(encoded)} if b"\\" in encoded else set()


def fold_traditional(text: str) -> str:
    """Traditional characters to Simplified, character by character (same length).

    Only the Traditional characters the text holds are looked for (a Simplified text costs one encoding to
    GB 2312, in C).

    >>> fold_traditional("地區生產總值增長8%，提高1.6個百分點")
    '地区生产总值增长8%，提高1.6个百分点'
    """
    present = _traditional_in(text)
    table = traditional_table()
    if present is None:
        return text.translate(table)
    if not present:
        return text
    if len(present) <= FEW_CHARS:  # a few Traditional characters in a Simplified text: a str.replace each
        return replace_chars(text, present, table)
    run = re.compile("[" + "".join(sorted(present)) + "]+")  # CJK characters only: nothing to escape
    return _fold_runs(run, {ord(c): table[ord(c)] for c in present}, text)


FEW_CHARS = 16  # up to this many distinct characters to fold, one str.replace (a pass in C) each


_ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"
_ZERO_WIDTH = lazy(f"\n?[{_ZERO_WIDTH_CHARS}]+\n?")
_ZERO_WIDTH_RUN = lazy(f"[{_ZERO_WIDTH_CHARS}]+")


def drop_zero_width(text: str) -> list[Edit]:
    """Zero-width characters, with the line breaks scrapers wrap them in (74.4⏎\\u200b⏎万亿元)."""
    if not any(c in text for c in _ZERO_WIDTH_CHARS):
        return []
    # what _ZERO_WIDTH finds, from the runs of a class-led pattern (\n? first would make the regex engine try
    # every position): a run takes the line break before it unless the run before took it, and the one after it
    edits: list[Edit] = []
    end = 0
    for m in _ZERO_WIDTH_RUN.finditer(text):
        start = m.start() - 1 if m.start() > end and text[m.start() - 1] == "\n" else m.start()
        end = m.end() + 1 if text.startswith("\n", m.end()) else m.end()
        edits.append((start, end, ""))
    return edits


_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# (qū) after a character: a pinyin syllable with its tone mark, which some sites insert after every
# character they gloss: 地區(qū)生產(chǎn)總值
_PINYIN = lazy(rf"[(（](?<=[{CJK}][(（])(?=[a-zü{_TONED}]{{0,6}}[{_TONED}])[a-zü{_TONED}]{{1,7}}[)）]")


def drop_pinyin(text: str) -> list[Edit]:
    """Pinyin glosses inserted after characters.

    >>> apply_edits("地区(qū)生产(chǎn)总值", drop_pinyin("地区(qū)生产(chǎn)总值"))
    '地区生产总值'
    """
    return [(m.start(), m.end(), "") for m in _PINYIN.finditer(text)]


_DOUBLE_PERCENT = lazy("%(?=%)")


def drop_double_percent(text: str) -> list[Edit]:
    """A doubled percent sign (8%%), as template engines leave it, reads as one."""
    return [(m.start(), m.end(), "") for m in _DOUBLE_PERCENT.finditer(text)]


# A few Latin letters after the last character of a line, the same on three lines or more, are a mark the PDF
# extraction left for a paragraph end (意见。bhg); capitals (GDP, CPI, PPP) are words
_LINE_END_MARK = lazy("[A-Za-z](?<![A-Za-z][A-Za-z])[A-Za-z]{1,4}(?=[ \t]*$)", re.M)
LINE_END_MARK_REPEATS = 3
# a line break after a letter or a blank: a literal first, the regex engine's fast scan
_BREAK_AFTER_LETTER = lazy("\n(?<=[A-Za-z \t]\n)")


def drop_line_end_marks(text: str) -> list[Edit]:
    """Marks a PDF extraction leaves at the end of paragraphs (各位代表:bhg, 提出意见。Zeu)."""
    # a mark ends its line: only lines ending in a letter or a blank are searched (saves a class search of the
    # whole text)
    ends = [m.start() for m in _BREAK_AFTER_LETTER.finditer(text)]
    if text and (text[-1].isascii() and text[-1].isalpha() or text[-1] in " \t"):
        ends.append(len(text))
    found = []
    for end in ends:
        for m in _LINE_END_MARK.finditer(text, text.rfind("\n", 0, end) + 1, end):
            if m.start() and not (text[m.start() - 1].isascii() and text[m.start() - 1].isalnum()) \
                    and text[m.start() - 1] != "\n" and not m.group().isupper():
                found.append(m)
    if len(found) < LINE_END_MARK_REPEATS:
        return []
    counts = Counter(m.group() for m in found)
    return [(m.start(), m.end(), "") for m in found if counts[m.group()] >= LINE_END_MARK_REPEATS]


_NUMBER = r"(?:\d{1,4}|[一二三四五六七八九十]{1,3})"
# A line that is only a page number: 3, - 3 -, —3—, 第3页, 第3页 共20页, 3/20
_PAGE_NUMBER = lazy(
    rf"[ \t\u3000]*(?:[-—–－]*[ \t]*{_NUMBER}[ \t]*[-—–－]*|第[ \t]*\d{{1,4}}[ \t]*页(?:[ \t,，]*共[ \t]*\d{{1,4}}[ \t]*页)?"
    rf"|\d{{1,4}}[ \t]*/[ \t]*\d{{1,4}})[ \t\u3000]*"
)
_SENTENCE_END = "。！？；：!?;:"
_CLOSERS = "”’」』）)》】"
HEADING_START = lazy(
    "[ \t\u3000]*(?:[一二三四五六七八九十]{1,3}[、.．,，]|[(（][一二三四五六七八九十]{1,3}[)）,，、]"
    "|第[一二三四五六七八九十]{1,3}[部篇章]|\\d{1,2}[、．](?!\\d)|\\d{1,2}\\.(?!\\d)|[■◆●▲◇□○★◎]|【)"
)
RUNNING_HEAD_REPEATS = 3  # a short line printed at the top of three pages or more is a running head
RUNNING_HEAD_MAX = 40


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, the line break not included."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


_PAGE_NUMBER_AROUND = lazy(r"^[\s\d\-—第页]+|[\s\d\-—第页]+$")
_AROUND_CHAR = lazy(r"[\s\d\-—第页]")
_SENTENCE_MARK = lazy(f"[{re.escape(_SENTENCE_END)}。，,]")


def _head_key(line: str) -> str:
    """A line without the page number before or after it (see :func:`_is_head_key`)."""
    if not (_AROUND_CHAR.match(line) or _AROUND_CHAR.match(line, len(line) - 1)):
        return line  # no page number to take off at either end: the substitution would scan the line for none
    return _PAGE_NUMBER_AROUND.sub("", line)


def _is_head_key(key: str) -> bool:
    """Whether what is left of a line can be a running head: four characters or more, no digit and no percent
    sign (a line of figures is no running head)."""
    return len(key) >= 4 and not any(c.isdigit() or c == "%" for c in key)


def drop_page_lines(text: str) -> list[Edit]:
    """Lines a page layout adds between the lines of the text: page numbers and running heads (a short line
    repeated on three pages or more, its page number aside), each with its line break."""
    if "\n" not in text:
        return []
    lines = text.split("\n")
    keys: dict[str, int] = {}
    drop: set[str] = set()
    key_of: dict[str, str] = {}
    # each distinct short line once: page furniture is short (the long lines are never hashed)
    for line, n in Counter([line for line in lines if 0 < len(line) <= RUNNING_HEAD_MAX]).items():
        if _PAGE_NUMBER.fullmatch(line):
            drop.add(line)
            continue
        if _SENTENCE_MARK.search(line) or HEADING_START.match(line):
            continue  # a running head is a title, not a sentence, and no numbered heading
        key = _head_key(line)
        if len(key) >= 4:
            keys[key] = keys.get(key, 0) + n
            key_of[line] = key
    # the digits of a key are read only for the keys repeated often enough, the few that may be running heads
    heads = {key for key, n in keys.items() if n >= RUNNING_HEAD_REPEATS and _is_head_key(key)}
    drop.update(line for line, key in key_of.items() if key in heads)
    if not drop:
        return []
    pages = {int(d) for d in (line.strip() for line in drop) if d.isdigit() and len(d) <= 4}
    edits = []
    pos = 0
    for line in lines[:-1]:  # the last line has no line break to drop with it
        end = pos + len(line)
        if line in drop and (_in_page_run(line, pages) or not _figure_goes_on(text, pos, end)):
            edits.append((pos, end + 1, ""))
        pos = end + 1
    return edits


def _in_page_run(line: str, pages: set[int]) -> bool:
    """Whether a line of digits numbers a page: the page before or after it is numbered too (…2⏎3⏎18个…
    drops the 3 of page 3; a lone 018 of 2⏎018年 has no neighbours)."""
    d = line.strip()
    if not d.isdigit() or len(d) > 4:
        return False
    n = int(d)
    return n - 1 in pages or n + 1 in pages


def _figure_goes_on(text: str, s: int, e: int) -> bool:
    """Whether a line of digits is part of a figure broken over lines (2⏎018年), not a page number."""
    return text[e + 1:e + 2].isdigit() and text[s:e].strip().isdigit()


# a run of spaces after a character of the line (an indent, after a line break, is not read at all)
_SPACE_CHARS = " \t\u3000"
_SPACES = lazy("[ \t\u3000](?<=[^\\s][ \t\u3000])[ \t\u3000]*")
# the same, one pattern for each space a run starts with: a literal first is the regex engine's fast scan
# (≈0.3 ns a character), a class first its slow one (≈10)
_SPACES_BY_FIRST = tuple(lazy(f"{c}(?<=[^\\s]{c})[ \t\u3000]*") for c in _SPACE_CHARS)


def leftmost_matches(patterns: Sequence[re.Pattern[str]], text: str) -> Iterator[re.Match[str]]:
    """What ``finditer`` gives for the alternation of ``patterns``, each of which starts with its own literal
    character (so that at most one of them matches at any position) and never matches the empty string."""
    if len(patterns) == 1:
        yield from patterns[0].finditer(text)
        return
    ahead = [(m, p) for p in patterns if (m := p.search(text))]
    while ahead:
        m, _ = min(ahead, key=lambda mp: mp[0].start())
        yield m
        end = m.end()
        ahead = [(n, p) if n.start() >= end else (p.search(text, end), p) for n, p in ahead]
        ahead = [(n, p) for n, p in ahead if n is not None]


def leftmost_longest(found: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The (start, end) spans a scan from left to right takes of the occurrences ``found`` (start, length): the
    longest where several start at one place, none overlapping one taken before it.

    >>> leftmost_longest([(4, 2), (0, 4), (0, 2), (3, 2)])
    [(0, 4), (4, 6)]
    """
    spans = []
    pos = 0
    for start, minus in sorted((start, -size) for start, size in found):
        if start >= pos:
            pos = start - minus
            spans.append((start, pos))
    return spans


_ASCII_WORD = lazy("[A-Za-z0-9]")


def _lone_digit(text: str, i: int) -> bool:
    """Whether text[i] is a digit with no digit beside it (the digits of 1 9 9 7 are written one by one)."""
    return text[i].isdigit() and not text[i - 1:i].isdigit() and not text[i + 1:i + 2].isdigit()


def drop_spaces(text: str) -> list[Edit]:
    """Spaces inside a line, as PDF and DOC extraction puts them around figures and between characters
    (36.2 万吨, 增长 7.8%左右, 8 ．8 ％, 1 9 9 7 年), and at the end of a line. A line's indent stays (it marks a
    paragraph), and so does a space between two Latin letters or a letter and a digit (GDP growth, 10 kV) and
    a space between numbers of more than one digit
    (19 00:05) or more than one space (a table's columns)."""
    edits = []
    n = len(text)
    for m in leftmost_matches([p for c, p in zip(_SPACE_CHARS, _SPACES_BY_FIRST, strict=True) if c in text], text):
        s, e = m.span()
        before = text[s - 1]
        after = text[e] if e < n else "\n"
        if after != "\n" and _ASCII_WORD.match(before) and _ASCII_WORD.match(after) \
                and not (e - s == 1 and _lone_digit(text, s - 1) and _lone_digit(text, e)):
            continue  # GDP growth, 10 kV, 19 00:05, a table's columns; but 1 9 9 7 年 is one number
        edits.append((s, e, ""))
    return edits


_DECIMAL_POINT = lazy("[．。·](?<=[0-9][．。·])(?=[0-9])")
# the same, a pattern for each point: a literal first is the regex engine's fast scan, a class first its slow one
_DECIMAL_POINTS = tuple((c, lazy(f"{c}(?<=[0-9]{c})(?=[0-9])")) for c in "．。·")
# a full-width comma before groups of three digits, as the reports of the 1950s write thousands (3，054，300元)
_DIGIT_GROUP = lazy("，(?<=[0-9]，)(?=[0-9]{3}(?:，[0-9]{3})*(?![0-9，]|，[0-9]))")


def fold_decimal_point(text: str) -> str:
    """A full-width point or a middle dot between digits is a decimal point (8．8, 19·5 → 8.8, 19.5: after spaces
    are dropped), and a full-width comma between groups of three digits a thousands separator (3，054，300).

    >>> fold_decimal_point("增长19·5%，收入3，054，300元，分别为1，2")
    '增长19.5%，收入3,054,300元，分别为1，2'
    """
    for point, pattern in _DECIMAL_POINTS:  # one after the other: a point made "." is no digit to the next
        if point in text:
            text = pattern.sub(".", text)
    if "，" in text:
        text = _DIGIT_GROUP.sub(",", text)
    return text


# a page wraps lines of 20-80 characters: text whose lines are longer or shorter is not hard-wrapped
WRAP_WIDTH_MIN, WRAP_WIDTH_MAX = 16, 100
FULL_LINE = 0.75  # a line this share of the wrap width or longer ran to the margin
_FIGURE_BREAK = lazy("\n(?:(?<=[0-9]\n)(?=[0-9.%万亿千百十])|(?<=[0-9]\\.\n)(?=[0-9]))")


def _wrap_width(text: str) -> int:
    """The length that nine lines in ten do not pass: where a page wraps, that is its width."""
    widths = sorted(filter(None, map(len, text.split("\n"))))
    return widths[int(len(widths) * 0.9)] if len(widths) >= 5 else 0


def _indented(text: str, pos: int) -> bool:
    """Whether the line at ``pos`` starts with an indent: a tab, an ideographic space, or two spaces."""
    return text.startswith(("\t", "\u3000", "  "), pos)


def join_lines(text: str) -> list[Edit]:
    """Line breaks a page layout made: inside a figure (12.5⏎亿元, 2⏎018年) always, and in hard-wrapped text
    after a line that ran to the margin (地区生产总⏎值). A break stays a paragraph end where the text says so:
    a sentence end before it (unless the line ran the whole width, where a sentence ends inside the paragraph
    as often as anywhere), a blank, indented or heading line after it."""
    if "\n" not in text:
        return []
    edits = {m.start(): (m.start(), m.end(), "") for m in _FIGURE_BREAK.finditer(text)}
    width = _wrap_width(text)
    if WRAP_WIDTH_MIN <= width <= WRAP_WIDTH_MAX:
        lines = _lines(text)
        full = width * FULL_LINE
        for (s, e), (ns, ne) in zip(lines, lines[1:], strict=False):
            if e - s < full or ne == ns or _indented(text, ns) or HEADING_START.match(text, ns):
                continue
            if e - s < width and (text[e - 1] in _SENTENCE_END
                                  or (text[e - 1] in _CLOSERS and text[e - 2:e - 1] in tuple(_SENTENCE_END))):
                continue  # a sentence ends before the margin: the paragraph ends
            end = e + 1
            while end < ne and text[end] == " ":
                end += 1  # a single space the extraction put at the start of the next line
            edits[e] = (e, end, "")
    return [edits[k] for k in sorted(edits)]


STEPS: tuple[Step, ...] = (fold_width, fold_traditional, drop_zero_width, drop_pinyin, drop_double_percent,
                           drop_line_end_marks, drop_page_lines, drop_spaces, fold_decimal_point, join_lines)

# Steps of STEPS that leave a text holding none of these characters as it is, characters no step before them
# puts in or takes out: one scan of the text as read tells which of them to run.
_TRIGGERS: dict[Step, str] = {fold_width: WIDTH_CHARS, drop_zero_width: _ZERO_WIDTH_CHARS, drop_pinyin: _TONED}
_TRIGGER_CHARS = "".join(sorted(set("".join(_TRIGGERS.values()))))
# a bare class, no repeat: the regex engine's tight loop skips to the next character of the class (≈3.5 ns a
# character over the national reports)
_TRIGGER = lazy(f"[{re.escape(_TRIGGER_CHARS)}]")


def chars_in(text: str, chars: str = _TRIGGER_CHARS) -> set[str]:
    """The characters of ``chars`` (the steps' triggers by default) that ``text`` holds.

    The text is searched a piece at a time; after a piece that held many of them (a page of full-width digits),
    the next pieces are searched for the characters not found yet only, so that such a text is not read out
    character by character. A piece with a few of them changes nothing: the pattern of the others is compiled
    only where it saves reading many hits (a compiled class of Chinese characters costs ≈0.2 ms).

    >>> sorted(chars_in("增长１２\u200b℅", "０１２３℅\u200b\xa0"))
    ['\u200b', '℅', '１', '２']
    """
    found: set[str] = set()
    wanted = len(set(chars))
    pattern = _TRIGGER if chars == _TRIGGER_CHARS else re.compile(f"[{re.escape(chars)}]")
    crowded = False  # the last piece held many of them
    for start in range(0, len(text), TRIGGER_PIECE):
        if crowded:
            pattern = re.compile(f"[{re.escape(''.join(c for c in chars if c not in found))}]")
            crowded = False
        hits = pattern.findall(text, start, start + TRIGGER_PIECE)
        if hits:
            found.update(hits)
            if len(found) == wanted:
                break
            crowded = len(hits) > CROWDED_PIECE
    return found


TRIGGER_PIECE = 1 << 16
CROWDED_PIECE = 256  # hits in a piece past which the next pieces are searched for the characters not found yet


def default_steps(raw: str) -> list[Step]:
    """STEPS for ``raw``, less the steps of _TRIGGERS it gives nothing to do (saves three scans of the text
    for one), fold_width as a str.replace of each character it holds (a search in C, not a class search)."""
    present = chars_in(raw)
    steps: list[Step] = []
    for step in STEPS:
        chars = _TRIGGERS.get(step)
        if chars is None:
            steps.append(step)
        elif step is fold_width:
            wide = present.intersection(chars)
            if wide:
                def fold_wide(text: str, wide: set[str] = wide) -> str:
                    return replace_chars(text, wide, WIDTH_FOLD)

                steps.append(fold_wide)
        elif present.intersection(chars):
            steps.append(step)
    return steps


def build_view(raw: str, steps: Sequence[Step] | None = None) -> TextView:
    """The normalised view of ``raw``: each step in turn (STEPS by default), their offset maps chained."""
    text = raw
    maps: list[OffsetMap] = []
    for step in default_steps(raw) if steps is None else steps:
        out = step(text)
        if isinstance(out, str):
            if len(out) != len(text):
                raise ValueError(f"step {step.__name__} changed the length without edits")
            text = out
        elif out:
            maps.append(OffsetMap(out, len(text)))
            text = apply_edits(text, out)
    return TextView(raw, text, maps)
