"""Keyness: which terms are over- or under-represented in target reports against reference reports.

Both sides are segmented and filtered as ``govreport keywords`` does (rjieba and the policy lexicon, the
report's own numbered slogans kept whole; terms of at least ``min_len`` characters, numbers, punctuation and
stopwords dropped), and their term counts are pooled. Without reference reports the reference is the
bundled national background (``data/background.tsv``: term counts over the 69 national documents, built by
scripts/build_national_tables.py), filtered the same way.

For each term a 2×2 table is scored::

                 term   other terms
    target        a     c = target total − a
    reference     b     d = reference total − b

- ``chi2``: Pearson's χ² = N (|ad − bc| − N·δ)² / ((a+b)(c+d)(a+c)(b+d)).
- ``lr``: the log-likelihood ratio G² = 2 Σ O ln(O / E) over the four cells (0 ln 0 = 0).

As in quanteda's ``textstat_keyness``, the statistic is signed: positive when the term is more frequent in
the target than expected (a > E = (a+b)(a+c)/N), negative when less. The correction follows quanteda's
default too: ``yates`` moves each cell 0.5 towards its expected count (δ = 0.5) when some expected count is
below 5 and |ad − bc| ≥ N/2, for either measure; ``williams`` divides the statistic by Williams' q =
1 + (N/(a+b) + N/(c+d) − 1)(N/(a+c) + N/(b+d) − 1) / (6N); ``none`` applies neither. The p-value is that of
the χ² distribution with one degree of freedom: erfc(√(|statistic| / 2)).

Rows have the columns term, target_count, reference_count, statistic, p_value, sorted by statistic
(descending, then term).

>>> row = score(30, 10, 1000, 2000)
>>> row["statistic"] > 0, 0 <= row["p_value"] < 0.001
(True, True)
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from govreport.wordfiles import data_text

COLUMNS = ["term", "target_count", "reference_count", "statistic", "p_value"]
MEASURES = ("chi2", "lr")
CORRECTIONS = ("yates", "williams", "none")
BACKGROUND_NAME = "background.tsv"
SMALL_EXPECTED = 5.0  # Yates' correction applies when some expected count is below this


def columns() -> list[str]:
    """The output columns of ``govreport keyness``."""
    return list(COLUMNS)


# --- the statistics ----------------------------------------------------------------------------------------


def _check(measure: str, correction: str) -> None:
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r} (choose from {', '.join(MEASURES)})")
    if correction not in CORRECTIONS:
        raise ValueError(f"unknown correction {correction!r} (choose from {', '.join(CORRECTIONS)})")


def yates_delta(a: float, b: float, c: float, d: float) -> float:
    """0.5 when Yates' continuity correction applies to the 2×2 table [[a, c], [b, d]] (some expected count
    below 5 and |ad − bc| ≥ N/2), else 0."""
    n = a + b + c + d
    if abs(a * d - b * c) < n / 2:
        return 0.0
    rows = (a + c, b + d)
    cols = (a + b, c + d)
    small = any(r * k / n < SMALL_EXPECTED for r in rows for k in cols)
    return 0.5 if small else 0.0


def williams_q(a: float, b: float, c: float, d: float) -> float:
    """Williams' correction factor q for the 2×2 table [[a, c], [b, d]] (all margins positive)."""
    n = a + b + c + d
    return 1.0 + (n / (a + b) + n / (c + d) - 1.0) * (n / (a + c) + n / (b + d) - 1.0) / (6.0 * n)


def _xlogx_over(observed: float, expected: float) -> float:
    return observed * math.log(observed / expected) if observed > 0 else 0.0


def statistic(a: int, b: int, target_total: int, reference_total: int, measure: str = "chi2",
              correction: str = "yates") -> float:
    """The signed keyness statistic of a term counted ``a`` times among ``target_total`` target terms and
    ``b`` times among ``reference_total`` reference terms.

    >>> statistic(10, 10, 100, 100)
    0.0
    >>> statistic(5, 20, 100, 100) < 0 < statistic(20, 5, 100, 100)
    True
    """
    _check(measure, correction)
    c = target_total - a
    d = reference_total - b
    if min(a, b, c, d) < 0:
        raise ValueError("a count exceeds its total")
    n = a + b + c + d
    margins = (a + b, c + d, a + c, b + d)
    if n == 0 or min(margins) == 0:
        return 0.0  # a term in every token, or a side without tokens: no evidence either way
    expected_a = (a + b) * (a + c) / n
    if a == expected_a:
        return 0.0
    sign = 1.0 if a > expected_a else -1.0
    delta = yates_delta(a, b, c, d) if correction == "yates" else 0.0
    if measure == "chi2":
        value = n * (abs(a * d - b * c) - n * delta) ** 2 / (margins[0] * margins[1] * margins[2] * margins[3])
    else:
        shift = -delta if a * d - b * c > 0 else delta  # towards the expected counts
        aa, bb, cc, dd = a + shift, b - shift, c - shift, d + shift
        value = 2.0 * (_xlogx_over(aa, (aa + bb) * (aa + cc) / n) + _xlogx_over(bb, (aa + bb) * (bb + dd) / n)
                       + _xlogx_over(cc, (cc + dd) * (aa + cc) / n) + _xlogx_over(dd, (cc + dd) * (bb + dd) / n))
        value = max(value, 0.0)  # rounding can leave -1e-16 for a table at independence
    if correction == "williams":
        value /= williams_q(a, b, c, d)
    return sign * value


def p_value(stat: float) -> float:
    """P(χ²₁ ≥ |stat|) = erfc(√(|stat| / 2)).

    >>> round(p_value(3.841459), 4)
    0.05
    """
    return math.erfc(math.sqrt(abs(stat) / 2.0))


def score(a: int, b: int, target_total: int, reference_total: int, measure: str = "chi2",
          correction: str = "yates") -> dict[str, Any]:
    """statistic and p_value of one term (unrounded)."""
    stat = statistic(a, b, target_total, reference_total, measure, correction)
    return {"statistic": stat, "p_value": p_value(stat)}


def _round_p(p: float) -> float:
    return float(f"{p:.6g}")


def keyness_table(target: dict[str, int], reference: dict[str, int], measure: str = "chi2",
                  correction: str = "yates", top: int = 20, bottom: int = 0) -> list[dict]:
    """Rows of every term of either side, sorted by statistic (descending, then term); with ``top`` > 0 only
    the ``top`` first, plus the ``bottom`` last (most under-represented) when ``bottom`` > 0. ``top`` 0 and
    ``bottom`` 0: every term. No rows when either side has no terms."""
    _check(measure, correction)
    if top < 0 or bottom < 0:
        raise ValueError("top and bottom must be 0 or more")
    target_total = sum(target.values())
    reference_total = sum(reference.values())
    if not target_total or not reference_total:
        return []  # a side without terms (no document read, or none kept): nothing to compare
    rows = []
    for term in set(target) | set(reference):
        a, b = target.get(term, 0), reference.get(term, 0)
        if a == 0 and b == 0:
            continue
        stat = statistic(a, b, target_total, reference_total, measure, correction)
        rows.append({"term": term, "target_count": a, "reference_count": b, "statistic": round(stat, 4),
                     "p_value": _round_p(p_value(stat)), "_stat": stat})
    rows.sort(key=lambda r: (-r["_stat"], r["term"]))
    for r in rows:
        del r["_stat"]
    if top == 0 and bottom == 0:
        return rows
    head = rows[:top]
    tail = rows[max(len(head), len(rows) - bottom):] if bottom else []
    return head + tail


# --- counting terms ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Background:
    """Term counts of the bundled national background over ``documents`` documents."""

    counts: dict[str, int]
    documents: int

    def filtered(self, min_len: int = 2, stopwords: frozenset[str] = frozenset()) -> dict[str, int]:
        """The counts of the terms kept by ``min_len`` and ``stopwords`` (numbers are never listed)."""
        return {t: n for t, n in self.counts.items() if len(t) >= min_len and t not in stopwords}


def parse_background(text: str, source: str = BACKGROUND_NAME) -> Background:
    """A background table: '# documents: N' among the comments, a 'term<TAB>count' header, then rows."""
    from govreport.keywords import documents_in

    counts: dict[str, int] = {}
    documents = 0
    for lineno, line in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        if line.startswith("#"):
            documents = documents_in(line, documents)
            continue
        if not line.strip() or line == "term\tcount":
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[1].isdigit():
            raise ValueError(f"{source}:{lineno}: expected term<TAB>count")
        counts[parts[0]] = counts.get(parts[0], 0) + int(parts[1])
    if not counts:
        raise ValueError(f"{source}: no term counts")
    return Background(counts, documents)


@functools.lru_cache(maxsize=1)
def load_background() -> Background:
    """The bundled national background, govreport/data/background.tsv (built by scripts/build_national_tables.py)."""
    text = data_text(BACKGROUND_NAME)
    return parse_background(text)


def _term_options(options: dict[str, Any]) -> dict[str, Any]:
    keys = ("min_len", "stopwords_file", "no_stopwords", "engine", "userdict")
    return {k: options[k] for k in keys if k in options and options[k] is not None}


def check_options(measure: str = "chi2", correction: str = "yates", top: int = 20, bottom: int = 0,
                  min_len: int = 2, stopwords_file: str | None = None, no_stopwords: bool = False,
                  engine: str = "rjieba", userdict: str | None = None, background: bool = True) -> None:
    """Validate the options and load what they need (tokenizer, stopwords, background) in this process, so
    that worker processes start with it; ValueError (one line) on a bad option or file."""
    from govreport import keywords

    _check(measure, correction)
    if top < 0 or bottom < 0:
        raise ValueError("top and bottom must be 0 or more")
    keywords.check_options(method="freq", min_len=min_len, stopwords_file=stopwords_file,
                           no_stopwords=no_stopwords, engine=engine, userdict=userdict)
    if background:
        load_background()


def term_counts(report, **options: Any) -> dict[str, int]:
    """The kept terms of one report with their counts (a top-level function: workers run it)."""
    from govreport.keywords import doc_terms

    return doc_terms(report, method="freq", **_term_options(options)).counts


def _pool(counts: Iterable[dict[str, int]]) -> dict[str, int]:
    total: Counter = Counter()
    for c in counts:
        total.update(c)
    return dict(total)


def background_counts(min_len: int = 2, stopwords_file: str | None = None, no_stopwords: bool = False,
                      **_: Any) -> dict[str, int]:
    """The national background's counts, filtered as the target's terms are."""
    from govreport.keywords import stopword_set

    return load_background().filtered(min_len, stopword_set(stopwords_file, no_stopwords))


def keyness_rows(targets: Iterable, reference: Iterable | None = None, measure: str = "chi2",
                 correction: str = "yates", top: int = 20, bottom: int = 0, **options: Any) -> list[dict]:
    """Keyness rows of target reports (Report objects, or texts) against reference reports, or against the
    national background when ``reference`` is None; in this process.

    ``options``: min_len, stopwords_file, no_stopwords, engine, userdict (as for keywords).
    """
    from govreport.document import Report

    check_options(measure, correction, top, bottom, background=reference is None, **_term_options(options))

    def docs(items: Iterable) -> Iterator:
        return (r if isinstance(r, Report) else Report.from_text(str(r)) for r in items)

    target = _pool(term_counts(r, **options) for r in docs(targets))
    if reference is None:
        ref = background_counts(**_term_options(options))
    else:
        ref = _pool(term_counts(r, **options) for r in docs(reference))
    return keyness_table(target, ref, measure, correction, top, bottom)


def produce_keyness(batch, reference_batch=None, measure: str = "chi2", correction: str = "yates",
                    top: int = 20, bottom: int = 0, **options: Any) -> Iterator[dict]:
    """Rows of ``govreport keyness``: the target documents (``batch``) and then the reference documents
    (``reference_batch``; None for the national background) are segmented and counted in worker processes.

    Failures of the reference batch are added to the target batch's, so that its exit code covers both.
    """
    term_options = _term_options(options)
    check_options(measure, correction, top, bottom, background=reference_batch is None, **term_options)
    fn = functools.partial(term_counts, **term_options)
    target = _pool(batch.map(fn))
    if reference_batch is None:
        ref = background_counts(**term_options)
    else:
        reference_batch.exclude = batch.exclude  # never read the file being written
        try:
            ref = _pool(reference_batch.map(fn))
        finally:
            absorb_failures(batch, reference_batch)
    yield from keyness_table(target, ref, measure, correction, top, bottom)


def absorb_failures(batch, other) -> None:
    """Count ``other``'s documents and failures as ``batch``'s (those already reported stay reported)."""
    batch.done += other.done
    batch.missing_inputs += other.missing_inputs
    if other.failures:
        unreported = batch.failures[batch._reported:]
        reported = batch.failures[:batch._reported]
        batch.failures[:] = (reported + other.failures[:other._reported] + unreported
                             + other.failures[other._reported:])
        batch._reported += other._reported
