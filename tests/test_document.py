"""The document model: paragraphs and headings with offsets into the text as read, and metadata."""

from __future__ import annotations

import ast
import json
import pickle
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govreport
import govreport.document
from govreport.document import Report, cues, find_sections, infer_metadata, region_level, report_metadata
from govreport.loading import load, load_corpus
from govreport.view import build_view

CN = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1..19 in Chinese numerals, written independently of the code under test."""
    return CN[n - 1] if n <= 10 else "十" + CN[n - 11]


# --- paragraphs ----------------------------------------------------------------------------------

LINES = st.lists(st.text(st.sampled_from("政府工作 报告\u3000\t，。2018\r"), max_size=12), max_size=12)


@given(LINES)
def test_paragraphs_are_the_non_blank_lines_with_exact_offsets(lines):
    text = "\n".join(lines)
    report = Report.from_text(text)
    assert [p.text for p in report.paragraphs] == [ln.strip() for ln in lines if ln.strip()]
    ends = [-1]
    for p in report.paragraphs:
        assert text[p.start:p.end] == p.text
        assert p.start > ends[-1]
        ends.append(p.end)


def test_seed_paragraphs_cover_every_non_blank_character(seed_path):
    report = load(seed_path)
    covered = set()
    for p in report.paragraphs:
        covered.update(range(p.start, p.end))
    assert all(i in covered for i, ch in enumerate(report.text) if not ch.isspace())


# --- headings ------------------------------------------------------------------------------------

TITLE = st.text(st.sampled_from("政府工作报告经济发展改革开放民生“”、，"), min_size=1, max_size=20).filter(
    lambda t: t[0] not in "、，")
BODY = st.text(st.sampled_from("我们要坚持稳中求进，推动高质量发展。增长8%；"), min_size=1, max_size=40)


@st.composite
def outlines(draw):
    """A report outline: level-1 headings, each with some level-2 headings, each style chosen at random."""
    parts, expected = [draw(BODY)], []
    pos = len(parts[0]) + 1
    for i in range(1, draw(st.integers(1, 5)) + 1):
        style = draw(st.sampled_from(["dun", "part"]))
        head = f"{cn_number(i)}、{draw(TITLE)}" if style == "dun" else f"第{cn_number(i)}部分 {draw(TITLE)}"
        indent = draw(st.sampled_from(["", "  ", "\u3000\u3000"]))
        expected.append((1, pos + len(indent), head))
        parts.append(indent + head)
        pos += len(indent) + len(head) + 1
        for j in range(1, draw(st.integers(0, 4)) + 1):
            for line in (draw(BODY), draw(st.sampled_from("(（")) + cn_number(j) + "X"):
                if line.endswith("X"):
                    line = line[:-1] + (")" if line[0] == "(" else "）") + draw(TITLE)
                    expected.append((2, pos, line))
                parts.append(line)
                pos += len(line) + 1
        parts.append(draw(BODY))
        pos += len(parts[-1]) + 1
    return "\n".join(parts), expected


@given(outlines())
def test_headings_are_found_with_level_and_offset(outline):
    text, expected = outline
    sections = find_sections(text)
    assert [(s.level, s.start, s.title) for s in sections] == expected
    for s in sections:
        assert text[s.start:s.start + len(s.title)] == s.title


SHORT = st.text(st.sampled_from("政府工作报告经济发展改革开放民生“”、"), min_size=1, max_size=16).filter(
    lambda t: t[0] != "、")


@st.composite
def nested_outlines(draw):
    """一、 headings with, at random, (一) headings, 1. run-in headings and bullets (● ■ ◆ ▲, 【…】 tags) below
    them: the levels the document's nesting shows (1. is 3 under (一) and 2 right under 一、; a bullet one below
    what it follows)."""
    parts, expected = [], []

    def add(line: str, level: int | None = None, title: str = "") -> None:
        if level is not None:
            expected.append((level, title))
        parts.append(line)

    for i in range(1, draw(st.integers(1, 3)) + 1):
        head = f"{cn_number(i)}、{draw(SHORT)}"
        add(head, 1, head)
        blocks = draw(st.integers(0, 2))
        for j in range(1, max(blocks, 1) + 1):
            parent = 1
            if blocks:
                sub = f"（{cn_number(j)}）{draw(SHORT)}"
                add(sub, 2, sub)
                parent = 2
            for k in range(1, draw(st.integers(0, 3)) + 1):
                item = f"{k}.{draw(SHORT)}"
                add(f"{item}。{draw(BODY)}", parent + 1, item)
                if draw(st.booleans()):
                    mark = draw(st.sampled_from("●■◆▲【"))
                    bullet = f"【{draw(SHORT)}】" if mark == "【" else mark + draw(SHORT)
                    add(bullet, parent + 2, bullet)
            add(draw(BODY))
    return "\n".join(parts), expected


@given(nested_outlines())
def test_numbered_and_marked_headings_nest_as_the_document_shows(outline):
    text, expected = outline
    assert [(s.level, s.title) for s in find_sections(text)] == expected


@given(outlines())
def test_a_section_ends_where_the_next_at_its_level_or_above_starts(outline):
    text, _ = outline
    sections = find_sections(text)
    for i, s in enumerate(sections):
        later = [t.start for t in sections[i + 1:] if t.level <= s.level]
        assert s.end == (later[0] if later else len(text))
        assert s.start < s.end


def test_heading_title_stops_at_the_sentence_end():
    text = "一、加快发展。我们要继续努力\n（二）稳就业；保民生"
    assert [s.title for s in find_sections(text)] == ["一、加快发展", "（二）稳就业"]


def test_numbers_inside_a_line_and_bare_list_numbers_are_not_headings():
    text = "我们提出一、二、三条意见。\n一、\n继续增加能源投资。\n（一）\n适当控制投资。\n二、今年的任务"
    assert [s.title for s in find_sections(text)] == ["二、今年的任务"]


@pytest.mark.parametrize("which", ["seed", "national"])
def test_real_headings_sit_at_line_starts_and_nest(which, seed_path, national_path):
    reports = [load(seed_path)] if which == "seed" else load_corpus([national_path])
    total = 0
    for report in reports:
        text = report.text
        for s in report.sections:
            total += 1
            assert text[s.start:s.start + len(s.title)] == s.title
            assert s.start == 0 or text[:s.start].rstrip(" \t\u3000").endswith("\n") or not text[:s.start].strip()
            assert s.title[0] in CN + "(（第" or s.title.endswith(cues()["unnumbered_heading"])
            if s.level == 2:
                parent = report.section_at(s.start, level=1)
                if parent is not None:
                    assert parent.start < s.start and s.end <= parent.end
    assert total > 0


def test_section_at_finds_the_innermost_heading(seed_path):
    report = load(seed_path)
    for offset in range(0, len(report.text), 97):
        sec = report.section_at(offset)
        holding = [s for s in report.sections if s.start <= offset < s.end]
        if not holding:
            assert sec is None
        else:
            assert sec == max(holding, key=lambda s: (s.level, s.start))


# --- metadata ------------------------------------------------------------------------------------


def test_seed_metadata(seed_path):
    report = load(seed_path)
    # the report's own first line names it: 2018年九龙坡区政府工作报告
    first_line = report.text.strip().split("\n")[0].strip()
    assert report.title == first_line
    assert (report.year, report.region, report.level) == (2018, "九龙坡区", "district")
    assert report.id == seed_path.stem


def test_national_reports_are_national_with_their_year(national_path, national_rows):
    reports = load_corpus([national_path])
    for report, row in zip(reports, national_rows, strict=True):
        assert (report.region, report.level) == ("national", "national")
        if row["year"]:
            assert report.year == int(row["year"]) and str(report.year) in row["title"]


def test_year_comes_from_the_title_before_the_text():
    text = "政府工作报告\n——2018年1月12日\n一、2017年工作回顾"
    assert Report.from_text(text, meta={"title": "2019年深圳市政府工作报告"}).year == 2019
    assert Report.from_text(text).year == 2018


@pytest.mark.parametrize(
    "title, doc_id, head, year, region, level",
    [
        ("2018年九龙坡区政府工作报告", "x", "", 2018, "九龙坡区", "district"),
        ("重庆市九龙坡区2018年政府工作报告", "x", "", 2018, "九龙坡区", "district"),
        ("2020年福建省人民政府工作报告", "x", "", 2020, "福建省", "province"),
        ("2019年中华人民共和国国务院政府工作报告", "x", "", 2019, "national", "national"),
        ("2021年上海市政府工作报告", "x", "", 2021, "上海市", "province"),
        ("2021年深圳市政府工作报告", "x", "", 2021, "深圳市", "city"),
        ("2016年长寿县政府工作报告", "x", "", 2016, "长寿县", "county"),
        ("2017年内蒙古自治区政府工作报告", "x", "", 2017, "内蒙古自治区", "province"),
        ("政府工作报告", "fujian_2020", "——在福建省第十三届人民代表大会第三次会议上", 2020, "福建省", "province"),
        ("政府工作报告", "r", "现在，我代表国务院，向大会报告政府工作", None, "national", "national"),
        ("政府工作报告", "r", "各位代表：请予审议", None, "", ""),
    ],
)
def test_metadata_from_title_file_name_and_opening(title, doc_id, head, year, region, level):
    assert infer_metadata(title, doc_id, head) == {"year": year, "region": region, "level": level}


def test_a_local_report_quoting_the_state_council_stays_local():
    head = "——2019年1月在九龙坡区第十八届人民代表大会第三次会议上\n认真落实党中央、国务院决策部署"
    meta = infer_metadata("政府工作报告", "r", head)
    assert (meta["region"], meta["level"]) == ("九龙坡区", "district")


def test_jsonl_fields_override_what_is_inferred():
    text = "2018年九龙坡区政府工作报告\n各位代表："
    report = Report.from_text(text, id="r", meta={"year": "2020", "region": "福建省"})
    assert (report.year, report.region, report.level) == (2020, "福建省", "province")
    report = Report.from_text(text, id="r", meta={"region": "", "level": "city"})
    assert (report.year, report.region, report.level) == (2018, "九龙坡区", "city")
    # a corpus that says a document has no year (the national corpus's NPC resolutions) is not guessed over
    assert Report.from_text(text, id="r", meta={"year": None}).year is None
    assert Report.from_text(text, id="r", meta={"year": "未知"}).year == 2018


@pytest.mark.parametrize("region, level", [("national", "national"), ("国务院", "national"),
                                           ("北京市", "province"), ("广西壮族自治区", "province"),
                                           ("苏州市", "city"), ("延边朝鲜族自治州", "city"),
                                           ("浦东新区", "district"), ("鄂托克旗", "county"), ("", "")])
def test_region_levels(region, level):
    assert region_level(region) == level


def test_info_row_counts_the_document(seed_path):
    report = load(seed_path)
    info = report.info()
    assert info["chars"] == len(report.text)
    assert info["paragraphs"] == len([ln for ln in report.text.split("\n") if ln.strip()])
    assert info["sections"] == len(report.sections)
    assert list(info) == ["doc", "title", "year", "region", "level", "genre", "chars", "paragraphs", "sections"]



# --- heading styles: real lines, one parametrised test ---------------------------------------------------

DATA = Path(__file__).parent / "data"


def _heading_examples() -> list[tuple[str, ...]]:
    rows = []
    for line in (DATA / "headings.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            rows.append(tuple(line.split("\t")))
    return rows


@pytest.mark.parametrize("level, title, context, fold, source, line", _heading_examples(),
                         ids=lambda v: v[:24] if isinstance(v, str) else None)
def test_heading_examples(level, title, context, fold, source, line):
    before = context.replace("\\n", "\n")
    text = build_view((before + "\n" if before else "") + line + "\n下一段正文。").text
    found = [s for s in find_sections(text) if s.start >= len(before)]
    if level == "-":
        assert found == [], source
    else:
        assert [(s.level, s.title) for s in found] == [(int(level), build_view(title).text)], source


def test_sections_have_raw_offsets_and_verbatim_titles_view_sections_the_view_ones():
    text = "各位代表：\n一、2017年\u200b工作回顾\n（一）经济\u200b增长。全年增长8%。\n二、2018年工作"
    report = Report.from_text(text)
    assert [s.title for s in report.view_sections] == ["一、2017年工作回顾", "（一）经济增长", "二、2018年工作"]
    for raw, seen in zip(report.sections, report.view_sections, strict=True):
        assert text[raw.start:raw.start + len(raw.title)] == raw.title
        assert raw.title.replace("\u200b", "") == seen.title and raw.level == seen.level
    assert report.sections[0].end == report.sections[2].start and report.sections[-1].end == len(text)
    assert report.section_at(text.index("全年")).title == "（一）经济\u200b增长"


# --- metadata and genre on real openings -----------------------------------------------------------------

OPENINGS = [json.loads(line) for line in (DATA / "openings.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("row", OPENINGS, ids=[r["id"] for r in OPENINGS])
def test_metadata_and_genre_from_a_real_opening(row):
    report = Report.from_text(row["opening"], id="page")  # an id without a year: the text must say it
    assert (report.year, report.region, report.genre) == (row["year"], row["region"], row["genre"])
    assert report.title != "各位代表:" and "\u200b" not in report.title


@pytest.mark.parametrize(
    "head, year",
    [
        ("政府工作报告\n——2025年1月8日在北京市东城区第十七届\n人民代表大会第五次会议上", 2025),  # January: that year's
        ("政府工作报告\n——二〇二四年二月三日在郑州市第十六届人民代表大会第二次会议上", 2024),
        ("http://www.sina.com.cn 2005年02月05日11:38 大连日报\n各位代表：", 2005),
        ("发布时间: 2018-06-19 00:05\n各位代表：", 2018),
        ("银川市人民政府市长陶少华\n各位代表:\n2024年工作回顾\n过去一年", 2025),
        ("各位代表:\n现在,我代表市人民政府向大会报告工作。\n2012年,全市经济", 2013),
    ],
)
def test_year_from_dateline_byline_and_the_year_reviewed(head, year):
    assert infer_metadata("政府工作报告", "page", head)["year"] == year


def test_titles_are_never_the_salutation(national_rows):
    for row in national_rows:
        report = Report.from_text(row["content"], id=f"r{row.get('year')}")
        assert not report.title.startswith("各位代表") and "\u200b" not in report.title
        if row["year"]:  # the reports, not the NPC resolutions on them
            assert report.genre == "work_report"


def _genre_of_name(name: str) -> str:
    return {"plan": "plan_report", "budget": "budget_report", "news": "summary"}.get(name.rsplit("_", 1)[-1],
                                                                                      "work_report")


# news stories by their text, whatever their file name says: a radio station's story (今年GDP预期目标增长5%)
# and a China News Service wire; and a live-text page that quotes the report's own opening
# (我代表宁波市人民政府), read as the report
BY_TEXT = {"guangdong_2024": "summary", "xinjiang_2004_trad": "summary", "ningbo_2007_news": "work_report"}


def test_genre_of_every_local_development_document():
    docs = sorted((DATA / "gold" / "local" / "docs").glob("*.txt"))
    assert len(docs) == 24
    for path in docs:
        report = load(path)
        assert report.genre == BY_TEXT.get(path.stem, _genre_of_name(path.stem)), path.stem


def test_jsonl_genre_overrides():
    assert Report.from_text("各位代表：", meta={"genre": "plan_report"}).genre == "plan_report"


# --- the title and metadata are inferred when first read --------------------------------------------------

READS = {
    "title": lambda r: r.title,
    "meta": lambda r: r.meta,
    "year": lambda r: r.year,
    "genre": lambda r: r.genre,
    "info": lambda r: r.info(),
    "repr": repr,
}


@pytest.mark.parametrize("first", READS)
def test_title_and_metadata_read_first_in_any_way_are_what_inference_gives(first, national_rows):
    inputs = [(row["content"], row["title"], {k: v for k, v in row.items() if k != "content"})
              for row in national_rows[::7]]
    inputs += [(row["opening"], "page", {}) for row in OPENINGS]
    inputs += [("各位代表：", "fujian_2020", {"region": "福建省"}), ("", "x", {"year": None, "genre": " plan_report "})]
    for text, doc_id, supplied in inputs:
        snapshot = dict(supplied)
        report = Report.from_text(text, id=doc_id, meta=supplied)
        READS[first](report)
        assert (report.title, report.meta) == report_metadata(text, doc_id, dict(snapshot))
        assert supplied == snapshot  # the caller's dict is not filled in


def test_metadata_is_inferred_from_what_from_text_was_given():
    report = Report.from_text("各位代表：", id="fujian_2020")
    report.id = "renamed"  # as Task.load renames a file's report after its metadata was inferred from the stem
    assert (report.year, report.title) == (2020, "fujian_2020")
    report = Report.from_text("2018年九龙坡区政府工作报告\n各位代表：", id="r")
    report.title = "a title of my own"  # set before anything was inferred: it stays, the metadata is inferred
    assert (report.title, report.region, report.year) == ("a title of my own", "九龙坡区", 2018)
    report.meta = {"year": 1999}
    assert report.year == 1999
    report = Report.from_text("2019年福建省政府工作报告\n各位代表：", id="r")
    report.text = "2021年浙江省政府工作报告\n各位代表："  # a later text does not move what the first one said
    assert (report.region, report.year) == ("福建省", 2019)
    report._infer()  # a second inference (another thread's) finds it done: nothing changes, nothing fails
    assert (report.region, report.year) == ("福建省", 2019)


def test_a_report_not_yet_inferred_pickles_and_compares_as_an_inferred_one(seed_text):
    lazy = Report.from_text(seed_text, id="seed")
    copy = pickle.loads(pickle.dumps(lazy))
    inferred = Report.from_text(seed_text, id="seed")
    inferred.info()
    assert copy == inferred == lazy
    assert (copy.title, copy.meta) == (inferred.title, inferred.meta) == report_metadata(seed_text, "seed", {})


# --- structure: the document model is a leaf ------------------------------------------------------------


def test_the_document_model_imports_no_analysis():
    tree = ast.parse((Path(govreport.document.__file__)).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
            if node.module == "govreport":
                imported.update(f"govreport.{a.name}" for a in node.names)
    own = {m for m in imported if m.startswith("govreport")}
    assert own <= {"govreport.view", "govreport.errors", "govreport.wordfiles", "govreport.lazy_regex"}, own


def test_the_python_api_returns_dataframe_reports_over_plain_ones(seed_path):
    report = govreport.load(seed_path)
    assert isinstance(report, govreport.Report) and len(report.metrics(kind="target")) > 0
    corpus = govreport.Corpus([Report.from_text("2018年政府工作报告\n地区生产总值增长8%。", id="a")])
    assert list(corpus.metrics()["indicator"]) == ["地区生产总值"]
    with pytest.raises(govreport.OptionError):
        corpus.trends("发展", by="month")


def test_a_dataframe_report_is_a_copy_that_leaves_the_original_lazy(national_rows):
    """Corpus and Report.of copy a report: metadata not inferred yet is inferred by whoever reads it first,
    with the same values, and a view already built is not built again."""
    plain = [Report.from_text(r["content"], id=f"r{i}", meta={"title": r["title"]}) for i, r in enumerate(national_rows[:5])]
    plain[0].view  # noqa: B018 - built before the copy
    corpus = govreport.Corpus(plain)
    assert all("_given" in r.__dict__ for r in plain)  # nothing inferred by making the corpus
    assert [(c.id, c.title, c.year, c.region) for c in corpus] == [(r.id, r.title, r.year, r.region) for r in plain]
    assert list(corpus)[0].view is plain[0].view and all(isinstance(c, govreport.Report) for c in corpus)


@pytest.mark.parametrize(
    "opening, title",
    [
        ("首页 » 政府工作报告\n\n武汉市2002年政府工作报告\n\n日期:2002年06月03日  字体:【大】【中】【小】", "武汉市2002年政府工作报告"),
        ("2003年河北省政府工作报告——2003年1月10日在河北省第十届人民代表大会第一次会议上代省长季允石各位代表:现在,我代表"
         "河北省人民政府向大会作工作报告,请予审议。并请省政协各位委员和列席会议的同志提出意见。", "2003年河北省政府工作报告"),
        ("政 府 工 作 报 告\n——2025年1月8日在北京市东城区第十七届\n人民代表大会第五次会议上", "政府工作报告"),
        ("重庆四届人大一次会议开幕 黄奇帆作政府工作报告\n图为重庆市第四届人民代表大会第一次会议开幕式现场。",
         "重庆四届人大一次会议开幕 黄奇帆作政府工作报告"),
        ("\u200b\n\n\n\n\n第十三届全国人民代表大会第四次会议关于政府工作报告的决议\n\n\n\n\n（2021年3月11日第十三届全国人民代表"
         "大会第四次会议通过）", "第十三届全国人民代表大会第四次会议关于政府工作报告的决议"),
        ("各位代表：\n\n现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。", "page"),
        ("各位代表：\n\n首先报告２００１年的工作\n\n", "page"),
    ],
)
def test_title_is_the_first_line_naming_the_report(opening, title):
    assert Report.from_text(opening, id="page").title == title
