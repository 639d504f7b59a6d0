"""Targets against outcomes: each region's target for a year joined to the outcome its next report gives.

On the bundled national corpus (corpus:national) and on real local reports (tests/data/local_targets, copied
from ../shared/corpus/local; see tests/data/local_targets.md).
"""

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import NATIONAL
from hypothesis import given
from hypothesis import strategies as st

import govreport
from govreport import targets as tg
from govreport.cli import cli
from govreport.corpus import Corpus
from govreport.loading import load_corpus
from govreport.targets import Figure, concept, judge, target_rows

DATA = Path(__file__).parent / "data"
LOCAL = DATA / "local_targets"
# the regions the pages of tests/data/local_targets are about (local_reports.jsonl of ../shared/corpus/local)
LOCAL_REGIONS = {"wuhan_2002": "武汉市", "wuhan_2005_pdf": "武汉市", "sichuan_2008": "四川省",
                 "liaoning_2015": "辽宁省", "xinjiang_2022": "新疆维吾尔自治区"}


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def national():
    return load_corpus("national")


@pytest.fixture(scope="module")
def panel(national):
    rows = target_rows(national)
    return {(r["indicator_id"], r["year"]): r for r in rows}


@pytest.fixture
def local_jsonl(tmp_path) -> Path:
    """The local pages as a JSON Lines corpus that carries each page's region, as crawled corpora do."""
    path = tmp_path / "local.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for f in sorted(LOCAL.glob("*.txt")):
            row = {"id": f.stem, "region": LOCAL_REGIONS[f.stem], "year": int(f.stem.split("_")[1]),
                   "content": f.read_text(encoding="utf-8")}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


# --- the national panel ------------------------------------------------------------------------------------


def test_the_bundled_corpus_holds_every_national_report(national):
    path = Path(govreport.__file__).parent / "data" / "national_reports.jsonl"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(govreport.load_corpus("national")) == len(lines) == len(national)
    years = [r.year for r in national if r.year]
    assert min(years) == 1954 and max(years) == 2025


@pytest.mark.parametrize("year", [2003, 2004])
def test_gdp_targets_written_as_economic_growth(panel, year):
    row = panel[("gdp_growth", year)]  # 经济增长预期目标为7%左右
    assert row["target_name"] == "经济增长" and row["target_text"] == "7%左右"
    assert row["target_value"] == pytest.approx(7) and row["target_qualifier"] == "approx"
    assert row["actual_value"] > 9 and row["met"] == "yes" and str(year + 1) in row["actual_doc"]


def test_ranges_keep_both_bounds(panel):
    gdp95 = panel[("gdp_growth", 1995)]  # 经济增长速度的宏观调控目标，定为百分之八至九
    assert gdp95["target_text"] == "百分之八至九" and gdp95["target_qualifier"] == "range"
    assert (gdp95["target_low"], gdp95["target_high"]) == (8, 9)
    gdp16 = panel[("gdp_growth", 2016)]
    assert gdp16["target_text"] == "6.5%－7%" and (gdp16["target_low"], gdp16["target_high"]) == (6.5, 7)
    assert gdp16["target_value"] == 6.5 and gdp16["met"] == "yes"  # 6.7%: within the range


def test_deficit_ratio_under_its_older_name(panel):
    row = panel[("deficit_ratio", 2012)]  # target 赤字率…1.5％左右; outcome 财政赤字占国内生产总值的比重…1.5%左右
    assert row["target_name"] == "赤字率" and row["target_value"] == pytest.approx(1.5)
    assert row["actual_name"] == "财政赤字占国内生产总值的比重" and row["actual_value"] == pytest.approx(1.5)
    targets = {year: r for (ident, year), r in panel.items() if ident == "deficit_ratio" and r["target_text"]}
    assert {2016, 2017, 2018, 2022, 2023, 2025} <= set(targets)


def test_a_year_without_its_report_gets_its_outcome(panel, national):
    assert 1996 not in {r.year for r in national}
    row = panel[("gdp_growth", 1996)]  # from the 1997 report: 比上年增长９．７％
    assert row["target_qualifier"] == "none" and row["target_text"] is None and row["target_doc"] is None
    assert row["actual_value"] == pytest.approx(9.7) and row["actual_doc"].startswith("1997")
    assert row["met"] == "unclear"


def test_met_and_gap(panel):
    row = panel[("gdp_growth", 2022)]
    assert row["target_value"] == pytest.approx(5.5) and row["actual_value"] == pytest.approx(3)
    assert row["gap"] == pytest.approx(-2.5) and row["met"] == "no"
    assert panel[("gdp_growth", 2017)]["met"] == "yes"
    jobs = panel[("urban_new_jobs", 2017)]  # 1100万人以上 against 1351万人
    assert jobs["target_qualifier"] == "min" and jobs["target_high"] is None and jobs["met"] == "yes"
    assert panel[("surveyed_unemployment", 2022)]["target_qualifier"] == "max"


def test_panel_keys_are_unique_and_every_row_has_a_figure(national):
    rows = target_rows(national)
    keys = [(r["region"], r["indicator_id"], r["year"]) for r in rows]
    assert len(keys) == len(set(keys)) and {r["region"] for r in rows} == {"national"}
    assert all(r["target_text"] or r["actual_text"] for r in rows)
    ids = {ind.id for ind in tg.indicators()}
    assert {r["indicator_id"] for r in rows} <= ids


# --- canonical indicators ----------------------------------------------------------------------------------


def test_indicator_data_files_agree():
    inds = tg.indicators()
    assert len({i.id for i in inds}) == len(inds)
    concepts = {c for _, c in tg._synonyms()[0]}
    assert {i.concept for i in inds} == concepts
    assert all(i.measure in ("growth", "rate", "decrease", "amount") and i.better in ("higher", "lower")
               for i in inds)


@pytest.mark.parametrize(("name", "expected"), [
    ("地区生产总值", "gdp"), ("全省生产总值", "gdp"), ("GDP", "gdp"), ("经济增长", "gdp"), ("国民生产总值", "gdp"),
    ("年末城镇调查失业率", "surveyed_unemployment"), ("居民消费价格总水平", "cpi"),
    ("农民人均纯收入", "rural_income"), ("城镇居民人均可支配收入", "urban_income"),
    ("财政赤字占GDP的比重", "deficit_ratio"), ("财政赤字占国内生产总值的比重", "deficit_ratio"),
    ("全社会研发经费投入强度", "rd"), ("单位地区生产总值能耗", "energy_intensity"),
    ("地方一般公共预算收入", "budget_revenue"), ("规上工业增加值", "industry"),
    ("人均国内生产总值", None), ("研究与试验发展经费支出占国内生产总值比重", "rd"), ("民间固定资产投资", None),
    ("服务业增加值占国内生产总值比重", None), ("中央财政收入", None), ("工农业生产总值", None),
])
def test_names_are_matched_through_synonyms(name, expected):
    found = concept(name)
    assert (found[0] if found else None) == expected


@given(st.sampled_from([n for n, _ in tg._synonyms()[0]]), st.sampled_from(["", "全省", "全市", "年末", "全年"]))
def test_every_synonym_is_found_behind_a_place_or_time_word(name, prefix):
    found = concept(prefix + name)
    assert found is not None and found[1] == name


def test_measure_and_unit_pick_the_indicator():
    row = {"indicator": "地区生产总值", "change": "increase", "base_unit": "%", "value_base": 8, "kind": "target",
           "start": 0}
    assert tg.indicator_of(row)[0].id == "gdp_growth"
    assert tg.indicator_of({**row, "change": "level", "base_unit": "元"})[0].id == "gdp"
    grain = tg.indicator_of({**row, "indicator": "粮食总产量", "change": "level", "base_unit": "吨", "value_base": 1})
    assert grain[0].id == "grain_output" and grain[0].value({"base_unit": "吨", "value_base": 1}) == 2000  # 斤


@pytest.mark.parametrize(
    ("qualifier", "low", "high", "actual", "better", "met"),
    [("min", 9e6, None, 1.2e7, "higher", "yes"), ("max", None, 4.5, 4.9, "lower", "no"),
     ("approx", 7.5, 7.5, 7.4, "higher", "unclear"), ("approx", 5.5, 5.5, 3.0, "higher", "no"),
     ("approx", 3.0, 3.0, 2.0, "lower", "yes"), ("exact", 8.0, 8.0, 9.1, "higher", "yes"),
     ("range", 6.5, 7.0, 6.7, "higher", "yes"), ("range", 6.0, 6.5, 5.9, "higher", "no"),
     ("range", 2.0, 3.0, 2.5, "lower", "yes")],
)
def test_judge(qualifier, low, high, actual, better, met):
    value, gap, got = judge(Figure("", "", low, high, qualifier, "a"), Figure("", "", actual, actual, "", "b"), better)
    assert got == met and gap == pytest.approx(actual - value)


# --- local reports: regions ----------------------------------------------------------------------------------


def test_a_folder_of_one_citys_reports_joins_by_year(tmp_path):
    folder = tmp_path / "wuhan"
    folder.mkdir()
    for stem in ("wuhan_2002", "wuhan_2005_pdf"):
        shutil.copy(LOCAL / f"{stem}.txt", folder)
    code, out, _ = invoke("targets", folder, "--region", "武汉市", "--indicator", "gdp_growth", "-f", "csv", "-q")
    assert code == 0
    rows = csv_rows(out)
    assert {(r["region"], r["year"], r["actual_doc"]) for r in rows} == {
        ("武汉市", "2001", "wuhan_2002"), ("武汉市", "2004", "wuhan_2005_pdf")}
    assert {r["year"]: float(r["actual_value"]) for r in rows} == {"2001": 12, "2004": 14.5}


def _without_region(tmp_path):
    """Two real pages a year apart, with every word naming their region taken out."""
    folder = tmp_path / "xinjiang"
    folder.mkdir()
    for source in (LOCAL / "xinjiang_2022.txt", DATA / "gold" / "local" / "docs" / "xinjiang_2023_pdf.txt"):
        text = source.read_text(encoding="utf-8")
        for place in ("新疆维吾尔自治区", "新疆自治区", "新疆", "全区"):
            text = text.replace(place, "")
        (folder / source.name).write_text(text, encoding="utf-8")
    return folder


def test_reports_without_a_region_join_no_other_and_say_so(tmp_path):
    folder = _without_region(tmp_path)
    code, out, err = invoke("targets", folder, "-f", "csv", "-q")
    assert code == 0 and "name no region" in err and "--region" in err and len(err.strip().splitlines()) == 1
    rows = csv_rows(out)
    assert rows and all(not r["region"] and not (r["target_doc"] and r["actual_doc"]) for r in rows)
    code, out, err = invoke("targets", folder, "--region", "新疆维吾尔自治区", "-f", "csv", "-q")
    assert code == 0 and err == ""
    placed = csv_rows(out)
    assert {r["region"] for r in placed} == {"新疆维吾尔自治区"} and len(placed) == len(rows)
    gdp = next(r for r in placed if r["indicator_id"] == "gdp_growth" and r["year"] == "2021")
    assert gdp["actual_value"] == "7" and gdp["actual_doc"] == "xinjiang_2022"


def test_national_and_local_reports_never_join_across_regions(local_jsonl, national):
    code, out, _ = invoke("targets", "corpus:national", local_jsonl, "-f", "csv", "-q")
    assert code == 0
    rows = csv_rows(out)
    region_of = {**{r.id: "national" for r in national}, **LOCAL_REGIONS}
    for r in rows:
        for doc in (r["target_doc"], r["actual_doc"]):
            assert not doc or region_of[doc] == r["region"]
    assert {r["region"] for r in rows} >= {"national", "武汉市", "四川省", "辽宁省", "新疆维吾尔自治区"}
    alone = csv_rows(invoke("targets", "corpus:national", "-f", "csv", "-q")[1])
    assert [r for r in rows if r["region"] == "national"] == alone
    liaoning = [r for r in rows if r["region"] == "辽宁省" and r["indicator_id"] == "gdp_growth"]
    assert [(r["year"], r["target_text"]) for r in liaoning] == [("2015", "6%左右")]
    sichuan = [r for r in rows if r["region"] == "四川省" and r["indicator_id"] == "gdp"]
    assert sichuan[0]["year"] == "2007" and sichuan[0]["actual_text"] == "10505.3亿元"  # not 突破一万亿元


def test_wide_gives_one_row_per_region_and_year(local_jsonl, national):
    code, out, _ = invoke("targets", local_jsonl, "corpus:national", "--wide", "-f", "csv", "-q")
    assert code == 0
    rows = csv_rows(out)
    assert list(rows[0]) == tg.wide_columns()
    keys = [(r["region"], r["year"]) for r in rows]
    assert len(keys) == len(set(keys))
    long = target_rows(national)
    wide = {(r["region"], int(r["year"])): r for r in rows}
    for r in long:
        w = wide[(r["region"], r["year"])]
        for side in ("target", "actual"):
            v = r[f"{side}_value"] if side == "actual" else r["target_value"]
            cell = w[f"{r['indicator_id']}_{side}"]
            assert (None if cell == "" else float(cell)) == (None if v is None else pytest.approx(v))
    assert wide[("武汉市", 2004)]["gdp_growth_actual"] == "14.5"


def test_wide_over_reports_without_a_region_is_one_line(run, tmp_path):
    out = tmp_path / "panel.csv"
    folder = _without_region(tmp_path)
    result = run("targets", folder, "--wide", "-o", out, "-q")
    assert result.code == 2 and result.clean and len(result.error_lines) == 1
    assert "xinjiang_2022" in result.stderr and "--region" in result.stderr
    assert not out.exists()  # nothing half-written
    out.write_text("an earlier panel\n", encoding="utf-8")
    assert run("targets", folder, "--wide", "-o", out, "-q").code == 2
    assert out.read_text(encoding="utf-8") == "an earlier panel\n"  # and the file that was there stays
    with pytest.raises(ValueError, match="region"):
        target_rows(load_corpus(str(folder)), shape="wide")


# --- a single report: its headline ----------------------------------------------------------------------


def test_the_bundled_report_gives_its_headline():
    code, out, _ = invoke("targets", "-f", "csv")
    assert code == 0
    rows = csv_rows(out)
    assert list(rows[0]) == tg.HEADLINE_COLUMNS
    gdp = next(r for r in rows if r["indicator_id"] == "gdp_growth")
    assert (gdp["doc"], gdp["region"], gdp["year"]) == ("jiulongpo_2018", "九龙坡区", "2018")
    assert gdp["target_text"] == "9%左右" and gdp["actual_year"] == "2017" and gdp["actual_value"] == "8.3"


def test_one_report_file_gives_its_headline_and_panel_on_request(tmp_path, national):
    report = next(r for r in national if r.year == 2018)
    path = tmp_path / "2018.txt"
    path.write_text(report.text, encoding="utf-8")
    rows = {r["indicator_id"]: r for r in csv_rows(invoke("targets", path, "-f", "csv")[1])}
    assert rows["gdp_growth"]["target_text"] == "6.5%左右" and rows["gdp_growth"]["actual_value"] == "6.9"
    assert rows["urban_new_jobs"]["target_low"] == "11000000" and rows["deficit_ratio"]["target_text"] == "2.6%"
    panel = csv_rows(invoke("targets", path, "--panel", "-f", "csv")[1])
    assert list(panel[0]) == tg.COLUMNS and {r["region"] for r in panel} == {"national"}


@pytest.mark.parametrize("suffix", [".jsonl", ".ndjson"])
def test_a_corpus_file_is_no_single_report_whatever_its_json_lines_suffix(tmp_path, suffix):
    rows = [json.loads(line) for line in NATIONAL.read_text(encoding="utf-8").splitlines()[:3]]
    path = tmp_path / f"c{suffix}"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert list(csv_rows(invoke("targets", path, "-f", "csv")[1])[0]) == tg.COLUMNS  # the panel, not a headline


def test_corpus_api_returns_each_shape_as_a_dataframe(national):
    corpus = Corpus(national)
    frame = corpus.targets()
    assert list(frame.columns) == tg.COLUMNS and len(frame) == len(target_rows(national))
    assert frame.query("indicator_id == 'gdp_growth' and year == 2017")["met"].item() == "yes"
    assert list(corpus.targets(shape="wide", indicator="cpi").columns) == [*tg.WIDE_KEYS, "cpi_target", "cpi_actual"]
    headline = Corpus(national[:1]).targets(shape="headline")
    assert list(headline.columns) == tg.HEADLINE_COLUMNS


# --- region and year on the rows of every command, in every format ---------------------------------------


@pytest.mark.parametrize("command", ["metrics", "numbers", "phrases", "targets"])
@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl"])
def test_rows_carry_region_and_year_in_every_format(seed_path, command, fmt):
    code, out, _ = invoke(command, seed_path, "-f", fmt)
    assert code == 0
    if fmt in ("csv", "tsv"):
        rows = list(csv.DictReader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))
        year = "2018"
    else:
        rows = json.loads(out) if fmt == "json" else [json.loads(line) for line in out.splitlines()]
        year = 2018
    assert rows and all(r["region"] == "九龙坡区" and r["year"] == year for r in rows)
    header = list(rows[0])
    assert header[:3] == ["doc", "region", "year"]


def test_dataframes_carry_region_and_year(seed_path):
    report = govreport.load(seed_path)
    for frame in (report.metrics(), report.numbers(), report.phrases()):
        assert list(frame.columns[:3]) == ["doc", "region", "year"]
        assert set(frame["region"]) == {"九龙坡区"} and set(frame["year"]) == {2018}


def test_the_readme_describes_every_column_and_indicator():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### `govreport targets"):readme.index("### `govreport keyness")]
    described = " ".join(re.findall(r"^\| ([^|]+) \|", section, re.M)) + section
    assert all(c in described for c in [*tg.COLUMNS, *tg.HEADLINE_COLUMNS, *tg.WIDE_KEYS])
    assert all(ind.id in section for ind in tg.indicators())
