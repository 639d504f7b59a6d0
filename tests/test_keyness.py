"""govreport keyness: signed chi-squared and log-likelihood of each term, target against reference."""

from __future__ import annotations

import json
import math
from collections import Counter
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreport import keyness as ky
from govreport import keywords as kw
from govreport.loading import load_corpus


@pytest.fixture(scope="module")
def national(national_path):
    return load_corpus([national_path])


@pytest.fixture(scope="module")
def seed(seed_path):
    return load_corpus([seed_path])[0]


@pytest.fixture(scope="module")
def seed_rows(seed):
    return ky.keyness_rows([seed], top=0)


# --- the statistics, against direct formulas over expected counts ----------------------------------------


def table(a: int, b: int, target_total: int, reference_total: int) -> tuple[list[float], list[float]]:
    """Observed and expected counts of the four cells, from the margins."""
    observed = [a, target_total - a, b, reference_total - b]
    n = target_total + reference_total
    rows = [target_total, target_total, reference_total, reference_total]
    cols = [a + b, n - a - b, a + b, n - a - b]
    return observed, [r * c / n for r, c in zip(rows, cols, strict=True)]


def direct_chi2(a, b, t, r, yates=False):
    observed, expected = table(a, b, t, r)
    half = 0.5 if yates else 0.0
    return sum((abs(o - e) - half) ** 2 / e for o, e in zip(observed, expected, strict=True))


def direct_g2(a, b, t, r):
    observed, expected = table(a, b, t, r)
    return 2 * sum(o * math.log(o / e) for o, e in zip(observed, expected, strict=True) if o > 0)


def test_chi2_and_g2_of_a_term_of_the_seed(seed):
    """创新 in the seed against the national background: plain formulas agree (expected counts are large, so
    Yates' correction does not apply)."""
    target = ky.term_counts(seed)
    ref = ky.background_counts()
    a, b, t, r = target["创新"], ref["创新"], sum(target.values()), sum(ref.values())
    assert min(table(a, b, t, r)[1]) >= 5
    for correction in ("yates", "none"):
        assert ky.statistic(a, b, t, r, "chi2", correction) == pytest.approx(direct_chi2(a, b, t, r), rel=1e-9)
        assert ky.statistic(a, b, t, r, "lr", correction) == pytest.approx(direct_g2(a, b, t, r), rel=1e-9)
    assert ky.statistic(a, b, t, r) > 0  # 创新 is a favourite of the district report


def test_small_table_gets_yates_correction():
    """[[7, 3], [2, 7]] (quanteda's own test table): an expected count is below 5, so chi2 is Yates-corrected
    as R's chisq.test(correct = TRUE); with Williams' correction it is quanteda's published 4.017626."""
    a, b, t, r = 7, 2, 10, 9
    assert min(table(a, b, t, r)[1]) < 5
    assert ky.statistic(a, b, t, r, "chi2", "yates") == pytest.approx(direct_chi2(a, b, t, r, yates=True))
    assert ky.statistic(a, b, t, r, "chi2", "none") == pytest.approx(direct_chi2(a, b, t, r))
    assert ky.statistic(a, b, t, r, "chi2", "williams") == pytest.approx(4.017626, abs=1e-6)
    observed, _ = table(a, b, t, r)  # G2 with Yates: every cell moved 0.5 towards its expected count
    moved = [observed[0] - 0.5, observed[1] + 0.5, observed[2] + 0.5, observed[3] - 0.5]
    shifted = 2 * sum(o * math.log(o / e) for o, e in zip(moved, table(a, b, t, r)[1], strict=True))
    assert ky.statistic(a, b, t, r, "lr", "yates") == pytest.approx(shifted)


def test_scipy_agrees_when_installed():
    from scipy import stats
    for a, b, t, r in [(7, 2, 10, 9), (40, 367, 3000, 450000), (3, 1834, 5000, 450000), (0, 25, 900, 4000)]:
        obs = [[a, t - a], [b, r - b]]
        small = min(table(a, b, t, r)[1]) < 5
        chi2 = stats.chi2_contingency(obs, correction=small)[0]
        g2 = stats.chi2_contingency(obs, correction=False, lambda_="log-likelihood")[0]
        assert abs(ky.statistic(a, b, t, r, "chi2", "yates")) == pytest.approx(chi2, rel=1e-9)
        assert abs(ky.statistic(a, b, t, r, "lr", "none")) == pytest.approx(g2, rel=1e-9)
        p = stats.chi2.sf(chi2, 1)
        assert ky.p_value(chi2) == pytest.approx(p, rel=1e-9, abs=1e-300)


@given(
    t=st.integers(1, 5000), r=st.integers(1, 50000), fa=st.floats(0, 1), fb=st.floats(0, 1),
    measure=st.sampled_from(ky.MEASURES), correction=st.sampled_from(ky.CORRECTIONS),
)
def test_statistic_rules(t, r, fa, fb, measure, correction):
    a, b = round(fa * t), round(fb * r)
    stat = ky.statistic(a, b, t, r, measure, correction)
    p = ky.p_value(stat)
    assert 0.0 <= p <= 1.0
    assert math.isfinite(stat)
    n = t + r
    if 0 < a + b < n:
        expected_a = (a + b) * t / n
        if stat:
            assert (stat > 0) == (a > expected_a)  # signed as quanteda: positive when over-represented
        if measure == "chi2" and correction == "none":
            assert abs(stat) == pytest.approx(direct_chi2(a, b, t, r), rel=1e-9, abs=1e-9)
        if measure == "lr" and correction == "none":
            assert abs(stat) == pytest.approx(direct_g2(a, b, t, r), rel=1e-9, abs=1e-9)
        plain = ky.statistic(a, b, t, r, measure, "none")
        assert abs(stat) <= abs(plain) + 1e-9  # corrections only shrink the statistic


def test_p_value_is_the_chi_square_tail():
    assert ky.p_value(0.0) == 1.0
    assert ky.p_value(3.841458820694124) == pytest.approx(0.05, rel=1e-9)  # the textbook 5% critical value
    assert ky.p_value(-6.634896601021214) == pytest.approx(0.01, rel=1e-9)  # sign ignored


# --- keyness of the seed against the national background -----------------------------------------------


def test_local_terms_rank_at_the_top_against_the_national_background(seed_rows, national_rows):
    top = [r["term"] for r in seed_rows[:20]]
    assert "九龙坡" in top
    assert all("九龙坡" not in r["content"] for r in national_rows)  # the background never names the district
    row = next(r for r in seed_rows if r["term"] == "九龙坡")
    assert row["reference_count"] == 0 and row["target_count"] > 0 and row["p_value"] < 1e-10


def test_rows_are_sorted_and_consistent(seed_rows, seed):
    stats = [r["statistic"] for r in seed_rows]
    assert stats == sorted(stats, reverse=True)
    assert all(0.0 <= r["p_value"] <= 1.0 for r in seed_rows)
    assert any(s < 0 for s in stats) and any(s > 0 for s in stats)
    freq = {r["term"]: r["count"] for r in kw.keyword_rows([seed], top=100_000)}
    for r in seed_rows:  # the target side is exactly what keywords counts
        assert r["target_count"] == freq.get(r["term"], 0)
    bottom = ky.keyness_rows([seed], top=0, bottom=5)
    assert bottom == seed_rows[-5:] and all(r["statistic"] < 0 for r in bottom)
    assert ky.keyness_rows([seed], top=3, bottom=2) == seed_rows[:3] + seed_rows[-2:]


def test_bundled_background_is_the_national_corpus(national, seed):
    """background.tsv holds the national corpus's counts: against the corpus itself, the rows are the same."""
    from_file = ky.keyness_rows([seed], top=0)
    from_corpus = ky.keyness_rows([seed], national, top=0)
    assert from_file == from_corpus
    text = (resources.files("govreport") / "data" / ky.BACKGROUND_NAME).read_text(encoding="utf-8")
    assert text.startswith("# ") and "Source:" in text.split("\nterm\t")[0]
    background = ky.load_background()
    assert background.documents == len(national)
    assert f"# tokens: {sum(background.counts.values())}" in text


def test_a_corpus_against_itself_has_no_key_terms(seed):
    rows = ky.keyness_rows([seed], [seed], top=0)
    assert rows and all(r["statistic"] == 0 and r["p_value"] == 1.0 for r in rows)


def test_min_len_and_stopwords_filter_both_sides(seed):
    rows = ky.keyness_rows([seed], top=0, min_len=3)
    assert rows and all(len(r["term"]) >= 3 for r in rows)
    stop = kw.bundled_stopwords()
    assert not {r["term"] for r in ky.keyness_rows([seed], top=0)} & stop
    kept = ky.keyness_rows([seed], top=0, no_stopwords=True)
    assert {r["term"] for r in kept} & stop


def test_national_recent_reports_against_older_ones(national):
    """The 2022-2025 reports against those before 2000: 高质量发展 is among their key terms."""
    recent = [r for r in national if r.year and r.year >= 2022]
    older = [r for r in national if r.year and r.year < 2000]
    rows = ky.keyness_rows(recent, older, measure="lr", top=50)
    terms = [r["term"] for r in rows]
    assert "高质量发展" in terms
    row = rows[terms.index("高质量发展")]
    counts = Counter()
    for r in recent:
        counts.update(ky.term_counts(r))
    assert row["target_count"] == counts["高质量发展"] and row["reference_count"] == 0


def test_bad_options_are_value_errors():
    with pytest.raises(ValueError, match="unknown measure"):
        ky.statistic(1, 1, 2, 2, measure="pmi")
    with pytest.raises(ValueError, match="unknown correction"):
        ky.keyness_table({"a": 1}, {"a": 1}, correction="default")
    with pytest.raises(ValueError, match="exceeds"):
        ky.statistic(5, 1, 2, 2)
    with pytest.raises(ValueError, match="expected term<TAB>count"):
        ky.parse_background("# documents: 1\nterm\tcount\n发展\tmany\n")


# --- the command ----------------------------------------------------------------------------------------------


def test_cli_csv_against_the_background(run):
    res = run("keyness", "--top", "5", "--bottom", "3")
    assert res.code == 0 and res.clean and "bundled report" in res.stderr
    rows = res.csv_rows()
    assert list(rows[0]) == ky.COLUMNS and len(rows) == 8
    assert float(rows[0]["statistic"]) > 0 > float(rows[-1]["statistic"])


def test_cli_json_against_a_reference(run, seed_path, national_path):
    res = run("keyness", seed_path, "-r", national_path, "-m", "lr", "-f", "json", "-q")
    assert res.code == 0 and res.clean
    rows = json.loads(res.stdout)
    assert len(rows) == 20 and list(rows[0]) == ky.COLUMNS
    assert all(isinstance(r["p_value"], float) and 0 <= r["p_value"] <= 1 for r in rows)
    chi2 = json.loads(run("keyness", seed_path, "-r", national_path, "-f", "json", "-q").stdout)
    assert [r["statistic"] for r in rows] != [r["statistic"] for r in chi2]
    assert {r["term"] for r in rows[:5]} & {r["term"] for r in chi2[:5]}


def test_cli_missing_reference_is_a_usage_error(run, seed_path):
    res = run("keyness", seed_path, "-r", "no_such_reference.txt")
    assert res.code == 2 and res.clean
    assert res.stdout.strip() == ",".join(ky.COLUMNS)  # no reference: header only
    assert any("no_such_reference.txt" in line for line in res.error_lines)
    strict = run("keyness", seed_path, "-r", "no_such_reference.txt", "--strict")
    assert strict.code == 2 and strict.clean and len(strict.error_lines) == 1
