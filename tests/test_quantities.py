"""Quantity mentions on real report text: units, magnitudes, qualifiers, ranges, ratios, exclusions."""

import bisect
import json
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from govreport.quantities import find_quantities, units

DATA = Path(__file__).parent / "data"
SEED = (Path(__file__).parent.parent / "seeds" / "jiulongpo_2018.txt").read_text(encoding="utf-8")


def national(year: str) -> str:
    for line in (DATA.parent.parent / "govreport" / "data" / "national_reports.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        if row["year"] == year:
            return row["content"]
    raise LookupError(year)


def by_text(text):
    return {q["text"]: q for q in find_quantities(text)}


def test_seed_mentions_carry_base_units():
    found = by_text(SEED)
    assert found["1135亿元"]["value"] == 1135 and found["1135亿元"]["value_base"] == 113500000000
    assert found["1135亿元"]["unit"] == "亿元" and found["1135亿元"]["base_unit"] == "元"
    assert found["2.8万户"]["value_base"] == 28000 and found["2.8万户"]["base_unit"] == "户"
    assert found["3个百分点"]["base_unit"] == "百分点"
    assert found["0.8:44.0:55.2"]["base_unit"] == "ratio"
    assert found["9%左右"]["qualifier"] == "approx"
    assert found["4%以内"]["qualifier"] == "max"
    assert found["90%以上"]["qualifier"] == "min"


def test_offsets_index_the_text_as_read():
    for text in (SEED, national("1957"), national("2018")):
        for q in find_quantities(text):
            assert text[q["start"]:q["end"]] == q["text"]
            assert q["text"] in q["sentence"]


def test_years_dates_ordinals_and_slogans_are_not_figures():
    texts = {q["text"] for q in find_quantities(SEED)}
    assert not any(t.startswith(("2017", "2018")) for t in texts)  # 2017年, 2018-06-19 00:05
    assert not any("五位一体" in t or "十九" in t for t in texts)
    for q in find_quantities("第7年，十九大，十三五，“五位一体”，“十强县”，5号线，4G，500强，220千伏变电站，上午9时，1月12日"):
        pytest.fail(f"not a figure: {q['text']}")


def test_chinese_numerals_of_old_reports():
    found = by_text(national("1957"))
    assert found["一百七十七亿元"]["value_base"] == 17700000000
    assert found["一万二千二百多台"]["value_base"] == 12200
    assert found["一万二千二百多台"]["qualifier"] == "min"
    assert found["二千零五十万匹"]["value_base"] == 20500000
    percent = by_text(national("1982"))["百分之二十一点七"]
    assert percent["value"] == pytest.approx(21.7) and percent["base_unit"] == "%"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("增长6%－6.5%", [(6, "min"), (6.5, "max")]),
        ("建设3至5个园区", [(3, "min"), (5, "max")]),
        ("新建两三个园区", [(2, "min"), (3, "max")]),
        ("投资多了十五亿元到二十亿元", [(15e8, "min"), (20e8, "max")]),
    ],
)
def test_ranges_give_one_row_per_bound(text, expected):
    got = [(q["value_base"], q["qualifier"]) for q in find_quantities(text)]
    assert got == expected


def test_mixed_and_traditional_forms():
    found = by_text("全年接待游客1亿3千多万人次，新增1萬6千戶，减少三成")
    assert found["1亿3千多万人次"]["value_base"] == 130000000 and found["1亿3千多万人次"]["qualifier"] == "min"
    assert found["1萬6千戶"]["value_base"] == 16000 and found["1萬6千戶"]["base_unit"] == "户"
    assert found["三成"]["value_base"] == 30 and found["三成"]["base_unit"] == "%"


def test_written_units_read_as_their_folded_entry():
    """_quantity looks a unit up as written (no fold per figure): every written form, the Traditional ones
    included, gives the entry of its folded form, and a magnitude its folded value."""
    from govreport.quantities import MAGNITUDES, _written_units
    from govreport.view import fold_traditional

    written = _written_units()
    assert {"噸", "個", "戶"} <= set(written)
    for unit, info in written.items():
        assert info == units()[fold_traditional(unit)], unit
    for mag, value in MAGNITUDES.items():
        assert value == MAGNITUDES[fold_traditional(mag)], mag


def test_percentage_points_are_not_percent():
    q = find_quantities("比去年预算低0.4个百分点")[0]
    assert (q["value_base"], q["base_unit"]) == (0.4, "百分点")


def test_units_table_covers_the_required_families():
    table = units()
    for unit in ["元", "美元", "欧元", "人", "人次", "户", "平方米", "平方公里", "亩", "公顷", "公里", "米", "吨", "斤",
                 "千瓦", "千瓦时", "个", "家", "项", "件", "所", "座", "栋", "条", "套", "辆", "台", "场", "场次", "批",
                 "标箱", "张", "宗", "天", "小时", "%"]:
        assert unit in table, unit


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,%万亿千百十一二两三五九多余左右以上内约近个元人吨：:—-至到“”年月第 "))))
def test_any_text_of_number_characters_never_raises(text):
    for q in find_quantities(text):
        assert text[q["start"]:q["end"]] == q["text"]
        if q["value_base"] is not None:
            assert float(q["value_base"]) == float(q["value_base"])  # finite, not NaN


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_unicode_never_raises(text):
    for q in find_quantities(text):
        assert text[q["start"]:q["end"]] == q["text"]


def test_scraping_debris_inside_a_figure_is_tolerated():
    text = national("2017")
    rows = [q for q in find_quantities(text) if q["value_base"] == 74.4e12]
    assert rows and rows[0]["text"] == "74.4\n\u200b\n万亿元" == text[rows[0]["start"]:rows[0]["end"]]


# Units of older and local reports, Latin units, an implied one, a unit shared over 和/、: (text, figure as
# read, value, unit, value_base, base_unit). The 1950s-1990s sentences are from the national corpus, the rest
# in the shape of the local reports.
OLDER_UNITS = [
    ("发电量由二千零三十亿度增加到二千五百六十亿度", "二千零三十亿度", 2030, "亿度", 203_000_000_000, "千瓦时"),
    ("铁路货物周转量将达到一千二百一十亿吨公里", "一千二百一十亿吨公里", 1210, "亿吨公里", 121_000_000_000, "吨公里"),
    ("旅客周转量将达到三十四亿人公里，增长百分之七十八点七", "三十四亿人公里", 34, "亿人公里", 3_400_000_000, "人公里"),
    ("城乡电话总容量增长１．１倍，达到２８６０万门。", "２８６０万门", 2860, "万门", 28_600_000, "门"),
    ("集装箱吞吐量1.2千万标箱", "1.2千万标箱", 1.2, "千万标箱", 12_000_000, "标箱"),
    ("全社会用电量达到7.2亿千瓦时，", "7.2亿千瓦时", 7.2, "亿千瓦时", 720_000_000, "千瓦时"),
    ("功率为7,000瓩的重水型原子反应堆", "7,000瓩", 7000, "瓩", 7000, "千瓦"),
    ("查处案件12起，", "12起", 12, "起", 12, "起"),
    ("新建沼气池24.8万口", "24.8万口", 24.8, "万口", 248_000, "口"),
    ("发电量50亿kWh，", "50亿kWh", 50, "亿kWh", 5_000_000_000, "千瓦时"),
    ("服务器达到3萬P", "3萬P", 3, "万P", 30_000, "P"),
    ("地区生产总值首破亿元", "亿元", 1, "亿元", 100_000_000, "元"),
    ("经济总量跨过万亿元大关", "万亿元", 1, "万亿元", 1_000_000_000_000, "元"),
    ("分别达到4895和2608亿元", "4895", 4895, "亿元", 489_500_000_000, "元"),
    ("比2005年增长1.3和1.4倍", "1.3", 1.3, "倍", 1.3, "倍"),
    ("收入达到3，054，308，000元", "3，054，308，000元", 3054308000, "元", 3_054_308_000, "元"),
]


@pytest.mark.parametrize(("text", "figure", "value", "unit", "value_base", "base_unit"), OLDER_UNITS,
                         ids=[row[1] for row in OLDER_UNITS])
def test_units_of_older_and_local_reports(text, figure, value, unit, value_base, base_unit):
    q = by_text(text)[figure]
    assert (q["value"], q["unit"], q["value_base"], q["base_unit"]) == (value, unit, value_base, base_unit)
    assert text[q["start"]:q["end"]] == figure


@pytest.mark.parametrize("text", ["增加5G基站", "一起抓落实", "外贸出口一度出现负增长", "两度访欧", "千万不要", "1979、1980两年", "2017和2018年", "5和6号线",
                                  "今年1至9月", "kWh"])
def test_new_units_take_no_word(text):
    assert find_quantities(text) == []


_PIECES = st.sampled_from(["1", "23", "8.3", "一", "二十", "三百", "万", "亿", "千", "个", "元", "%", "亿元", "人", "是",
                           "统", "，", ",", ".", "、", "多", "点", "至", "-", "年", "第", "1" * 45, "一" * 45, "\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40))
@example(["1" * 45, ",", "一", ",", "1", "个"])  # 一 holds no figure, but is glued to the run before: so is 1个
def test_runs_passed_by_the_figure_scan_hold_no_figure(pieces):
    """The scan that passes runs of numerals holding no figure (一是, 统一) finds what reading every run finds,
    also next to runs too long to be a figure and what is glued to them."""
    from govreport import quantities

    text = "".join(pieces)
    fast = quantities._find_quantities(text)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(quantities, "_figure_runs", quantities._runs)
        every = quantities._find_quantities(text)
    assert fast == every


def test_one_chinese_digit_before_a_counted_unit_is_never_a_figure():
    """四个全面, 三项攻坚战: _quantity passes a single Chinese digit before a unit of count, time or people as soon
    as it has the unit; with an Arabic digit (3个) or a magnitude (三万人) the same unit gives a figure."""
    from govreport.quantities import _COUNTED, _written_units

    counted = [u for u, info in _written_units().items() if info[2] in _COUNTED and len(u) == 1 and u.isalpha()]
    assert {"个", "项", "人", "年"} & set(counted)
    for unit in counted:
        for digit in "三四八":
            assert find_quantities(f"推进{digit}{unit}建设") == [], (digit, unit)
        assert [q["text"] for q in find_quantities(f"推进3{unit}建设")] == [f"3{unit}"], unit


_LINE_PIECES = ["地区生产总值", "增长8.3%", "1135亿元", "。", "；", ";", "\n", "\n\n", "！", "，", "城镇新增就业5万人", "比上年",
                "3至5个", "  ", "“十三五”"]


def _bounds_near(bounds: list[int], start: int, end: int) -> tuple[int | None, int | None]:
    """The last bound at or before ``start`` and the first at or after ``end`` (None: there is none)."""
    i, j = bisect.bisect_right(bounds, start), bisect.bisect_left(bounds, end)
    return (bounds[i - 1] if i else None), (bounds[j] if j < len(bounds) else None)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_LINE_PIECES), max_size=30).map("".join))
def test_bounds_of_the_lines_with_figures_are_those_of_the_text(text):
    """paragraph_bounds scans only the lines that hold figures: around every figure it has the clause and
    sentence ends sentence_bounds finds in the whole text, so sentences and sentence starts are the same."""
    from govreport.quantities import _figures, paragraph_bounds, sentence_bounds, sentence_of

    rows = _figures(text)
    clauses, full = paragraph_bounds(text, rows)
    all_clauses, all_full = sentence_bounds(text)
    assert set(clauses) <= set(all_clauses) and set(full) <= set(all_full)
    assert clauses == sorted(clauses) and full == sorted(full)
    for row in rows:
        start, end = row["start"], row["end"]
        assert sentence_of(text, start, end, clauses) == sentence_of(text, start, end, all_clauses)
        assert _bounds_near(clauses, start, end) == _bounds_near(all_clauses, start, end)
        starts, all_starts = [0, *full], [0, *all_full]
        assert _bounds_near(starts, start, start + 1) == _bounds_near(all_starts, start, start + 1)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["1", "8.3", "一", "二十", "十", "百", "千", "万", "亿", "萬", "億", "多", "两"]),
                max_size=6).map("".join))
def test_magnitudes_tried_by_last_character_split_as_every_magnitude(numeral):
    """_split_magnitude tries only the magnitudes that end in the numeral's last character: it splits as trying
    each magnitude in turn does (1135亿, 5千万, 四百六十万, 千亿)."""
    from govreport.numerals import DIGITS
    from govreport.quantities import _split_magnitude

    expected = numeral, ""
    for mag in ("万亿", "千亿", "百亿", "十亿", "千万", "百万", "十万", "万", "亿", "萬", "億"):
        if numeral.endswith(mag) and len(numeral) > len(mag):
            head = numeral[: -len(mag)]
            if mag[0] in "十百千" and not head[-1].isdigit():
                continue
            if head[-1] in "多0123456789０１２３４５６７８９十百千" or head[-1] in DIGITS:
                expected = head, mag
                break
    assert _split_magnitude(numeral) == expected


@given(st.text(alphabet="一二两三〇零Ｏ壹十百千万亿1.多点", max_size=8))
def test_chinese_digit_classes_read_as_the_digit_table(core):
    """The compiled classes _quantity asks of a numeral say what a test of each character against DIGITS says."""
    from govreport.numerals import DIGITS
    from govreport.quantities import _CN_DIGIT, _CN_DIGIT_RUN

    assert (_CN_DIGIT.search(core) is not None) == any(ch in DIGITS for ch in core)
    assert (_CN_DIGIT_RUN.fullmatch(core) is not None) == (bool(core) and all(ch in DIGITS for ch in core))


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
@example("1" * 41 + "是" + "一" * 40 + "是" + "一" * 41 + "是")
def test_runs_opening_with_a_class_are_the_runs_of_the_plain_patterns(text):
    """_runs and _figure_runs open with a class (the engine's fast skip to a numeral): they find the runs the
    plain patterns find, every run whole ([c]+, and a lookahead before the three kinds of run that hold figures)."""
    import re

    from govreport.numerals import CHINESE_NUMERAL_CHARS, MAX_NUMERAL_LENGTH
    from govreport.quantities import _figure_runs, _runs, _unit_starts

    chars = f"0-9０-９{CHINESE_NUMERAL_CHARS}"
    starts = "".join(sorted(_unit_starts())).replace("\\", "\\\\").replace("-", "\\-").replace("]", "\\]")
    plain = re.compile(rf"(?=[{chars}])(?:[{chars}]{{{MAX_NUMERAL_LENGTH + 1},}}"
                       rf"|[{chars}]*[0-9０-９十百千万亿萬億](?![{chars}])|[{chars}]+(?![{chars}])(?=[{starts}]))")
    assert [m.span() for m in _figure_runs().finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert [m.span() for m in _runs().finditer(text)] == [m.span() for m in re.finditer(f"[{chars}]+", text)]
