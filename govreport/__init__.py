"""govreport: mine Chinese government work reports (政府工作报告).

The public API is flat and lazy: importing govreport loads neither jieba nor pandas.

>>> import govreport
>>> report = govreport.load("2018年政府工作报告\\n地区生产总值增长8.3%。")
>>> report.year
2018
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Report": "govreport.document",
    "Section": "govreport.document",
    "load": "govreport.loading",
    "decode": "govreport.loading",
    "html_to_text": "govreport.loading",
    "LoadError": "govreport.loading",
    "parse_numeral": "govreport.numerals",
    "find_quantities": "govreport.quantities",
    "find_metrics": "govreport.metrics",
    "cut": "govreport.segment",
    "write_rows": "govreport.output",
}

__all__ = sorted([*_EXPORTS, "load_corpus", "numbers", "metrics", "keywords", "kwic", "phrases"])


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'govreport' has no attribute {name!r}")


def load_corpus(inputs, encoding: str | None = None):
    """Reports from files, folders, globs or .jsonl corpora, as a list of :class:`Report`."""
    from govreport.loading import load_corpus as _load_corpus

    return _load_corpus(inputs, encoding)


def _frame(rows, columns):
    import pandas as pd

    return pd.DataFrame(list(rows), columns=columns)


def _reports(source):
    from govreport.document import Report
    from govreport.loading import load

    if isinstance(source, Report):
        return [source]
    if isinstance(source, list | tuple):
        return [s if isinstance(s, Report) else load(s) for s in source]
    return [load(source)]


def numbers(source):
    """Every quantity in one or more reports (paths, texts or Reports), as a DataFrame."""
    from govreport import quantities

    return _frame((r for rep in _reports(source) for r in quantities.number_rows(rep)), quantities.COLUMNS)


def metrics(source, **filters):
    """The metric table of one or more reports, as a DataFrame."""
    from govreport import metrics as mt

    keep = mt.make_filter(**filters)
    return _frame((r for rep in _reports(source) for r in mt.metric_rows(rep, keep=keep)), mt.COLUMNS)


def keywords(source, **options):
    """Keywords of one or more reports, as a DataFrame (see ``govreport keywords``)."""
    from govreport import keywords as kw

    reports = _reports(source)
    return _frame(kw.keyword_rows(reports, **options), kw.columns(options.get("method", "freq")))


def kwic(source, pattern: str, regex: bool = False, window: int = 20):
    """Keyword in context over one or more reports, as a DataFrame."""
    from govreport import keywords as kw

    matcher = kw.compile_pattern(pattern, regex)
    return _frame((r for rep in _reports(source) for r in kw.kwic_rows(rep, pattern=matcher, window=window)),
                  kw.KWIC_COLUMNS)


def phrases(source, **options):
    """Policy phrases of one or more reports, as a DataFrame (see ``govreport phrases``)."""
    from govreport import phrases as ph

    return _frame(ph.phrase_rows(_reports(source), **options), ph.columns(options.get("by", "doc")))
