"""The Python API: reports and corpora whose analyses return pandas DataFrames.

The document model (:mod:`govreport.document`) imports no analysis; this layer does, so that
``govreport.load(path).metrics()`` works while every analysis takes a plain :class:`document.Report`.
pandas is imported only when a DataFrame is made.

>>> r = load("2018年九龙坡区政府工作报告\\n地区生产总值增长8.3%。")
>>> list(r.metrics()["indicator"]), r.region
(['地区生产总值'], '九龙坡区')
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterable, Iterator

from govreport import (
    document,
    keyness,
    keywords,
    loading,
    metrics,
    output,
    phrases,
    quantities,
    segment,
    targets,
    trends,
)


def _number_rows(reports: Iterable[document.Report]) -> Iterator[dict]:
    for r in reports:
        yield from quantities.number_rows(r)


def _metric_rows(reports: Iterable[document.Report], filters: dict) -> Iterator[dict]:
    keep = metrics.make_filter(**filters)
    for r in reports:
        yield from metrics.metric_rows(r, keep=keep)


def _kwic_rows(reports: Iterable[document.Report], pattern: str, regex: bool, window: int) -> Iterator[dict]:
    compiled = keywords.compile_pattern(pattern, regex)
    for r in reports:
        yield from keywords.kwic_rows(r, pattern=compiled, window=window)


class _Analyses:
    """The analyses a report and a corpus share, each one DataFrame over :meth:`_reports` (missing values, None,
    "" or NaN, as missing, as in every format: output.frame)."""

    def _reports(self) -> list[document.Report]:
        raise NotImplementedError

    def numbers(self):
        """Every quantity (the rows of ``govreport numbers``)."""
        return output.frame(_number_rows(self._reports()), quantities.COLUMNS)

    def metrics(self, **filters):
        """The metric table; ``filters`` as in ``govreport metrics`` (kind, indicator, section, regex)."""
        return output.frame(_metric_rows(self._reports(), filters), metrics.COLUMNS)

    def keywords(self, **options):
        """Keywords; ``options`` as in ``govreport keywords`` (method, top, ...)."""
        return output.frame(keywords.keyword_rows(self._reports(), **options),
                            keywords.columns(options.get("method", "freq")))

    def kwic(self, pattern: str, regex: bool = False, window: int = 20):
        """Every occurrence of ``pattern`` with ``window`` characters of context."""
        return output.frame(_kwic_rows(self._reports(), pattern, regex, window), keywords.KWIC_COLUMNS)

    def phrases(self, **options):
        """Policy phrases; ``options`` as in ``govreport phrases`` (by, lexicon, ...)."""
        return output.frame(phrases.phrase_rows(self._reports(), **options), phrases.columns(options.get("by", "doc")))


class Report(_Analyses, document.Report):
    """A report whose analyses return DataFrames, with the columns of the command of the same name."""

    @classmethod
    def of(cls, report: document.Report) -> Report:
        """The same report (text, id, title, metadata) with the DataFrame methods: a copy, so that metadata not
        inferred yet stays so (Report.from_text) and a view already built is kept."""
        if isinstance(report, cls):
            return report
        new = copy.copy(report)
        new.__class__ = cls
        return new

    def _reports(self) -> list[document.Report]:
        return [self]

    def segment(self, **options) -> list[str]:
        """The text cut into words (see ``govreport segment``)."""
        return segment.cut(self.view.text, **options)  # the normalised view, as the command cuts


class Corpus(_Analyses, list[Report]):
    """A list of reports whose analyses return one DataFrame for all of them.

    >>> corpus = Corpus([document.Report.from_text("2018年政府工作报告\\n地区生产总值增长8%。", id="a")])
    >>> list(corpus.metrics()["indicator"]), type(corpus[0]).__name__
    (['地区生产总值'], 'Report')
    """

    def __init__(self, reports: Iterable[document.Report] = ()):
        super().__init__(Report.of(r) for r in reports)

    def _reports(self) -> list[document.Report]:
        return list(self)

    def info(self):
        import pandas as pd

        return pd.DataFrame([r.info() for r in self])

    def targets(self, shape: str = "long", indicator: str | None = None, region: str | None = None):
        """Each region's targets for a year against the outcomes its next report gives (``govreport targets``):
        ``shape`` long, wide (one row per region and year) or headline (each report's own); ``indicator``
        keeps ids or names containing it; ``region`` is the region of reports that name none."""
        rows = targets.target_rows(list(self), shape=shape, indicator=indicator, region=region)
        return output.frame(rows, targets.columns(shape, indicator))

    def trends(self, terms, by: str = "doc", regex: bool = False):
        """How often ``terms`` (a term or a list) occur in each report, or per year with ``by="year"`` (the rows
        of ``govreport trends``)."""
        terms = [terms] if isinstance(terms, str) else list(terms)
        return output.frame(trends.trend_rows(list(self), terms, by=by, regex=regex), trends.columns(by))

    def keyness(self, reference=None, **options):
        """Terms over- or under-represented in these reports (pooled) against ``reference`` (reports, or None
        for the bundled national background), the rows of ``govreport keyness``; ``options`` as in the
        command: measure, correction, top, bottom, min_len, stopwords_file, no_stopwords, engine."""
        ref = None if reference is None else list(reference)
        return output.frame(keyness.keyness_rows(list(self), ref, **options), keyness.columns())


def load(source: str | os.PathLike | bytes, encoding: str | None = None) -> Report:
    """A report from a path, raw bytes, or the text itself (see :func:`govreport.loading.load`)."""
    return Report.of(loading.load(source, encoding))


def load_corpus(inputs, encoding: str | None = None) -> Corpus:
    """Reports from files, folders, globs or .jsonl corpora."""
    return Corpus(loading.load_corpus(inputs, encoding))
