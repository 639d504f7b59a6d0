"""Keywords (frequency, TF-IDF, TextRank) and keyword in context.

Documents are segmented with :mod:`govreport.segment` (rjieba and the policy lexicon by default); numbers,
punctuation, stopwords and terms shorter than ``min_len`` are dropped. Numbered slogans the report itself
coins (三去一降一补, 两个一百年; found by ``govreport.phrases.numbered_slogans`` when available) are kept
whole as well.

- ``freq``: terms by count.
- ``tfidf``: term frequency × the inverse document frequency of the national reports (``data/idf.tsv``,
  built by scripts/build_national_tables.py), so that words every report uses (发展, 建设, 推进) rank low.
- ``textrank``: PageRank over the graph of terms that occur within a few words of each other in a sentence.

Every row has the columns doc, rank, term, count, per_10k (count per 10,000 characters of the document) and
score (empty for ``freq``).
"""

from __future__ import annotations

import functools
import heapq
import math
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate, compress, filterfalse, repeat
from operator import ge, itemgetter, mul, sub
from typing import Any

from govreport.lazy_regex import lazy
from govreport.wordfiles import data_text

COLUMNS = ["doc", "rank", "term", "count", "per_10k", "score"]
KWIC_COLUMNS = ["doc", "start", "end", "left", "match", "right"]
METHODS = ("freq", "tfidf", "textrank")
GROUPINGS = ("doc", "all")
ALL_DOC = "all"

STOPWORDS_NAME = "stopwords.txt"
IDF_NAME = "idf.tsv"

TEXTRANK_WINDOW = 5  # terms co-occur when at most 4 kept terms apart, in one sentence
TEXTRANK_DAMPING = 0.85
TEXTRANK_MAX_ITER = 100
TEXTRANK_TOL = 1e-6  # stop when no score moves by more than this share of the best score

# A token made only of numerals (Arabic, full-width or Chinese), numeric punctuation, an optional 第 before
# and one counting character after (2017, 8.3%, 一百, 第三, 五年, 两个) is a number, not a term.
_NUMERAL_CHARS = "0123456789０１２３４５６７８９零〇一二三四五六七八九十百千万亿两几.．,，%％‰·:：/+-－"
_NUMBERLIKE = lazy(
    "第?[" + re.escape(_NUMERAL_CHARS) + "]+[届次个项条批年月日号期倍岁名位点时分秒天周]?"
)
_NUMERAL_SET = frozenset(_NUMERAL_CHARS)
_SENTENCE_BREAK = frozenset("。！？；!?;\n")


def columns(method: str = "freq") -> list[str]:
    """The output columns of ``method``: the same for every method (score is empty for freq)."""
    _check_method(method)
    return list(COLUMNS)


def _check_method(method: str) -> None:
    if method not in METHODS:
        raise ValueError(f"unknown keyword method {method!r} (choose from {', '.join(METHODS)})")


# --- word lists ----------------------------------------------------------------------------------


def parse_wordlist(text: str) -> frozenset[str]:
    """Words of a list: whitespace-separated, lines starting with '#' skipped.

    >>> sorted(parse_wordlist("# stopwords\\n的 了\\r\\n我们\\n"))
    ['了', '我们', '的']
    """
    words: set[str] = set()
    for line in text.lstrip("\ufeff").splitlines():
        if not line.lstrip().startswith("#"):
            words.update(line.split())
    return frozenset(words)


@functools.lru_cache(maxsize=1)
def bundled_stopwords() -> frozenset[str]:
    """The bundled stopword list, govreport/data/stopwords.txt."""
    return parse_wordlist(data_text(STOPWORDS_NAME))


def read_stopwords(path: str | os.PathLike) -> frozenset[str]:
    """A stopword file in any encoding govreport reads; ValueError (one line) when it cannot be read."""
    from govreport.wordfiles import read_word_file

    return parse_wordlist(read_word_file(path, "stopword file"))


@functools.lru_cache(maxsize=8)
def stopword_set(stopwords_file: str | None = None, no_stopwords: bool = False) -> frozenset[str]:
    """The stopwords in force: the bundled list (unless ``no_stopwords``) plus those of ``stopwords_file``."""
    words = frozenset() if no_stopwords else bundled_stopwords()
    if stopwords_file:
        words = words | read_stopwords(stopwords_file)
    return words


# --- the IDF table -------------------------------------------------------------------------------


@dataclass(frozen=True)
class IdfTable:
    """Inverse document frequencies of terms over ``documents`` reports; ``unseen`` for any other term."""

    idf: dict[str, float]
    documents: int
    unseen: float

    def __call__(self, term: str) -> float:
        return self.idf.get(term, self.unseen)


def smoothed_idf(df: int, documents: int) -> float:
    """ln((N + 1) / (df + 1)): 0 for a term in every document, highest (ln(N + 1)) for an unseen one.

    Without the "+ 1" some libraries add, words every report uses score (nearly) nothing: over 69 reports
    a floor of 1 would leave 发展 and 建设 among the top five TF-IDF terms of a district report.

    >>> round(smoothed_idf(69, 69), 6), round(smoothed_idf(0, 69), 3)
    (0.0, 4.248)
    """
    return math.log((documents + 1) / (df + 1))


def documents_in(comment: str, default: int) -> int:
    """The N of a bundled table's '# documents: N' comment line; ``default`` for any other comment."""
    m = re.match(r"#\s*documents:\s*(\d+)", comment)
    return int(m.group(1)) if m else default


def parse_idf(text: str) -> IdfTable:
    """An IDF table: '# documents: N' among the comments, then rows of term, df, idf (tab-separated)."""
    idf: dict[str, float] = {}
    documents = 0
    for line in text.splitlines():
        if line.startswith("#"):
            documents = documents_in(line, documents)
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[0] == "term":
            continue
        idf[parts[0]] = float(parts[2])
    if not documents:
        raise ValueError(f"{IDF_NAME}: no '# documents: N' line")
    return IdfTable(idf, documents, smoothed_idf(0, documents))


@functools.lru_cache(maxsize=1)
def load_idf() -> IdfTable:
    """The bundled IDF table, govreport/data/idf.tsv (built by scripts/build_national_tables.py)."""
    return parse_idf(data_text(IDF_NAME))


# --- terms of one document -----------------------------------------------------------------------


def report_slogans(text: str) -> frozenset[str]:
    """The numbered slogans a report coins, when govreport.phrases provides ``numbered_slogans``."""
    try:
        from govreport.phrases import numbered_slogans
    except ImportError:
        return frozenset()
    return frozenset(s for s in numbered_slogans(text) if isinstance(s, str) and s.strip())


def is_term(token: str, min_len: int, stopwords: frozenset[str], protected: frozenset[str]) -> bool:
    """Whether a token counts as a term: long enough, not a stopword, and a word rather than a number or
    punctuation (lexicon words and slogans such as 十三五 are words even when they look numeric).

    >>> [t for t in ["推进", "2017", "8.3%", "，", "第三", "的", "5G"] if is_term(t, 2, frozenset({"的"}), frozenset())]
    ['推进', '5G']
    """
    if len(token) < min_len or token in stopwords:
        return False
    return token in protected or is_wordlike(token)


_WORDLIKE: dict[str, bool] = {}


def is_wordlike(token: str) -> bool:
    """A word rather than a number, punctuation or space: it has a letter that is not a numeral, and it is
    not a numeral with a counter (五年, 第三). Cached: documents share most of their tokens."""
    known = _WORDLIKE.get(token)
    if known is None:
        if token.isalpha() and _NUMERAL_SET.isdisjoint(token):  # most tokens: letters, no numeral of the pattern
            known = not token.isnumeric()
        else:
            known = (any(ch.isalpha() and not ch.isnumeric() for ch in token)
                     and not _NUMBERLIKE.fullmatch(token))
        if len(_WORDLIKE) < 500_000:
            _WORDLIKE[token] = known
    return known


@dataclass
class DocTerms:
    """What one document contributes to a ranking: its term counts (and TextRank scores or edges)."""

    doc: str
    chars: int
    counts: dict[str, int]
    scores: dict[str, float] | None = None  # textrank, by document
    edges: dict[tuple[str, str], int] | None = None  # textrank, over all documents


def doc_terms(report, method: str = "freq", by: str = "doc", min_len: int = 2, stopwords_file: str | None = None,
              no_stopwords: bool = False, engine: str = "rjieba", userdict: str | None = None) -> DocTerms:
    """Segment one report and count its terms; for TextRank also its co-occurrence graph (and, by
    document, the scores). Pure and picklable: this is what worker processes run."""
    stopwords = stopword_set(stopwords_file, no_stopwords)
    tokens, protected = segmented(report, engine, userdict)
    if method != "textrank":
        return DocTerms(report.id, len(report.text), term_counts(tokens, min_len, stopwords, protected))
    sentences = term_sentences(tokens, lambda t: is_term(t, min_len, stopwords, protected))
    counts = dict(Counter(t for s in sentences for t in s))
    edges = cooccurrence(sentences)
    if by == "all":
        return DocTerms(report.id, len(report.text), counts, edges=edges)
    return DocTerms(report.id, len(report.text), counts, scores=textrank(edges, counts))


def segmented(report, engine: str = "rjieba", userdict: str | None = None) -> tuple[list[str], frozenset[str]]:
    """A report's tokens, and the words that are terms even when they look numeric (the lexicon's, the user
    dictionary's and the report's own slogans, which are kept whole)."""
    from govreport.segment import cut_with, get_tokenizer

    tokenizer = get_tokenizer(engine, userdict)
    text = report.view.text  # terms are counted in the normalised view (Simplified, debris dropped)
    slogans = report_slogans(text)
    return cut_with(tokenizer, text, slogans), tokenizer.words | slogans


def top_term_counts(counts: dict[str, int], top: int, keep: Callable[[str], bool]) -> dict[str, int]:
    """The counts of the terms (tokens ``keep`` keeps) whose count reaches the ``top``-th term's: every term
    a ranking by count can show, and no other.

    Only the head of the frequency list is judged, never a document's long tail: the tokens counted at least
    ``least`` times are taken out in C and judged from the most frequent down; ``least`` starts near the
    count of the 4 × ``top``-th token (read off every 8th count, sorted: an eighth of the sorting) and falls
    until ``top`` terms are among them (any ``least`` gives the same terms: it only decides how many are
    judged).

    >>> top_term_counts({"的": 9, "改革": 5, "，": 5, "发展": 3, "创新": 3, "开放": 1}, 2, lambda t: len(t) > 1)
    {'改革': 5, '发展': 3, '创新': 3}
    """
    if top < 1:
        raise ValueError("top must be at least 1")
    sample = sorted(list(counts.values())[::8], reverse=True)
    rank = top // 2 + 1  # in the sample: about the 4 x top-th count of all
    while True:
        least = sample[rank - 1] if rank <= len(sample) else 0  # 0: every token
        head = sorted(compress(counts, map(ge, counts.values(), repeat(least))), key=counts.__getitem__,
                      reverse=True)  # compress/map/ge: the head's tokens without a Python loop over the tail
        terms: dict[str, int] = {}
        floor = 0
        for token in head:
            n = counts[token]
            if n < floor:
                break
            if keep(token):
                terms[token] = n
                if len(terms) == top:
                    floor = n
        if len(terms) >= top or not least:  # the top-th term is in the head: so is every tie of it
            return terms
        rank *= 2


_JUDGED: dict[tuple[int, frozenset[str]], tuple[set[str], set[str]]] = {}
JUDGED_MAX = 500_000  # distinct tokens remembered per (min_len, stopwords)


def term_counts(tokens: Iterable[str], min_len: int, stopwords: frozenset[str],
                protected: frozenset[str]) -> dict[str, int]:
    """How often each term occurs among ``tokens`` (the terms :func:`is_term` keeps).

    Counting comes first (C speed); then the tokens judged no term before (documents share most of their
    tokens) are taken out by set operations, and only new tokens are judged one by one. ``protected``
    words only matter for tokens that are no term on their own (numeric-looking ones).
    """
    counts = Counter(tokens)
    seen, others = _JUDGED.setdefault((min_len, stopwords), (set(), set()))
    new = list(filterfalse(seen.__contains__, counts))
    if new:
        if len(seen) > JUDGED_MAX:
            seen.clear()
            others.clear()
        others.update(non_terms(new, min_len, stopwords))
        seen.update(new)
    drop = others.intersection(counts)  # C: walks the smaller of the two
    if protected and drop:
        drop.difference_update([t for t in protected.intersection(drop) if len(t) >= min_len and t not in stopwords])
    pop = counts.pop  # dict's own: Counter.__delitem__ is Python code
    for t in drop:
        pop(t)
    return counts


def non_terms(tokens: Iterable[str], min_len: int, stopwords: frozenset[str]) -> list[str]:
    """The tokens that are no term on their own (:func:`is_term` without protected words), in one pass: the
    common token (letters, no numeral) is judged inline, without the two calls is_term costs (18 -> 10 ms
    over the national corpus's distinct tokens)."""
    return [t for t in tokens if len(t) < min_len or t in stopwords
            or not ((t.isalpha() and _NUMERAL_SET.isdisjoint(t) and not t.isnumeric()) or is_wordlike(t))]


def term_sentences(tokens: Iterable[str], keep) -> list[list[str]]:
    """The kept terms of each sentence, in order; sentences end at 。！？； and line breaks."""
    decided: dict[str, bool] = {}
    sentences: list[list[str]] = []
    current: list[str] = []
    for tok in tokens:
        if tok in _SENTENCE_BREAK or "\n" in tok:
            if current:
                sentences.append(current)
                current = []
            continue
        ok = decided.get(tok)
        if ok is None:
            ok = decided[tok] = keep(tok)
        if ok:
            current.append(tok)
    if current:
        sentences.append(current)
    return sentences


def cooccurrence(sentences: Iterable[list[str]], window: int = TEXTRANK_WINDOW) -> dict[tuple[str, str], int]:
    """Undirected edge weights: how often two different terms occur within ``window`` terms of each other."""
    edges: Counter = Counter()
    for terms in sentences:
        for i, a in enumerate(terms):
            for b in terms[i + 1:i + window]:
                if a != b:
                    edges[(a, b) if a < b else (b, a)] += 1
    return dict(edges)


def textrank(edges: dict[tuple[str, str], int], nodes: Iterable[str] = (), damping: float = TEXTRANK_DAMPING,
             max_iter: int = TEXTRANK_MAX_ITER, tol: float = TEXTRANK_TOL) -> dict[str, float]:
    """Weighted PageRank over an undirected graph, scaled so that the best node scores 1.

    Each node's score is (1 - d) + d × Σ over neighbours u of score(u) × w(u, v) / (total weight of u),
    iterated until no score moves by more than ``tol`` times the best score. Nodes without edges keep the
    base score.
    Each iteration runs over one flat list of (neighbour, weight) entries with C-level map/accumulate.
    """
    names = sorted(set(nodes).union(*edges) if edges else set(nodes))
    if not names:
        return {}
    index = {name: i for i, name in enumerate(names)}
    strength = [0.0] * len(names)
    neighbours: list[list[int]] = [[] for _ in names]
    weights: list[list[float]] = [[] for _ in names]
    for (a, b), w in edges.items():
        i, j = index[a], index[b]
        strength[i] += w
        strength[j] += w
        neighbours[i].append(j)
        weights[i].append(w)
        neighbours[j].append(i)
        weights[j].append(w)
    inverse = [1.0 / s if s else 0.0 for s in strength]
    sources = [j for nbrs in neighbours for j in nbrs]  # node v's entries are sources[starts[v]:ends[v]]
    flat_weights = [w for ws in weights for w in ws]
    ends = list(accumulate(map(len, neighbours)))
    starts = [0, *ends[:-1]]
    base = 1.0 - damping
    score = [1.0] * len(names)
    for _ in range(max_iter):
        share = list(map(mul, score, inverse))  # what each node passes on per unit of edge weight
        running = list(accumulate(map(mul, map(share.__getitem__, sources), flat_weights), initial=0.0))
        new = [base + damping * (running[e] - running[s]) for s, e in zip(starts, ends, strict=True)]
        delta = max(map(abs, map(sub, new, score)))
        score = new
        if delta < tol * max(score):
            break
    top = max(score)
    return {name: score[i] / top for i, name in enumerate(names)}


# --- ranking -------------------------------------------------------------------------------------


def _ranked(doc: str, chars: int, counts: dict[str, int], scores: dict[str, float] | None, top: int) -> list[dict]:
    if scores is None:  # count descending, then term: the terms at or above the top-th count, sorted
        values = sorted(counts.values(), reverse=True)
        floor = values[min(top, len(values)) - 1] if values else 0
        order = [t for t, _ in sorted(sorted((t, n) for t, n in counts.items() if n >= floor),
                                      key=itemgetter(1), reverse=True)[:top]]
    else:
        order = heapq.nsmallest(top, counts, key=lambda t: (-scores.get(t, 0.0), -counts[t], t))
    rows = []
    for rank, term in enumerate(order, 1):
        rows.append({
            "doc": doc,
            "rank": rank,
            "term": term,
            "count": counts[term],
            "per_10k": round(counts[term] * 10000 / chars, 2) if chars else None,
            "score": None if scores is None else round(scores.get(term, 0.0), 6),
        })
    return rows


def tfidf_scores(counts: dict[str, int], idf: IdfTable | None = None) -> dict[str, float]:
    """Term frequency (share of the document's kept terms) × inverse document frequency."""
    idf = idf or load_idf()
    total = sum(counts.values())
    if not total:
        return {}
    return {t: n / total * idf(t) for t, n in counts.items()}


def rank_terms(items: Iterable[DocTerms], method: str = "freq", by: str = "doc", top: int = 20) -> Iterator[dict]:
    """Rows of ranked terms: each document's as it comes (``by="doc"``), or one ranking over all documents
    (``by="all"``, doc column 'all') once every document is in."""
    _check_method(method)
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r} (choose from doc, all)")
    if by == "doc":
        for item in items:
            yield from _ranked(item.doc, item.chars, item.counts, _scores(method, item), top)
        return
    counts: Counter = Counter()
    edges: Counter = Counter()
    chars = 0
    for item in items:
        counts.update(item.counts)
        if item.edges:
            edges.update(item.edges)
        chars += item.chars
    merged = DocTerms(ALL_DOC, chars, dict(counts), edges=dict(edges) if method == "textrank" else None)
    yield from _ranked(ALL_DOC, chars, merged.counts, _scores(method, merged), top)


def _scores(method: str, item: DocTerms) -> dict[str, float] | None:
    if method == "tfidf":
        return tfidf_scores(item.counts)
    if method == "textrank":
        if item.scores is not None:
            return item.scores
        return textrank(item.edges or {}, item.counts)
    return None


def check_options(method: str = "freq", top: int = 20, min_len: int = 2, stopwords_file: str | None = None,
                  no_stopwords: bool = False, engine: str = "rjieba", userdict: str | None = None,
                  by: str = "doc") -> None:
    """Validate keyword options and load what they need (tokenizer, stopwords, IDF table) in this process,
    so that worker processes start with it; ValueError (one line) on a bad option or file."""
    from govreport.segment import get_tokenizer

    _check_method(method)
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r} (choose from doc, all)")
    if top < 1:
        raise ValueError("top must be at least 1")
    if min_len < 1:
        raise ValueError("min_len must be at least 1")
    stopword_set(stopwords_file, no_stopwords)
    get_tokenizer(engine, userdict)
    if method == "tfidf":
        load_idf()


def _term_options(options: dict[str, Any]) -> dict[str, Any]:
    keys = ("method", "min_len", "stopwords_file", "no_stopwords", "engine", "userdict")
    return {k: options[k] for k in keys if k in options}


def keyword_rows(reports: Iterable, method: str = "freq", top: int = 20, min_len: int = 2,
                 stopwords_file: str | None = None, no_stopwords: bool = False, engine: str = "rjieba",
                 userdict: str | None = None, by: str = "doc") -> Iterator[dict]:
    """Keyword rows of reports, in this process (see :func:`produce_keywords` for the parallel CLI path).

    >>> import govreport
    >>> rows = list(keyword_rows([govreport.load("推进供给侧结构性改革。深化供给侧结构性改革。")]))
    >>> rows[0]["term"], rows[0]["count"]
    ('供给侧结构性改革', 2)
    """
    check_options(method, top, min_len, stopwords_file, no_stopwords, engine, userdict, by)
    options = {"min_len": min_len, "stopwords_file": stopwords_file, "no_stopwords": no_stopwords, "engine": engine,
               "userdict": userdict}
    if by == "doc":  # each document ranked where it is counted (for freq, only the head of its counts)
        for report in reports:
            yield from doc_keyword_rows(report, method, top, **options)
        return
    yield from rank_terms(map(functools.partial(doc_terms, method=method, by=by, **options), reports), method, by, top)


def doc_keyword_rows(report, method: str = "freq", top: int = 20, **term_options: Any) -> list[dict]:
    """One report's ranked keyword rows, computed where it is segmented (a worker process)."""
    if method == "freq":  # only the head of the counts is judged (see top_term_counts): same rows, less work
        return _ranked(report.id, len(report.text), freq_top_counts(report, top, **term_options), None, top)
    item = doc_terms(report, method=method, by="doc", **term_options)
    return _ranked(item.doc, item.chars, item.counts, _scores(method, item), top)


def freq_top_counts(report, top: int = 20, min_len: int = 2, stopwords_file: str | None = None,
                    no_stopwords: bool = False, engine: str = "rjieba", userdict: str | None = None) -> dict[str, int]:
    """The counts of the report's terms a freq ranking of ``top`` can show (:func:`top_term_counts` of the
    counts :func:`doc_terms` gives)."""
    stopwords = stopword_set(stopwords_file, no_stopwords)
    tokens, protected = segmented(report, engine, userdict)
    return top_term_counts(Counter(tokens), top, lambda t: is_term(t, min_len, stopwords, protected))


def produce_keywords(batch, by: str = "doc", **options: Any) -> Iterator[dict]:
    """Keyword rows of a :class:`~govreport.batch.Batch`: documents are segmented and counted in worker
    processes; by document, each document's rows are yielded as it comes back."""
    method = options.get("method", "freq")
    top = options.get("top", 20)
    check_options(by=by, **options)  # before the workers fork: they inherit the tokenizer
    fn = functools.partial(doc_terms, by=by, **_term_options(options))
    yield from rank_terms(batch.map(fn), method, by, top)


# --- keyword in context --------------------------------------------------------------------------


def compile_pattern(pattern: str, regex: bool = False) -> re.Pattern:
    """The matcher for ``kwic``: the literal text, or a regular expression with ``regex``, its Traditional
    characters folded to Simplified (it is matched in the normalised view).

    ValueError (one line) for an empty pattern, a bad regular expression or one that matches empty text.
    """
    from govreport.view import fold_traditional

    if not pattern:
        raise ValueError("empty pattern")
    pattern = fold_traditional(pattern)
    if not regex:
        return re.compile(re.escape(pattern))
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        where = f" at position {exc.pos}" if exc.pos is not None else ""
        raise ValueError(f"bad regular expression: {exc.msg}{where}") from None
    except (OverflowError, RecursionError, ValueError):
        raise ValueError("bad regular expression: too large or too deeply nested") from None
    if compiled.fullmatch(""):
        raise ValueError("the regular expression matches empty text; give one that matches at least a character")
    return compiled


def kwic_rows(report, pattern: str | re.Pattern, window: int = 20) -> Iterator[dict]:
    """Every match of ``pattern`` in the report with ``window`` characters on each side.

    The pattern is matched in the report's normalised view (Simplified, debris dropped: 社会主义 finds
    社會主義), with Traditional characters in the pattern folded too; ``start``/``end`` index ``report.text``,
    ``match`` is the text as read, and ``left + match + right`` is exactly
    ``report.text[start - len(left):end + len(right)]`` (line breaks included). Empty matches are skipped.
    """
    if window < 0:
        raise ValueError("window must be at least 0")
    matcher = compile_pattern(pattern) if isinstance(pattern, str) else pattern
    text = report.text
    view = report.view
    for m in matcher.finditer(view.text):
        if m.start() == m.end():
            continue
        start, end = view.raw_span(m.start(), m.end())
        yield {
            "doc": report.id,
            "start": start,
            "end": end,
            "left": text[max(0, start - window):start],
            "match": text[start:end],
            "right": text[end:end + window],
        }
