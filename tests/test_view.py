"""The normalised view: each step on examples, the map back to the text as read, and the figures it gives on
Traditional, PDF-style and spaced copies of real reports."""

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from goldscore import score
from hypothesis import example, given, settings
from hypothesis import strategies as st

from govreport import view as view_module
from govreport.document import Report
from govreport.metrics import metric_rows
from govreport.quantities import number_rows
from govreport.view import build_view, fold_decimal_point, fold_traditional, fold_width

DATA = Path(__file__).parent / "data"
EXAMPLES = [json.loads(line) for line in (DATA / "view_examples.jsonl").open(encoding="utf-8")]
SEED = Path(__file__).parent.parent / "seeds" / "jiulongpo_2018.txt"
NATIONAL_2018 = DATA / "gold" / "docs" / "national_2018.txt"
FIELDS = ("section", "period", "kind", "indicator", "change", "role", "value", "unit", "value_base", "base_unit",
          "qualifier")


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["name"] for e in EXAMPLES])
def test_examples(example):
    view = build_view(example["raw"])
    assert view.text == example["view"]
    for in_view, as_read in example["spans"]:
        at = view.text.index(in_view)
        start, end = view.raw_span(at, at + len(in_view))
        assert example["raw"][start:end] == as_read == view.verbatim(at, at + len(in_view))
        assert view.view_pos(start) == at


# --- the map back, for any debris -------------------------------------------------------------------------

WORDS = ["地区生产总值", "增长", "8.3", "%", "亿元", "。", "，", "1135", "地區生產總值", "個百分點", "１２", "％", "℅",
         "GDP", "kV", "年", "2018"]
DEBRIS = ["\u200b", " ", "  ", "\n", "\n- 3 -\n", "\n12\n", "(qū)", "\u3000", "％", "．", "%%", "\n\n"]


def _fold(ch: str) -> str:
    return fold_decimal_point(fold_traditional(fold_width(ch)))


@given(st.lists(st.sampled_from(WORDS + DEBRIS), max_size=40))
def test_every_view_character_comes_from_the_text_as_read(parts):
    raw = "".join(parts)
    view = build_view(raw)
    positions = [view.raw_pos(i) for i in range(len(view.text))]
    assert positions == sorted(set(positions))  # one raw character for each, in order
    for i, at in enumerate(positions):
        assert view.text[i] == raw[at] or view.text[i] == _fold(raw[at]) or (view.text[i] == "." and raw[at] in "．。")
        assert view.view_pos(at) == i
    if view.text:
        s, e = view.raw_span(0, len(view.text))
        assert 0 <= s <= e <= len(raw)


@given(st.lists(st.sampled_from(WORDS + DEBRIS), max_size=40))
def test_rows_are_verbatim_for_any_debris(parts):
    raw = "".join(parts)
    report = Report.from_text(raw, id="t", meta={"year": 2018})
    for row in number_rows(report) + metric_rows(report):
        assert raw[row["start"]:row["end"]] == row["text"]
        assert row["sentence"] in raw


# --- the same rows on every shape of the same text --------------------------------------------------------


def _texts():
    return {"seed": SEED.read_text(encoding="utf-8"), "national_2018": NATIONAL_2018.read_text(encoding="utf-8")}


@pytest.fixture(scope="module")
def clean():
    return {name: metric_rows(Report.from_text(text, id=name, meta={"year": 2018}))
            for name, text in _texts().items()}


def _at(text: str, part: str, start: int, end: int) -> int:
    """Where ``part`` (a row's sentence) stands around [start, end) of ``text``."""
    return text.find(part, max(0, end - len(part) - 1), start + len(part) + 1)


@pytest.mark.parametrize("name", ["seed", "national_2018"])
def test_traditional_copy_gives_the_same_rows(name, clean):
    import opencc
    simplified = _texts()[name]
    traditional = opencc.OpenCC("s2t").convert(simplified)
    assert len(traditional) == len(simplified) and traditional != simplified
    rows = metric_rows(Report.from_text(traditional, id=name, meta={"year": 2018}))
    assert len(rows) == len(clean[name])
    for got, want in zip(rows, clean[name], strict=True):
        assert {f: got[f] for f in FIELDS} == {f: want[f] for f in FIELDS}
        assert (got["start"], got["end"]) == (want["start"], want["end"])
        assert got["text"] == traditional[got["start"]:got["end"]]
        at = _at(simplified, want["sentence"], want["start"], want["end"])
        assert got["sentence"] == traditional[at:at + len(want["sentence"])]


_FIGURE = re.compile(r"(?<![A-Za-z0-9])[0-9]+(?:[.,][0-9]+)*%?(?![A-Za-z])")  # 4G is a name, no figure


def pdf_copy(text: str, width: int = 30, page: int = 40) -> str:
    """The text as a PDF extraction gives it: spaces around every figure, a hard wrap every ``width``
    characters, a page number every ``page`` lines."""
    spaced = _FIGURE.sub(lambda m: f" {m.group()} ", text)
    lines = []
    for para in spaced.split("\n"):
        lines += [para[i:i + width] for i in range(0, len(para), width)] or [""]
    out = []
    for i, line in enumerate(lines, 1):
        out.append(line)
        if i % page == 0:
            out.append(f"- {i // page} -")
    return "\n".join(out)


@pytest.mark.parametrize("name", ["seed", "national_2018"])
def test_pdf_copy_gives_the_same_figures_and_fields(name, clean):
    text = pdf_copy(_texts()[name])
    rows = metric_rows(Report.from_text(text, id=name, meta={"year": 2018}))
    assert [{f: r[f] for f in FIELDS} for r in rows] == [{f: r[f] for f in FIELDS} for r in clean[name]]
    for r, want in zip(rows, clean[name], strict=True):
        assert r["text"] == text[r["start"]:r["end"]]
        # verbatim: the figure as the PDF copy writes it, spaces, wraps and page numbers included
        assert re.sub(r"\n- \d+ -\n|\s", "", r["text"]) == re.sub(r"\s", "", want["text"])


def test_the_1998_report_gives_its_target_and_outcome(national_rows):
    row = next(r for r in national_rows if r["title"].startswith("1998"))
    report = Report.from_text(row["content"], id=row["title"], meta=row)
    rows = metric_rows(report)
    target = [r for r in rows if r["indicator"].startswith("经济增长") and r["kind"] == "target"]
    outcome = [r for r in rows if r["sentence"].startswith("去年经济增长") and r["value_base"] == 8.8]
    assert [(r["value_base"], r["base_unit"], r["period"], r["text"]) for r in target] == [(8, "%", 1998, "8 ％")]
    assert [(r["kind"], r["period"], r["text"]) for r in outcome] == [("actual", 1997, "8 ．8 ％")]


# --- the local development set ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def local_scores():
    return score(DATA / "gold" / "local", "dev_local.jsonl", "borderline_local.jsonl")


@pytest.mark.parametrize("measure", ["recall", "precision", "change"])
def test_dev_local_quality(local_scores, measure):
    assert local_scores[measure] >= 0.97, "\n".join(local_scores["problems"])


# --- fast paths: the same view as the steps written plainly ----------------------------------------------
# Each reference below is what a step computed before it was made fast (a translate of the whole text, one
# finditer of the combined pattern, every short line's key), kept here to check the fast path against.

TRIGGER_PIECES = ["１２．５％", "ＡＺａｚ", "﹪", "℅", "＋＝／＜＞", "\xa0", "\u2002", "\u202f", "\u3000", " ", "  ", "\t", "\n",
                  "\u200b", "\n\u200b\n", "\u200c\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e\u200f", "個", "國", "後",
                  "拚", "於", "們這為", "地區(qū)", "生產（chǎn）", "āǎ", "%%", "8．8", "19·5", "。", "3，054，300", "1，2",
                  "意见。bhg\n", "Zeu\n", "GDP\n", "\n第3页\n", "\n- 12 -\n", "\n一、回顾\n", "\n政府工作报告 2\n",
                  "\n政府工作报告 3\n", "\n政府2018年报告 4\n",
                  "\n政府工作报告 2\n正文。\n政府工作报告 3\n正文。\n政府工作报告 4\n", "增长", "一二三", "\U0001ff10", "\U0001ff05", "\ud800"]
TRIGGERS = "".join(TRIGGER_PIECES)


def _ref_line_end_marks(text: str) -> list:
    found = [m for m in view_module._LINE_END_MARK.finditer(text)
             if m.start() and not (text[m.start() - 1].isascii() and text[m.start() - 1].isalnum())
             and text[m.start() - 1] != "\n" and not m.group().isupper()]
    if len(found) < view_module.LINE_END_MARK_REPEATS:
        return []
    counts = Counter(m.group() for m in found)
    return [(m.start(), m.end(), "") for m in found if counts[m.group()] >= view_module.LINE_END_MARK_REPEATS]


def _ref_page_lines(text: str) -> list:
    """drop_page_lines reading the key of every short line, its digits included."""
    v = view_module
    if "\n" not in text:
        return []
    lines = text.split("\n")
    keys: dict[str, int] = {}
    drop, key_of = set(), {}
    for line, n in Counter(lines).items():
        if not 0 < len(line) <= v.RUNNING_HEAD_MAX:
            continue
        if v._PAGE_NUMBER.fullmatch(line):
            drop.add(line)
            continue
        if any(c in line for c in v._SENTENCE_END + "。，,"):
            continue
        key = v._PAGE_NUMBER_AROUND.sub("", line)
        key = "" if any(c.isdigit() or c == "%" for c in key) else key
        if len(key) >= 4 and not v.HEADING_START.match(line):
            keys[key] = keys.get(key, 0) + n
            key_of[line] = key
    drop.update(line for line, key in key_of.items() if keys[key] >= v.RUNNING_HEAD_REPEATS)
    pages = {int(d) for d in (line.strip() for line in drop) if d.isdigit() and len(d) <= 4}
    edits, pos = [], 0
    for line in lines[:-1]:
        end = pos + len(line)
        if line in drop and (v._in_page_run(line, pages) or not v._figure_goes_on(text, pos, end)):
            edits.append((pos, end + 1, ""))
        pos = end + 1
    return edits


def _ref_spaces(text: str) -> list:
    """drop_spaces, its runs checked against one finditer of the combined pattern."""
    spans = [m.span() for m in view_module._SPACES.finditer(text)]
    assert spans == [m.span() for m in view_module.leftmost_matches(view_module._SPACES_BY_FIRST, text)]
    return view_module.drop_spaces(text)


REFERENCE_STEPS = [
    lambda t: t.translate(view_module.WIDTH_FOLD),
    lambda t: t.translate(view_module.traditional_table()),
    lambda t: [(m.start(), m.end(), "") for m in view_module._ZERO_WIDTH.finditer(t)],
    view_module.drop_pinyin,
    view_module.drop_double_percent,
    _ref_line_end_marks,
    _ref_page_lines,
    _ref_spaces,
    lambda t: view_module._DIGIT_GROUP.sub(",", view_module._DECIMAL_POINT.sub(".", t)),
    view_module.join_lines,
]


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(TRIGGERS), max_size=200)
       | st.lists(st.sampled_from(WORDS + DEBRIS + TRIGGER_PIECES), max_size=60).map("".join))
def test_fast_paths_give_the_view_of_the_plain_steps(raw):
    fast, plain = build_view(raw), build_view(raw, REFERENCE_STEPS)
    assert fast.text == plain.text
    assert [fast.raw_pos(i) for i in range(len(fast.text))] == [plain.raw_pos(i) for i in range(len(plain.text))]
    assert build_view(raw, view_module.STEPS).text == plain.text  # every step run, each with its own guard


@example("增长\U0001ff10\U0001ff05\ud800\uff10")  # characters of another plane share their two low bytes
@given(st.text(alphabet=st.sampled_from(TRIGGERS) | st.characters(), max_size=80))
def test_chars_in_names_the_characters_a_text_holds(text):
    chars = view_module._TRIGGER_CHARS
    assert view_module.chars_in(text, chars) == set(text) & set(chars)


@example("個國後" * 40)  # a Traditional text: translated whole
@example("地區生產總值增長" + "经济发展" * 20)  # a few Traditional characters: a str.replace each
@example("地區生產總值增長經濟" * 5 + "经济发展" * 100 + "\xa0\u200b")  # a few dozen outside GB 2312: escaped
@example("們這為區產總個國經濟發關於後實現會議" + "经济发展" * 100)  # more than FEW_CHARS of them: a regex of them
@given(st.lists(st.sampled_from(["個", "國", "後", "拚", "於", "们", "这", "1", "\ud800", "\xa0", "\u200b", "\U00020000"]
                                + list("地區生產總值增長百分點發展經濟體制")), max_size=80).map("".join))
def test_fold_traditional_is_a_translate_on_every_path(text):
    assert view_module.fold_traditional(text) == text.translate(view_module.traditional_table())


def test_no_step_makes_or_takes_a_character_another_steps_scan_looks_for():
    """default_steps reads the text as read: the folds before a step of _TRIGGERS neither put in nor take out
    the characters it looks for."""
    triggers = set(view_module._ZERO_WIDTH_CHARS + view_module._TONED)
    folds = {**view_module.WIDTH_FOLD, **view_module.traditional_table()}
    assert not triggers & {chr(c) for c in folds} and not triggers & {chr(c) for c in folds.values()}
    assert all(chr(c).isascii() for c in view_module.WIDTH_FOLD.values())


def test_chars_in_reads_on_past_a_piece_full_of_them():
    """A text dense with one trigger (a page of full-width digits) is searched on for the others."""
    piece = view_module.TRIGGER_PIECE
    text = "１" * (piece + 5) + "增长" * piece + "\u200b" + "％"
    assert view_module.chars_in(text) == {"１", "\u200b", "％"}
    assert view_module.chars_in(text[: piece + 5]) == {"１"}
