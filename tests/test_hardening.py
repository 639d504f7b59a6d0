"""Hardening: whatever a crawler produced, govreport never crashes, hangs, loses a row or touches the network.

- Property tests over the core function of every command: any text (control characters, zero-width spaces,
  lone surrogates, mixed scripts, pieces of a real report) never raises; every record's text is the input at
  start:end; every value is finite; rows round-trip through CSV and JSON.
- Adversarial inputs (a report pasted into one line, pages of digits, unclosed quotes, 十十十…, 1万1万…,
  deeply nested or broken HTML) at about 100 KB: they complete with sane output (scripts/bench.py times them
  at 1 and 10 MB; a quadratic step would make these tests take minutes).
- The error matrix: every command × every way an input or the output can fail gives its exit code and
  one-line message, and the other documents' rows are still written.
- Output safety: CSV read back with pandas equals the JSON output; -o never overwrites an input; JSON is valid
  for any input.
- No network: every command runs with socket connections made to fail.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import socket
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport import keywords, loading, metrics, phrases, quantities, segment, targets
from govreport.document import Report, find_sections
from govreport.loading import LoadError, html_to_text, report_from_jsonl
from govreport.output import Writer, cell

trends = import_module("govreport.trends")
keyness = import_module("govreport.keyness")

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "seeds" / "jiulongpo_2018.txt").read_text(encoding="utf-8")
TARGETS_AT = SEED.find("综合考虑各种因素")
# a short real document: the opening of the seed report (headings, figures) and its paragraph of 2018 targets
GOOD = SEED[:2500] + SEED[TARGETS_AT:SEED.find("\n", TARGETS_AT)] + "\n"

# --- any text -------------------------------------------------------------------------------------------------

REPORT_BITS = [
    *"0123456789０１２３４５６７８９一二三四五六七八九十百千万亿两零〇萬億点.,，%％",
    "元", "亿元", "万人", "个", "%", "百分点", "个百分点", "吨", "公里", "倍", "成", "户", "项", "左右", "以上", "以内",
    "增长", "下降", "增加到", "至", "-", "～", "：", ":", "地区生产总值", "目标", "预计", "比上年", "从", "由", "分别",
    "和", "、", "每", "人均", "百分之", "2017年", "今年", "一、", "（一）", "(二)", "第二部分", "“", "”", "「", "」",
    '"', "。", "，", "；", "\n", "\r\n", "五位一体", "十三五", "两学一做", "1+6+5", "高质量发展", "<p>", "&amp;",
]
ODD = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x0b", "\x0c", "\t", "\r", "\u200b", "\u200c", "\u200d", "\u2060",
       "\ufeff", "\u2028", "\u2029", "\u202e", "\u0301", "\U0001F600", "\ud800", "\udbff", "\udc80", "\udfff",
       "\u3000", "\xa0", "Ω", "д", "ك", "अ", "ß", "ﬁ", "Ⅻ", "①", "㈠"]
SEED_PIECE = st.builds(lambda i, n: SEED[i:i + n], st.integers(0, len(SEED) - 1), st.integers(1, 60))
ATOM = st.one_of(st.sampled_from(REPORT_BITS), st.sampled_from(ODD), SEED_PIECE, st.characters())
TEXT = st.lists(ATOM, max_size=50).map("".join)
YEAR = st.sampled_from([None, 2018, 1954])

# the profile's number of examples (tests/conftest.py; GOVREPORT_HYPOTHESIS=thorough for many more), and half
# of it for the tests that run several commands per example
HALF = settings(max_examples=max(10, settings.default.max_examples // 2))


def report_of(text: str, year: int | None) -> Report:
    return Report.from_text(text, id="doc", meta={"year": year})


def assert_finite(rows: list[dict]) -> None:
    for row in rows:
        for key, value in row.items():
            if isinstance(value, float):
                assert math.isfinite(value), (key, row)


def assert_verbatim(rows: list[dict], text: str) -> None:
    for row in rows:
        assert row["text"] and text[row["start"]:row["end"]] == row["text"], row


def assert_round_trip(rows: list[dict], columns: list[str]) -> None:
    """Rows written as JSON read back as the same values; as CSV, as the same cells (and numbers)."""
    stream = io.StringIO()
    writer = Writer(columns, "json", stream)
    writer.write_all(rows)
    writer.close()
    # an empty text is missing: null in JSON, as it is an empty cell in CSV
    assert json.loads(stream.getvalue()) == [{c: None if r.get(c) == "" else r.get(c) for c in columns} for r in rows]
    stream = io.StringIO()
    writer = Writer(columns, "csv", stream)
    writer.write_all(rows)
    writer.close()
    parsed = list(csv.reader(io.StringIO(stream.getvalue(), newline="")))
    assert parsed[0] == columns
    assert parsed[1:] == [[cell(r.get(c)) for c in columns] for r in rows]
    for r, line in zip(rows, parsed[1:], strict=True):
        for c, text in zip(columns, line, strict=True):
            value = r.get(c)
            if isinstance(value, int | float) and not isinstance(value, bool):
                assert (int(text) if isinstance(value, int) else float(text)) == value


@given(TEXT, YEAR)
def test_numbers_of_any_text(text, year):
    rows = quantities.number_rows(report_of(text, year))
    assert_verbatim(rows, text)
    assert_finite(rows)
    assert_round_trip(rows, quantities.COLUMNS)


@given(TEXT, YEAR)
def test_metrics_of_any_text(text, year):
    rows = metrics.metric_rows(report_of(text, year))
    assert_verbatim(rows, text)
    assert_finite(rows)
    for row in rows:
        assert row["period"] is None or isinstance(row["period"], int)
    assert_round_trip(rows, metrics.COLUMNS)


@given(TEXT, YEAR)
def test_info_and_sections_of_any_text(text, year):
    report = report_of(text, year)
    info = report.info()
    assert info["chars"] == len(text)
    for s in find_sections(text):
        assert 0 <= s.start < s.end <= len(text) and text.startswith(s.title, s.start)
    for p in report.paragraphs:
        assert text[p.start:p.end] == p.text
    assert_round_trip([info], list(info))


@given(TEXT, st.sampled_from(phrases.BY))
def test_phrases_of_any_text(text, by):
    report = report_of(text, None)
    rows = list(phrases.phrase_rows([report], by=by))
    for row in rows:
        if row.get("first_start") is not None:  # phrases are read in the view; first_start indexes the text
            assert report.view.text.startswith(row["phrase"], report.view.view_pos(row["first_start"]))
        if "quoted_count" in row:
            assert 0 <= row["quoted_count"] <= row["count"]
    assert_finite(rows)
    assert_round_trip(rows, phrases.columns(by))


@given(TEXT, st.sampled_from(["增长", "发展", "、", "\n", "\ufeff"]), st.integers(0, 30))
def test_kwic_of_any_text(text, pattern, window):
    rows = list(keywords.kwic_rows(report_of(text, None), pattern, window))
    for r in rows:
        assert r["match"] == text[r["start"]:r["end"]] == pattern
        assert r["left"] + r["match"] + r["right"] == text[r["start"] - len(r["left"]):r["end"] + len(r["right"])]
    assert_round_trip(rows, keywords.KWIC_COLUMNS)


@given(TEXT, st.sampled_from(segment.ENGINES))
def test_segment_keeps_every_character_of_any_text(text, engine):
    assert "".join(segment.cut(text, engine=engine)) == text
    tagged = segment.cut(text, engine=engine, pos=True)
    assert "".join(word for word, _ in tagged) == text
    segment.segment_text(report_of(text, None), engine=engine, lines=True)


@given(TEXT, st.sampled_from(keywords.METHODS))
def test_keywords_of_any_text(text, method):
    report = report_of(text, None)
    rows = list(keywords.keyword_rows([report], method=method))
    for row in rows:
        assert row["term"] in report.view.text and row["count"] >= 1  # terms are read in the normalised view
    assert_finite(rows)
    assert_round_trip(rows, keywords.columns(method))


@HALF
@given(TEXT, YEAR)
def test_trends_targets_and_keyness_of_any_text(text, year):
    reports = [report_of(text, year), Report.from_text(text, id="next", meta={"year": (year or 2018) + 1})]
    rows = trends.trend_rows(reports, ["增长", "十三五", "“"])
    assert [r["count"] for r in rows[:2]] == [phrases.count_phrase(reports[0].view.text, "增长")[0]] * 2
    assert_finite(rows)
    assert_round_trip(rows, trends.columns())
    rows = targets.target_rows(reports)
    assert_finite(rows)
    assert_round_trip(rows, targets.COLUMNS)
    rows = keyness.keyness_rows(reports[:1], top=5, bottom=5)
    assert_finite(rows)
    assert all(0 <= r["p_value"] <= 1 for r in rows)
    assert_round_trip(rows, keyness.columns())


@given(TEXT)
def test_html_and_bytes_of_any_text(text):
    lines = html_to_text(text).split("\n")
    assert all(line and line == line.strip() for line in lines) or lines == [""]
    try:
        decoded = loading.decode(text.encode("utf-8", "surrogatepass"))
    except LoadError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert isinstance(decoded, str)


@given(TEXT)
def test_lone_surrogates_escaped_in_a_jsonl_row_are_read_one_for_one(text):
    """\\ud83d in a JSON Lines row (half an emoji a crawler cut) is read as U+FFFD: offsets stay, and no UTF-8
    output can fail on it."""
    line = json.dumps({"content": "各位代表：" + text, "title": "报告" + text[:5]})  # lone surrogates as \\udXXX
    report = report_from_jsonl(line, "c.jsonl", 1)
    as_read = json.loads(line)["content"]  # a pair of escapes (\\ud83d\\ude00) is one character
    assert report.text == as_read.translate({c: "\ufffd" for c in range(0xD800, 0xE000)})
    report.text.encode("utf-8")
    report.title.encode("utf-8")


# --- adversarial inputs -----------------------------------------------------------------------------------------

SIZE = 100_000  # characters: enough that a quadratic step takes minutes, small enough to run in a second
DENSE = 30_000  # characters of text that is nothing but figures (every command runs on thousands of them)


def one_line() -> str:
    return SEED.replace("\n", "").replace("\r", "")


def cores(report: Report) -> dict:
    """Every command's core function on one report."""
    return {
        "info": (report.info(), report.sections, report.paragraphs),
        "numbers": quantities.number_rows(report),
        "metrics": metrics.metric_rows(report),
        "phrases": phrases.doc_rows(report, by="section"),
        "categories": phrases.doc_rows(report, by="category"),
        "keywords": keywords.doc_keyword_rows(report, method="textrank"),
        "kwic": list(keywords.kwic_rows(report, "发展")),
        "segment": segment.segment_text(report),
        "trends": trends.doc_counts(report, trends.compile_terms(["高质量发展", "十三五", "1万"])),
        "targets": targets.report_figures(report),
        "keyness": keyness.term_counts(report),
    }


def test_a_report_pasted_into_one_line_twice_gives_its_figures_twice():
    line = one_line()
    once, twice = quantities.find_quantities(line), quantities.find_quantities(line + line)
    assert len(once) > 100 and len(twice) == 2 * len(once)
    assert [q["text"] for q in twice[len(once):]] == [q["text"] for q in once]
    assert [q["start"] - len(line) for q in twice[len(once):]] == [q["start"] for q in once]
    got = cores(Report.from_text(line + line, id="line", meta={"year": 2018}))
    assert len(got["metrics"]) == 2 * len(metrics.find_metrics(line, 2018))
    assert all(len(r["sentence"]) <= 1000 + len(r["text"]) for r in got["numbers"])


@pytest.mark.parametrize(
    ("name", "unit"),
    [("digits", "0123456789"), ("十十十", "十"), ("1万1万", "1万"), ("1,234,", "1,234,"), ("1:2:", "1:2:"),
     ("一二三", "一二三四五六七八九十"), ("百分之十十", "百分之十十")],
)
def test_runs_of_numerals_are_no_figure(name, unit):
    text = "产值" + unit * (SIZE // len(unit)) + "元。"
    got = cores(Report.from_text(text, id=name))
    assert got["numbers"] == [] and got["metrics"] == []


@pytest.mark.parametrize(
    "numeral", ["1" + ",234" * 40 + ",567", "1" * 60 + ".5", "1:2" * 30, "1万" * 30 + "5千多万", "十" * 50 + "点五"]
)
def test_a_numeral_too_long_for_a_figure_leaves_no_fragment(numeral):
    text = f"地区生产总值{numeral}亿元，增长8%。"
    assert [q["text"] for q in quantities.find_quantities(text)] == ["8%"]


def test_unclosed_quotes_quote_nothing():
    text = "“发展" * (SIZE // 6) + "「改革『政策" * (SIZE // 12) + '"增长8%\n' * 1000 + "。增长8%。"
    got = cores(Report.from_text(text, id="quotes"))
    assert [r for r in got["phrases"] if r["category"] == "quoted"] == []
    assert [q["text"] for q in got["numbers"]] == ["8%"] * 1001


@pytest.mark.parametrize(
    ("name", "unit", "figures"),
    [
        ("no sentence ends", "产值和收入分别增长8%和9%，", 2),  # one "sentence" of 100 KB
        ("a list of figures", "8%和", 1),
        ("chained ranges", "5%-", 1),
        ("web debris", "74.4\n\u200b\n万亿元，", 1),
        ("every figure a comparison base", "比上年的100亿元增加", 1),
    ],
)
def test_long_runs_of_figures_stay_whole(name, unit, figures):
    n = DENSE // len(unit)
    text = "2018年报告\n" + unit * n + "6%。"
    got = cores(Report.from_text(text, id=name, meta={"year": 2018}))
    assert len(got["numbers"]) >= figures * n
    assert len(got["metrics"]) == len(got["numbers"])
    assert_verbatim(got["metrics"], text)


def test_a_page_of_headings():
    n = DENSE // 8
    text = "一、工作回顾\n" + "（一）增长8%\n" * n + "二、重点工作\n" + "（一）增长9%\n" * n
    sections = find_sections(text)
    assert len(sections) == 2 * n + 2
    assert sections[0].end == text.index("二、重点工作") and sections[-1].end == len(text)
    got = cores(Report.from_text(text, id="headings", meta={"year": 2018}))
    assert len(got["metrics"]) == 2 * n
    assert {r["section"] for r in got["metrics"][:n]} == {"（一）增长8%"}
    assert {r["kind"] for r in got["metrics"][:n]} == {"actual"}
    assert {r["kind"] for r in got["metrics"][n:]} == {"target"}


@pytest.mark.parametrize(
    ("name", "unit", "closing"),
    [
        ("nested blocks", "<div><p>地区生产总值增长8%，", "</p></div>"),
        ("unclosed inline tags", "<b><i><span class='x'>增长8%，", ""),
        ("unclosed comments", "<p>增长8%</p><!--", ""),
        ("unclosed tags", "<p>增长8%</p><a href='", ""),
        ("unclosed declarations", "<p>增长8%</p><!x", ""),
        ("stray angle brackets", "<p>增长8%</p><<", ""),
    ],
)
def test_deep_or_broken_html(name, unit, closing):
    n = SIZE // len(unit)
    page = "<html><body>" + unit * n + closing * n + "</body></html>"
    report = loading.report_from_bytes(page.encode("utf-8"), name, suffix=".html")
    got = cores(report)
    figures = [q["text"] for q in got["numbers"]]
    assert figures and set(figures) == {"8%"}
    if name != "unclosed comments":  # an unclosed comment runs to the end of the page, as in a browser
        assert len(figures) == n
    assert "<" not in report.text or name in ("stray angle brackets", "unclosed tags", "unclosed declarations")


# --- the error matrix -----------------------------------------------------------------------------------------

COMMANDS = {  # the arguments a command takes before its inputs
    "info": [], "segment": [], "keywords": [], "kwic": ["增长"], "numbers": [], "metrics": [], "phrases": [],
    "trends": ["-t", "增长"], "targets": [], "keyness": [],
}


def good_rows_written(command: str, stdout: str) -> bool:
    """Whether the output holds the rows of the good document (id 'good')."""
    if command == "segment":  # one line of words per document
        return "九龙坡区" in stdout
    rows = list(csv.DictReader(io.StringIO(stdout)))
    if command == "targets":
        return any(r["target_doc"] == "good" for r in rows)
    if command == "keyness":
        return len(rows) > 0
    return any(r.get("doc") == "good" for r in rows)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A folder with the good document and one of each kind of bad input."""
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    good = GOOD.encode("utf-8")
    (tmp_path / "bad_utf8.txt").write_bytes(good[:300] + b"\xff\xfe" + good[300:600])
    gb = GOOD[:800].encode("gb18030")
    (tmp_path / "truncated_gb.txt").write_bytes(gb + "政".encode("gb18030")[:1])
    row = json.dumps({"id": "row", "content": "各位代表：增长8%。"}, ensure_ascii=False)
    (tmp_path / "invalid.jsonl").write_text(row + '\n{"content": "unterminated\n', encoding="utf-8")
    (tmp_path / "notext.jsonl").write_text(row + '\n{"title": "标题", "year": 2018}\n', encoding="utf-8")
    (tmp_path / "noreports").mkdir()
    (tmp_path / "noreports" / "notes.csv").write_text("a,b\n", encoding="utf-8")
    (tmp_path / "locked.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "vanishing.txt").write_text(GOOD, encoding="utf-8")
    return tmp_path


# case: (bad input, extra options, exit code, the failure's line after "govreport: ")
MATRIX = {
    "missing path": ("missing.txt", [], 2, r"\S*missing\.txt: no such file or directory"),
    "directory without reports": ("noreports", [], 2, r"\S*noreports: directory has no reports .*"),
    "empty file": ("empty.txt", [], 1, r"\S*empty\.txt: empty file"),
    "binary file": ("binary.txt", [], 1, r"\S*binary\.txt: binary file, not text"),
    "invalid UTF-8 declared as UTF-8": ("bad_utf8.txt", ["--encoding", "utf-8"], 1,
                                        r"\S*bad_utf8\.txt: cannot decode as utf-8: bad byte at offset \d+"),
    "truncated GB18030": ("truncated_gb.txt", [], 1,
                          r"\S*truncated_gb\.txt: the file ends inside a GB18030 character \(byte \d+ of \d+\): "
                          r"is it cut off\?"),
    "invalid JSONL line": ("invalid.jsonl", [], 1, r"\S*invalid\.jsonl:2: invalid JSON on line 2: .+"),
    "JSONL row without text": ("notext.jsonl", [], 1, r"\S*notext\.jsonl:2: line 2 has no text in 'content' or 'text'"),
    "permission denied": ("locked.txt", [], 1, r"\S*locked\.txt: permission denied: \S*locked\.txt"),
    "file that vanishes mid-batch": ("vanishing.txt", [], 1, r"\S*vanishing\.txt: no such file: \S*vanishing\.txt"),
}


@pytest.fixture
def faults(monkeypatch, docs):
    """locked.txt cannot be read (as if chmod 000: the tests may run as root); vanishing.txt is deleted once
    the batch has started, right before the first document is read."""
    real_read_bytes = Path.read_bytes
    real_read_file = loading.read_file

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    def read_file(path, encoding=None):
        (docs / "vanishing.txt").unlink(missing_ok=True)
        return real_read_file(path, encoding)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(loading, "read_file", read_file)


@pytest.mark.parametrize("case", list(MATRIX))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_error_matrix(run, docs, faults, command, case):
    bad, options, code, message = MATRIX[case]
    result = run(command, *COMMANDS[command], docs / "good.txt", docs / bad, *options, "-q", "-j", "1")
    assert result.code == code, result.stderr
    assert result.clean
    lines = result.error_lines
    assert len(lines) == 2 and re.fullmatch(f"govreport: {message}", lines[0]), lines
    assert lines[1] == f"govreport: 1 of {3 if bad.endswith('.jsonl') else 2} inputs failed"
    assert good_rows_written(command, result.stdout)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_failures_in_worker_processes_cost_only_their_documents(run, docs, faults, command):
    result = run(command, *COMMANDS[command], docs / "good.txt", docs / "locked.txt", docs / "empty.txt",
                 "-q", "-j", "2")
    assert result.code == 1 and result.clean
    assert result.error_lines[-1] == "govreport: 2 of 3 inputs failed"
    assert good_rows_written(command, result.stdout)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_unwritable_output_is_one_line(run, docs, command):
    target = docs / "no such folder" / "out.csv"
    result = run(command, *COMMANDS[command], docs / "good.txt", "-o", target, "-q", "-j", "1")
    assert result.code == 1 and result.clean
    assert result.error_lines == [f"govreport: cannot write {target}: No such file or directory"]


class ClosedPipe(io.TextIOBase):
    """Standard output whose reader went away after ``after`` characters (govreport … | head)."""

    encoding = "utf-8"

    def __init__(self, after: int):
        self.left = after

    def write(self, text: str) -> int:
        if len(text) > self.left:
            raise BrokenPipeError(32, "Broken pipe")
        self.left -= len(text)
        return len(text)

    def flush(self) -> None:
        if self.left <= 0:
            raise BrokenPipeError(32, "Broken pipe")


def run_main(args: list[str]) -> int:
    from govreport.cli import main

    with pytest.raises(SystemExit) as exc:
        main([str(a) for a in args])
    return exc.value.code or 0


@pytest.mark.parametrize("after", [0, 200])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_output_to_a_closed_pipe_ends_quietly(monkeypatch, capsys, docs, command, after):
    (docs / "second.txt").write_text(GOOD, encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", ClosedPipe(after))
    code = run_main([command, *COMMANDS[command], docs / "good.txt", docs / "second.txt", "-q", "-j", "1"])
    assert code == 0
    assert capsys.readouterr().err == ""


def test_output_to_a_closed_pipe_in_a_real_pipe(tmp_path):
    for i in range(60):  # many documents, so that the pipe closes between two of them (more than it holds)
        (tmp_path / f"r{i:02}.txt").write_text(GOOD, encoding="utf-8")
    for command in ("segment", "numbers"):
        proc = subprocess.Popen([sys.executable, "-m", "govreport", command, str(tmp_path), "-q", "-j", "1"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        proc.stdout.read(10)
        proc.stdout.close()
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=60) == 0 and err == "", err


def run_closed(fd: int, *args: str | Path) -> subprocess.CompletedProcess:
    """govreport started with standard input, output or error closed (``<&-``, ``>&-``, ``2>&-``)."""
    return subprocess.run([sys.executable, "-m", "govreport", *map(str, args)], capture_output=True, text=True,
                          preexec_fn=lambda: os.close(fd), timeout=60)


CLOSED = pytest.mark.skipif(os.name != "posix", reason="closes a descriptor in the child (preexec_fn)")


@CLOSED
def test_closed_standard_input_is_one_line(docs):
    proc = run_closed(0, "info", "-", docs / "good.txt", "-f", "csv")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == ["govreport: -: standard input is closed", "govreport: 1 of 2 inputs failed"]
    assert [r["doc"] for r in csv.DictReader(io.StringIO(proc.stdout))] == ["good"]
    proc = run_closed(0, "info", "--jsonl", "-")  # read as JSON Lines: the same line, no traceback
    assert proc.returncode == 2 and proc.stderr.splitlines() == ["govreport: -: standard input is closed"]


@CLOSED
def test_closed_standard_output_is_one_line_unless_the_output_is_a_file(docs):
    proc = run_closed(1, "info", docs / "good.txt")
    assert proc.returncode == 1
    assert proc.stderr == "govreport: cannot write standard output: it is closed (give -o FILE)\n"
    proc = run_closed(1, "info", docs / "good.txt", "-o", docs / "out.csv")
    assert proc.returncode == 0 and proc.stderr == ""
    assert "good" in (docs / "out.csv").read_text(encoding="utf-8")


@CLOSED
def test_with_standard_error_closed_error_lines_stay_out_of_the_data(run, docs):
    proc = run_closed(2, "info", docs / "good.txt", docs / "missing.txt", "-f", "csv")
    assert proc.returncode == 2
    assert proc.stdout == run("info", docs / "good.txt", "-f", "csv").stdout


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_an_interrupted_run_exits_130_and_leaves_valid_output(monkeypatch, capsys, docs, command, fmt):
    """Ctrl-C while the second document is read: exit 130, the old -o file as it was, and what was written
    (kept with --keep-partial) is valid."""
    import pandas as pd

    real_read_file = loading.read_file

    def read_file(path, encoding=None):
        if Path(path).name == "second.txt":
            raise KeyboardInterrupt
        return real_read_file(path, encoding)

    monkeypatch.setattr(loading, "read_file", read_file)
    (docs / "second.txt").write_text(GOOD, encoding="utf-8")
    target = docs / ("out.txt" if command == "segment" else f"out.{fmt}")
    target.write_text("the rows of an earlier run\n", encoding="utf-8")
    code = run_main([command, *COMMANDS[command], docs / "good.txt", docs / "second.txt", "-o", target, "-q", "-j",
                     "1", "--keep-partial"])
    assert code == 130
    out = target.with_name(f"out.partial{target.suffix}")
    assert capsys.readouterr().err.split() == ["govreport:", "partial", "output", "kept", "in", str(out),
                                               "govreport:", "interrupted"]  # after the line break of ^C
    assert target.read_text(encoding="utf-8") == "the rows of an earlier run\n"
    assert {p.name for p in docs.iterdir() if p.name.startswith(("out", ".out"))} == {target.name, out.name}
    text = out.read_text(encoding="utf-8")
    per_document = command not in ("trends", "targets", "keyness")  # those write once every document is in
    if command == "segment":
        assert good_rows_written(command, text)
    elif fmt == "csv":
        frame = pd.read_csv(out, dtype=str, keep_default_na=False)
        assert list(frame.columns) and (not per_document or good_rows_written(command, text))
    else:
        rows = json.loads(text)
        assert isinstance(rows, list) and (not per_document or any(r.get("doc") == "good" for r in rows))


# --- output safety ----------------------------------------------------------------------------------------

AWKWARD = (  # commas, double quotes, CR LF and tabs inside what every command writes
    '2018年"测试,市"政府工作报告\r\n一、2017年工作回顾\r\n'
    '地区生产总值增长8%,"工业"增加值增长9.5%，实现"增长,发展"和“五位一体”。\r\n'
    '引用"\t制表"\r\n2018年预期目标:地区生产总值增长9%左右,城镇登记失业率控制在4%以内。\r\n'
)


@pytest.mark.parametrize("command", [c for c in COMMANDS if c != "segment"])
def test_csv_read_back_with_pandas_equals_the_json(run, tmp_path, command):
    import pandas as pd

    source = tmp_path / "awkward.txt"
    source.write_bytes((AWKWARD + GOOD).encode("utf-8"))
    args = [command, *COMMANDS[command], source, "-q", "-j", "1"]
    if command == "kwic":
        args[1] = ","
    assert run(*args, "-o", tmp_path / "out.csv").code == 0
    assert run(*args, "-o", tmp_path / "out.json").code == 0
    frame = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False)
    rows = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert len(rows) > 0 and list(frame.columns) == list(rows[0])
    assert frame.values.tolist() == [[cell(v) for v in r.values()] for r in rows]
    awkward_cells = [v for r in rows for v in r.values() if isinstance(v, str) and any(c in v for c in ',"\r\n')]
    assert awkward_cells or command in ("keywords", "keyness", "trends", "targets")


OVERWRITES = {  # how an -o path can name an input: (inputs, extra options, the -o path), relative to the folder
    "a file in an input folder": (["reports"], [], "reports/a.txt"),
    "a file a pattern matches": (["reports/*.txt"], [], "reports/b.txt"),
    "a hard link to an input": (["hard.txt"], [], "reports/a.txt"),
    "a symbolic link to an input": (["link.txt"], [], "reports/a.txt"),
    "the input through a symbolic link": (["reports/a.txt"], [], "link.txt"),
    "a JSON Lines corpus": (["corpus.jsonl"], [], "corpus.jsonl"),
    "a stopword file": (["reports/a.txt"], ["--stopwords", "words.txt"], "words.txt"),
}


@pytest.fixture
def overwritable(tmp_path: Path) -> Path:
    (tmp_path / "reports").mkdir()
    for name in ("a.txt", "b.txt"):
        (tmp_path / "reports" / name).write_text(GOOD, encoding="utf-8")
    os.link(tmp_path / "reports" / "a.txt", tmp_path / "hard.txt")
    os.symlink(tmp_path / "reports" / "a.txt", tmp_path / "link.txt")
    (tmp_path / "corpus.jsonl").write_text(json.dumps({"content": GOOD}, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "words.txt").write_text("发展\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("how", list(OVERWRITES))
def test_output_never_overwrites_an_input(run, overwritable, monkeypatch, how):
    monkeypatch.chdir(overwritable)
    inputs, options, output = OVERWRITES[how]
    before = {p: p.read_bytes() for p in overwritable.rglob("*") if p.is_file()}
    result = run("keywords", *inputs, *options, "-o", output, "-q")
    assert result.code == 2 and result.clean
    assert result.error_lines == [f"govreport: -o {output} would overwrite an input file"]
    assert {p: p.read_bytes() for p in overwritable.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("command", list(COMMANDS))
def test_output_into_an_input_folder_overwrites_nothing(run, overwritable, monkeypatch, command):
    monkeypatch.chdir(overwritable)
    before = (overwritable / "reports" / "b.txt").read_bytes()
    result = run(command, *COMMANDS[command], "reports", "-o", "reports/b.txt", "-q")
    assert result.code == 2 and (overwritable / "reports" / "b.txt").read_bytes() == before
    fresh = run(command, *COMMANDS[command], "reports", "-o", "reports/new.txt", "-q", "-j", "1")
    assert fresh.code == 0  # a new file in an input folder is written, and not read back as an input
    if command == "info":
        assert fresh.stdout == "" and (overwritable / "reports" / "new.txt").read_text(encoding="utf-8").count("good") == 0


def test_standard_input_from_the_output_file_is_not_overwritten(overwritable):
    target = overwritable / "reports" / "a.txt"
    before = target.read_bytes()
    with target.open("rb") as stdin:
        proc = subprocess.run([sys.executable, "-m", "govreport", "info", "-", "-o", str(target), "-q"], stdin=stdin,
                              capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stderr == f"govreport: -o {target} would overwrite an input file\n"
    assert target.read_bytes() == before


@HALF
@given(TEXT, st.sampled_from([c for c in COMMANDS if c != "segment"]), st.sampled_from(["json", "jsonl"]))
def test_json_output_is_valid_for_any_input(tmp_path_factory, text, command, fmt):
    """Any text, lone surrogates and control characters included, as a JSON Lines row (escaped as JSON
    writes them) and as a file of its UTF-8 bytes: the JSON written to a file reads back."""
    from govreport.cli import main

    folder = tmp_path_factory.mktemp("json")
    (folder / "c.jsonl").write_text(json.dumps({"id": "row" + text[:3], "content": "各位代表：" + text}) + "\n",
                                    encoding="ascii")
    (folder / "t.txt").write_bytes(("各位代表：" + text).encode("utf-8", "replace"))
    out = folder / f"out.{fmt}"
    with pytest.raises(SystemExit) as exc:
        main([command, *COMMANDS[command], str(folder / "c.jsonl"), str(folder / "t.txt"), "-o", str(out), "-q",
              "-j", "1"])
    assert exc.value.code in (0, None, 1)
    data = out.read_text(encoding="utf-8")
    rows = json.loads(data) if fmt == "json" else [json.loads(line) for line in data.splitlines()]
    assert isinstance(rows, list)


# --- no network ----------------------------------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch):
    """Every attempt to open a network connection or resolve a name fails, and is recorded."""
    attempts: list[str] = []

    def refuse(name):
        def fail(*args, **kwargs):
            attempts.append(name)
            raise OSError(f"govreport tried the network ({name})")

        return fail

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse(f"socket.{name}"))
    for name in ("create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse(name))
    return attempts


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_no_command_touches_the_network(run, no_network, tmp_path, jobs):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(SEED, encoding="utf-8")
    for command, args in COMMANDS.items():
        for extra in ([], ["-m", "tfidf"] if command == "keywords" else ["--by", "all"] if command == "phrases" else []):
            result = run(command, *args, tmp_path, *extra, "-q", "-j", jobs)
            assert result.code == 0 and result.clean, (command, result.stderr)
    assert run("keyness", tmp_path / "a.txt", "-r", tmp_path / "b.txt", "-q", "-j", jobs).code == 0
    assert no_network == []


def test_no_command_touches_the_network_in_a_fresh_interpreter(tmp_path):
    """The same in a new process, imports included: the socket module is closed before govreport loads."""
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    script = f"""
import socket, sys
def refuse(*args, **kwargs):
    raise SystemExit("network: " + repr(args)[:80])
socket.socket.connect = socket.socket.connect_ex = refuse
socket.create_connection = socket.getaddrinfo = refuse
from govreport.cli import main
for command, args in {COMMANDS!r}.items():
    try:
        main([command, *args, {str(tmp_path / "a.txt")!r}, "-q", "-o", {str(tmp_path / "out")!r} + command + ".txt"])
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise SystemExit(f"{{command}} exited {{exc.code}}")
print("ok")
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout == "ok\n", proc.stderr
