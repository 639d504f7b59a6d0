"""One output layer for every command: a table that fits the terminal; CSV, TSV, JSON or JSON Lines for pipes;
Excel, Stata and Parquet files.

Rows are dicts; every command declares its columns once, and every format writes exactly those columns in
that order (or the ones ``--columns`` picks). Writers stream: CSV, TSV and JSON Lines rows leave as soon as
they are written, and so do the rows of a table on a terminal (its column widths are fixed by the first rows).
The binary formats (xlsx, dta, parquet) are written whole when the writer closes.

Missing values are one thing in every format: ``None``, ``NaN`` and the empty string are ``null`` in JSON,
an empty cell in CSV, TSV and Excel, and missing (``NaN``/``None``/``pd.NA``) in DataFrames, Stata and Parquet.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import os
import re
import shutil
import sys
import unicodedata
import warnings
from collections.abc import Iterable, Sequence
from typing import IO, Any

from govreport.lazy_regex import lazy

_LINE_BREAKS = lazy("[\x85\u2028\u2029]")  # only inside JSON strings, where an escape means the same
TEXT_FORMATS = ("table", "csv", "tsv", "json", "jsonl")
BINARY = ("xlsx", "dta", "parquet")
FORMATS = TEXT_FORMATS + BINARY
EXTENSIONS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
              ".txt": "table", ".xlsx": "xlsx", ".dta": "dta", ".parquet": "parquet"}
#: the extra that installs each binary format's writer (``pip install 'govreport[parquet]'``)
WRITER_MODULES = {"xlsx": ("openpyxl", "excel"), "parquet": ("pyarrow", "parquet"), "dta": ("pandas", "")}


class OutputError(ValueError):
    """An output request govreport cannot carry out (a usage error: exit 2): an unknown extension or column,
    a binary format to a terminal, a writer library that is not installed."""


class OutputDataError(ValueError):
    """Rows a format cannot hold (a data error: exit 1): a Stata or Excel limit."""


def choose_format(fmt: str | None, output: str | None, stream: IO[str]) -> str:
    """The explicit format, else the output file's extension, else table on a terminal and CSV in a pipe.

    An extension govreport cannot write is an :class:`OutputError`, never silently CSV.
    """
    if fmt:
        return fmt
    if output and output != "-":
        ext = os.path.splitext(output)[1].lower()
        if ext in EXTENSIONS:
            return EXTENSIONS[ext]
        if not ext and _is_stream_device(output):
            return "csv"  # -o /dev/null, /dev/stdout, a FIFO: written as a pipe is
        known = " ".join(sorted(EXTENSIONS))
        what = f"cannot write '{ext}' files" if ext else "has no extension to pick a format from"
        raise OutputError(f"-o {output}: {what}; use one of {known}, or name the format with -f")
    return "table" if isatty(stream) else "csv"


def _is_stream_device(path: str) -> bool:
    """A path that exists and is no regular file or folder: a device or a FIFO."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def check_format(fmt: str, output: str | None) -> None:
    """A usage error for a binary format without a file to write it to, or without its writer library."""
    if fmt not in BINARY:
        return
    if not output or output == "-":
        raise OutputError(f"{fmt} is a binary format: write it to a file with -o NAME.{fmt}")
    module, extra = WRITER_MODULES[fmt]
    import importlib.util

    if importlib.util.find_spec(module) is None:
        hint = f"pip install 'govreport[{extra}]'" if extra else f"pip install {module}"
        raise OutputError(f"writing {fmt} needs {module}, which is not installed: {hint}")


def select_columns(columns: Sequence[str], chosen: str | Sequence[str] | None = None,
                   compact: Sequence[str] | None = None) -> list[str]:
    """The columns to write: those ``chosen`` (``"a,b"`` or a list, in the order given), else the ``compact``
    ones that the command has (in the compact order), else all of them.

    >>> select_columns(["doc", "kind", "value"], "value,doc")
    ['value', 'doc']
    >>> select_columns(["doc", "kind", "value"], compact=["value", "doc", "gone"])
    ['value', 'doc']
    """
    if chosen:
        names = [c.strip() for c in chosen.split(",")] if isinstance(chosen, str) else list(chosen)
        names = [c for c in names if c]
        unknown = [c for c in names if c not in columns]
        if unknown or not names:
            raise OutputError(f"unknown column {', '.join(repr(c) for c in unknown) or '(none given)'} "
                              f"for --columns; choose from: {','.join(columns)}")
        return list(dict.fromkeys(names))
    if compact:
        shown = [c for c in compact if c in columns]
        if shown:
            return shown
    return list(columns)


def isatty(stream) -> bool:
    """Whether a stream is a terminal (False for closed or odd streams)."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def is_missing(value: Any) -> bool:
    """None, the empty string and NaN (also numpy's and pandas' missing values) are missing."""
    if value is None or (isinstance(value, str) and not value):
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if type(value).__module__.startswith(("pandas", "numpy")):
        if repr(value) in ("<NA>", "NaT"):
            return True
        try:
            return bool(value != value)  # NaN
        except (TypeError, ValueError):
            return False
    return False


def cell(value: Any) -> str:
    """A value as CSV/TSV text: empty for None/NaN, integral floats without '.0'."""
    kind = type(value)
    if kind is str:  # the common cells first: one type test, not five isinstance calls
        return value
    if kind is int:
        return str(value)
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


# --- spreadsheet safety (OWASP CSV injection) --------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _is_number_text(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def safe_cell(value: Any) -> Any:
    """A string a spreadsheet would read as a formula (it starts with = + - @, tab or CR) with a ``'``
    before it (the OWASP rule); numbers, and strings that are just a number (-1.5), stay as they are.

    >>> safe_cell("=HYPERLINK(1)"), safe_cell("-1.5"), safe_cell(-1.5), safe_cell("增长")
    ("'=HYPERLINK(1)", '-1.5', -1.5, '增长')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _is_number_text(value):
        return "'" + value
    return value


# --- what a terminal shows ---------------------------------------------------------------------------------

_FLATTEN = str.maketrans("\t\r\n", "   ")
# C0 and C1 controls, DEL, and the bidirectional overrides and isolates that reorder what follows them
_CONTROL = lazy("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _one_line(text: str) -> str:
    """A table cell: tabs and line breaks as spaces."""
    return text.replace("\r\n", " ").translate(_FLATTEN) if any(ch in text for ch in "\t\r\n") else text


def visible(text: str) -> str:
    """Text safe to show on a terminal: control characters and escape sequences (ESC, CSI, bidi overrides)
    shown as escapes, so that a report can neither move the cursor nor retitle the window.

    >>> visible("a\\x1b]0;x\\x07b")
    'a\\\\x1b]0;x\\\\x07b'
    """
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                        else f"\\u{ord(m.group()):04x}", text)


@functools.lru_cache(maxsize=4096)
def _char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Terminal cells ``text`` takes: East Asian wide and full-width characters count 2, combining marks 0.

    >>> text_width("GDP增长"), text_width("ａ")
    (7, 2)
    """
    if text.isascii():
        return len(text)
    return sum(_char_width(ch) for ch in text)


ELLIPSIS = "…"


def fit(text: str, width: int, from_left: bool = False) -> str:
    """``text`` cut to at most ``width`` cells, with an ellipsis where it was cut (at the start with
    ``from_left``); a wide character never straddles the edge.

    >>> fit("地区生产总值", 7), fit("地区生产总值", 6), fit("abcdef", 4, from_left=True)
    ('地区生…', '地区… ', '…def')
    """
    if text_width(text) <= width:
        return text
    if width <= 0:
        return ""
    room = width - 1
    chars = reversed(text) if from_left else iter(text)
    kept, used = [], 0
    for ch in chars:
        w = _char_width(ch)
        if used + w > room:
            break
        kept.append(ch)
        used += w
    body = "".join(reversed(kept)) if from_left else "".join(kept)
    pad = " " * (room - used)
    return (ELLIPSIS + body + pad) if from_left else (body + ELLIPSIS + pad)


def window(sentence: str, needle: str, width: int) -> str:
    """``sentence`` cut to ``width`` cells around the first ``needle`` in it (the figure stays in view)."""
    if text_width(sentence) <= width:
        return sentence
    at = sentence.find(needle) if needle else -1
    if at <= 0:
        return fit(sentence, width)
    before = max(0, (width - text_width(needle)) // 3)  # a third of the room before the figure
    left = sentence[:at]
    if text_width(left) <= before:
        return fit(sentence, width)
    head = fit(left, before + 1, from_left=True).rstrip() if before else ELLIPSIS
    return head + fit(sentence[at:], width - text_width(head))


def terminal_width() -> int:
    """The width to draw in: $COLUMNS, else the terminal's, else 100."""
    return max(20, shutil.get_terminal_size((100, 24)).columns)


# --- JSON --------------------------------------------------------------------------------------------------

_SURROGATE = lazy("[\ud800-\udfff]")
_NON_ASCII = lazy("[^\x00-\x7f]")


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


def _json_cell(value: Any) -> Any:
    """A row's value for JSON: a missing one (None, "", NaN) is null."""
    if isinstance(value, str):
        return value if value else None
    return _json_value(value)


def _json_default(value: Any) -> Any:
    """Numbers from numpy/pandas as numbers, sets as lists, anything else as its text."""
    if hasattr(value, "item"):
        try:
            item = value.item()
        except (TypeError, ValueError):
            item = None
        if isinstance(item, int | float | str | bool):
            return _json_value(item)
    if is_missing(value):
        return None
    if isinstance(value, set | frozenset):
        return _json_value(sorted(value, key=str))
    return str(value)


# --- the writer --------------------------------------------------------------------------------------------


class Writer:
    """Writes rows of fixed columns in one format; ``close`` finishes JSON arrays, tables and binary files.

    ``bom`` starts CSV/TSV with a UTF-8 byte-order mark (Excel then reads Chinese right); ``safe`` quotes
    cells a spreadsheet would take for formulas (:func:`safe_cell`; default on for xlsx); ``width`` is the
    terminal's width for a table (default: the terminal's when ``stream`` is one; else the table is as wide
    as its cells); ``note`` is a line printed under a table, and ``group`` a column (not shown) whose value
    is printed as a title line above each run of rows that share it.
    """

    def __init__(self, columns: list[str], fmt: str, stream: IO[str], header: bool = True, *, bom: bool = False,
                 safe: bool | None = None, width: int | None = None, note: str | None = None,
                 group: str | None = None):
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.columns = list(columns)
        self.fmt = fmt
        self.stream = stream
        self.count = 0
        self.safe = (fmt == "xlsx") if safe is None else safe
        self._rows: list[Any] = []
        self._table: TableView | None = None
        if fmt in ("csv", "tsv"):
            # "\r\n" as the csv module's terminator makes it quote any field holding "\r" or "\n"; each
            # line then leaves with a plain "\n"
            self._line = io.StringIO()
            self._csv = csv.writer(self._line, delimiter="," if fmt == "csv" else "\t", lineterminator="\r\n")
            if header:
                if bom:
                    self._put("\ufeff")
                self._write_csv(self.columns)
        elif fmt == "json" and header:
            stream.write("[")
        elif fmt == "table":
            terminal = isatty(stream)
            if width is None and terminal:
                width = terminal_width()
            self._table = TableView(self.columns, stream, width, note, group)

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
            self._write_csv(csv_cells(row, self.columns, self.fmt, self.safe))
        elif self.fmt in ("json", "jsonl"):
            text = json.dumps({c: _json_cell(row.get(c)) for c in self.columns}, ensure_ascii=False,
                              default=_json_default)
            if _LINE_BREAKS.search(text):  # keep one row a line for readers that split on any line break
                text = _LINE_BREAKS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
            if self.fmt == "jsonl":
                self._put(text + "\n")
            else:
                self._put(("\n" if self.count == 0 else ",\n") + text)
        elif self._table is not None:
            self._table.add(row)
        else:
            self._rows.append([row.get(c) for c in self.columns])
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
        elif self._table is not None:
            self._table.close()
        elif self.fmt in BINARY:
            data = to_bytes(self._rows, self.columns, self.fmt, safe=self.safe)
            self.stream.flush()
            target = getattr(self.stream, "buffer", self.stream)
            target.write(data)
        self.stream.flush()


STREAMED = ("csv", "tsv", "json", "jsonl")


def csv_cells(row: dict[str, Any], columns: list[str], fmt: str = "csv", safe: bool = False) -> list[str]:
    """The cells of a CSV or TSV line of ``row`` (:func:`cell` of each value; :func:`safe_cell` first with
    ``safe``; TSV cells on one line)."""
    get = row.get
    cells = [cell(safe_cell(get(c))) for c in columns] if safe else [cell(get(c)) for c in columns]
    return [v.translate(_FLATTEN) for v in cells] if fmt == "tsv" else cells


def render_rows(rows: Iterable[dict[str, Any]], columns: list[str], fmt: str, safe: bool = False) -> tuple[str, int]:
    """Rows formatted as ``Writer`` would write them, without header: (text, how many rows). For a format in
    STREAMED, so that worker processes, not the one that writes, do the formatting."""
    if fmt in ("csv", "tsv"):
        rows = list(rows)
        # every line through one csv writer, its "\r\n" ends made "\n" at once (Writer turns them one line at a
        # time: 4.7 -> 1.6 ms for the national corpus's keyword rows); a cell holding a "\r" of its own is quoted
        # with it, and then the rows go through Writer
        buffer = io.StringIO()
        csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\r\n").writerows(
            csv_cells(row, columns, fmt, safe) for row in rows)
        text = buffer.getvalue()
        if text.count("\r") == len(rows):
            return text.replace("\r\n", "\n"), len(rows)
    buffer = io.StringIO()
    writer = Writer(columns, fmt, buffer, header=False, safe=safe)
    writer.write_all(rows)
    text = buffer.getvalue()
    return (text[1:] if fmt == "json" and text else text), writer.count  # json: write_block adds the separator


NUMERIC_COLUMNS = frozenset(
    "rank count per_10k score start end value value_base period year chars paragraphs sections quoted_count "
    "first_start numeral target_value actual_value gap target_count reference_count statistic p_value offset "
    "level_no docs phrases".split()
)
#: columns cut from the left on a terminal (the end is what sits next to the match)
_CUT_LEFT = frozenset({"left"})

#: the columns each command shows on a terminal unless --columns or --all-columns says otherwise
COMPACT: dict[str, tuple[str, ...]] = {
    "metrics": ("doc", "indicator", "text", "change", "kind", "period", "qualifier", "sentence"),
    "numbers": ("doc", "text", "value", "unit", "qualifier", "sentence"),
    "phrases": ("doc", "section", "phrase", "category", "phrases", "count", "quoted_count", "per_10k"),
    "kwic": ("doc", "left", "match", "right"),
    "keywords": ("doc", "rank", "term", "count", "per_10k", "score"),
    "info": ("doc", "title", "year", "region", "level", "chars", "start"),
    "targets": ("region", "indicator", "year", "target_text", "actual_text", "gap", "met"),
}


#: the widest a column grows on a terminal before the flexible (context) columns get the room left
SOFT_CAP = {"doc": 16, "indicator": 14, "text": 10, "section": 16, "phrase": 16, "unit": 6, "region": 10,
            "target_text": 12, "actual_text": 12, "term": 14, "match": 12, "category": 10}
#: columns that take whatever room is left: the text around a figure or a match
FLEXIBLE = frozenset({"sentence", "left", "right", "title", "tokens"})
_SEP = " │ "


#: commands whose compact view shows the document as a title line above its rows (many rows a document)
GROUPED = frozenset({"metrics", "numbers", "phrases", "kwic", "keywords"})


class TableView:
    """A table drawn line by line: a header, a rule, one line a row, columns parted by " │ ".

    On a terminal (``width`` given) the column widths are fixed from the header and the first rows, then
    every row is printed as it comes, each cell on one line, cut with an ellipsis when too long: no line is
    wider than the terminal and nothing wraps. With ``group`` (a column not shown, e.g. doc), a line naming
    the group is printed wherever it changes. Elsewhere (a .txt file) the rows are kept and every cell is
    shown whole. Control characters are shown as escapes (:func:`visible`)."""

    SAMPLE = 50  # rows that fix the column widths on a terminal

    def __init__(self, columns: list[str], stream: IO[str], width: int | None = None, note: str | None = None,
                 group: str | None = None):
        self.columns = list(columns)  # its own list: a terminal too narrow drops the last columns from it
        self.stream = stream
        self.width = width
        self.note = note
        self.group = group
        self._last_group: str | None = None
        self.right: list[bool] = []  # per shown column: numbers, and kwic's left that abuts its match
        self._needle: int | None = None  # the text column a shown sentence is centred on
        self.widths: list[int] | None = None
        self.pending: list[tuple[str | None, list[str]]] = []
        self.rows = 0
        self.hidden: list[str] = []

    def _cells(self, row: dict[str, Any]) -> list[str]:
        return [self._show(row.get(c)) for c in self.columns]

    def _show(self, value: Any) -> str:
        return printable(visible(_one_line(cell(value))), self.stream)

    def add(self, row: dict[str, Any]) -> None:
        self.rows += 1
        key = self._show(row.get(self.group)) if self.group else None
        cells = self._cells(row)
        if self.widths is not None:
            self._line(key, cells)
            return
        self.pending.append((key, cells))
        if self.width is not None and len(self.pending) >= self.SAMPLE:
            self._start()

    def _start(self) -> None:
        natural = [text_width(c) for c in self.columns]
        for _, cells in self.pending:
            natural = [max(n, text_width(v)) for n, v in zip(natural, cells, strict=True)]
        self.widths = natural if self.width is None else self._fit(natural)
        if self.hidden:
            self.pending = [(key, cells[:len(self.columns)]) for key, cells in self.pending]
        columns = self.columns  # the ones shown: the rows that come later are cut to them
        self.right = [c in NUMERIC_COLUMNS or c in _CUT_LEFT for c in columns]
        self._needle = columns.index("text") if "text" in columns and "sentence" in columns else None
        w = self.widths
        header = _SEP.join(self._pad(fit(c, n), n, False) for c, n in zip(self.columns, w, strict=True))
        self._put(header.rstrip())
        self._put("─┼─".join("─" * n for n in w))
        for key, cells in self.pending:
            self._line(key, cells)
        self.pending = []

    def _fit(self, natural: list[int]) -> list[int]:
        """Widths that fit the terminal. Each column first gets its width up to its soft cap (the flexible
        context columns only their header's); what is left goes to the flexible columns, then to the capped
        ones. When even that is too wide, the widest columns give up room first (to a common cap), never
        below their header's width while the terminal allows it."""
        assert self.width is not None
        while len(natural) > 1 and sum(min(n, 3) for n in natural) > self.width - len(_SEP) * (len(natural) - 1):
            self.hidden.insert(0, self.columns.pop())  # a terminal too narrow for every column: the last go
            natural.pop()
        room = self.width - len(_SEP) * (len(natural) - 1)
        heads = [text_width(c) for c in self.columns]
        flex = [c in FLEXIBLE for c in self.columns]
        start = [min(n, h) if f else min(n, max(h, SOFT_CAP.get(c, n)))
                 for n, h, f, c in zip(natural, heads, flex, self.columns, strict=True)]
        if sum(start) > room:
            return self._shrink(start, heads, room)
        widths = list(start)
        spare = room - sum(widths)
        for wanted in ([i for i, f in enumerate(flex) if f], range(len(widths))):
            spare = self._grow(widths, natural, list(wanted), spare)
        return widths

    @staticmethod
    def _grow(widths: list[int], natural: list[int], which: list[int], spare: int) -> int:
        """Give ``spare`` cells to the columns ``which``, evenly (water-filling) up to their natural width."""
        while spare > 0:
            short = [i for i in which if widths[i] < natural[i]]
            if not short:
                break
            share = max(1, spare // len(short))
            for i in short:
                add = min(share, natural[i] - widths[i], spare)
                widths[i] += add
                spare -= add
                if spare <= 0:
                    break
        return spare

    @staticmethod
    def _shrink(natural: list[int], heads: list[int], room: int) -> list[int]:
        floor = [min(n, max(h, 3)) for n, h in zip(natural, heads, strict=True)]
        if sum(floor) > room:
            floor = [min(n, 3) for n in natural]
        lo, hi = 0, max(natural)
        while lo < hi:  # the largest cap whose widths fit
            mid = (lo + hi + 1) // 2
            if sum(max(f, min(n, mid)) for n, f in zip(natural, floor, strict=True)) <= room:
                lo = mid
            else:
                hi = mid - 1
        widths = [max(f, min(n, lo)) for n, f in zip(natural, floor, strict=True)]
        spare = room - sum(widths)
        for i, n in enumerate(natural):  # what the cap leaves over goes to the columns that were cut
            if spare <= 0:
                break
            grow = min(spare, n - widths[i])
            widths[i] += grow
            spare -= grow
        return widths

    @staticmethod
    def _pad(text: str, width: int, right: bool) -> str:
        gap = " " * max(0, width - text_width(text))
        return gap + text if right else text + gap

    def _line(self, key: str | None, cells: list[str]) -> None:
        assert self.widths is not None
        if key is not None and key != self._last_group:
            self._last_group = key
            title = f"── {key} "
            total = max(sum(self.widths) + len(_SEP) * (len(self.widths) - 1), text_width(title) + 2)
            if self.width:
                total = min(total, self.width)
                title = fit(title, total)
            self._put(title + "─" * max(0, total - text_width(title)))
        out = []
        for i, (value, n) in enumerate(zip(cells, self.widths, strict=True)):
            if self._needle is not None and self.columns[i] == "sentence":
                value = window(value, cells[self._needle], n)
            elif self.width is not None:
                value = fit(value, n, from_left=self.columns[i] in _CUT_LEFT)
            out.append(self._pad(value, n, self.right[i]))
        self._put(_SEP.join(out).rstrip())

    def _put(self, line: str) -> None:
        self.stream.write(line + "\n")

    def close(self) -> None:
        if self.widths is None:
            self._start()
        if not self.rows:
            self._put("(no rows)")
        notes = [self.note] if self.note else []
        if self.hidden:
            notes.append(f"(too narrow for every column; not shown: {', '.join(self.hidden)})")
        for note in notes:
            self._put(fit(note, self.width) if self.width else note)


def table_note(shown: Sequence[str], columns: Sequence[str]) -> str:
    """The line under a compact terminal table that says what was left out and how to get it."""
    hidden = [c for c in columns if c not in shown]
    return (f"({len(shown)} of {len(columns)} columns: --all-columns or -c a,b,… to choose; -o FILE.csv or a pipe "
            f"gives every column. Not shown: {', '.join(hidden)})")  # the advice first: a narrow terminal cuts the end


# --- DataFrames and binary files ---------------------------------------------------------------------------


def frame(rows: Iterable[dict[str, Any]] | Iterable[Sequence[Any]], columns: Sequence[str]):
    """Rows (dicts, or sequences in column order) as a pandas DataFrame with missing values (None, "", NaN)
    as missing: NaN in number columns, None in text columns."""
    import pandas as pd

    records = [[None if is_missing(v) else v for v in ([r.get(c) for c in columns] if isinstance(r, dict) else r)]
               for r in rows]
    return pd.DataFrame(records, columns=list(columns))


_EXCEL_ILLEGAL = lazy("[\x00-\x08\x0b\x0c\x0e-\x1f]")
EXCEL_MAX_CELL = 32_767
EXCEL_MAX_ROWS = 1_048_576


def _excel_value(value: Any, safe: bool) -> Any:
    if is_missing(value):
        return None
    if isinstance(value, bool | int | float):
        return value if not isinstance(value, float) or math.isfinite(value) else None
    text = cell(value)
    if _EXCEL_ILLEGAL.search(text):  # characters an xlsx file cannot hold
        text = _EXCEL_ILLEGAL.sub("", text)
    if safe:
        text = safe_cell(text)
    if len(text) > EXCEL_MAX_CELL:
        raise OutputDataError(f"a cell of {len(text):,} characters is longer than Excel allows "
                              f"({EXCEL_MAX_CELL:,}): write CSV, JSON Lines or Parquet instead")
    return text


def _xlsx_bytes(rows: list[list[Any]], columns: list[str], safe: bool) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    if len(rows) + 1 > EXCEL_MAX_ROWS:
        raise OutputDataError(f"{len(rows):,} rows are more than an Excel sheet holds "
                              f"({EXCEL_MAX_ROWS - 1:,}): write CSV, JSON Lines or Parquet instead")
    values_of = [[_excel_value(v, safe) for v in values] for values in rows]  # every limit checked first
    book = Workbook(write_only=True)
    sheet = book.create_sheet("govreport")
    sheet.append(columns)
    for values in values_of:
        line = []
        for v in values:
            if isinstance(v, str):
                c = WriteOnlyCell(sheet, value=v)
                c.data_type = "s"  # text stays text, even when it starts with "="
                line.append(c)
            else:
                line.append(v)
        sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


STATA_NAME = lazy(r"[A-Za-z_][A-Za-z0-9_]{0,31}\Z")
STATA_STR_MAX = 2045  # longer strings go to strL


def stata_frame(rows: list[list[Any]], columns: list[str]):
    """The DataFrame ``to_stata`` can write: text columns all strings (missing as ""), number columns
    numbers (missing as NaN), a column with no value at all as a number column of missing values.
    A column name Stata cannot hold (not ASCII, not an identifier, over 32 characters) is an error."""
    import pandas as pd

    for c in columns:
        if not STATA_NAME.match(c):
            raise OutputDataError(f"column {c!r} is not a Stata variable name (ASCII letters, digits and _, "
                                  "at most 32): pick other columns with -c, or write CSV or Parquet")
    df = frame(rows, columns)
    for c in columns:
        values = [v for v in df[c].tolist() if not is_missing(v)]
        if not values:
            df[c] = pd.Series([float("nan")] * len(df), dtype="float64")
        elif all(isinstance(v, bool | int | float) for v in values):
            if any(isinstance(v, int) and abs(v) > 2**53 for v in values):
                df[c] = df[c].astype("float64")
            elif all(isinstance(v, int) for v in values) and len(values) == len(df):
                df[c] = df[c].astype("int64") if max(map(abs, values)) >= 2**31 - 1 else df[c].astype("int32")
            else:
                df[c] = df[c].astype("float64")
        else:
            df[c] = [("" if is_missing(v) else cell(v)) for v in df[c].tolist()]
    return df


def _dta_bytes(rows: list[list[Any]], columns: list[str]) -> bytes:
    df = stata_frame(rows, columns)
    long = [c for c in columns if df[c].dtype == object or str(df[c].dtype).startswith("str")]
    long = [c for c in long if any(len(v.encode("utf-8")) > STATA_STR_MAX for v in df[c])]
    buffer = io.BytesIO()
    try:
        with warnings.catch_warnings():  # pandas renames the words Stata reserves (end -> _end) and says so
            warnings.simplefilter("ignore")
            df.to_stata(buffer, write_index=False, version=118, convert_strl=long)
    except (ValueError, TypeError, OverflowError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise OutputDataError(f"Stata cannot hold these rows ({first}): write CSV or Parquet instead") from None
    return buffer.getvalue()


def _parquet_bytes(rows: list[list[Any]], columns: list[str]) -> bytes:
    import pandas as pd

    df = frame(rows, columns)
    for c in columns:  # a column of numbers and text (rare) is written as text
        values = [v for v in df[c].tolist() if not is_missing(v)]
        if values and not all(isinstance(v, bool | int | float) for v in values) and \
                not all(isinstance(v, str) for v in values):
            df[c] = pd.Series([None if is_missing(v) else cell(v) for v in df[c].tolist()], dtype=object)
    buffer = io.BytesIO()
    df.to_parquet(buffer, index=False)
    return buffer.getvalue()


def to_bytes(rows: list[list[Any]], columns: list[str], fmt: str, safe: bool = True) -> bytes:
    """Rows (values in column order) as the bytes of an xlsx, dta or parquet file."""
    if fmt == "xlsx":
        return _xlsx_bytes(rows, columns, safe)
    if fmt == "dta":
        return _dta_bytes(rows, columns)
    if fmt == "parquet":
        return _parquet_bytes(rows, columns)
    raise ValueError(f"not a binary format: {fmt!r}")


def write_file(rows: Iterable[dict[str, Any]], columns: list[str], path: str | os.PathLike, fmt: str | None = None,
               safe: bool | None = None) -> int:
    """Write rows to ``path`` in ``fmt`` (default: from its extension), as ``-o`` writes (govreport.outfile): a
    regular file through a temporary file renamed over it at the end (a failure leaves nothing half-written under
    its name; its mode and a link to it stay), a device or FIFO in place."""
    from govreport.outfile import OutputFile

    path = os.fspath(path)
    fmt = fmt or choose_format(None, path, io.StringIO())
    check_format(fmt, path)
    out = OutputFile(path)
    try:
        writer = Writer(columns, fmt, out.stream, safe=safe)
        writer.write_all(rows)
        writer.close()
        out.commit()
    finally:
        out.close()
    return writer.count


def write_rows(rows: Iterable[dict[str, Any]], columns: list[str], fmt: str | None = None,
               stream: IO[str] | None = None) -> int:
    """Write rows to a stream (stdout by default); returns how many were written."""
    stream = stream or sys.stdout
    writer = Writer(columns, choose_format(fmt, None, stream), stream)
    writer.write_all(rows)
    writer.close()
    return writer.count
