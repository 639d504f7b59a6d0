"""Numerals as reports write them: Arabic, Chinese and mixed, with magnitudes.

>>> parse_numeral("一百七十七")
177
>>> parse_numeral("1亿3千万")
130000000
>>> parse_numeral("二十一点七")
Decimal('21.7')
>>> parse_numeral("1,135")
1135

Values are exact: an ``int`` for whole numbers, a ``Decimal`` otherwise (call ``float`` for a float).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache

DIGITS = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
    "七": 7, "八": 8, "九": 9,
    "壹": 1, "贰": 2, "貳": 2, "叁": 3, "參": 3, "肆": 4, "伍": 5, "陆": 6, "陸": 6, "柒": 7, "捌": 8, "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
POINTS = "点點.．"
FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
CHINESE_NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)

# No figure a report writes needs more characters (九千九百九十九万九千九百九十九亿… up to 10¹⁶ takes 35):
# a longer run of numeral characters (1万1万1万…, a page of digits) is no numeral.
MAX_NUMERAL_LENGTH = 40

Number = int | Decimal


def _exact(value: Decimal) -> Number:
    return int(value) if value == value.to_integral_value() else value.normalize()


@lru_cache(maxsize=8192)
def parse_numeral(text: str) -> Number:
    """Parse an Arabic, Chinese or mixed numeral (``1万6千``, ``一万二千二百``, ``百分`` not included).

    Raises ValueError for anything that is not a numeral.
    """
    s = text.strip().translate(FULLWIDTH).replace(",", "")
    if not s:
        raise ValueError("empty numeral")
    if len(s) > MAX_NUMERAL_LENGTH:
        raise ValueError(f"not a numeral: {len(s)} characters is too long for one")
    try:
        return _exact(Decimal(s)) if s[0] in "0123456789" and s.replace(".", "", 1).isdigit() else _parse(s)
    except InvalidOperation:
        raise ValueError(f"not a numeral: {text!r}") from None


def _parse(s: str) -> Number:
    s = s.replace("万万", "亿").replace("萬萬", "亿")  # 六万万人: the old word for 亿
    # Digit strings such as 一九八一 or 二〇一七: read digit by digit.
    if len(s) > 1 and all(ch in DIGITS for ch in s):
        return int("".join(str(DIGITS[ch]) for ch in s))
    return _exact(_value(s))


def _value(s: str) -> Decimal:
    """The highest magnitude splits the numeral: (left) × 亿 + (right); 万亿 = (1万) × 亿.

    The right part is read in a loop, not by recursion: 1万1万1万… runs never exhaust the stack. The left
    part of a split holds no magnitude as high as the split's, so recursion on it is at most two deep.
    """
    total = Decimal(0)
    while s:
        for chars, factor in (("亿億", 10**8), ("万萬", 10**4)):
            at = _first_top(s, chars)
            if at >= 0:
                left, right = s[:at], s[at + 1:]
                head = _value(left) if left else Decimal(1)
                if right and len(right) == 1 and right in DIGITS and left and left[-1] not in "零〇":
                    return total + head * factor + Decimal(DIGITS[right]) * factor / 10  # 一万二 = 12000
                total += head * factor
                s = right
                break
        else:
            return total + _below_wan(s)
    return total


def _first_top(s: str, chars: str) -> int:
    """Where the numeral splits: its first 亿 (二万亿零三亿 = 二万 × 亿 + 三亿), else its first 万."""
    found = [at for at in (s.find(ch) for ch in chars) if at >= 0]
    return min(found) if found else -1


def _below_wan(s: str) -> Decimal:
    total = Decimal(0)
    pending: Decimal | None = None
    last_unit = 0
    i = 0
    n = len(s)
    while i < n:
        ch = s[i]
        if ch in "0123456789":
            j = i
            while j < n and (s[j] in "0123456789" or (s[j] == "." and j + 1 < n and s[j + 1] in "0123456789")):
                j += 1
            if pending is not None:
                raise ValueError(f"not a numeral: {s!r}")
            pending = Decimal(s[i:j])
            i = j
            continue
        if ch in DIGITS:
            if pending is not None:
                raise ValueError(f"not a numeral: {s!r}")
            pending = Decimal(DIGITS[ch])
            if ch in "零〇○Ｏ":
                pending = None
                last_unit = 0
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if last_unit and unit >= last_unit:
                raise ValueError(f"not a numeral: {s!r}")  # 十十, 十百: within 万 the units only go down
            total += (pending if pending is not None else Decimal(1)) * unit
            pending = None
            last_unit = unit
        elif ch in POINTS:
            frac = s[i + 1:]
            if not frac or not all(c in DIGITS or c in "0123456789" for c in frac):
                raise ValueError(f"not a numeral: {s!r}")
            digits = "".join(c if c in "0123456789" else str(DIGITS[c]) for c in frac)
            whole = total + (pending or 0)
            return whole + Decimal("0." + digits)
        else:
            raise ValueError(f"not a numeral: {s!r}")
        i += 1
    if pending is not None:
        if last_unit >= 100 and s[-2:-1] in SMALL_UNITS:
            pending = pending * last_unit / 10  # 一百二 = 120, 三千五 = 3500
        total += pending
    return total


def to_chinese(n: int) -> str:
    """Write a whole number 0 ≤ n < 10¹⁶ in Chinese numerals (the inverse of parse_numeral, for tests).

    >>> to_chinese(120034)
    '十二万零三十四'
    """
    if n < 0 or n >= 10**16:
        raise ValueError("out of range")
    if n == 0:
        return "零"
    digits = "零一二三四五六七八九"

    def four(k: int) -> str:
        out = ""
        zero = False
        for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = k // unit % 10
            if d:
                if zero and out:
                    out += "零"
                out += digits[d] + name
                zero = False
            else:
                zero = True
        return out

    parts = []
    groups = [(n // 10**12) % 10**4, (n // 10**8) % 10**4, (n // 10**4) % 10**4, n % 10**4]
    names = ["万亿", "亿", "万", ""]
    started = False
    need_zero = False
    for g, name in zip(groups, names, strict=True):
        if g:
            if started and (need_zero or g < 1000):
                parts.append("零")
            parts.append(four(g) + name)
            started = True
            need_zero = False
        elif started:
            need_zero = True
    text = "".join(parts)
    if text.startswith("一十"):
        text = text[1:]
    return text
