"""Numeral parsing: Chinese, Arabic and mixed forms parse exactly."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreport.numerals import parse_numeral, to_chinese


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("十一", 11), ("两", 2), ("二十三", 23), ("一千二百", 1200), ("一百七十七", 177), ("二千零五十", 2050),
        ("一万二千二百", 12200), ("1万6千", 16000), ("1亿3千万", 130000000), ("5千", 5000), ("千亿", 10**11),
        ("万亿", 10**12), ("1,135", 1135), ("１１３５", 1135), ("二十一点七", Decimal("21.7")), ("零点四", Decimal("0.4")),
        ("一九八一", 1981), ("二〇一七", 2017), ("六万万", 600000000), ("一百二", 120), ("三千零二", 3002),
        ("2.8万", 28000), ("二万亿零三亿", 2000300000000), ("萬", 10000), ("壹佰", 100),
    ],
)
def test_known_numerals(text, value):
    assert parse_numeral(text) == value


@pytest.mark.parametrize("text", ["", "百分", "abc", "1.2.3", "五点"])
def test_not_numerals(text):
    with pytest.raises(ValueError):
        parse_numeral(text)


@given(st.integers(min_value=0, max_value=10**13))
def test_chinese_numerals_round_trip(n):
    assert parse_numeral(to_chinese(n)) == n


@given(st.integers(min_value=0, max_value=10**13))
def test_arabic_with_separators_round_trip(n):
    assert parse_numeral(f"{n:,}") == n


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=0, max_value=9999))
def test_mixed_magnitudes(high, low):
    # 1万6千 style: an Arabic head with a magnitude, then a Chinese-written remainder (零 marks a gap)
    rest = ("零" if low < 1000 else "") + to_chinese(low) if low else ""
    assert parse_numeral(f"{high}万{rest}") == high * 10**4 + low


def test_chinese_numerals_agree_with_cn2an():
    import cn2an
    for n in [0, 7, 10, 11, 20, 101, 1010, 12200, 20500000, 300000002, 123456789012]:
        written = to_chinese(n)
        assert parse_numeral(written) == int(cn2an.cn2an(written, "strict"))


# --- cn2an as an oracle, and robustness -------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_whole_numerals_agree_with_cn2an(n):
    """Every way cn2an and govreport write a whole number reads back as that number, by both parsers."""
    import cn2an
    for written in (cn2an.an2cn(n, "low"), cn2an.an2cn(n, "up")):  # 一百二十三万四千五百六十七亿…, 壹佰贰拾叁…
        assert parse_numeral(written) == n == int(cn2an.cn2an(written, "strict")), written
    written = to_chinese(n)  # from 10¹² on, 一百二十三万亿四千五百六十七亿…, a form cn2an does not read
    assert parse_numeral(written) == n
    if n < 10**12:
        assert int(cn2an.cn2an(written, "strict")) == n


@given(st.text(st.sampled_from("零一二三四五六七八九十百千万亿两"), min_size=1, max_size=12))
def test_numerals_cn2an_reads_agree(text):
    """Where cn2an (strict) reads a string of numeral characters that is the canonical form of its value,
    parse_numeral reads the same value. (cn2an reads some other forms its own way: 三亿十万 as 3亿.)"""
    import cn2an
    try:
        expected = cn2an.cn2an(text, "strict")
    except (ValueError, KeyError, IndexError, TypeError):
        return
    if cn2an.an2cn(expected, "low") == text:
        assert parse_numeral(text) == expected


@given(st.text(st.one_of(st.sampled_from(list("0123456789０１２３４５６７８９.,．点點零〇○一二两三四五六七八九十百千万亿萬億拾佰仟壹贰")),
                         st.characters()), max_size=50))
def test_any_string_is_a_numeral_or_a_value_error(text):
    try:
        value = parse_numeral(text)
    except ValueError:
        return
    assert isinstance(value, int | Decimal) and len(text.strip()) <= 40


@pytest.mark.parametrize("text", ["1万" * 5000, "十" * 5000, "1" * 5000, "一亿" * 3000, "1万" * 20 + "5千"])
def test_runs_too_long_for_a_numeral_are_value_errors(text):
    with pytest.raises(ValueError):  # not RecursionError, nor a number thousands of digits long
        parse_numeral(text)


@pytest.mark.parametrize("text", ["十十", "一十十", "十百", "五百百", "三千四千"])
def test_units_only_go_down_within_a_group(text):
    with pytest.raises(ValueError):
        parse_numeral(text)
