"""The metric table: quality on the hand-checked gold, and the rules it rests on, on real report text."""

import json
from pathlib import Path

import pytest
from goldscore import score

from govreport.document import Report
from govreport.loading import read_file
from govreport.metrics import find_metrics, metric_rows

GOLD = Path(__file__).parent / "data" / "gold"


@pytest.fixture(scope="module")
def scores():
    return score(GOLD, "dev.jsonl", "borderline.jsonl")


@pytest.mark.parametrize(
    ("measure", "threshold"),
    [("recall", 0.97), ("precision", 0.97), ("indicator", 0.90), ("change", 0.95), ("qualifier", 0.95),
     ("kind", 0.95), ("period", 0.95), ("exact", 0.85)],
)
def test_dev_gold_quality(scores, measure, threshold):
    assert scores[measure] >= threshold, "\n".join(scores["problems"])


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
