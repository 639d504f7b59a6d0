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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

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

    def restore(self, rows: Iterable[dict], text_keys: Iterable[str] = ("text",)) -> None:
        """Rows found in the view get raw ``start``/``end`` and verbatim ``text_keys`` (in place)."""
        keys = tuple(text_keys)
        for row in rows:
            s, e = self.raw_span(row["start"], row["end"])
            row["start"], row["end"] = s, e
            for k in keys:
                row[k] = self.raw[s:e]


# --- steps -------------------------------------------------------------------------------------------------

_DEBRIS = re.compile("\n?[\u200b\u200c\u200d\u2060\ufeff]+\n?")


def drop_zero_width(text: str) -> list[Edit]:
    """Zero-width characters, with the line breaks scrapers wrap them in (74.4⏎\\u200b⏎万亿元)."""
    return [(m.start(), m.end(), "") for m in _DEBRIS.finditer(text)]


STEPS: tuple[Step, ...] = (drop_zero_width,)


def build_view(raw: str, steps: Sequence[Step] = STEPS) -> TextView:
    """The normalised view of ``raw``: each step in turn, their offset maps chained."""
    text = raw
    maps: list[OffsetMap] = []
    for step in steps:
        out = step(text)
        if isinstance(out, str):
            if len(out) != len(text):
                raise ValueError(f"step {step.__name__} changed the length without edits")
            text = out
        elif out:
            maps.append(OffsetMap(out, len(text)))
            text = apply_edits(text, out)
    return TextView(raw, text, maps)
