"""govreport trends: terms counted per report and per year, on the text as read."""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreport import trends as tr
from govreport.document import Report
from govreport.loading import load_corpus
from govreport.phrases import count_phrase

TERMS = ["高质量发展", "改革开放", "供给侧结构性改革", "发展", "美丽山水城", "放管服", "计划经济"]


@pytest.fixture(scope="module")
def national(national_path) -> list[Report]:
    return load_corpus([national_path])


@pytest.fixture(scope="module")
def seed(seed_path) -> Report:
    return load_corpus([seed_path])[0]


def scan_offsets(text: str, term: str) -> list[int]:
    """Non-overlapping occurrences, left to right, found independently of govreport."""
    out, at = [], 0
    while True:
        at = text.find(term, at)
        if at < 0:
            return out
        out.append(at)
        at += len(term)


# --- counting ------------------------------------------------------------------------------------------


def test_counts_are_non_overlapping_occurrences(national, seed):
    reports = [*national, seed]
    rows = tr.trend_rows(reports, TERMS)
    assert len(rows) == len(TERMS) * len(reports)  # every term x document, zeros included
    by_id = {r.id: r for r in reports}
    for row in rows:
        text = by_id[row["doc"]].view.text  # terms are counted in the normalised view
        offsets = scan_offsets(text, row["term"])
        assert row["count"] == len(offsets)
        assert all(text[o:o + len(row["term"])] == row["term"] for o in offsets)
        assert row["per_10k"] == round(row["count"] * 10000 / len(by_id[row["doc"]].text), 3)
    assert sum(r["count"] for r in rows if r["term"] == "发展") > 5000


def test_overlapping_occurrences_count_once():
    report = Report.from_text("哈哈哈哈哈", id="x")
    assert tr.trend_rows([report], ["哈哈"])[0]["count"] == 2  # 哈哈|哈哈|哈, as str.count
    assert "哈哈哈哈哈".count("哈哈") == 2


def test_numeral_terms_count_as_phrases_do(national):
    """七五 (the 7th five-year plan) is not counted inside 一九七五年, exactly as govreport phrases counts it."""
    rows = {r["doc"]: r for r in tr.trend_rows(national, ["七五"])}
    by_year = {r.year: r for r in national}
    for report in national:
        count = rows[report.id]["count"]
        assert count == count_phrase(report.text, "七五")[0]
        assert count <= report.text.count("七五")
    # in 1975 and 1978 every 七五 is part of 一九七五年
    for year in (1975, 1978):
        text = by_year[year].text
        assert text.count("七五") == text.count("一九七五") > 0
        assert rows[by_year[year].id]["count"] == 0
    assert rows[by_year[1986].id]["count"] >= 30  # the 七五 plan's own report


def test_regex_terms_count_matches(national):
    pattern = "[一二三四五六七八九十]个全面"
    rows = tr.trend_rows(national, [pattern], regex=True)
    for row, report in zip(rows, sorted(national, key=lambda r: (r.year is None, r.year or 0)), strict=True):
        assert row["doc"] == report.id
        assert row["count"] == len(re.findall(pattern, report.text))
    assert sum(r["count"] for r in rows) > 0


def test_bad_terms_are_one_line_errors():
    with pytest.raises(ValueError, match="bad regular expression"):
        tr.compile_terms(["高质量("], regex=True)
    with pytest.raises(ValueError, match="matches empty text"):
        tr.compile_terms(["x*"], regex=True)
    with pytest.raises(ValueError, match="at least one term"):
        tr.compile_terms([])
    with pytest.raises(ValueError, match="by must be"):
        tr.columns("month")


# --- grouping and order ------------------------------------------------------------------------------


def test_by_year_sums_the_document_rows(national, seed):
    reports = [*national, seed]
    per_doc = tr.trend_rows(reports, TERMS)
    per_year = tr.trend_rows(reports, TERMS, by="year")
    chars = {r.id: len(r.text) for r in reports}
    expected: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in per_doc:
        total = expected[(row["term"], row["year"])]
        total[0] += 1
        total[1] += row["count"]
        total[2] += chars[row["doc"]]
    assert len(per_year) == len(expected)
    for row in per_year:
        docs, count, year_chars = expected[(row["term"], row["year"])]
        assert (row["docs"], row["count"]) == (docs, count)
        assert row["per_10k"] == round(count * 10000 / year_chars, 3)
    assert set(per_year[0]) == set(tr.YEAR_COLUMNS)
    two_in_2018 = [r for r in per_year if r["year"] == 2018 and r["term"] == "高质量发展"][0]
    assert two_in_2018["docs"] == 2  # the national 2018 report and the seed


def test_rows_ordered_by_term_year_then_input_order(national, seed):
    reports = [seed, *reversed(national)]
    rows = tr.trend_rows(reports, ["发展", "改革"])
    assert [r["term"] for r in rows] == ["发展"] * len(reports) + ["改革"] * len(reports)
    position = {r.id: i for i, r in enumerate(reports)}
    for term in ("发展", "改革"):
        keys = [((r["year"] is None), r["year"] or 0, position[r["doc"]]) for r in rows if r["term"] == term]
        assert keys == sorted(keys)
    assert rows[len(reports) - 1]["year"] is None  # the resolutions, which carry no year, come last


def test_high_quality_development_rises_in_recent_national_reports(national):
    rows = [r for r in tr.trend_rows(national, ["高质量发展"], by="year") if r["year"] is not None]
    used = [r["year"] for r in rows if r["count"] > 0]
    assert used and min(used) >= 2015
    assert all(r["count"] == 0 for r in rows if r["year"] < 2015)
    latest = sorted(rows, key=lambda r: r["year"])[-3:]
    assert all(r["count"] > 0 for r in latest)


# --- the command line's TERM... [INPUT...] ---------------------------------------------------------------

_WORD = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=6)
_INPUT = st.one_of(
    st.just("-"),
    st.builds(lambda w, ext: w + ext, _WORD, st.sampled_from([".txt", ".jsonl", ".HTML", ".md"])),
    st.builds(lambda a, b: f"{a}/{b}", _WORD, _WORD),
)


@given(terms=st.lists(_WORD, min_size=1, max_size=5), inputs=st.lists(st.one_of(_INPUT, _WORD), max_size=5))
def test_split_terms_before_the_first_input(terms, inputs):
    """Terms run up to the first argument that names an input; everything after it is an input."""
    if inputs and not tr.looks_like_input(inputs[0]):
        inputs = ["-", *inputs]
    got_terms, got_inputs = tr.split_arguments([*terms, *inputs])
    assert got_terms == list(dict.fromkeys(terms))
    assert got_inputs == inputs


@given(args=st.lists(st.one_of(_INPUT, _WORD), min_size=1, max_size=6))
def test_first_argument_is_always_a_term(args):
    terms, inputs = tr.split_arguments(args)
    assert terms[0] == args[0]
    assert len(terms) + len(inputs) <= len(args)


def test_explicit_terms_make_every_argument_an_input():
    assert tr.split_arguments(["a.txt", "b"], terms=["x.txt", "x.txt"]) == (["x.txt"], ["a.txt", "b"])


@given(value=st.floats(0, 1000), top=st.floats(0.001, 1000), width=st.integers(1, 60))
def test_bar_length_is_proportional(value, top, width):
    bar = tr.bar(value, top, width)
    assert len(bar) <= width
    assert set(bar) <= set("█▏▎▍▌▋▊▉")
    eighths = sum(8 if ch == "█" else " ▏▎▍▌▋▊▉".index(ch) for ch in bar)
    if value > 0:
        assert abs(eighths - min(value, top) / top * width * 8) <= 1 or eighths == 1
    else:
        assert bar == ""
    assert tr.bar(top, top, width) == "█" * width


# --- the command --------------------------------------------------------------------------------------------


def test_cli_csv_on_the_national_corpus(run, national_path, national_rows):
    res = run("trends", "高质量发展", "放管服", national_path, "--by", "year", "-q")
    assert res.code == 0 and res.clean
    rows = res.csv_rows()
    assert list(rows[0]) == tr.YEAR_COLUMNS
    assert [r["term"] for r in rows][:1] == ["高质量发展"] and rows[-1]["term"] == "放管服"
    total = sum(int(r["count"]) for r in rows if r["term"] == "高质量发展")
    assert total == sum(len(scan_offsets(r["content"], "高质量发展")) for r in national_rows)


def test_cli_json_and_bundled_report(run, seed_text):
    res = run("trends", "高质量发展", "-f", "json")
    assert res.code == 0 and res.clean
    rows = json.loads(res.stdout)
    assert len(rows) == 1 and list(rows[0]) == tr.COLUMNS
    assert rows[0]["doc"] == "jiulongpo_2018" and rows[0]["year"] == 2018
    assert rows[0]["count"] == len(scan_offsets(seed_text, "高质量发展")) > 0
    assert "bundled report" in res.stderr


def test_cli_table_draws_a_chart(run, national_path):
    """Each year's bar is its per_10k on the scale of the term's largest per_10k (the rows CSV gives)."""
    res = run("trends", "高质量发展", national_path, "--by", "year", "-f", "table", "-q")
    assert res.code == 0 and res.clean
    assert res.stdout.splitlines()[0].strip() == "高质量发展"
    rows = run("trends", "高质量发展", national_path, "--by", "year", "-q").csv_rows()
    top = max(float(r["per_10k"]) for r in rows)
    lines = {line.split()[0]: line for line in res.stdout.splitlines()[2:] if line.strip()}
    checked = 0
    for r in rows:
        if not r["year"]:
            continue
        line = lines[r["year"]]
        assert line.split()[1:4] == [r["docs"], r["count"], r["per_10k"]]
        cells = sum(1 if ch == "█" else 0.5 for ch in line if ch in "█▏▎▍▌▋▊▉")
        assert abs(cells - float(r["per_10k"]) / top * tr.BAR_WIDTH) <= 1
        checked += 1
    assert checked == len(rows) - 1  # every year but the resolutions' (no year)
    assert "█" not in lines["1990" if "1990" in lines else "1988"]


def test_cli_term_option_and_errors(run, seed_path):
    res = run("trends", "-t", "九龙坡区", seed_path, "-f", "csv")
    assert res.code == 0 and [r["term"] for r in res.csv_rows()] == ["九龙坡区"]
    missing = run("trends", "高质量发展", "no_such_report.txt")
    assert missing.code == 2 and missing.clean
    assert missing.stdout == ""  # every input names nothing: not even a header
    assert len(missing.error_lines) == 1 and "no_such_report.txt" in missing.error_lines[0]
    bad = run("trends", "高质量(", "--regex")
    assert bad.code == 2 and bad.clean and len(bad.error_lines) == 1
    none = run("trends")
    assert none.code == 2 and none.clean and "TERM" in none.stderr
