"""Keywords (freq, tfidf, textrank) and keyword in context, on the seed report and the national corpus."""

from __future__ import annotations

import math
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreport import keywords as kw
from govreport.loading import load, load_corpus
from govreport.segment import cut_with, get_tokenizer

ROOT = Path(__file__).resolve().parent.parent
IDF = ROOT / "govreport" / "data" / "idf.tsv"
STOPWORDS = ROOT / "govreport" / "data" / "stopwords.txt"
BOILERPLATE = ["发展", "建设", "推进"]
NUMBERISH = re.compile(r"[\d.%,，．]+|[零〇一二三四五六七八九十百千万亿两]+")


@pytest.fixture(scope="session")
def seed_report(seed_path):
    return load(str(seed_path))


@pytest.fixture(scope="session")
def national_reports(national_path):
    return load_corpus([national_path])


def rows_of(reports, **options):
    return list(kw.keyword_rows(reports, **options))


def check_ranking(rows, text_len: int, min_len: int = 2, stopwords=None):
    """What every keyword ranking of one document must satisfy."""
    stopwords = kw.bundled_stopwords() if stopwords is None else stopwords
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    assert len({r["term"] for r in rows}) == len(rows)
    for r in rows:
        assert list(r) == kw.COLUMNS
        assert len(r["term"]) >= min_len and r["term"] not in stopwords
        assert not NUMBERISH.fullmatch(r["term"]) or r["term"] in get_tokenizer().words
        assert r["count"] >= 1
        assert r["per_10k"] == round(r["count"] * 10000 / text_len, 2)


# --- freq ----------------------------------------------------------------------------------------


def test_freq_counts_whole_tokens_of_the_seed(seed_report):
    rows = rows_of([seed_report], top=50)
    assert len(rows) == 50
    check_ranking(rows, len(seed_report.text))
    counts = [r["count"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    assert all(r["score"] is None for r in rows)
    # a token occurrence is a substring occurrence; the top terms of this report are that frequent
    text = seed_report.text
    assert all(r["count"] <= text.count(r["term"]) for r in rows)
    assert rows[0]["count"] >= 50


def test_freq_counts_match_an_independent_recount(seed_report):
    """Counting with the same tokens but with set-free, per-occurrence filtering gives the same numbers."""
    slogans = kw.report_slogans(seed_report.text)
    tokens = cut_with(get_tokenizer(), seed_report.text, slogans)
    stop = kw.bundled_stopwords()
    recount = Counter(t for t in tokens if len(t) >= 2 and t not in stop and re.search(r"[^\W\d_]", t))
    rows = rows_of([seed_report], top=30)
    for r in rows:
        assert r["count"] == recount[r["term"]]


def test_policy_formulations_are_counted_as_terms(seed_report):
    counts = {r["term"]: r["count"] for r in rows_of([seed_report], top=100000)}
    text = seed_report.text
    for phrase in ("十一项战略行动计划", "五位一体", "高质量发展", "三去一降一补"):
        assert phrase in counts
        assert counts[phrase] == text.count(phrase)


def test_numbers_punctuation_and_stopwords_are_dropped(seed_report):
    rows = rows_of([seed_report], top=100000)
    check_ranking(rows, len(seed_report.text))
    terms = {r["term"] for r in rows}
    assert not terms & {"我们", "亿元", "以上", "2017", "2018", "，", "%"}
    assert {"我们", "亿元", "2017"} <= set(cut_with(get_tokenizer(), seed_report.text))
    assert not any(re.fullmatch(r"[\d.%]+", t) for t in terms)


def test_no_stopwords_and_a_stopword_file(seed_report, tmp_path):
    kept = {r["term"] for r in rows_of([seed_report], top=100000, no_stopwords=True)}
    assert {"我们", "亿元", "以上"} <= kept
    extra = tmp_path / "stop.txt"
    extra.write_text("\ufeff# boilerplate\r\n发展\r\n建设 推进\r\n", encoding="utf-8")
    rows = rows_of([seed_report], top=40, stopwords_file=str(extra))
    terms = {r["term"] for r in rows}
    assert not terms & set(BOILERPLATE)
    assert not terms & {"我们", "亿元", "以上"}  # the bundled list still applies
    gbk = tmp_path / "stop_gbk.txt"
    gbk.write_bytes("发展\n建设\n推进\n".encode("gb18030"))
    assert rows_of([seed_report], top=40, stopwords_file=str(gbk)) == rows


def test_min_len(seed_report):
    rows = rows_of([seed_report], top=200, min_len=4)
    check_ranking(rows, len(seed_report.text), min_len=4)
    singles = rows_of([seed_report], top=300, min_len=1)
    assert any(len(r["term"]) == 1 for r in singles)


def test_stopword_list_names_its_source():
    lines = STOPWORDS.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#") and any("Source" in line for line in lines if line.startswith("#"))
    words = kw.bundled_stopwords()
    assert len(words) > 300 and not words & set(BOILERPLATE)


# --- tfidf ---------------------------------------------------------------------------------------


def test_tfidf_ranks_boilerplate_low(seed_report):
    freq = [r["term"] for r in rows_of([seed_report], top=5)]
    assert set(BOILERPLATE) <= set(freq)
    rows = rows_of([seed_report], method="tfidf", top=30)
    check_ranking(rows, len(seed_report.text))
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0
    assert not {r["term"] for r in rows} & set(BOILERPLATE)
    assert "九龙坡" in {r["term"] for r in rows}


def test_tfidf_score_is_share_times_idf(seed_report):
    table = kw.load_idf()
    counts = kw.doc_terms(seed_report).counts
    total = sum(counts.values())
    for r in rows_of([seed_report], method="tfidf", top=10):
        assert r["score"] == pytest.approx(counts[r["term"]] / total * table(r["term"]), abs=1e-6)


def test_idf_table_is_consistent_with_its_formula():
    table = kw.load_idf()
    assert table.documents == 69
    lines = [line.split("\t") for line in IDF.read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    assert lines[0] == ["term", "df", "idf"]
    assert len({term for term, _, _ in lines[1:]}) == len(lines) - 1 > 10000
    for _, df, idf in lines[1:]:
        assert 1 <= int(df) <= 69
        assert float(idf) == pytest.approx(math.log(70 / (int(df) + 1)), abs=1e-6)
    assert table("发展") < table("高质量发展") < table("一个从未出现的词")
    assert table("一个从未出现的词") == pytest.approx(math.log(70))


# --- textrank ------------------------------------------------------------------------------------


def test_textrank_on_the_seed(seed_report):
    rows = rows_of([seed_report], method="textrank", top=30)
    check_ranking(rows, len(seed_report.text))
    scores = [r["score"] for r in rows]
    assert scores[0] == 1 and scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)


def test_textrank_hub_outranks_its_leaves():
    edges = {("中心", f"叶{i}"): 1 for i in range(5)} | {("叶0", "叶1"): 1}
    scores = kw.textrank(edges)
    assert scores["中心"] == 1.0
    assert scores["叶0"] == pytest.approx(scores["叶1"]) and scores["叶2"] == pytest.approx(scores["叶3"])
    assert scores["叶1"] > scores["叶2"] + 0.01


GRAPHS = st.dictionaries(
    st.tuples(st.sampled_from("甲乙丙丁戊己庚辛"), st.sampled_from("甲乙丙丁戊己庚辛")).filter(lambda e: e[0] < e[1]),
    st.integers(1, 5), min_size=1, max_size=20,
)


@given(GRAPHS)
def test_textrank_scores_solve_the_pagerank_equation(edges):
    scores = kw.textrank(edges, max_iter=1000, tol=1e-12)
    strength = Counter()
    for (a, b), w in edges.items():
        strength[a] += w
        strength[b] += w
    # normalised scores s satisfy s_v - d * sum_u s_u w_uv / W_u = (1 - d) / max for every node
    residual = []
    for v in scores:
        inflow = sum(scores[u] * w / strength[u] for (a, b), w in edges.items() for u, x in ((a, b), (b, a))
                     if x == v)
        residual.append(scores[v] - kw.TEXTRANK_DAMPING * inflow)
    assert max(scores.values()) == 1.0
    assert max(residual) - min(residual) < 1e-6


def test_cooccurrence_window_stays_in_a_sentence():
    assert kw.cooccurrence([["甲", "乙", "丙"], ["丁"]], window=2) == {("乙", "甲"): 1, ("丙", "乙"): 1}
    assert kw.cooccurrence([["甲", "乙", "丙", "甲"]], window=3) == {("乙", "甲"): 2, ("丙", "乙"): 1,
                                                                   ("丙", "甲"): 2}
    tokens = ["甲", "，", "乙", "。", "丙", "\n", "丁"]
    assert kw.term_sentences(tokens, lambda t: t not in "，") == [["甲", "乙"], ["丙"], ["丁"]]


# --- over many documents ---------------------------------------------------------------------------


def test_by_all_merges_counts(seed_report, national_reports):
    reports = [seed_report, *national_reports[:4]]
    per_doc = Counter()
    for r in rows_of(reports, top=100000):
        per_doc[r["term"]] += r["count"]
    merged = rows_of(reports, top=50, by="all")
    assert {r["doc"] for r in merged} == {"all"}
    for r in merged:
        assert r["count"] == per_doc[r["term"]]
        assert r["per_10k"] == round(r["count"] * 10000 / sum(len(x.text) for x in reports), 2)
    for method in ("tfidf", "textrank"):
        rows = rows_of(reports, method=method, top=10, by="all")
        assert len(rows) == 10 and {r["doc"] for r in rows} == {"all"}


def test_results_do_not_depend_on_document_order(seed_report, national_reports):
    alone = rows_of([seed_report], top=100)
    after = [r for r in rows_of([*national_reports[:10], seed_report], top=100) if r["doc"] == seed_report.id]
    assert after == alone
    assert rows_of([seed_report], top=100) == alone


def test_numbered_slogans_are_kept_whole(seed_report):
    from govreport import phrases

    slogans = [s for s in phrases.numbered_slogans(seed_report.text) if len(s) >= 2]
    assert len(slogans) >= 5
    # every occurrence, scanning left to right and preferring the longest slogan, is one term
    scan = re.compile("|".join(re.escape(s) for s in sorted(slogans, key=lambda s: (-len(s), s))))
    expected = Counter(m.group() for m in scan.finditer(seed_report.text))
    counts = kw.doc_terms(seed_report).counts
    for slogan in slogans:
        if slogan not in kw.bundled_stopwords():
            assert counts.get(slogan, 0) == expected[slogan], slogan


def test_keywords_same_for_gb18030_and_utf16_copies(seed_path, tmp_path):
    text = seed_path.read_text(encoding="utf-8")
    reference = rows_of([load(str(seed_path))], top=30, method="tfidf")
    for encoding in ("gb18030", "utf-16"):
        folder = tmp_path / encoding
        folder.mkdir()
        copy = folder / seed_path.name
        copy.write_bytes(text.encode(encoding))
        assert rows_of([load(str(copy))], top=30, method="tfidf") == reference


def test_bad_options_are_one_line_errors(seed_report, tmp_path):
    for options, message in [({"method": "lda"}, "unknown keyword method"), ({"by": "year"}, "unknown grouping"),
                             ({"top": 0}, "top"), ({"engine": "thulac"}, "unknown engine")]:
        with pytest.raises(ValueError, match=message):
            rows_of([seed_report], **options)
    binary = tmp_path / "stop.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ValueError, match="stop.bin"):
        rows_of([seed_report], stopwords_file=str(binary))


# --- the keywords command ------------------------------------------------------------------------


@pytest.mark.parametrize("method", kw.METHODS)
def test_keywords_command_writes_csv(run, seed_path, method):
    result = run("keywords", seed_path, "-m", method, "-f", "csv", "--top", "15")
    assert result.code == 0 and result.clean
    rows = result.csv_rows()
    assert result.stdout.splitlines()[0] == ",".join(kw.COLUMNS)
    assert [int(r["rank"]) for r in rows] == list(range(1, 16))
    assert {r["doc"] for r in rows} == {"jiulongpo_2018"}
    assert all(int(r["count"]) >= 1 and float(r["per_10k"]) > 0 for r in rows)
    assert all((r["score"] == "") == (method == "freq") for r in rows)
    api = rows_of([load(str(seed_path))], method=method, top=15)
    assert [r["term"] for r in rows] == [a["term"] for a in api]


def test_keywords_command_default_input_and_pipe(run):
    result = run("keywords", "-f", "csv")
    assert result.code == 0 and len(result.csv_rows()) == 20
    assert "jiulongpo_2018" in result.stderr


def test_keywords_command_over_the_corpus_in_workers(run, national_path):
    result = run("keywords", national_path, "-f", "csv", "--top", "5", "-j", "2", "-q")
    assert result.code == 0
    rows = result.csv_rows()
    assert len({r["doc"] for r in rows}) == 69
    assert all(1 <= int(r["rank"]) <= 5 for r in rows)


def test_keywords_command_by_all_adds_up(run, seed_path, tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(seed_path.read_bytes())
    single = {r["term"]: int(r["count"]) for r in run("keywords", seed_path, "-f", "csv", "--top", "10").csv_rows()}
    both = run("keywords", seed_path, copy, "-f", "csv", "--by", "all", "--top", "10", "-j", "2")
    assert both.code == 0
    rows = both.csv_rows()
    assert {r["doc"] for r in rows} == {"all"}
    assert {r["term"]: int(r["count"]) for r in rows} == {t: 2 * n for t, n in single.items()}


def test_keywords_command_errors_are_one_line(run, seed_path, tmp_path):
    bad = tmp_path / "user.txt"
    bad.write_text("九龙半岛 x y z\n", encoding="utf-8")
    for args in (["--userdict", bad], ["--top", "-1"], ["-m", "lda"]):  # --top 0 is no limit
        result = run("keywords", seed_path, "-f", "csv", *args)
        assert result.code != 0 and result.clean and len(result.error_lines) == 1
        assert result.stdout == ""


# --- kwic ----------------------------------------------------------------------------------------


def check_kwic(text: str, rows: list[dict], window: int):
    for r in rows:
        assert list(r) == kw.KWIC_COLUMNS
        start, end = r["start"], r["end"]
        assert text[start:end] == r["match"] != ""
        assert r["left"] + r["match"] + r["right"] == text[start - len(r["left"]):end + len(r["right"])]
        assert len(r["left"]) == min(window, start) and len(r["right"]) == min(window, len(text) - end)


def test_kwic_on_the_seed(seed_report):
    text = seed_report.text
    rows = list(kw.kwic_rows(seed_report, "高质量发展", window=12))
    assert len(rows) == text.count("高质量发展") > 0
    check_kwic(text, rows, 12)
    assert [r["start"] for r in rows] == [m.start() for m in re.finditer("高质量发展", text)]
    regex = list(kw.kwic_rows(seed_report, kw.compile_pattern(r"\d+(?:\.\d+)?亿元", regex=True), window=5))
    assert len(regex) > 5
    check_kwic(text, regex, 5)


@given(st.data())
def test_kwic_rows_are_verbatim_text_for_any_pattern_and_window(seed_report, data):
    text = seed_report.text
    window = data.draw(st.integers(0, 60))
    if data.draw(st.booleans()):
        start = data.draw(st.integers(0, len(text) - 1))
        pattern = kw.compile_pattern(text[start:start + data.draw(st.integers(1, 6))])
    else:
        atom = st.sampled_from(["发展", "[一二三四五]", r"\d", "。", "\\n", "改革|创新", ".", "[^，]"])
        quant = st.sampled_from(["", "+", "{1,3}", "?"])
        parts = data.draw(st.lists(st.tuples(atom, quant), min_size=1, max_size=3))
        source = "".join(f"(?:{a}){q}" for a, q in parts)
        try:
            pattern = kw.compile_pattern(source, regex=True)
        except ValueError:
            return  # matches empty text: refused, by design
    rows = list(kw.kwic_rows(seed_report, pattern, window=window))
    check_kwic(text, rows, window)
    starts = [r["start"] for r in rows]
    assert starts == sorted(starts)


@pytest.mark.parametrize("pattern,regex,message", [("", False, "empty"), ("(十三五", True, "bad regular expression"),
                                                   ("[", True, "bad regular expression"), ("a*", True, "empty")])
def test_compile_pattern_errors(pattern, regex, message):
    with pytest.raises(ValueError, match=message) as info:
        kw.compile_pattern(pattern, regex)
    assert "\n" not in str(info.value)


def test_literal_patterns_are_not_regular_expressions(seed_report):
    rows = list(kw.kwic_rows(seed_report, kw.compile_pattern("1+X")))
    assert rows and all(r["match"] == "1+X" for r in rows)


def test_kwic_command(run, seed_path, seed_text):
    result = run("kwic", "供给侧结构性改革", seed_path, "-f", "csv", "-w", "8")
    assert result.code == 0 and result.clean
    rows = result.csv_rows()
    assert len(rows) == seed_text.count("供给侧结构性改革") > 0
    for r in rows:
        start, end = int(r["start"]), int(r["end"])
        assert seed_text[start - len(r["left"]):end + len(r["right"])] == r["left"] + r["match"] + r["right"]
    regex = run("kwic", r"[一二三四五六七八九十]大\w{2}", seed_path, "--regex", "-f", "jsonl")
    assert regex.code == 0 and regex.stdout.count("\n") >= 3
    bad = run("kwic", "(", seed_path, "--regex")
    assert bad.code == 2 and bad.clean and len(bad.error_lines) == 1


@given(st.text(alphabet="0123456789０５零一二十百两第年个推进发展GDPa%.,，·-－壹Ⅳ①", min_size=1, max_size=6))
def test_wordlike_fast_path_agrees_with_the_rule(token):
    # the rule as written: a letter that is not a numeral, and not a number with a counter
    reference = (any(ch.isalpha() and not ch.isnumeric() for ch in token)
                 and not kw._NUMBERLIKE.fullmatch(token))
    kw._WORDLIKE.pop(token, None)
    assert kw.is_wordlike(token) == reference


@given(st.lists(st.sampled_from(["推进", "的", "发展的", "发展", "十三五", "2017", "五年", "5G", "，"])
                | st.text(alphabet="0123456789０零一二十两第年个推进发展的GDPa%.,，·-Ⅳ①", min_size=1, max_size=5),
                max_size=12), st.integers(1, 3))
def test_non_terms_in_one_pass_are_what_is_term_rejects(tokens, min_len):
    stopwords = frozenset({"推进", "的", "发展的"})
    expected = [t for t in tokens if not kw.is_term(t, min_len, stopwords, frozenset())]
    assert kw.non_terms(tokens, min_len, stopwords) == expected


def test_term_counts_keep_protected_numeric_words_and_drop_stopwords():
    tokens = ["十三五", "十三五", "2017", "推进", "的", "推进", "推进", "五年"]
    counts = kw.term_counts(tokens, 2, frozenset({"推进"}), frozenset({"十三五"}))
    assert dict(counts) == {"十三五": 2}
    again = kw.term_counts(tokens, 2, frozenset({"推进"}), frozenset())  # judged tokens are remembered, not protected
    assert dict(again) == {}


# --- the freq fast path: only the head of the counts is judged -----------------------------------


@given(st.dictionaries(st.sampled_from(["的", "，", "改革", "发展", "创新", "开放", "2017", "十三五", "推进", "a",
                                        "五年", "GDP", "就业", "民生", "。", "和"]),
                       st.integers(1, 6), max_size=16),
       st.integers(1, 20))
def test_top_term_counts_give_the_rows_of_the_full_counts(counts, top):
    # ties are frequent at these counts: the top-th term's ties must all be there, and nothing else
    def keep(token):
        return kw.is_term(token, 2, frozenset({"推进"}), frozenset({"十三五"}))

    full = {t: n for t, n in counts.items() if keep(t)}
    head = kw.top_term_counts(counts, top, keep)
    assert kw._ranked("d", 100, head, None, top) == kw._ranked("d", 100, full, None, top)
    assert set(head) <= set(full) and all(head[t] == full[t] for t in head)


@pytest.mark.parametrize("top", [1, 3, 20, 300, sys.maxsize])
def test_freq_rows_of_one_document_are_those_of_its_full_counts(national_reports, top):
    reports = national_reports[::7]
    for report in reports:
        item = kw.doc_terms(report)  # the general path: every token judged
        assert kw.doc_keyword_rows(report, top=top) == kw._ranked(item.doc, item.chars, item.counts, None, top)
    assert rows_of(reports, top=top) == list(kw.rank_terms(map(kw.doc_terms, reports), top=top))


def test_top_term_counts_needs_a_top_of_at_least_one():
    with pytest.raises(ValueError):
        kw.top_term_counts({"改革": 2}, 0, lambda t: True)
