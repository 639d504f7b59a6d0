"""The output layer: the same columns and values in every format, streamed, UTF-8."""

from __future__ import annotations

import csv
import io
import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreport.output import FORMATS, Writer, cell, choose_format, write_rows

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
    return None if isinstance(value, float) and not math.isfinite(value) else value


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
     (None, "out.json", False, "json"), (None, "out.csv", True, "csv"), (None, "out.unknown", True, "csv"),
     (None, "out.txt", False, "table"), (None, None, True, "table"), (None, None, False, "csv"),
     (None, "-", True, "table"), ("tsv", "out.json", False, "tsv")],
)
def test_format_choice(fmt, output, tty, expected):
    assert choose_format(fmt, output, Tty() if tty else io.StringIO()) == expected


def test_write_rows_picks_table_on_a_terminal_and_csv_in_a_pipe():
    tty, pipe = Tty(), io.StringIO()
    write_rows([{"doc": "甲"}], ["doc"], stream=tty)
    write_rows([{"doc": "甲"}], ["doc"], stream=pipe)
    assert pipe.getvalue() == "doc\n甲\n"
    assert "┃" in tty.getvalue() or "|" in tty.getvalue()


def test_every_format_is_known():
    assert set(FORMATS) == {"table", "csv", "tsv", "json", "jsonl"}
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
    expected = json.loads(json.dumps([{c: r[c] for c in COLUMNS} for r in rows]))  # a pair of escapes is one character
    assert json.loads(render_bytes(rows, "json", encoding)) == expected
    assert [json.loads(line) for line in render_bytes(rows, "jsonl", encoding).splitlines()] == expected


@given(ODD_ROWS, st.sampled_from(["csv", "tsv", "table"]))
def test_text_formats_replace_what_utf8_cannot_hold(rows, fmt):
    text = render_bytes(rows, fmt, "utf-8")  # no UnicodeEncodeError, and valid UTF-8
    if fmt == "csv":
        parsed = list(csv.reader(io.StringIO(text, newline="")))
        scrub = {c: "\ufffd" for c in range(0xD800, 0xE000)}
        assert parsed[1:] == [[expected_text(r[c]).translate(scrub) for c in COLUMNS] for r in rows]
