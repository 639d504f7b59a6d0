"""Many reports at once: the same analyses as a :class:`~govreport.document.Report`, over a corpus."""

from __future__ import annotations

from govreport.document import Report


class Corpus(list[Report]):
    """A list of reports whose analyses return one DataFrame for all of them.

    >>> corpus = Corpus([Report.from_text("2018年政府工作报告\\n地区生产总值增长8%。", id="a")])
    >>> list(corpus.metrics()["indicator"])
    ['地区生产总值']
    """

    def info(self):
        import pandas as pd

        return pd.DataFrame([r.info() for r in self])

    def _concat(self, method: str, *args, **kwargs):
        import pandas as pd

        frames = [getattr(r, method)(*args, **kwargs) for r in self]
        if not frames:
            return getattr(Report.from_text(" ", id="empty"), method)(*args, **kwargs)
        return pd.concat(frames, ignore_index=True)

    def numbers(self):
        return self._concat("numbers")

    def metrics(self, **filters):
        return self._concat("metrics", **filters)

    def kwic(self, pattern: str, **options):
        return self._concat("kwic", pattern, **options)

    def phrases(self, **options):
        from govreport import phrases

        return _frame(phrases.phrase_rows(list(self), **options), phrases.columns(options.get("by", "doc")))

    def targets(self):
        """Each year's targets against the outcomes the next year's report gives (``govreport targets``)."""
        from govreport import targets

        return _frame(targets.target_rows(list(self)), targets.COLUMNS)

    def keywords(self, **options):
        from govreport import keywords

        return _frame(keywords.keyword_rows(list(self), **options), keywords.columns(options.get("method", "freq")))

    def trends(self, terms, by: str = "doc", regex: bool = False):
        """How often ``terms`` (a term or a list) occur in each report, or per year with ``by="year"``, as a
        DataFrame (the rows of ``govreport trends``)."""
        from govreport import trends

        terms = [terms] if isinstance(terms, str) else list(terms)
        return _frame(trends.trend_rows(list(self), terms, by=by, regex=regex), trends.columns(by))

    def keyness(self, reference=None, **options):
        """Terms over- or under-represented in these reports (pooled) against ``reference`` (reports, or None
        for the bundled national background), as a DataFrame (the rows of ``govreport keyness``); ``options``
        as in the command: measure, correction, top, bottom, min_len, stopwords_file, no_stopwords, engine."""
        from govreport import keyness

        ref = None if reference is None else list(reference)
        return _frame(keyness.keyness_rows(list(self), ref, **options), keyness.columns())


def _frame(rows, columns):
    from govreport.output import frame  # missing values (None, "", NaN) as missing, as in every format

    return frame(rows, columns)
