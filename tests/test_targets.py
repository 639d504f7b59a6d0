"""Targets against outcomes on the national reports: each year's target joined to next year's outcome."""

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from govreport.cli import cli
from govreport.corpus import Corpus
from govreport.loading import load_corpus
from govreport.targets import Figure, canonical, judge, target_rows

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def panel():
    rows = target_rows(load_corpus(["corpus:national"]))
    return {(r["indicator"], r["year"]): r for r in rows}


def test_gdp_target_2017_against_2018_report(panel):
    row = panel[("国内生产总值", 2017)]
    assert row["target_text"] == "6.5%左右" and row["target_qualifier"] == "approx"
    assert row["actual_value"] == pytest.approx(6.9) and row["met"] == "yes"
    assert row["target_doc"].startswith("2017年") and row["actual_doc"].startswith("2018年")


def test_gdp_target_2022_missed(panel):
    row = panel[("国内生产总值", 2022)]
    assert row["target_value"] == pytest.approx(5.5) and row["actual_value"] == pytest.approx(3)
    assert row["gap"] == pytest.approx(-2.5) and row["met"] == "no"


def test_range_targets_and_ceilings(panel):
    gdp16 = panel[("国内生产总值", 2016)]
    assert gdp16["target_qualifier"] == "range" and gdp16["target_value"] == pytest.approx(6.5)
    assert panel[("城镇调查失业率", 2022)]["target_qualifier"] == "max"


def test_years_without_a_target_say_none(panel):
    gdp_years = {year: r for (name, year), r in panel.items() if name == "国内生产总值"}
    missing = [r for r in gdp_years.values() if r["target_qualifier"] == "none"]
    assert missing and all(r["target_text"] == "" and r["target_value"] is None for r in missing)
    assert all(r["met"] == "unclear" for r in missing)


def test_npc_resolutions_are_not_reports_of_a_year():
    corpus = load_corpus(["corpus:national"])
    resolutions = [r for r in corpus if "决议" in r.title]
    assert resolutions and all(r.year is None for r in resolutions)


def test_names_are_matched_through_synonyms():
    assert canonical("地区生产总值").name == "国内生产总值"
    assert canonical("年末城镇调查失业率").name == "城镇调查失业率"
    assert canonical("居民消费价格总水平").name == "居民消费价格"
    assert canonical("人均国内生产总值") is None
    assert canonical("研究与试验发展经费支出占国内生产总值比重") is None


@pytest.mark.parametrize(
    ("qualifier", "target", "actual", "better", "met"),
    [("min", 9e6, 1.2e7, "higher", "yes"), ("max", 4.5, 4.9, "lower", "no"), ("approx", 7.5, 7.4, "higher", "unclear"),
     ("approx", 5.5, 3.0, "higher", "no"), ("approx", 3.0, 2.0, "lower", "yes"), ("exact", 8.0, 9.1, "higher", "yes")],
)
def test_judge(qualifier, target, actual, better, met):
    gap, got = judge(Figure("", target, qualifier, "a"), Figure("", actual, "", "b"), better)
    assert got == met and gap == pytest.approx(actual - target)


def test_cli_targets_csv_and_indicator_filter():
    result = CliRunner().invoke(cli, ["targets", "corpus:national", "--indicator", "国内生产总值",
                                      "-f", "csv", "-q"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and all("国内生产总值" in r["indicator"] for r in rows)
    gdp_years = [int(r["year"]) for r in rows if r["indicator"] == "国内生产总值"]
    assert gdp_years == sorted(gdp_years) and len(gdp_years) == len(set(gdp_years))


def test_seed_alone_gives_its_targets_without_outcomes():
    result = CliRunner().invoke(cli, ["targets", "-f", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    gdp = [r for r in rows if r["indicator"] == "国内生产总值"]
    assert gdp and gdp[0]["region"] == "九龙坡区" and gdp[0]["target_text"] == "9%左右" and gdp[0]["met"] == "unclear"


def test_corpus_api_returns_the_panel_as_a_dataframe():
    corpus = load_corpus(["corpus:national"])
    frame = Corpus(corpus).targets()
    assert list(frame.columns) == list(target_rows(corpus)[0])
    assert len(frame) == len(target_rows(corpus))
    assert frame.query("indicator == '国内生产总值' and year == 2017")["met"].item() == "yes"
