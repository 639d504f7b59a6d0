"""govreport phrases: quoted formulations, numbered slogans and lexicon entries, counted on the text as read."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreport import phrases as ph
from govreport.document import Report

GOLD = Path(__file__).resolve().parent / "data" / "gold"
QUOTE_MARKS = "“”\"「」"


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def gold_doc(name: str) -> Report:
    # newline="" keeps \r: offsets index the text as read, as the scorer reads it
    with (GOLD / "docs" / f"{name}.txt").open(encoding="utf-8", newline="") as fh:
        return Report.from_text(fh.read(), id=name)


def counts_as_scored(rows: list[dict]) -> dict[str, int]:
    """The scorer's matching: phrase stripped of quote marks, the largest count over rows of that phrase."""
    out: dict[str, int] = {}
    for r in rows:
        phrase = str(r["phrase"]).strip(QUOTE_MARKS)
        out[phrase] = max(out.get(phrase, 0), int(r["count"]))
    return out


@pytest.fixture(scope="module")
def seed_report(seed_text) -> Report:
    return Report.from_text(seed_text, id="jiulongpo_2018")


@pytest.fixture(scope="module")
def seed_rows(seed_report) -> list[dict]:
    return list(ph.phrase_rows([seed_report]))


@pytest.fixture(scope="module")
def national_reports(national_rows) -> list[Report]:
    return [Report.from_text(r["content"], id=f"{r['year']}:{r['title']}") for r in national_rows]


@pytest.fixture(scope="module")
def national_hits(national_reports) -> list[tuple[Report, list[ph.Hit]]]:
    return [(rep, ph.find_phrases(rep.text)) for rep in national_reports]


# --- gold: the seed's numbered formulations and quoted phrases --------------------------------------------


def test_gold_slogans_found_with_exact_counts():
    gold = [g for g in read_jsonl(GOLD / "slogans.jsonl") if not g["borderline"]]
    by_doc: dict[str, list[dict]] = {}
    for g in gold:
        by_doc.setdefault(g["doc"], []).append(g)
    assert sum(len(v) for v in by_doc.values()) >= 30
    for doc, items in by_doc.items():
        counts = counts_as_scored(list(ph.phrase_rows([gold_doc(doc)])))
        wrong = [(g["phrase"], g["count"], counts.get(g["phrase"].strip(QUOTE_MARKS))) for g in items
                 if counts.get(g["phrase"].strip(QUOTE_MARKS)) != g["count"]]
        assert wrong == []


def test_numbered_rows_of_the_seed_are_slogans():
    """No more than 10% of the numbered rows are outside the gold (slogans and borderline cases alike)."""
    gold = read_jsonl(GOLD / "slogans.jsonl")
    known = {g["phrase"].strip(QUOTE_MARKS) for g in gold}
    rows = [r for r in ph.phrase_rows([gold_doc("jiulongpo_2018")], category="numbered")]
    assert len(rows) >= 30
    extra = [r["phrase"] for r in rows if r["phrase"] not in known]
    assert len(extra) <= 0.10 * len(rows), extra
    assert {r["category"] for r in rows} == {"numbered"}


def test_gold_quoted_phrases_found_with_counts_and_quoted_counts():
    gold = read_jsonl(GOLD / "quoted.jsonl")
    report = gold_doc("jiulongpo_2018")
    short = [g for g in gold if len(g["phrase"]) <= ph.MAX_LEN]
    long_ = [g for g in gold if len(g["phrase"]) > ph.MAX_LEN]
    assert len(short) >= 70 and long_  # the gold holds a few quotes longer than the default limit
    for items, max_len in ((short, ph.MAX_LEN), (gold, 40)):
        rows = {r["phrase"]: r for r in ph.phrase_rows([report], max_len=max_len)}
        wrong = [(g["phrase"], g["count"], g["quoted_count"], rows.get(g["phrase"])) for g in items
                 if g["phrase"] not in rows
                 or (rows[g["phrase"]]["count"], rows[g["phrase"]]["quoted_count"]) != (g["count"], g["quoted_count"])]
        assert wrong == []
    rows = {r["phrase"] for r in ph.phrase_rows([report])}
    assert not any(g["phrase"] in rows for g in long_)  # 2 to 20 characters by default


# --- unit tests on the seed -----------------------------------------------------------------------------------


def test_issue_examples_in_the_seed(seed_rows, seed_text):
    rows = {r["phrase"]: r for r in seed_rows}
    assert rows["十一项战略行动计划"]["numeral"] == 11
    assert rows["五位一体"]["numeral"] == 5
    assert rows["三去一降一补"]["numeral"] == 3
    assert rows["1+6+5"]["category"] == "numbered"
    assert rows["多规合一"]["numeral"] is None  # 多 is no numeral
    assert rows["放管服"]["category"] == "quoted"  # no numeral
    eight = rows["八项规定"]  # never quoted in the seed: found by the text rules
    assert eight["category"] == "numbered" and eight["quoted_count"] == 0
    assert eight["count"] == seed_text.count("八项规定") == 2


def test_adjacent_quotes_are_separate_phrases(seed_rows, seed_text):
    assert "“两点”“两地”" in seed_text
    rows = {r["phrase"]: r for r in seed_rows}
    assert rows["两点"]["quoted_count"] == rows["两地"]["quoted_count"] == seed_text.count("“两点”“两地”")
    assert not any("”“" in r["phrase"] for r in seed_rows)


def test_unclosed_quote_swallows_nothing(seed_text):
    # the seed ends in an unclosed quote (“新阶层·重庆第二届…); open another one at the very top
    assert seed_text.count("“") == seed_text.count("”") + 1
    text = "“未闭合的引号\n" + seed_text
    shifted = {r["phrase"]: r for r in ph.phrase_rows([text])}
    plain = {r["phrase"]: r for r in ph.phrase_rows([seed_text])}
    assert shifted.keys() == plain.keys()
    for phrase, row in plain.items():
        assert shifted[phrase]["count"] == row["count"]
        assert shifted[phrase]["first_start"] == row["first_start"] + len("“未闭合的引号\n")
    assert not any(r["phrase"].startswith("新阶层") for r in plain.values())


def test_meeting_and_ordinals_are_not_slogans(seed_rows):
    rows = {r["phrase"]: r for r in seed_rows}
    assert rows["两会访谈"]["category"] == "quoted"  # 两会 is a meeting
    assert rows["高新九龙坡、美丽山水城"]["category"] == "quoted"  # 九龙坡 is a place
    for text in ("今年要做好三件事：一是稳增长，二是调结构。", "地铁5号线通车，三次产业结构优化。",
                 "党的十九大以来，第二届论坛举行，增长一点二倍。"):
        assert ph.numbered_slogans(text) == []


def test_quoted_count_and_count_anywhere(seed_rows, seed_text):
    rows = {r["phrase"]: r for r in seed_rows}
    plan = rows["三年行动计划"]  # quoted twice, once inside 工业转型升级三年行动计划
    assert (plan["count"], plan["quoted_count"]) == (seed_text.count("三年行动计划"), seed_text.count("“三年行动计划”"))
    assert plan["count"] > plan["quoted_count"]


def test_rows_are_sorted_and_offsets_index_the_text(seed_rows, seed_text):
    counts = [r["count"] for r in seed_rows]
    assert counts == sorted(counts, reverse=True)
    for r in seed_rows:
        assert seed_text[r["first_start"]:r["first_start"] + len(r["phrase"])] == r["phrase"]
        assert r["per_10k"] == pytest.approx(r["count"] * 10000 / len(seed_text), abs=1e-3)
        assert set(r) == set(ph.columns("doc"))


def test_numbered_slogans_in_order(seed_text):
    slogans = ph.numbered_slogans(seed_text)
    gold = {g["phrase"] for g in read_jsonl(GOLD / "slogans.jsonl") if not g["borderline"]}
    assert gold <= set(slogans)
    firsts = [seed_text.find(s) for s in slogans]
    assert firsts == sorted(firsts)


def test_filters(seed_report):
    numbered = list(ph.phrase_rows([seed_report], category="numbered"))
    assert numbered and {r["category"] for r in numbered} == {"numbered"}
    top = list(ph.phrase_rows([seed_report], top=5))
    assert len(top) == 5 and top == list(ph.phrase_rows([seed_report]))[:5]
    common = list(ph.phrase_rows([seed_report], min_count=3))
    assert common and all(r["count"] >= 3 for r in common)
    with pytest.raises(ValueError):
        list(ph.phrase_rows([seed_report], by="paragraph"))
    with pytest.raises(ValueError):
        list(ph.phrase_rows([seed_report], top=0))


# --- by section, all, category ------------------------------------------------------------------------------


def test_by_section_adds_up_to_the_document(seed_report):
    doc = {(r["phrase"], r["category"]): r for r in ph.phrase_rows([seed_report])}
    rows = list(ph.phrase_rows([seed_report], by="section"))
    titles = {s.title for s in seed_report.sections} | {""}
    totals: dict[tuple[str, str], list[int]] = {}
    for r in rows:
        assert set(r) == set(ph.columns("section"))
        assert r["section"] in titles
        sec = seed_report.section_at(r["first_start"])
        assert (sec.title if sec else "") == r["section"]
        t = totals.setdefault((r["phrase"], r["category"]), [0, 0])
        t[0] += r["count"]
        t[1] += r["quoted_count"]
    assert {k: tuple(v) for k, v in totals.items()} == {k: (r["count"], r["quoted_count"]) for k, r in doc.items()}
    assert len({r["section"] for r in rows}) > 5


def test_by_all_totals_documents(seed_report):
    other = gold_doc("national_2018")
    per_doc: dict[tuple[str, str], int] = {}
    for r in ph.phrase_rows([seed_report, other]):
        per_doc[(r["phrase"], r["category"])] = per_doc.get((r["phrase"], r["category"]), 0) + r["count"]
    rows = list(ph.phrase_rows([seed_report, other], by="all"))
    assert {r["doc"] for r in rows} == {"all"}
    # every phrase found anywhere is counted in every document, wherever it is written
    totals = {(r["phrase"], r["category"]): r["count"] for r in rows}
    assert set(totals) == set(per_doc)
    assert totals == {(p, c): sum(ph.count_phrase(d.view.text, p)[0] for d in (seed_report, other)) for p, c in totals}
    assert any(totals[key] > per_doc[key] for key in totals)  # found by the rules in one, written in both
    chars = len(seed_report.text) + len(other.text)
    assert all(r["per_10k"] == pytest.approx(r["count"] * 10000 / chars, abs=1e-3) for r in rows)
    assert len(list(ph.phrase_rows([seed_report, other], by="all", top=3))) == 3


def test_by_all_counts_a_phrase_quoted_in_one_report_in_all_of_them(national_path):
    from govreport.loading import load_corpus

    reports = list(load_corpus([national_path]))
    [row] = [r for r in ph.phrase_rows(reports, by="all") if r["phrase"] == "社会主义"]
    # every occurrence of the view: the 1954 report's 社會主義 counts too
    assert row["count"] == sum(r.view.text.count("社会主义") for r in reports) > sum(r.text.count("社会主义") for r in reports)


def test_section_counts_only_under_headings_that_hold_the_text(seed_report):
    text = seed_report.text
    inside = [s for s in seed_report.sections if "重点工作" in s.title]
    assert inside
    rows = list(ph.phrase_rows([seed_report], section="重点工作"))
    spans = [(s.start, s.end) for s in inside]
    for r in rows:
        found = [at for at in ph.occurrences(text, r["phrase"]) if any(a <= at < b for a, b in spans)]
        assert r["count"] == len(found) and r["first_start"] == found[0]
    by_section = list(ph.phrase_rows([seed_report], by="section", section="重点工作"))
    # a subsection of 三、2018年重点工作 matches through its enclosing heading
    assert any(r["section"].startswith("(") for r in by_section)
    assert all(any(a <= r["first_start"] < b for a, b in spans) for r in by_section)


def test_by_category_counts_like_a_dictionary_lookup(seed_report):
    text = seed_report.text
    lexicon = [("改革", "改革"), ("深化改革", "改革"), ("放管服", "改革"), ("五位一体", "布局"), ("不存在的提法", "布局")]
    rows = {r["category"]: r for r in ph.phrase_rows([seed_report], by="category", lexicon=lexicon)}
    assert set(rows["改革"]) == set(ph.columns("category"))
    # every 深化改革 holds 改革: nested entries count once, so 深化改革 adds nothing to 改革 and 放管服
    assert rows["改革"]["count"] == text.count("改革") + text.count("放管服")
    assert rows["改革"]["phrases"] == 3
    assert rows["布局"]["count"] == text.count("五位一体") and rows["布局"]["phrases"] == 1
    assert rows["numbered"]["count"] > 0 and rows["quoted"]["count"] > 0
    only = list(ph.phrase_rows([seed_report], by="category", lexicon=lexicon, category="lexicon"))
    assert {r["category"] for r in only} == {"改革", "布局"}


def test_lexicon_rows(seed_report):
    lexicon = [("五位一体", "布局"), ("高质量发展", "lexicon"), ("不存在的提法", "lexicon")]
    rows = {r["phrase"]: r for r in ph.phrase_rows([seed_report], lexicon=lexicon)}
    assert rows["五位一体"]["category"] == "布局" and rows["五位一体"]["numeral"] == 5
    assert rows["高质量发展"]["count"] == seed_report.text.count("高质量发展")
    assert "不存在的提法" not in rows
    zero = {r["phrase"]: r for r in ph.phrase_rows([seed_report], lexicon=lexicon, min_count=0)}
    assert zero["不存在的提法"]["count"] == 0 and zero["不存在的提法"]["first_start"] is None


# --- the national corpus: the rules are not fitted to the seed ------------------------------------------------


def test_national_ordinary_quantities_are_not_slogans(national_hits):
    ordinary = ["三次产业", "一是", "十九大", "三分之一", "一九七五", "二十五", "三个月", "两年", "十一届三中全会",
                "万众一心"]
    seen = set()
    for rep, hits in national_hits:
        numbered = {h.phrase for h in hits if h.category == "numbered"}
        for word in ordinary:
            if word in rep.text:
                seen.add(word)
                assert not any(word in p for p in numbered), (rep.id, word, numbered)
    assert seen == set(ordinary)  # each occurs somewhere in the corpus


def test_national_numbered_phrases_are_not_quantities(national_hits):
    quantity = re.compile(r"^[\d一二三四五六七八九十百千万两]+(?:[%％]|个百分点|倍|亿|万|元|吨|公里|年|月|日|号|岁|次|届)$")
    numbered = [h for _, hits in national_hits for h in hits if h.category == "numbered"]
    assert len(numbered) > 300
    assert [h.phrase for h in numbered if quantity.match(h.phrase)] == []


def test_national_central_formulations_found_unquoted(national_hits):
    central = ["八项规定", "四项基本原则", "三大攻坚战", "四个现代化", "两个一百年", "三去一降一补", "一带一路"]
    found = {c: 0 for c in central}
    for rep, hits in national_hits:
        rows = {h.phrase: h for h in hits}
        for c in central:
            n = len(re.findall(rf"(?<![一二三四五六七八九十]){c}", rep.text))
            if n:
                assert rows[c].category == "numbered" and rows[c].count == n, (rep.id, c)
                found[c] += 1
    assert all(found.values()), found


def test_national_numbered_counts_skip_longer_numbers(national_hits):
    numerals = set("一二三四五六七八九十百千万零〇两0123456789")
    checked = 0
    for rep, hits in national_hits:
        for h in hits:
            if h.category != "numbered" or h.phrase[0] not in numerals:
                continue
            for at in ph.occurrences(rep.text, h.phrase):
                assert at == 0 or rep.text[at - 1] not in numerals
                checked += 1
    assert checked > 500


# --- lexicons ---------------------------------------------------------------------------------------------------


def test_read_lexicon_csv_with_bom_and_crlf(tmp_path):
    path = tmp_path / "lex.csv"
    path.write_bytes("\ufeffphrase,category\r\n五位一体,总体布局\r\n四个全面,战略布局\r\n放管服,\r\n".encode())
    assert ph.read_lexicon(path) == [("五位一体", "总体布局"), ("四个全面", "战略布局"), ("放管服", "lexicon")]


def test_read_lexicon_plain_text_and_gb18030(tmp_path):
    path = tmp_path / "lex.txt"
    path.write_bytes("# 提法\n高质量发展\n\n供给侧结构性改革\n".encode("gb18030"))
    assert ph.read_lexicon(path) == [("高质量发展", "lexicon"), ("供给侧结构性改革", "lexicon")]


@pytest.mark.parametrize("content, message", [
    (b"", "no phrase"),
    (b"# only a comment\n", "no phrase"),
    (b"a,b,c\n", "expected phrase"),
    (bytes(range(256)) * 4, "binary"),
])
def test_read_lexicon_errors_are_one_line(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ValueError) as err:
        ph.read_lexicon(path)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_rules_file_errors(tmp_path):
    with pytest.raises(ValueError, match=":1: expected"):
        ph.parse_rules("quoted\tonly two fields")
    with pytest.raises(ValueError, match="unknown fragment"):
        ph.parse_rules("text\tx\t{MISSING}五")
    with pytest.raises(ValueError, match="bad pattern"):
        ph.parse_rules("text\tx\t(unclosed")
    with pytest.raises(ValueError, match="'not' rules do not combine.*redefinition of group name"):
        ph.parse_rules("not\ta\t(?P<x>a)\nnot\tb\t(?P<x>b)\n")  # each compiles alone


# --- properties -------------------------------------------------------------------------------------------------

ALPHABET = list("“”「」『』\"＂\n\r \u3000、，。一二三四五六七八九十百千万两双第个项大条张年号是会位体学做合多+X1356")
PIECES = ["“五位一体”", "五位一体", "“两点”“两地”", "一九七五年", "“七五”", "七五", "十五大", "“十五”", "第十五",
          "八项规定", "“1+X”", "11+X", "1+6+5", "“未闭合", "\n", "，", "“三年行动计划”", "工业转型升级三年行动计划",
          "「多规合一」", "\"两学一做\"", "一二", "三大攻坚战", "一是", "两会"]
texts = st.one_of(
    st.text(alphabet=st.sampled_from(ALPHABET) | st.characters(), max_size=120),
    st.lists(st.sampled_from(PIECES) | st.text(alphabet=st.sampled_from(ALPHABET), max_size=3), max_size=25)
    .map("".join),
)


@given(texts)
def test_any_text_gives_consistent_hits(text):
    for hit in ph.find_phrases(text, lexicon=[("一二", "lexicon"), ("“", "marks")]):
        found = ph.occurrences(text, hit.phrase)
        assert hit.count == len(found)
        assert all(b >= a + len(hit.phrase) for a, b in zip(found, found[1:], strict=False))  # non-overlapping
        assert all(text[a:a + len(hit.phrase)] == hit.phrase for a in found)
        if hit.count:
            assert text[hit.first_start:hit.first_start + len(hit.phrase)] == hit.phrase
            assert hit.first_start == found[0]
        assert hit.count >= hit.quoted_count
        for at in hit.quoted_at:
            assert text[at:at + len(hit.phrase)] == hit.phrase
        if hit.category == "quoted":
            assert 2 <= len(hit.phrase) <= ph.MAX_LEN and "\n" not in hit.phrase


@given(texts, st.sampled_from(ph.BY))
def test_any_text_never_raises(text, by):
    rows = list(ph.phrase_rows([text], by=by, lexicon=[("一二", "x")]))
    assert all(set(r) == set(ph.columns(by)) for r in rows)


@given(texts)
def test_sections_and_categories_add_up(text):
    text = "一、回顾\n" + text + "\n二、任务\n" + text
    doc = {(r["phrase"], r["category"]): (r["count"], r["quoted_count"]) for r in ph.phrase_rows([text])}
    sections: dict[tuple[str, str], list[int]] = {}
    for r in ph.phrase_rows([text], by="section"):
        t = sections.setdefault((r["phrase"], r["category"]), [0, 0])
        t[0] += r["count"]
        t[1] += r["quoted_count"]
    assert {k: tuple(v) for k, v in sections.items()} == doc
    for r in ph.phrase_rows([text], by="category"):
        members = [k for k in doc if k[1] == r["category"]]
        assert r["phrases"] == len(members)
        assert max(doc[k][0] for k in members) <= r["count"] <= sum(doc[k][0] for k in members)


@given(texts, st.lists(st.sampled_from(PIECES) | st.text(alphabet=st.sampled_from(ALPHABET), min_size=1, max_size=4),
                      max_size=12))
def test_one_pass_over_the_text_finds_what_each_phrase_finds(text, extra):
    """Thousands of phrases in megabytes of text are counted in one pass: the same occurrences, phrase by
    phrase, as str.find gives (numeral guards, non-overlap and all)."""
    rules = ph.default_rules()
    phrases = list(dict.fromkeys([h.phrase for h in ph.find_phrases(text)] + [p for p in extra if p]))
    assert ph._scan(text, phrases, rules) == {p: ph.occurrences(text, p, rules) for p in phrases}


def test_one_pass_on_the_national_reports(national_rows, monkeypatch):
    rules = ph.default_rules()
    for row in national_rows[::7]:
        text = row["content"]
        phrases = [h.phrase for h in ph.find_phrases(text)] + ["发展", "七五", "十五", "一", "改革开放"]
        phrases = list(dict.fromkeys(phrases))
        by_phrase = {p: ph.count_phrase(text, p, rules) for p in phrases}
        by_section = {p: ph.occurrences(text, p, rules) for p in phrases}
        monkeypatch.setattr(ph, "ONE_BY_ONE", 0)  # as for thousands of phrases in megabytes: one pass
        assert ph.count_phrases(text, phrases, rules) == by_phrase
        assert ph.occurrences_of(text, phrases, rules) == by_section
        monkeypatch.undo()


@given(st.text(max_size=200))
def test_any_lexicon_text_parses_or_says_why(text):
    try:
        pairs = ph.parse_lexicon(text, "x.txt")
    except ValueError as exc:
        assert "\n" not in str(exc)
    else:
        assert pairs and all(p and c for p, c in pairs)


# --- the command ------------------------------------------------------------------------------------------------


def test_cli_csv(run, seed_path, seed_text):
    res = run("phrases", seed_path, "-f", "csv", "-q")
    assert res.code == 0 and res.clean
    rows = res.csv_rows()
    assert list(rows[0]) == ph.columns("doc")
    by_phrase = {r["phrase"]: r for r in rows}
    assert by_phrase["十一项战略行动计划"]["numeral"] == "11"
    assert by_phrase["放管服"]["numeral"] == ""
    start = int(by_phrase["五位一体"]["first_start"])
    assert seed_text[start:start + 4] == "五位一体"


def test_cli_jsonl_by_section_and_category(run, seed_path, tmp_path):
    res = run("phrases", seed_path, "-f", "jsonl", "--by", "section", "--category", "numbered")
    assert res.code == 0 and res.clean
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert rows and all(list(r) == ph.columns("section") and r["category"] == "numbered" for r in rows)
    lex = tmp_path / "lex.csv"
    lex.write_text("phrase,category\n五位一体,布局\n四个全面,布局\n", encoding="utf-8")
    res = run("phrases", seed_path, "-f", "jsonl", "--by", "category", "--lexicon", lex)
    rows = {r["category"]: r for r in map(json.loads, res.stdout.splitlines())}
    assert res.code == 0 and rows["布局"]["phrases"] == 2 and list(rows["布局"]) == ph.columns("category")


def test_cli_by_all_top(run, seed_path):
    res = run("phrases", seed_path, GOLD / "docs" / "national_2018.txt", "-f", "jsonl", "--by", "all",
              "--top", "3", "-j", "2")
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert res.code == 0 and len(rows) == 3 and {r["doc"] for r in rows} == {"all"}


def test_cli_phrase_less_text_gives_header_only(run):
    res = run("phrases", "-", "-f", "csv", input="今年经济运行总体平稳。\n".encode())
    assert res.code == 0 and res.clean
    assert res.stdout.strip() == ",".join(ph.columns("doc"))


def test_cli_bad_lexicon_is_one_line(run, seed_path, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b,c\n", encoding="utf-8")
    res = run("phrases", seed_path, "--lexicon", bad)
    assert res.code == 2 and res.clean and len(res.error_lines) == 1 and "--lexicon" in res.error_lines[0]


@given(st.text(alphabet="十一五规划1+2＋X三去一降一补双随机、一公开个大项 年", max_size=30))
def test_text_rules_skipped_for_want_of_their_characters_would_have_found_nothing(text):
    rules = ph.default_rules()
    assert len(rules.needs) == len(rules.text)
    for pattern, need in zip(rules.text, rules.needs, strict=True):
        if need is not None and not any(ch in text for ch in need):
            assert pattern.search(text) is None


def test_required_chars_of_patterns():
    assert ph.required_chars(re.compile(r"(?P<num>\d{1,3})(?:[+＋]\d)+")) == frozenset("+＋")
    assert ph.required_chars(re.compile("(?:三农|双创)")) == frozenset("三双")
    assert ph.required_chars(re.compile(r"\d*(?:个|项)?")) is None  # nothing is required
    assert ph.required_chars(re.compile("[^a]b", re.I)) is None
    assert ph.required_chars(re.compile("(?i:ab)c")) == frozenset("c")  # the group matches AB too


# --- fast paths: the same matches as the rules and patterns read one by one -----------------------------------

SLOGAN_PIECES = ["五位一体", "四个全面", "八项规定", "三大攻坚战", "两学一做", "三去一降一补", "十三五", "十三五规划", "第十三五",
                 "双随机、一公开", "最多跑一次", "一刀切", "一九七五年", "二十五", "三个", "四项", "意识", "自信", "两岸一家亲",
                 "1+X", "11+6+5", "211+X", "“", "”", "「", "」", "『", "』", "\"", "＂", "\n", "，", "。", "之", "第", "一", "二", "十",
                 "个", "项", "大", "全面", "战略行动计划", "收支两条线", "五险一金"]
slogan_texts = st.lists(st.sampled_from(SLOGAN_PIECES) | st.text(alphabet=st.sampled_from(ALPHABET), max_size=2),
                        max_size=40).map("".join)


def _spans(matches) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in matches]


@given(slogan_texts)
def test_rules_found_where_one_scan_says_are_those_each_rule_finds(text):
    import dataclasses

    rules = ph.default_rules()
    plain = dataclasses.replace(rules, starts=None, shaped=None, reach=())
    assert _spans(rules.find(text)) == _spans(plain.find(text))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ph, "ANCHOR_SPACING", 1)  # a rule with a need near its start tried just before each one
        assert _spans(rules.find(text)) == _spans(plain.find(text))
    for rule, first, need in zip(rules.text, rules.started, rules.needs, strict=True):
        assert not first or all(m.group()[0] in need for m in rule.finditer(text))  # it starts with a need
    for phrase in set(ph.quoted_phrases(text)) | {m.group() for m in plain.find(text)} | set(SLOGAN_PIECES):
        assert rules.is_slogan(phrase) == plain.is_slogan(phrase)


@given(slogan_texts)
def test_quotes_by_mark_are_those_of_the_combined_pattern(text):
    by_mark = ph.leftmost_matches([p for _, p in ph._QUOTES_BY_MARK], text)
    assert [(m.start(), m.end(), m.group(1)) for m in by_mark] == \
        [(m.start(), m.end(), m.group(m.lastindex)) for m in ph._QUOTES.finditer(text)]


def test_rules_that_do_not_combine_are_read_one_by_one():
    """Text rules are tried where one scan finds one of them matching unless a back reference keeps them apart."""
    rules = ph.parse_rules("text\ta\t(?P<x>[一二])个\ntext\tb\t(?P<x>[三四])\\1\n")  # a back reference
    assert rules.starts is None and not any(rules.started)
    assert [m.group() for m in rules.find("一个三三")] == ["一个", "三三"]
    combined = ph.parse_rules("text\ta\t(?P<num>[一二])个\ntext\tb\t(?P<num>[三四])项\n")
    assert combined.started == (True, True) and combined.starts is not None
    assert [m.group() for m in combined.find("一个三项二个")] == ["一个", "三项", "二个"]
    assert combined.is_slogan("三项") and not combined.is_slogan("三项三")


@given(slogan_texts)
def test_numbered_slogans_read_to_the_first_occurrence_are_those_counted(text):
    hits = ph.find_phrases(text, numbered_only=True)
    assert ph.numbered_slogans(text) == [h.phrase for h in sorted(hits, key=lambda h: h.first_start or 0)]


def test_numbered_slogans_of_megabytes_are_found_in_one_pass(monkeypatch):
    text = "坚持“五位一体”，落实八项规定，一九七五年，十三五时期。" * 50
    want = ph.numbered_slogans(text)
    monkeypatch.setattr(ph, "ONE_BY_ONE", 10)
    assert ph.numbered_slogans(text) == want == ["五位一体", "八项规定", "十三五"]


@given(st.characters())
def test_the_alnum_class_is_str_isalnum(ch):
    assert bool(ph._ALNUM.match(ch)) == ch.isalnum()


@given(slogan_texts, st.lists(st.sampled_from(SLOGAN_PIECES) | st.text(alphabet=st.sampled_from(ALPHABET), min_size=1,
                                                                         max_size=4), min_size=1, max_size=8))
def test_a_phrase_looked_for_at_its_rarest_character_is_found_where_str_find_finds_it(text, phrases):
    """Counting at the occurrences of a phrase's rarest character gives every start str.startswith finds, and
    the same occurrences and counts as a search for the whole phrase."""
    rules = ph.default_rules()
    for phrase in phrases:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(ph, "ANCHOR_SPACING", 1 << 40)  # no tries: the whole phrase searched for
            whole = ph.occurrences(text, phrase, rules), ph.count_phrase(text, phrase, rules)
            assert ph._starts(text, phrase) in (None, [])
            assert ph._first(text, phrase, rules) == next(iter(whole[0]), None)
            mp.setattr(ph, "ANCHOR_SPACING", 1)  # a try for every character: always at the rarest
            assert ph._starts(text, phrase) == [i for i in range(len(text)) if text.startswith(phrase, i)]
            assert (ph.occurrences(text, phrase, rules), ph.count_phrase(text, phrase, rules)) == whole
            assert ph._first(text, phrase, rules) == next(iter(whole[0]), None)


def test_counts_at_the_rarest_character_on_the_national_reports(national_hits, monkeypatch):
    tried = at_rarest = 0
    for rep, hits in national_hits[::5]:
        phrases = [h.phrase for h in hits] + ["发展", "七五", "十五", "一", "改革开放", "的"]
        anchored = {p: ph.count_phrase(rep.text, p) for p in phrases}
        tried += len(phrases)
        at_rarest += sum(ph._starts(rep.text, p) is not None for p in phrases)
        monkeypatch.setattr(ph, "ANCHOR_SPACING", 1 << 40)
        assert {p: ph.count_phrase(rep.text, p) for p in phrases} == anchored
        monkeypatch.undo()
    assert at_rarest > tried * 3 // 4  # most are counted at their rarest character


def test_the_common_characters_are_listed_once():
    ranks = ph._char_ranks()
    assert len(ranks) == 400 and ranks["，"] == 0 and ranks["的"] == 1
    assert ph._anchor("五位一体") == 1 and ph._anchor("大水漫灌") == 2  # 位 is rarer than 五, 一, 体; 漫 is not listed



@given(st.lists(st.sampled_from(SLOGAN_PIECES) | st.text(alphabet=st.sampled_from(ALPHABET), max_size=6), max_size=12))
def test_what_the_rules_remember_of_a_phrase_is_what_they_say_afresh(phrases):
    import dataclasses

    rules = dataclasses.replace(ph.default_rules())
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ph, "SAID_MOST", 4)  # forgets often
        for phrase in phrases + phrases:
            fresh = dataclasses.replace(rules)  # a copy remembers nothing
            assert not fresh._said
            assert (rules.is_slogan(phrase), rules.numeral(phrase), rules.excluded(phrase)) == \
                (fresh.is_slogan(phrase), fresh.numeral(phrase), fresh.excluded(phrase))
        assert len(rules._said) <= 4


@given(st.lists(st.text(alphabet="三农双创公经费一", min_size=1, max_size=4), min_size=1, max_size=8),
       st.text(alphabet="三农双创公经费一甲", max_size=30))
def test_words_grouped_by_their_first_character_match_as_the_plain_alternation(words, text):
    plain = "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + ")"
    for pattern in ("{}", "{}甲", "(?:{})+一"):  # alone, and backtracking into the alternation
        grouped, flat = re.compile(pattern.format(ph._words(words))), re.compile(pattern.format(plain))
        assert _spans(grouped.finditer(text)) == _spans(flat.finditer(text))


@given(texts)
def test_offsets_found_while_counting_are_the_occurrences(text):
    counted = ph.find_phrases(text, lexicon=[("五位一体", "layout"), ("甲乙", "lexicon")])
    located = ph.find_phrases(text, lexicon=[("五位一体", "layout"), ("甲乙", "lexicon")], offsets=True)
    assert [(h.phrase, h.count, h.first_start) for h in located] == [(h.phrase, h.count, h.first_start) for h in counted]
    assert all(h.at == ph.occurrences(text, h.phrase) and counted[i].at is None for i, h in enumerate(located))


def _rules_with_a_class_for_every_han() -> ph.Rules:
    """The bundled rules as they were written before {HAN_ONLY}: {H} for each character of a quoted rule."""
    from govreport.wordfiles import data_text

    lines = []
    for line in data_text(ph.RULES_NAME).splitlines():
        kind, _, pattern = (line.split("\t") + ["", ""])[:3]
        if kind == "quoted":  # no quoted rule reads '.' but as a Han character
            line = line.replace("{HAN_ONLY}", "").replace(".", "{H}")
        lines.append(line)
    return ph.parse_rules("\n".join(lines))


HAN_PIECES = list("一二三四五六七八九十百千万两双个项大条年多合计划规方案行动位体学做农风去降补第之、，,+1X“ a")


@given(st.lists(st.sampled_from(HAN_PIECES), min_size=1, max_size=6).map("".join) | st.sampled_from(SLOGAN_PIECES))
def test_quoted_rules_read_with_one_han_test_are_those_with_a_class_for_every_character(phrase):
    rules, spelled_out = ph.default_rules(), _rules_with_a_class_for_every_han()
    for (name, p), (_, q) in zip(rules.whole, spelled_out.whole, strict=True):
        m, n = p.fullmatch(phrase), q.fullmatch(phrase)
        assert (m and m.groupdict()) == (n and n.groupdict()), name


def test_the_empty_phrase_occurs_nowhere(seed_text):
    assert ph.count_phrase(seed_text, "") == (0, None)
    assert ph.occurrences(seed_text, "") == []
