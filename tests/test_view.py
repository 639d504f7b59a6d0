"""The normalised view: each step on examples, the map back to the text as read, and the figures it gives on
Traditional, PDF-style and spaced copies of real reports."""

import json
import re
from pathlib import Path

import pytest
from goldscore import score
from hypothesis import given
from hypothesis import strategies as st

from govreport.document import Report
from govreport.metrics import metric_rows
from govreport.quantities import number_rows
from govreport.view import build_view, fold_decimal_point, fold_traditional, fold_width

DATA = Path(__file__).parent / "data"
EXAMPLES = [json.loads(line) for line in (DATA / "view_examples.jsonl").open(encoding="utf-8")]
SEED = Path(__file__).parent.parent / "seeds" / "jiulongpo_2018.txt"
NATIONAL_2018 = DATA / "gold" / "docs" / "national_2018.txt"
FIELDS = ("section", "period", "kind", "indicator", "change", "role", "value", "unit", "value_base", "base_unit",
          "qualifier")


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["name"] for e in EXAMPLES])
def test_examples(example):
    view = build_view(example["raw"])
    assert view.text == example["view"]
    for in_view, as_read in example["spans"]:
        at = view.text.index(in_view)
        start, end = view.raw_span(at, at + len(in_view))
        assert example["raw"][start:end] == as_read == view.verbatim(at, at + len(in_view))
        assert view.view_pos(start) == at


# --- the map back, for any debris -------------------------------------------------------------------------

WORDS = ["地区生产总值", "增长", "8.3", "%", "亿元", "。", "，", "1135", "地區生產總值", "個百分點", "１２", "％", "℅",
         "GDP", "kV", "年", "2018"]
DEBRIS = ["\u200b", " ", "  ", "\n", "\n- 3 -\n", "\n12\n", "(qū)", "\u3000", "％", "．", "%%", "\n\n"]


def _fold(ch: str) -> str:
    return fold_decimal_point(fold_traditional(fold_width(ch)))


@given(st.lists(st.sampled_from(WORDS + DEBRIS), max_size=40))
def test_every_view_character_comes_from_the_text_as_read(parts):
    raw = "".join(parts)
    view = build_view(raw)
    positions = [view.raw_pos(i) for i in range(len(view.text))]
    assert positions == sorted(set(positions))  # one raw character for each, in order
    for i, at in enumerate(positions):
        assert view.text[i] == raw[at] or view.text[i] == _fold(raw[at]) or (view.text[i] == "." and raw[at] in "．。")
        assert view.view_pos(at) == i
    if view.text:
        s, e = view.raw_span(0, len(view.text))
        assert 0 <= s <= e <= len(raw)


@given(st.lists(st.sampled_from(WORDS + DEBRIS), max_size=40))
def test_rows_are_verbatim_for_any_debris(parts):
    raw = "".join(parts)
    report = Report.from_text(raw, id="t", meta={"year": 2018})
    for row in number_rows(report) + metric_rows(report):
        assert raw[row["start"]:row["end"]] == row["text"]
        assert row["sentence"] in raw


# --- the same rows on every shape of the same text --------------------------------------------------------


def _texts():
    return {"seed": SEED.read_text(encoding="utf-8"), "national_2018": NATIONAL_2018.read_text(encoding="utf-8")}


@pytest.fixture(scope="module")
def clean():
    return {name: metric_rows(Report.from_text(text, id=name, meta={"year": 2018}))
            for name, text in _texts().items()}


def _at(text: str, part: str, start: int, end: int) -> int:
    """Where ``part`` (a row's sentence) stands around [start, end) of ``text``."""
    return text.find(part, max(0, end - len(part) - 1), start + len(part) + 1)


@pytest.mark.parametrize("name", ["seed", "national_2018"])
def test_traditional_copy_gives_the_same_rows(name, clean):
    import opencc
    simplified = _texts()[name]
    traditional = opencc.OpenCC("s2t").convert(simplified)
    assert len(traditional) == len(simplified) and traditional != simplified
    rows = metric_rows(Report.from_text(traditional, id=name, meta={"year": 2018}))
    assert len(rows) == len(clean[name])
    for got, want in zip(rows, clean[name], strict=True):
        assert {f: got[f] for f in FIELDS} == {f: want[f] for f in FIELDS}
        assert (got["start"], got["end"]) == (want["start"], want["end"])
        assert got["text"] == traditional[got["start"]:got["end"]]
        at = _at(simplified, want["sentence"], want["start"], want["end"])
        assert got["sentence"] == traditional[at:at + len(want["sentence"])]


_FIGURE = re.compile(r"(?<![A-Za-z0-9])[0-9]+(?:[.,][0-9]+)*%?(?![A-Za-z])")  # 4G is a name, no figure


def pdf_copy(text: str, width: int = 30, page: int = 40) -> str:
    """The text as a PDF extraction gives it: spaces around every figure, a hard wrap every ``width``
    characters, a page number every ``page`` lines."""
    spaced = _FIGURE.sub(lambda m: f" {m.group()} ", text)
    lines = []
    for para in spaced.split("\n"):
        lines += [para[i:i + width] for i in range(0, len(para), width)] or [""]
    out = []
    for i, line in enumerate(lines, 1):
        out.append(line)
        if i % page == 0:
            out.append(f"- {i // page} -")
    return "\n".join(out)


@pytest.mark.parametrize("name", ["seed", "national_2018"])
def test_pdf_copy_gives_the_same_figures_and_fields(name, clean):
    text = pdf_copy(_texts()[name])
    rows = metric_rows(Report.from_text(text, id=name, meta={"year": 2018}))
    assert [{f: r[f] for f in FIELDS} for r in rows] == [{f: r[f] for f in FIELDS} for r in clean[name]]
    for r, want in zip(rows, clean[name], strict=True):
        assert r["text"] == text[r["start"]:r["end"]]
        # verbatim: the figure as the PDF copy writes it, spaces, wraps and page numbers included
        assert re.sub(r"\n- \d+ -\n|\s", "", r["text"]) == re.sub(r"\s", "", want["text"])


def test_the_1998_report_gives_its_target_and_outcome(national_rows):
    row = next(r for r in national_rows if r["title"].startswith("1998"))
    report = Report.from_text(row["content"], id=row["title"], meta=row)
    rows = metric_rows(report)
    target = [r for r in rows if r["indicator"].startswith("经济增长") and r["kind"] == "target"]
    outcome = [r for r in rows if r["sentence"].startswith("去年经济增长") and r["value_base"] == 8.8]
    assert [(r["value_base"], r["base_unit"], r["period"], r["text"]) for r in target] == [(8, "%", 1998, "8 ％")]
    assert [(r["kind"], r["period"], r["text"]) for r in outcome] == [("actual", 1997, "8 ．8 ％")]


# --- the local development set ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def local_scores():
    return score(DATA / "gold" / "local", "dev_local.jsonl", "borderline_local.jsonl")


@pytest.mark.parametrize("measure", ["recall", "precision", "change"])
def test_dev_local_quality(local_scores, measure):
    assert local_scores[measure] >= 0.97, "\n".join(local_scores["problems"])
