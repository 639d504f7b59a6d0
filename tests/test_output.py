"""The output layer: the same columns and values in every format, streamed, UTF-8."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import stat

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreport.output import (
    FORMATS,
    OutputDataError,
    OutputError,
    TableView,
    Writer,
    cell,
    choose_format,
    fit,
    render_rows,
    safe_cell,
    select_columns,
    text_width,
    visible,
    write_file,
    write_rows,
)

COLUMNS = ["doc", "title", "year", "value", "note"]
VALUE = st.one_of(
    st.none(), st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from(',"\t\n\r[]/')), max_size=15),
)
ROWS = st.lists(st.fixed_dictionaries({c: VALUE for c in COLUMNS}), max_size=6)


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def render(rows, fmt):
    stream = io.StringIO()
    writer = Writer(COLUMNS, fmt, stream)
    writer.write_all(rows)
    writer.close()
    return stream.getvalue()


def expected_text(value) -> str:
    """How a value reads in CSV: empty for missing or non-finite numbers, integral floats without '.0'."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


@given(ROWS)
def test_csv_round_trips(rows):
    parsed = list(csv.reader(io.StringIO(render(rows, "csv"), newline="")))
    assert parsed[0] == COLUMNS
    assert parsed[1:] == [[expected_text(r[c]) for c in COLUMNS] for r in rows]


@given(ROWS)
def test_tsv_round_trips_with_line_breaks_flattened(rows):
    lines = render(rows, "tsv").split("\n")
    assert lines[0].split("\t") == COLUMNS
    parsed = list(csv.reader(io.StringIO(render(rows, "tsv"), newline=""), delimiter="\t"))
    flat = [[expected_text(r[c]).replace("\t", " ").replace("\r", " ").replace("\n", " ") for c in COLUMNS]
            for r in rows]
    assert parsed[1:] == flat
    assert len([ln for ln in lines if ln]) == len(rows) + 1  # one line per row


def _json_expect(value):
    """Missing values (None, "", NaN) are null in JSON, as they are empty in CSV."""
    return None if value == "" or (isinstance(value, float) and not math.isfinite(value)) else value


@given(ROWS)
def test_json_and_jsonl_round_trip(rows):
    expected = [{c: _json_expect(r[c]) for c in COLUMNS} for r in rows]
    assert json.loads(render(rows, "json")) == expected
    lines = render(rows, "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == expected
    for line in lines:
        assert list(json.loads(line)) == COLUMNS  # column order kept


@given(ROWS)
def test_table_shows_every_value_and_header(rows):
    out = render(rows, "table")
    for c in COLUMNS:
        assert c in out
    body = out.split("\n")
    for r in rows:
        for c in COLUMNS:
            text = expected_text(r[c])
            for word in text.split():
                if word.isprintable():  # a table is for reading: control characters are not shown
                    assert any(word in line for line in body)


def test_json_is_utf8_not_escapes():
    out = render([{"doc": "九龙坡区", "title": "政府工作报告"}], "json")
    assert "九龙坡区" in out and "\\u" not in out


def test_missing_columns_are_empty_and_extra_keys_dropped():
    out = render([{"doc": "a", "extra": "x"}], "csv").splitlines()
    assert out == [",".join(COLUMNS), "a,,,,"]
    assert list(json.loads(render([{"doc": "a", "extra": "x"}], "json"))[0]) == COLUMNS


def test_no_rows_is_still_valid_output():
    assert json.loads(render([], "json")) == []
    assert render([], "jsonl") == ""
    assert render([], "csv").strip() == ",".join(COLUMNS)
    assert "(no rows)" in render([], "table")


def test_markup_like_text_is_printed_literally():
    out = render([{"doc": "[/x]", "title": "[bold]报告[/bold]"}], "table")
    assert "[/x]" in out and "[bold]报告[/bold]" in out


def test_nested_values_and_odd_types_are_written():
    row = {"doc": {"a": [1, float("nan")]}, "title": ("x", "y"), "year": True, "value": {3, 1}, "note": 2.5}
    parsed = json.loads(render([row], "jsonl"))
    assert parsed == {"doc": {"a": [1, None]}, "title": ["x", "y"], "year": True, "value": [1, 3], "note": 2.5}
    line = list(csv.reader(io.StringIO(render([row], "csv"))))[1]
    assert json.loads(line[0]) == {"a": [1, None]} and line[2] == "true" and line[4] == "2.5"


@pytest.mark.parametrize(
    "fmt, output, tty, expected",
    [("json", None, True, "json"), (None, "out.tsv", True, "tsv"), (None, "out.JSONL", False, "jsonl"),
     (None, "out.json", False, "json"), (None, "out.csv", True, "csv"), (None, "out.XLSX", True, "xlsx"),
     (None, "out.txt", False, "table"), (None, None, True, "table"), (None, None, False, "csv"),
     (None, "a.dta", False, "dta"), (None, "a.parquet", False, "parquet"),
     (None, "-", True, "table"), ("tsv", "out.json", False, "tsv"), ("csv", "out.unknown", False, "csv")],
)
def test_format_choice(fmt, output, tty, expected):
    assert choose_format(fmt, output, Tty() if tty else io.StringIO()) == expected


@pytest.mark.parametrize("output", ["out.unknown", "out", "x.xls"])
def test_an_extension_govreport_cannot_write_is_an_error_never_csv(output):
    with pytest.raises(OutputError, match="cannot write|no extension"):
        choose_format(None, output, io.StringIO())


def test_write_rows_picks_table_on_a_terminal_and_csv_in_a_pipe():
    tty, pipe = Tty(), io.StringIO()
    write_rows([{"doc": "甲"}], ["doc"], stream=tty)
    write_rows([{"doc": "甲"}], ["doc"], stream=pipe)
    assert pipe.getvalue() == "doc\n甲\n"
    assert tty.getvalue().splitlines()[:3] == ["doc", "───", "甲"]


def test_every_format_is_known():
    assert set(FORMATS) == {"table", "csv", "tsv", "json", "jsonl", "xlsx", "dta", "parquet"}
    with pytest.raises(ValueError):
        Writer(["a"], "xml", io.StringIO())


def test_cell_of_floats():
    assert (cell(3.0), cell(0.1), cell(float("nan")), cell(None), cell(False)) == ("3", "0.1", "", "", "false")


# --- what a stream cannot encode ----------------------------------------------------------------------------

ODD_TEXT = st.text(st.one_of(st.characters(), st.sampled_from(["\ud83d", "\udc80", "\udfff", "政", "😀", ",", '"',
                                                               "\n", "\u2028"])), max_size=12)
ODD_ROWS = st.lists(st.fixed_dictionaries({c: st.one_of(st.none(), st.integers(), ODD_TEXT) for c in COLUMNS}),
                    max_size=5)


def render_bytes(rows, fmt, encoding):
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding, newline="")
    writer = Writer(COLUMNS, fmt, stream)
    writer.write_all(rows)
    writer.close()
    stream.flush()
    return raw.getvalue().decode(encoding)


@given(ODD_ROWS, st.sampled_from(["utf-8", "ascii", "gb18030", "latin-1"]))
def test_json_reads_back_exactly_whatever_the_stream_can_encode(rows, encoding):
    """Lone surrogates (from a file name or a JSON escape) and characters the stream's encoding lacks are
    written as JSON escapes: the JSON stays valid and reads back as the values written."""
    expected = json.loads(json.dumps([{c: None if r[c] == "" else r[c] for c in COLUMNS} for r in rows]))
    # (json.loads: a pair of escapes is one character)
    assert json.loads(render_bytes(rows, "json", encoding)) == expected
    assert [json.loads(line) for line in render_bytes(rows, "jsonl", encoding).splitlines()] == expected


@given(ODD_ROWS, st.sampled_from(["csv", "tsv", "table"]))
def test_text_formats_replace_what_utf8_cannot_hold(rows, fmt):
    text = render_bytes(rows, fmt, "utf-8")  # no UnicodeEncodeError, and valid UTF-8
    if fmt == "csv":
        parsed = list(csv.reader(io.StringIO(text, newline="")))
        scrub = {c: "\ufffd" for c in range(0xD800, 0xE000)}
        assert parsed[1:] == [[expected_text(r[c]).translate(scrub) for c in COLUMNS] for r in rows]


# --- the terminal view ----------------------------------------------------------------------------------------

WIDE_TEXT = st.text(st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from("政府工作报告ａ１😀 \t\n\x1b")),
                    max_size=40)
WIDE_ROWS = st.lists(st.fixed_dictionaries({c: st.one_of(st.none(), st.integers(-10**9, 10**9), WIDE_TEXT)
                                            for c in COLUMNS}), max_size=8)


def terminal(rows, width, columns=COLUMNS, **options):
    stream = Tty()
    writer = Writer(columns, "table", stream, width=width, **options)
    writer.write_all(rows)
    writer.close()
    return stream.getvalue()


@given(WIDE_ROWS, st.integers(20, 160))
def test_terminal_table_fits_its_width_whatever_the_text(rows, width):
    """No line is wider than the terminal (wide characters count 2), one line a row, and the header keeps
    every column name whole when the terminal has room for the names."""
    out = terminal(rows, width).splitlines()
    assert all(text_width(line) <= width for line in out), out
    notes = [line for line in out[2:] if line.startswith("(too narrow")]
    assert len(out) == 2 + max(len(rows), 1) + len(notes)  # header, rule, a line a row (or "(no rows)")
    names_fit = sum(len(c) for c in COLUMNS) + 3 * (len(COLUMNS) - 1) <= width
    if names_fit:
        assert [c.strip() for c in out[0].split(" │ ")] == COLUMNS


@given(WIDE_TEXT, st.integers(0, 30), st.booleans())
def test_fit_cuts_with_an_ellipsis_and_never_splits_a_wide_character(text, width, from_left):
    cut = fit(text, width, from_left=from_left)
    assert text_width(cut) <= max(width, 0)
    if text_width(text) <= width:
        assert cut == text
    elif width:
        assert "…" in cut
        core = cut.replace("…", "", 1)  # what is kept, maybe with one space where a wide character did not fit
        kept = text.endswith if from_left else text.startswith
        assert kept(core) or (core.endswith(" ") and kept(core[:-1]))


def test_wide_characters_take_two_cells():
    assert text_width("地区生产总值") == 12 and text_width("GDP") == 3 and text_width("ＧＤＰ") == 6
    out = terminal([{"doc": "九龙坡区" * 10, "title": "x"}], 30, columns=["doc", "title"]).splitlines()
    assert all(text_width(line) <= 30 for line in out) and "…" in out[2]


def test_the_sentence_is_cut_around_the_figure():
    row = {"text": "8.3%", "sentence": "初步预计，2017年地区生产总值可实现1135亿元，增长了百分之多少呢，增长8.3%，完成目标。"}
    out = terminal([row], 40, columns=["text", "sentence"]).splitlines()
    assert "8.3%" in out[2].split(" │ ")[1] and out[2].split(" │ ")[1].startswith("…")


def test_a_terminal_too_narrow_for_the_text_column_still_shows_the_sentence():
    """The text column the sentence is centred on is dropped by a narrow terminal: the sentence is then cut like
    any cell, before and after the rows that fixed the widths, and the writer keeps every column."""
    columns = ["sentence", "doc", "indicator", "kind", "text"]
    row = {"sentence": "初步预计，2017年地区生产总值可实现1135亿元，增长8.3%。", "doc": "d", "indicator": "地区生产总值",
           "kind": "actual", "text": "8.3%"}
    stream = Tty()
    writer = Writer(columns, "table", stream, width=20)
    writer.write_all([row] * (TableView.SAMPLE + 3))
    writer.close()
    out = stream.getvalue().splitlines()
    assert writer.columns == columns
    assert out[-1].startswith("(too narrow") and "text" not in [c.strip() for c in out[0].split(" │ ")]
    assert all(text_width(line) <= 20 for line in out)
    assert [line.split(" │ ")[0] for line in out[2:2 + TableView.SAMPLE + 3]] == [out[2].split(" │ ")[0]] * (TableView.SAMPLE + 3)
    assert out[2].startswith("初步")


def test_a_terminal_table_streams_in_bounded_memory():
    """After the first rows fixed the widths, every row is printed as it comes and nothing is kept."""
    stream = Tty()
    writer = Writer(["doc", "count"], "table", stream, width=60)
    for i in range(TableView.SAMPLE + 500):
        writer.write({"doc": f"d{i}", "count": i})
        if i == TableView.SAMPLE + 10:
            printed = stream.getvalue().count("\n")
            assert printed == 2 + TableView.SAMPLE + 11  # header, rule and every row so far
            assert writer._table.pending == []
    writer.close()
    assert stream.getvalue().count("\n") == 2 + TableView.SAMPLE + 500


def test_a_group_column_becomes_a_title_line():
    rows = [{"doc": "a", "n": 1}, {"doc": "a", "n": 2}, {"doc": "b", "n": 3}]
    out = terminal(rows, 40, columns=["n"], group="doc").splitlines()
    titles = [line for line in out if line.startswith("── ")]
    assert [t.split()[1] for t in titles] == ["a", "b"]
    assert out.index(titles[1]) == out.index(titles[0]) + 3  # before the rows of a, then before b's


HOSTILE = "前\x1b]0;pwned\x07\x1b[41m红\x1b[0m\u202e后\x9b2J\x00"


def test_escape_sequences_are_shown_escaped_on_a_terminal_and_kept_as_data_elsewhere():
    shown = terminal([{"doc": HOSTILE}], 120, columns=["doc"])
    assert not any(ch in shown for ch in "\x1b\x07\x9b\x00\u202e")
    assert "\\x1b]0;pwned\\x07" in shown and "\\u202e" in shown
    assert json.loads(render([{"doc": HOSTILE}], "json"))[0]["doc"] == HOSTILE  # JSON escapes, reads back
    assert "\x1b" not in render([{"doc": HOSTILE}], "json")
    assert list(csv.reader(io.StringIO(render([{"doc": HOSTILE}], "csv"))))[1][0] == HOSTILE


@given(st.text(max_size=20))
def test_visible_text_has_no_control_character(text):
    assert not any(0 <= ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 or 0x202A <= ord(ch) <= 0x202E for ch in visible(text))


# --- columns ------------------------------------------------------------------------------------------------


def test_columns_are_picked_in_the_order_given_and_unknown_ones_named():
    assert select_columns(COLUMNS, "value, doc") == ["value", "doc"]
    assert select_columns(COLUMNS, None, ["note", "nope", "doc"]) == ["note", "doc"]
    assert select_columns(COLUMNS) == COLUMNS
    with pytest.raises(OutputError, match="'bogus'.*choose from: doc,title,year,value,note"):
        select_columns(COLUMNS, "doc,bogus")


# --- spreadsheets -------------------------------------------------------------------------------------------

NUMBER_TEXT = st.floats(allow_nan=False, allow_infinity=False).map(repr)


@given(st.one_of(st.text(max_size=10), st.integers(), st.floats(allow_nan=False), NUMBER_TEXT))
def test_safe_cell_quotes_formulas_and_never_numbers(value):
    out = safe_cell(value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        try:
            float(value)
            assert out == value  # "-1.5" is a number, not a formula
        except ValueError:
            assert out == "'" + value
    else:
        assert out == value


def test_safe_csv_and_bom():
    rows = [{"doc": "=1+2", "title": "@SUM(A1)", "year": -3, "value": "-1.5", "note": "-x"}]
    stream = io.StringIO()
    writer = Writer(COLUMNS, "csv", stream, safe=True, bom=True)
    writer.write_all(rows)
    writer.close()
    text = stream.getvalue()
    assert text.startswith("\ufeffdoc,")
    assert list(csv.reader(io.StringIO(text[1:])))[1] == ["'=1+2", "'@SUM(A1)", "-3", "-1.5", "'-x"]
    assert list(csv.reader(io.StringIO(render(rows, "csv"))))[1][0] == "=1+2"  # off by default for CSV


# --- binary files -------------------------------------------------------------------------------------------

ROWS_WITH_GAPS = [
    {"doc": "甲", "title": "=HYPERLINK(\"x\")", "year": 2018, "value": 8.3, "note": ""},
    {"doc": "乙", "title": None, "year": None, "value": -1.5, "note": "长" * 3000},
]


def test_xlsx_has_numbers_as_numbers_and_gaps_as_empty_cells(tmp_path):
    import pandas as pd
    path = tmp_path / "out.xlsx"
    assert write_file(ROWS_WITH_GAPS, COLUMNS, path) == 2
    df = pd.read_excel(path)
    assert list(df.columns) == COLUMNS and len(df) == 2
    assert df["value"].tolist() == [8.3, -1.5] and df["year"].iloc[0] == 2018 and pd.isna(df["year"].iloc[1])
    assert df["title"].iloc[0] == "'=HYPERLINK(\"x\")"  # a formula never runs: safe by default in xlsx
    assert pd.isna(df["note"].iloc[0]) and pd.isna(df["title"].iloc[1])


def test_stata_handles_long_strings_and_missing_values(tmp_path):
    import pandas as pd
    path = tmp_path / "out.dta"
    write_file(ROWS_WITH_GAPS, COLUMNS, path)
    df = pd.read_stata(path)
    assert list(df.columns) == COLUMNS
    assert df["note"].iloc[1] == "长" * 3000  # a strL
    assert df["value"].tolist() == [8.3, -1.5] and pd.isna(df["year"].iloc[1])


def test_stata_rejects_a_name_it_cannot_hold_and_leaves_nothing(tmp_path):
    path = tmp_path / "out.dta"
    with pytest.raises(OutputDataError, match="Stata variable name"):
        write_file([{"年份": 1}], ["年份"], path)
    assert list(tmp_path.iterdir()) == []


def test_parquet_round_trips(tmp_path):
    import pandas as pd
    path = tmp_path / "out.parquet"
    write_file(ROWS_WITH_GAPS, COLUMNS, path)
    df = pd.read_parquet(path)
    assert df["doc"].tolist() == ["甲", "乙"] and df["value"].tolist() == [8.3, -1.5]
    assert pd.isna(df["note"].iloc[0]) and pd.isna(df["year"].iloc[1])


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"old")
    with pytest.raises(OutputDataError, match="longer than Excel allows"):
        write_file([{"doc": "x" * 40_000}], ["doc"], path)
    assert path.read_bytes() == b"old" and list(tmp_path.iterdir()) == [path]


def test_write_file_keeps_the_mode_and_the_link_of_the_file_it_replaces(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert write_file(ROWS_WITH_GAPS, COLUMNS, link) == 2
    assert link.is_symlink() and stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text(encoding="utf-8").splitlines()[0] == ",".join(COLUMNS)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "out.csv"]


def test_write_file_writes_a_device_in_place(tmp_path):
    """Through a link to the null device: a writer that renamed a file over its target would replace the link
    (in tmp_path), never the device itself."""
    link = tmp_path / "out.xlsx"
    link.symlink_to(os.devnull)
    assert write_file(ROWS_WITH_GAPS, COLUMNS, link) == 2
    assert link.is_symlink() and not os.path.isfile(os.devnull)  # still the device, written in place


# --- rows a worker formats --------------------------------------------------------------------------------------


@given(ROWS, st.sampled_from(["csv", "tsv", "json", "jsonl"]), st.booleans())
def test_rows_rendered_in_a_worker_are_what_the_writer_writes(rows, fmt, safe):
    """render_rows (one csv writer for all rows, line ends turned at once) gives the lines Writer writes one
    by one, cells holding \\r, \\n or formulas included."""
    stream = io.StringIO()
    writer = Writer(COLUMNS, fmt, stream, header=False, safe=safe)
    writer.write_all(rows)
    expected = stream.getvalue()
    text, count = render_rows(iter(rows), COLUMNS, fmt, safe)
    assert count == len(rows)
    assert text == (expected[1:] if fmt == "json" and expected else expected)
