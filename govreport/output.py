"""One output layer for every command: a rich table on a terminal; CSV, TSV, JSON or JSON Lines for pipes.

Rows are dicts; every command declares its columns once, and every format writes exactly those columns in
that order. Writers stream: CSV, TSV and JSON Lines rows leave as soon as they are written.
"""

from __future__ import annotations

import csv
import json
import math
import os
import sys
from collections.abc import Iterable
from typing import IO, Any

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
    return "table" if _isatty(stream) else "csv"


def _isatty(stream) -> bool:
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
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


class Writer:
    """Writes rows of fixed columns in one format; ``close`` finishes JSON arrays and tables."""

    def __init__(self, columns: list[str], fmt: str, stream: IO[str]):
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.columns = list(columns)
        self.fmt = fmt
        self.stream = stream
        self.count = 0
        self._table_rows: list[list[str]] = []
        if fmt in ("csv", "tsv"):
            self._csv = csv.writer(stream, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
            self._csv.writerow(self.columns)
        elif fmt == "json":
            stream.write("[")

    def write(self, row: dict[str, Any]) -> None:
        if self.fmt in ("csv", "tsv"):
            values = [cell(row.get(c)) for c in self.columns]
            if self.fmt == "tsv":
                values = [v.replace("\t", " ").replace("\r", " ").replace("\n", " ") for v in values]
            self._csv.writerow(values)
        elif self.fmt in ("json", "jsonl"):
            text = json.dumps({c: _json_value(row.get(c)) for c in self.columns}, ensure_ascii=False)
            if self.fmt == "jsonl":
                self.stream.write(text + "\n")
            else:
                self.stream.write(("\n" if self.count == 0 else ",\n") + text)
        else:
            self._table_rows.append([cell(row.get(c)) for c in self.columns])
        self.count += 1

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

        table = Table(show_header=True, header_style="bold", show_lines=False)
        numeric = {c for c in self.columns if c in NUMERIC_COLUMNS}
        for c in self.columns:
            table.add_column(c, justify="right" if c in numeric else "left", overflow="fold")
        for values in self._table_rows:
            table.add_row(*values)
        console = Console(file=self.stream, soft_wrap=False)
        console.print(table)
        if not self._table_rows:
            console.print("(no rows)", style="dim")


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
