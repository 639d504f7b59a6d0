"""One output layer for every command: a rich table on a terminal; CSV, TSV, JSON or JSON Lines for pipes.

Rows are dicts; every command declares its columns once, and every format writes exactly those columns in
that order. Writers stream: CSV, TSV and JSON Lines rows leave as soon as they are written.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import sys
from collections.abc import Iterable
from typing import IO, Any

_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")  # only inside JSON strings, where an escape means the same
FORMATS = ("table", "csv", "tsv", "json", "jsonl")
EXTENSIONS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
              ".txt": "table"}


def choose_format(fmt: str | None, output: str | None, stream: IO[str]) -> str:
    """The explicit format, else the output file's extension, else table on a terminal and CSV in a pipe."""
    if fmt:
        return fmt
    if output and output != "-":
        ext = os.path.splitext(output)[1].lower()
        if ext in EXTENSIONS:
            return EXTENSIONS[ext]
        return "csv"
    return "table" if isatty(stream) else "csv"


def isatty(stream) -> bool:
    """Whether a stream is a terminal (False for closed or odd streams)."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def cell(value: Any) -> str:
    """A value as CSV/TSV text: empty for None/NaN, integral floats without '.0'."""
    if value is None:
        return ""
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | dict):
        return json.dumps(_json_value(value), ensure_ascii=False, default=_json_default)
    return str(value)


def _one_line(text: str) -> str:
    """A table cell: tabs and line breaks as spaces (rich would expand tabs past the column's width)."""
    return text.replace("\r\n", " ").translate(_FLATTEN) if any(ch in text for ch in "\t\r\n") else text


_FLATTEN = str.maketrans("\t\r\n", "   ")


_SURROGATE = re.compile("[\ud800-\udfff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _json_escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    if code > 0xFFFF:  # a pair of surrogates, as JSON writes a character beyond the BMP
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def _encodes(text: str, stream: IO[str]) -> bool:
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def printable(text: str, stream: IO[str] | None = None) -> str:
    """Text that ``stream`` (UTF-8 by default) can encode: lone surrogates as U+FFFD, and any other character
    its encoding lacks as '?'."""
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    encoding = getattr(stream, "encoding", None) or "utf-8"
    if stream is not None and not _encodes(text, stream):
        try:
            text = text.encode(encoding, "replace").decode(encoding)
        except LookupError:
            pass
    return text


def _json_value(value: Any) -> Any:
    """A value ready for JSON: non-finite floats become null, also inside lists and dicts."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return value


def _json_default(value: Any) -> Any:
    """Numbers from numpy/pandas as numbers, sets as lists, anything else as its text."""
    if hasattr(value, "item"):
        try:
            item = value.item()
        except (TypeError, ValueError):
            item = None
        if isinstance(item, int | float | str | bool):
            return _json_value(item)
    if isinstance(value, set | frozenset):
        return _json_value(sorted(value, key=str))
    return str(value)


class Writer:
    """Writes rows of fixed columns in one format; ``close`` finishes JSON arrays and tables."""

    def __init__(self, columns: list[str], fmt: str, stream: IO[str], header: bool = True):
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.columns = list(columns)
        self.fmt = fmt
        self.stream = stream
        self.count = 0
        self._table_rows: list[list[str]] = []
        if fmt in ("csv", "tsv"):
            # "\r\n" as the csv module's terminator makes it quote any field holding "\r" or "\n"; each
            # line then leaves with a plain "\n"
            self._line = io.StringIO()
            self._csv = csv.writer(self._line, delimiter="," if fmt == "csv" else "\t", lineterminator="\r\n")
            if header:
                self._write_csv(self.columns)
        elif fmt == "json" and header:
            stream.write("[")

    def write_block(self, text: str, count: int) -> None:
        """Write ``count`` rows that :func:`render_rows` already formatted (in a worker process)."""
        if count:
            if self.fmt == "json":
                self._put(("\n" if self.count == 0 else ",\n") + text)
            else:
                self._put(text)
            self.count += count

    def write(self, row: dict[str, Any]) -> None:
        if self.fmt in ("csv", "tsv"):
            values = [cell(row.get(c)) for c in self.columns]
            if self.fmt == "tsv":
                values = [v.translate(_FLATTEN) for v in values]
            self._write_csv(values)
        elif self.fmt in ("json", "jsonl"):
            text = json.dumps({c: _json_value(row.get(c)) for c in self.columns}, ensure_ascii=False,
                              default=_json_default)
            if _LINE_BREAKS.search(text):  # keep one row a line for readers that split on any line break
                text = _LINE_BREAKS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
            if self.fmt == "jsonl":
                self._put(text + "\n")
            else:
                self._put(("\n" if self.count == 0 else ",\n") + text)
        else:
            self._table_rows.append([printable(_one_line(cell(row.get(c))), self.stream) for c in self.columns])
        self.count += 1

    def _write_csv(self, values: list[str]) -> None:
        self._csv.writerow(values)
        line = self._line.getvalue()
        self._line.seek(0)
        self._line.truncate()
        self._put(line[:-2] + "\n")

    def _put(self, text: str) -> None:
        """Write text; what the stream cannot encode (a lone surrogate from a file name or a JSON escape, or
        any character on a stream that is not UTF-8) is escaped in JSON (\\udc80, read back as it was) and
        replaced elsewhere, rather than lost with the rows after it."""
        try:
            self.stream.write(text)
        except UnicodeEncodeError:
            if self.fmt in ("json", "jsonl"):
                text = _SURROGATE.sub(_json_escape, text)
                if not _encodes(text, self.stream):
                    text = _NON_ASCII.sub(_json_escape, text)  # only strings hold non-ASCII characters
            else:
                text = printable(text, self.stream)
            self.stream.write(text)

    def write_all(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            self.write(row)

    def close(self) -> None:
        if self.fmt == "json":
            self.stream.write("\n]\n" if self.count else "]\n")
        elif self.fmt == "table":
            self._render_table()
        self.stream.flush()

    def _render_table(self) -> None:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table(show_header=True, header_style="bold", show_lines=False)
        numeric = {c for c in self.columns if c in NUMERIC_COLUMNS}
        for c in self.columns:
            table.add_column(c, justify="right" if c in numeric else "left", overflow="fold")
        for values in self._table_rows:
            table.add_row(*(Text(v) for v in values))  # Text, not markup: "[/x]" in a report is just text
        # on a terminal the table fits the screen; in a file or pipe, nothing is folded
        width = None if isatty(self.stream) else 100_000
        console = Console(file=self.stream, soft_wrap=False, width=width)
        console.print(table)
        if not self._table_rows:
            console.print("(no rows)", style="dim")


STREAMED = ("csv", "tsv", "json", "jsonl")


def render_rows(rows: Iterable[dict[str, Any]], columns: list[str], fmt: str) -> tuple[str, int]:
    """Rows formatted as ``Writer`` would write them, without header: (text, how many rows). For a format in
    STREAMED, so that worker processes, not the one that writes, do the formatting."""
    buffer = io.StringIO()
    writer = Writer(columns, fmt, buffer, header=False)
    writer.write_all(rows)
    text = buffer.getvalue()
    return (text[1:] if fmt == "json" and text else text), writer.count  # json: write_block adds the separator


NUMERIC_COLUMNS = frozenset(
    "rank count per_10k score start end value value_base period year chars paragraphs sections quoted_count "
    "first_start numeral target_value actual_value gap target_count reference_count statistic p_value offset "
    "level_no".split()
)


def write_rows(rows: Iterable[dict[str, Any]], columns: list[str], fmt: str | None = None,
               stream: IO[str] | None = None) -> int:
    """Write rows to a stream (stdout by default); returns how many were written."""
    stream = stream or sys.stdout
    writer = Writer(columns, choose_format(fmt, None, stream), stream)
    writer.write_all(rows)
    writer.close()
    return writer.count
