"""The metric table: quality on the hand-checked gold, and the rules it rests on, on real report text."""

import json
import re
from pathlib import Path

import pytest
from goldscore import score
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport.document import Report
from govreport.loading import read_file
from govreport.metrics import find_metrics, metric_rows
from govreport.quantities import cues

GOLD = Path(__file__).parent / "data" / "gold"


@pytest.fixture(scope="module")
def scores():
    return score(GOLD, "dev.jsonl", "borderline.jsonl")


@pytest.fixture(scope="module")
def local_scores():
    return score(GOLD / "local", "dev_local.jsonl", "borderline_local.jsonl")


@pytest.mark.parametrize(
    ("measure", "threshold"),
    [("recall", 0.97), ("precision", 0.97), ("indicator", 0.90), ("change", 0.95), ("qualifier", 0.95),
     ("kind", 0.95), ("period", 0.95), ("exact", 0.85)],
)
def test_dev_gold_quality(scores, measure, threshold):
    assert scores[measure] >= threshold, "\n".join(scores["problems"])


# The local development set (24 documents as found: Traditional, PDF and news text among them), read through the
# normalised view; a little under what the rules reach (recall .994, exact .946, indicator .968, kind 1.000,
# period .985), so that a change that loses ground fails.
@pytest.mark.parametrize(
    ("measure", "threshold"),
    [("recall", 0.97), ("precision", 0.97), ("indicator", 0.93), ("change", 0.97), ("qualifier", 0.97),
     ("kind", 0.97), ("period", 0.95), ("exact", 0.90)],
)
def test_local_dev_gold_quality(local_scores, measure, threshold):
    assert local_scores[measure] >= threshold, "\n".join(local_scores["problems"])


def rows_of(text, year=2018):
    return find_metrics(text, year=year)


def test_subject_carries_over_within_a_sentence():
    rows = rows_of("初步预计,2017年地区生产总值可实现1135亿元,增长8.3%。")
    assert [r["indicator"] for r in rows] == ["地区生产总值", "地区生产总值"]
    assert [r["change"] for r in rows] == ["level", "increase"]


def test_respectively_aligns_names_and_figures():
    text = "电子信息产业、生物医药产业产值以及软件和信息服务业、文化服务业营业收入分别增长15%、5.5%和45.8%、62.6%。"
    assert [r["indicator"] for r in rows_of(text)] == [
        "电子信息产业产值", "生物医药产业产值", "软件和信息服务业营业收入", "文化服务业营业收入"]
    rows = rows_of("城镇居民人均可支配收入9422元，农村居民人均纯收入2936元，扣除价格因素，分别实际增长7.7%和6.8%。")
    assert [r["indicator"] for r in rows[2:]] == ["城镇居民人均可支配收入", "农村居民人均纯收入"]


def test_from_and_to():
    rows = rows_of("国内生产总值从54万亿元增加到82.7万亿元，年均增长7.1%。")
    assert [(r["role"], r["change"]) for r in rows] == [("from", "level"), ("to", "level"), ("", "increase")]
    assert {r["indicator"] for r in rows} == {"国内生产总值"}
    assert rows_of("单位生产总值能耗下降到0.5吨")[0]["change"] == "level"
    assert rows_of("单位生产总值能耗下降1%")[0]["change"] == "decrease"


def test_kind_and_period_from_sections_and_cues():
    text = ("2018年政府工作报告\n一、2017年工作回顾\n城镇新增就业5.7万人。\n"
            "二、2018年重点工作\n今年发展的主要预期目标是：地区生产总值增长9%左右；城镇登记失业率控制在4%以内。\n"
            "去年一般公共预算收入60.3亿元。")
    report = Report.from_text(text, id="t")
    rows = metric_rows(report)
    assert [(r["kind"], r["period"]) for r in rows] == [
        ("actual", 2017), ("target", 2018), ("target", 2018), ("actual", 2017)]
    assert rows[1]["qualifier"] == "approx" and rows[2]["qualifier"] == "max"
    assert rows[0]["section"] == "一、2017年工作回顾"


def test_multi_year_spans_have_no_period():
    rows = rows_of("五年来，国内生产总值年均增长7.1%。钢产量前三年共增加了一百五十万吨，而1956年就增加了一百六十一万吨。",
                   year=2018)
    assert [r["period"] for r in rows] == [None, None, 1956]
    assert rows[1]["indicator"] == rows[2]["indicator"] == "钢产量"


def test_rows_index_the_text_and_filters_work():
    report = read_file(Path(__file__).parent.parent / "seeds" / "jiulongpo_2018.txt")
    rows = metric_rows(report)
    assert len(rows) > 100
    for r in rows:
        assert report.text[r["start"]:r["end"]] == r["text"]
    targets = metric_rows(report, keep=lambda r: r["kind"] == "target")
    assert targets and all(r["kind"] == "target" for r in targets)
    periods = [r["period"] for r in targets]
    assert set(periods) <= {2018, None} and periods.count(2018) > 0.9 * len(periods)  # 每年…: recurring, no year


def test_national_corpus_rows_are_well_formed():
    path = Path(__file__).parent.parent / "govreport" / "data" / "national_reports.jsonl"
    total = 0
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        report = Report.from_text(row["content"], id=row["title"], meta=row)
        for r in metric_rows(report):
            total += 1
            assert report.text[r["start"]:r["end"]] == r["text"]
            assert r["kind"] in ("actual", "target", "")
            assert r["change"] in ("increase", "decrease", "level")
            assert not r["text"].endswith("年")
            if r["period"] is not None and report.year:
                assert 1800 < r["period"] <= report.year + 30  # 英国早在一八八○年 …
    assert total > 4000


def test_start_value_written_with_its_year():
    rows = rows_of("国营机器拖拉机站由1954年的89个增加到138个。中央财政支出将由上年18亿元增加到95亿元。", year=1956)
    assert [(r["text"], r["role"]) for r in rows] == [("89个", "from"), ("138个", "to"), ("18亿元", "from"),
                                                     ("95亿元", "to")]
    assert rows[0]["period"] == 1954 and rows[0]["indicator"] == "国营机器拖拉机站"


def test_rate_basis_is_not_a_figure_but_a_rate_is():
    rows = rows_of("稻谷最低收购价平均每50公斤提高7.4元。城乡居民医保财政补助由每人每年420元提高到450元。")
    assert [r["text"] for r in rows] == ["7.4元", "420元", "450元"]


CITIES = ("广州", "深圳", "珠海", "汕头", "佛山", "韶关", "河源", "梅州", "惠州", "汕尾",
          "东莞", "中山", "江门", "阳江", "湛江", "茂名", "肇庆", "清远", "潮州", "揭阳")
TRADES = ("工业", "农业", "渔业", "林业", "旅游业", "物流业", "金融业", "建筑业", "软件业", "会展业")


def test_a_sentence_of_fifty_figures_names_each():
    text = "，".join(f"{c}{t}增加值增长{i % 9 + 1}.5%" for i, (c, t) in
                enumerate((c, t) for c in CITIES[:5] for t in TRADES)) + "。"
    rows = rows_of(text)
    assert len(rows) == 50
    assert [r["indicator"] for r in rows] == [f"{c}{t}增加值" for c in CITIES[:5] for t in TRADES]
    assert {r["change"] for r in rows} == {"increase"}


def test_a_respectively_list_of_two_hundred_items_aligns():
    names = [f"{c}{t}产值" for c in CITIES for t in TRADES]
    text = "、".join(names) + "分别增长" + "、".join(f"{i % 90 + 1}%" for i in range(200)) + "。"
    rows = rows_of(text)
    assert [r["indicator"] for r in rows] == names
    assert [r["value"] for r in rows] == [i % 90 + 1 for i in range(200)]


def test_a_long_respectively_list_shares_its_sentence_windows(monkeypatch):
    """Beyond metrics.CHUNK characters the rows of a run without sentence ends share their sentence windows: the
    memory the rows hold grows with the text, not with its figures times their sentences (CHUNK made small here,
    so that the test is quick)."""
    from govreport import metrics
    from govreport.quantities import SENTENCE_REACH

    monkeypatch.setattr(metrics, "CHUNK", 4096)
    figures = "、".join(f"{i % 90 + 1}%" for i in range(6000))
    text = "、".join(f"{c}{t}产值" for c in CITIES for t in TRADES) + "分别增长" + figures + "。"
    rows = rows_of(text)
    assert len(rows) == 6000
    assert [r["value"] for r in rows] == [i % 90 + 1 for i in range(6000)]
    for r in rows[::97]:
        assert text[r["start"]:r["end"]] == r["text"] and r["text"] in r["sentence"]
    assert len({id(r["sentence"]) for r in rows}) <= len(text) // SENTENCE_REACH + 2


def test_a_paragraph_of_100000_characters_without_a_sentence_end():
    clause = "社会消费品零售总额增长10%，"
    text = clause * (100_000 // len(clause))
    rows = rows_of(text)
    assert len(rows) == 100_000 // len(clause)
    assert {(r["indicator"], r["change"], r["kind"]) for r in rows} == {("社会消费品零售总额", "increase", "actual")}
    assert all(len(r["sentence"]) <= 3 * 500 for r in rows)


def test_a_figure_without_a_name_gets_none_rather_than_a_neighbour():
    assert [r["indicator"] for r in rows_of("增长8%。")] == [""]
    rows = rows_of("在一九五七年，全国已经有六十五个县、市，分别达到了每亩生产粮食四百斤、五百斤。")
    assert "分别" not in "".join(r["indicator"] for r in rows)


def test_spans_have_first_and_last_years():
    rows = rows_of("五年来，国内生产总值年均增长7.1%。“十一五”期间共完成固定资产投资178亿元。2017年财政收入增长9%。")
    assert [(r["period"], r["period_start"], r["period_end"]) for r in rows] == [
        (None, 2013, 2017), (None, 2006, 2010), (2017, 2017, 2017)]


_CUE_PIECES = [w for role in ("target", "actual") for w in cues()[role]] + [
    "，", "地区生产总值", "增长", "8%", "完成", "预", "计", "目标", "\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CUE_PIECES), max_size=10).map("".join))
def test_cue_words_without_groups_keep_every_cue_word_and_its_kind(text):
    """The cue pattern is one alternation of the words, its kind told by the target words' set: the same matches
    and kinds as the alternation with a named group per kind."""
    from govreport.metrics import _cue_pattern

    grouped = re.compile("|".join(f"(?P<{role}>{'|'.join(map(re.escape, cues()[role]))})"
                                  for role in ("target", "actual")))
    pattern, targets = _cue_pattern()
    assert [(m.span(), "target" if m.group() in targets else "actual") for m in pattern.finditer(text)] == \
        [(m.span(), m.lastgroup) for m in grouped.finditer(text)]


def test_rows_hold_the_columns_in_order():
    """metric_rows puts doc, region and year before what find_metrics gives: that must be the other columns,
    in their order, and nothing else (on a national report and on the local dev documents)."""
    from govreport.metrics import COLUMNS

    paths = sorted((GOLD / "local" / "docs").glob("*.txt"))[:6]
    national = json.loads(next(iter((Path(__file__).parent.parent / "govreport" / "data" / "national_reports.jsonl")
                                    .open(encoding="utf-8"))))["content"]
    reports = [Report.from_text(national, id="n")] + [read_file(p) for p in paths]
    rows = [row for report in reports for row in metric_rows(report)]
    assert len(rows) > 100
    assert all(list(row) == COLUMNS for row in rows)
    assert list(find_metrics(national, 2018)[0]) == COLUMNS[3:]
