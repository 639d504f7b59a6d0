"""Trends: how often terms occur in each report, and by year, counted on the text as read.

A term is counted as :mod:`govreport.phrases` counts a phrase: verbatim, non-overlapping occurrences in the
text (never tokens, so a segmenter can never split it), where a term that starts or ends with a numeral does
not occur inside a longer number (七五 is not counted in 一九七五年). With ``regex`` a term is a regular
expression and every non-empty, non-overlapping match counts.

Rows (one per term and document, zeros included) have the columns term, doc, year, region, count, per_10k
(count per 10,000 characters of the document). ``by="year"`` totals them per year: term, year, docs, count,
per_10k (over the year's total characters). Rows are ordered by term (as given), then year (documents without
a year last), then input order.

>>> import govreport
>>> rows = trend_rows([govreport.load("2018年政府工作报告\\n推动高质量发展，实现高质量发展。")], ["高质量发展"])
>>> [(r["term"], r["year"], r["count"]) for r in rows]
[('高质量发展', 2018, 2)]
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO

from govreport.errors import OptionError
from govreport.loading import CORPUS_PREFIX, JSONL_SUFFIXES, REPORT_SUFFIXES
from govreport.view import fold_traditional

COLUMNS = ["term", "doc", "year", "region", "count", "per_10k"]
YEAR_COLUMNS = ["term", "year", "docs", "count", "per_10k"]
BY = ("doc", "year")
INPUT_SUFFIXES = REPORT_SUFFIXES + JSONL_SUFFIXES
BAR_WIDTH = 30
_EIGHTHS = " ▏▎▍▌▋▊▉"


def columns(by: str = "doc") -> list[str]:
    """The output columns of ``govreport trends --by BY``."""
    _check_by(by)
    return list(YEAR_COLUMNS if by == "year" else COLUMNS)


def _check_by(by: str) -> None:
    if by not in BY:
        raise OptionError(f"by must be one of {', '.join(BY)}, not {by!r}")  # a ValueError too


# --- the command line's TERM… [INPUT…] -----------------------------------------------------------------


def looks_like_input(arg: str) -> bool:
    """Whether a command-line argument names an input rather than a term: '-', an existing file or folder,
    a bundled corpus (corpus:national), anything with a path separator, or a name ending in a report suffix
    (.txt .htm .html .md .jsonl).

    >>> [looks_like_input(a) for a in ("高质量发展", "-", "reports/*.txt", "corpus.jsonl", "corpus:national")]
    [False, True, True, True, True]
    """
    if arg == "-" or arg.startswith(CORPUS_PREFIX) or "/" in arg or os.sep in arg or (os.altsep and os.altsep in arg):
        return True
    if arg.lower().endswith(INPUT_SUFFIXES):
        return True
    return os.path.exists(arg)


def split_arguments(args: Sequence[str], terms: Sequence[str] = ()) -> tuple[list[str], list[str]]:
    """(terms, inputs) from the positional arguments of ``govreport trends``.

    With ``terms`` given (``-t``), every argument is an input. Otherwise the first argument is a term, and
    so is each one after it up to the first that :func:`looks_like_input`; from there on all are inputs.

    >>> split_arguments(["高质量发展", "放管服", "corpus.jsonl", "more"])
    (['高质量发展', '放管服'], ['corpus.jsonl', 'more'])
    >>> split_arguments(["a.txt"], terms=["新质生产力"])
    (['新质生产力'], ['a.txt'])
    """
    if terms:
        return _unique(terms), list(args)
    args = list(args)
    cut = len(args)
    for i, arg in enumerate(args):
        if i > 0 and looks_like_input(arg):
            cut = i
            break
    return _unique(args[:cut]), args[cut:]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


# --- counting --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A term as given and how it is counted: literally (as phrases count) or as a regular expression."""

    text: str
    pattern: re.Pattern | None = None

    def count(self, text: str) -> int:
        if self.pattern is None:
            from govreport.phrases import count_phrase

            return count_phrase(text, fold_traditional(self.text))[0]
        return sum(1 for m in self.pattern.finditer(text) if m.end() > m.start())


def compile_terms(terms: Iterable[str], regex: bool = False) -> list[Term]:
    """Terms ready to count; ValueError (one line) for an empty term or a bad regular expression."""
    out = []
    for text in _unique(terms):
        if not text:
            raise ValueError("empty term")
        if regex:
            from govreport.keywords import compile_pattern

            try:
                out.append(Term(text, compile_pattern(text, regex=True)))
            except ValueError as exc:
                raise ValueError(f"{text}: {exc}") from None
        else:
            out.append(Term(text))
    if not out:
        raise ValueError("give at least one term")
    return out


@dataclass(frozen=True)
class DocCounts:
    """What one document contributes: its metadata, its size and each term's count (in term order)."""

    doc: str
    year: int | None
    region: str
    chars: int
    counts: tuple[int, ...]


def doc_counts(report, terms: Sequence[Term]) -> DocCounts:
    """Count every term in one report (a top-level function: this is what worker processes run)."""
    text = report.view.text  # terms are counted in the normalised view: 社会主义 where 社會主義 is written
    return DocCounts(report.id, report.year, report.region, len(report.text), tuple(t.count(text) for t in terms))


def per_10k(count: int, chars: int) -> float:
    return round(count * 10000 / chars, 3) if chars else 0.0


def _year_key(year: int | None) -> tuple[int, int]:
    return (1, 0) if year is None else (0, year)


def rows_from_counts(items: Iterable[DocCounts], terms: Sequence[Term], by: str = "doc") -> list[dict]:
    """The rows of :func:`columns` from the documents' counts (in input order)."""
    _check_by(by)
    docs = list(items)
    order = sorted(range(len(docs)), key=lambda i: (_year_key(docs[i].year), i))  # stable: input order
    rows: list[dict] = []
    for k, term in enumerate(terms):
        if by == "doc":
            for i in order:
                d = docs[i]
                rows.append({"term": term.text, "doc": d.doc, "year": d.year, "region": d.region,
                             "count": d.counts[k], "per_10k": per_10k(d.counts[k], d.chars)})
            continue
        years: dict[int | None, list[int]] = {}
        for i in order:
            d = docs[i]
            total = years.setdefault(d.year, [0, 0, 0])
            total[0] += 1
            total[1] += d.counts[k]
            total[2] += d.chars
        for year, (n, count, chars) in years.items():  # insertion order is year order
            rows.append({"term": term.text, "year": year, "docs": n, "count": count,
                         "per_10k": per_10k(count, chars)})
    return rows


def trend_rows(reports: Iterable, terms: Iterable[str], by: str = "doc", regex: bool = False) -> list[dict]:
    """Trend rows of reports (Report objects, or texts), in this process; see the module's description."""
    from govreport.document import Report

    compiled = compile_terms(terms, regex)
    docs = (r if isinstance(r, Report) else Report.from_text(str(r)) for r in reports)
    return rows_from_counts((doc_counts(r, compiled) for r in docs), compiled, by)


def produce_trends(batch, terms: Iterable[str], by: str = "doc", regex: bool = False) -> Iterator[dict]:
    """Rows of ``govreport trends`` over a :class:`~govreport.batch.Batch`: documents are read and counted in
    worker processes, and the rows leave once every document is in (they are ordered by year)."""
    compiled = compile_terms(terms, regex)
    if not regex:
        from govreport.phrases import default_rules

        default_rules()  # compiled once here: forked workers inherit the rules
    yield from rows_from_counts(batch.map(functools.partial(doc_counts, terms=compiled)), compiled, by)


# --- the terminal chart ------------------------------------------------------------------------------------


def bar(value: float, top: float, width: int = BAR_WIDTH) -> str:
    """A horizontal bar of ``value`` on a scale where ``top`` fills ``width`` cells (in eighths of a cell).

    >>> bar(5, 10, 4), bar(10, 10, 4), bar(0, 10, 4), len(bar(3, 10, 4))
    ('██', '████', '', 2)
    """
    if top <= 0 or value <= 0:
        return ""
    eighths = max(1, round(min(value, top) / top * width * 8))
    full, rest = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[rest] if rest else "")


def draw_chart(rows: list[dict], columns: list[str], stream: IO[str]) -> None:
    """The table format of ``govreport trends``: for each term, its rows with a bar of per_10k scaled to the
    term's largest per_10k, so that a rise is seen at a glance. The term is the title; every other column is
    shown. No rows: the plain header-only table."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from govreport.output import NUMERIC_COLUMNS, Writer, cell, isatty, printable, visible

    if not rows:
        Writer(columns, "table", stream).close()
        return
    shown = [c for c in columns if c != "term"]
    by_term: dict[str, list[dict]] = {}
    for row in rows:
        by_term.setdefault(str(row["term"]), []).append(row)
    width = None if isatty(stream) else 100_000
    console = Console(file=stream, soft_wrap=False, width=width)
    for term, term_rows in by_term.items():
        top = max(float(r["per_10k"] or 0) for r in term_rows)
        table = Table(title=Text(printable(visible(term), stream)), title_justify="left", title_style="bold",
                      header_style="bold", show_lines=False, box=None, pad_edge=False)
        for c in shown:
            table.add_column(c, justify="right" if c in NUMERIC_COLUMNS else "left", overflow="fold")
        table.add_column("per_10k chart", no_wrap=True, style="cyan")
        for r in term_rows:
            table.add_row(*[Text(printable(visible(cell(r.get(c))), stream)) for c in shown],
                          bar(float(r["per_10k"] or 0), top))
        console.print(table)
        console.print()
