"""The classification stage on its examples (tests/data/examples/classification.jsonl): real report sentences → expected fields."""

import json
import re
from pathlib import Path

import pytest
from conftest import check_example, stage_examples
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport.classification import time_marks


@pytest.mark.parametrize("example", stage_examples("classification"))
def test_examples(example):
    check_example(example)


NATIONAL = Path(__file__).parent.parent / "govreport" / "data" / "national_reports.jsonl"


def _national_paragraphs() -> list[str]:
    """Paragraphs of three national reports that hold time expressions (real text, as metrics reads it)."""
    rows = [json.loads(line) for line in NATIONAL.open(encoding="utf-8") if line.strip()]
    return [p for row in rows[::25] for p in row["content"].split("\n") if "年" in p]


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_marks_read_in_place_are_those_of_the_slice(data):
    """time_marks(text, …, lo, hi) reads text[lo:hi] in place (metrics reads a paragraph so): the same marks as
    the slice gives, moved by lo, whatever is around the slice."""
    paragraphs = _national_paragraphs()
    i = data.draw(st.integers(0, len(paragraphs) - 1))
    text = "\n".join(paragraphs[i:i + 3])
    anchors = [j for j, ch in enumerate(text) if ch == "年"]
    lo = max(0, data.draw(st.sampled_from(anchors)) - data.draw(st.integers(0, 8)))  # cut near a mark
    hi = data.draw(st.integers(lo, len(text)))
    year = data.draw(st.sampled_from([None, 1990, 2012, 2018]))
    shifted = [m._replace(start=m.start + lo, end=m.end + lo) for m in time_marks(text[lo:hi], year, year)]
    assert time_marks(text, year, year, lo, hi) == shifted


def test_marks_read_in_place_see_nothing_before_lo():
    """比上年 is a comparison base, 上年 alone a date: read from lo, the 比 before it is not there."""
    text = "工业比上年增长5%"
    assert [(m.start, m.period) for m in time_marks(text, 2018, 2018, 3)] == [(3, 2017)]
    assert time_marks(text, 2018, 2018) == []


# Pieces of report language that time expressions are made of, and some that are not (for random texts)
_TIME_PIECES = ["2017", "１９８５", "一九八一", "二〇〇", "年", "度", "底", "以来", "起", "的", "这一年", "上一", "前一", "今",
                "去", "明", "本", "当", "同", "全", "过去", "一年来", "第", "一", "三", "4", "季度", "上", "下", "半年",
                "前", "两", "个", "月", "份", "1", "0", "—", "至", "“", "十一", "五", "”", "时期", "期间", "规划",
                "计划", "期末", "个五年", "近", "最近", "这", "来", "间", "内", "这个", "年均", "平均每年", "每年", "٣",
                "增长", "比", "，", "\n", "%", "a"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TIME_PIECES), max_size=12).map("".join))
def test_time_lookahead_names_every_first_character(text):
    """_TIME is _TIME_BODY behind a lookahead of the characters a time expression starts with: the same matches
    wherever they start."""
    from govreport.classification import _TIME, _TIME_BODY

    body = re.compile(_TIME_BODY)
    assert [(m.span(), m.groupdict()) for m in _TIME.finditer(text)] == \
        [(m.span(), m.groupdict()) for m in body.finditer(text)]
    for pos in range(len(text)):
        assert (_TIME.match(text, pos) is None) == (body.match(text, pos) is None)


def test_time_lookahead_on_the_national_reports():
    from govreport.classification import _TIME, _TIME_BODY

    body = re.compile(_TIME_BODY)
    text = "\n".join(json.loads(line)["content"] for line in NATIONAL.open(encoding="utf-8") if line.strip())
    assert [m.span() for m in _TIME.finditer(text)] == [m.span() for m in body.finditer(text)]
