"""The loader: encodings, HTML, files, folders, globs, stdin and JSON Lines corpora."""

from __future__ import annotations

import codecs
import contextlib
import csv
import glob
import html
import html.parser
import io
import json
import os
import re
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from govreport.loading import (
    Failure,
    LoadError,
    LoadWarning,
    Task,
    decode,
    html_to_text,
    iter_tasks,
    load,
    load_corpus,
    report_from_jsonl,
)

# printable text: letters, digits, punctuation, symbols, spaces and line breaks (no control or private-use
# characters, which a text file of a report does not hold)
PRINTABLE = st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn"))
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
TEXT = st.text(st.one_of(PRINTABLE, st.sampled_from("\n\t")), min_size=1, max_size=200)
CHINESE_TEXT = st.text(st.one_of(CJK, CJK, PRINTABLE, st.sampled_from("，。：；、\n")), min_size=1, max_size=200)


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# --- decoding ------------------------------------------------------------------------------------


@given(TEXT)
def test_utf8_round_trip(text):
    assume(text.strip() and not text.startswith("\ufeff"))
    assert decode(text.encode("utf-8")) == text


@given(TEXT)
def test_utf8_with_bom_round_trip(text):
    assert decode(text.encode("utf-8-sig")) == text


@given(TEXT, st.sampled_from(["utf-16", "utf-16-le", "utf-16-be"]))
def test_utf16_with_bom_round_trip(text, codec):
    data = text.encode("utf-16") if codec == "utf-16" else ("\ufeff" + text).encode(codec)
    assert decode(data) == text


@given(CHINESE_TEXT)
def test_gb18030_round_trip(text):
    data = text.encode("gb18030")
    # bytes that are also valid UTF-8 are read as UTF-8 (real GB text of any length almost never is)
    assume(text.strip() and not _valid_utf8(data))
    assert decode(data) == text


def _encodable(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize("codec", ["gb18030", "gbk", "gb2312", "utf-8-sig", "utf-16", "utf-16-be-bom"])
def test_seed_in_every_encoding_reads_back(tmp_path, seed_text, codec):
    if codec in ("gbk", "gb2312"):  # the seed holds a few characters (e.g. U+00A0) these older sets lack
        text = "".join(ch for ch in seed_text if _encodable(ch, codec))
        assert len(text) > len(seed_text) * 0.99
    else:
        text = seed_text
    data = ("\ufeff" + text).encode("utf-16-be") if codec == "utf-16-be-bom" else text.encode(codec)
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    report = load(path)
    assert report.text == text
    assert report.id == "report"


def test_encoding_option_overrides_detection(tmp_path, seed_text):
    data = seed_text.encode("gb18030")
    path = tmp_path / "r.txt"
    path.write_bytes(data)
    assert load(path, encoding="gb18030").text == seed_text
    with pytest.raises(LoadError, match="cannot decode as utf-8"):
        load(path, encoding="utf-8")
    with pytest.raises(LoadError, match="unknown encoding"):
        load(path, encoding="no-such-codec")
    # an override wins even where detection would choose otherwise: these UTF-8 bytes read as Latin-1
    latin = decode("九龙坡".encode(), encoding="latin-1")
    assert latin == "九龙坡".encode().decode("latin-1") and latin != "九龙坡"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00", "binary"),
        (codecs.BOM_UTF8 + b"\xff\xfe\xfd abc", "invalid utf-8"),
        (codecs.BOM_UTF16_LE + b"a\x00b", "invalid utf-16"),
    ],
)
def test_bad_bytes_are_one_line_errors(data, message):
    with pytest.raises(LoadError) as info:
        decode(data)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


@given(st.binary(max_size=300))
def test_decode_either_reads_or_says_why(data):
    try:
        text = decode(data)
    except LoadError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert isinstance(text, str)


# --- HTML -----------------------------------------------------------------------------------------

HTML_BITS = st.sampled_from(
    ["<p>", "</p>", "<br>", "<div class='x'>", "</div>", "<script>", "</script>", "<style>", "</style>", "<![",
     "<![CDATA[", "]]>", "<!--", "-->", "<!DOCTYPE html>", "&amp;", "&#", "&#x", ";", "<", ">", "</", "'", '"',
     "<a href=", "<![ \x00", "\x00", "<!x[", "<table><tr><td>", "</td>", "政府", "\n", " ", "\u3000"]
)


@given(st.lists(st.one_of(HTML_BITS, st.text(max_size=8)), max_size=40).map("".join))
@example("<![ \x00")  # html.parser raises AssertionError on these
@example("<p>政府</p><![if x")
def test_html_to_text_never_raises(markup):
    text = html_to_text(markup)
    assert isinstance(text, str)
    lines = text.split("\n")
    assert all(line and line == line.strip() for line in lines) or text == ""


class _Reference(html.parser.HTMLParser):
    """The standard library's reading of a page, as a reference on well-formed markup (govreport's own reader
    is linear where html.parser searches the rest of the page from each unclosed comment or tag)."""

    BLOCK = frozenset("p div br li ul ol tr table h1 h2 h3 h4 h5 h6 section article header footer blockquote pre "
                      "title dd dt".split())
    SKIP = frozenset(("script", "style", "noscript", "template"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)

    @classmethod
    def text(cls, page: str) -> str:
        parser = cls()
        parser.feed(page)
        parser.close()
        lines = (re.sub(r"[ \t\u3000\xa0]+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
        return "\n".join(line for line in lines if line)


WORDS = st.lists(st.one_of(st.sampled_from(list("政府工作报告增长8% ,.;:\u3000\xa0\n'\"=/")),
                           st.sampled_from(["&amp;", "&lt;", "&gt;", "&#20013;", "&#x56fd;", "&nbsp;", "&quot;"])),
                 max_size=12).map("".join)
ATTRIBUTE = st.sampled_from(["", " class='x'", ' href="a.html?b=1&amp;c=2"', " title='a>b'", ' data-x="<br>"',
                             " id=main", " hidden"])


def _element(children):
    tag = st.sampled_from(["p", "div", "span", "b", "a", "li", "h2", "td", "section", "title", "em"])
    return st.builds(lambda t, a, kids: f"<{t}{a}>{''.join(kids)}</{t}>", tag, ATTRIBUTE, st.lists(children, max_size=4))


PAGE = st.recursive(
    st.one_of(WORDS, st.sampled_from(["<br>", "<br/>", "<!-- 注释 <p> -->", "<script>var a = '<p>1</p>';</script>",
                                      "<style>p > b {}</style>", "<!DOCTYPE html>", "<img src='x.png'>"])),
    _element, max_leaves=30,
)


@given(st.lists(PAGE, max_size=5).map("".join))
def test_well_formed_html_reads_as_the_standard_library_reads_it(page):
    assert html_to_text(page) == _Reference.text(page)


def test_html_keeps_paragraphs_and_drops_script_and_style(seed_path):
    paragraphs = [p.text for p in load(seed_path).paragraphs]
    body = "".join(f"<p>{html.escape(p)}</p>\n<script>var 政府 = '{i}';</script>" for i, p in enumerate(paragraphs))
    page = f"<!DOCTYPE html><html><head><style>p {{color: red}}</style><title>t</title></head><body>{body}</body></html>"
    text = html_to_text(page)
    expected = [re.sub(r"[ \t\u3000\xa0]+", " ", p) for p in paragraphs]
    assert text.split("\n") == ["t", *expected]
    assert "var" not in text and "color" not in text


def test_html_file_is_read_as_text(tmp_path):
    (tmp_path / "r.html").write_text("<html><body><p>2019年福建省政府工作报告</p><p>各位代表：</p></body></html>",
                                     encoding="gb18030")
    report = load(tmp_path / "r.html")
    assert report.text == "2019年福建省政府工作报告\n各位代表："
    assert report.region == "福建省"


def test_markdown_and_text_files_are_not_treated_as_html(tmp_path):
    (tmp_path / "r.md").write_text("# 报告\n<p>原样保留</p>\n", encoding="utf-8")
    assert load(tmp_path / "r.md").text == "# 报告\n<p>原样保留</p>\n"


# --- load(): paths, text, bytes -------------------------------------------------------------------


def test_load_accepts_text_bytes_and_paths(seed_path, seed_text):
    from_path = load(seed_path)
    from_str_path = load(str(seed_path))
    from_text = load(seed_text)
    from_bytes = load(seed_text.encode("gb18030"))
    assert from_path.text == from_str_path.text == from_text.text == from_bytes.text == seed_text
    assert from_path.id == seed_path.stem


def test_load_missing_path_is_an_error(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        load(str(tmp_path / "missing.txt"))
    with pytest.raises(LoadError, match="no such file"):
        load(tmp_path / "missing")


def test_load_jsonl_with_one_row_or_many(tmp_path, national_path, national_rows):
    one = tmp_path / "one.jsonl"
    one.write_text(json.dumps(national_rows[0], ensure_ascii=False) + "\n", encoding="utf-8")
    assert load(one).text == national_rows[0]["content"]
    with pytest.raises(LoadError, match="load_corpus"):
        load(national_path)


def test_text_is_kept_exactly_as_decoded(tmp_path, seed_text):
    crlf = seed_text.replace("\n", "\r\n")
    (tmp_path / "crlf.txt").write_bytes(crlf.encode("utf-8"))
    report = load(tmp_path / "crlf.txt")
    assert report.text == crlf
    for p in report.paragraphs:
        assert report.text[p.start:p.end] == p.text and "\r" not in p.text


# --- JSON Lines ---------------------------------------------------------------------------------


def test_national_corpus_loads_every_row(national_path, national_rows):
    reports = load_corpus([national_path])
    assert len(reports) == len(national_rows)
    for report, row in zip(reports, national_rows, strict=True):
        assert report.text == row["content"]
        assert report.title == row["title"]
        assert report.meta["url"] == row["url"]
        if row["year"]:
            assert report.year == int(row["year"])


JSON_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                        st.text(max_size=20))
JSON_VALUE = st.recursive(JSON_SCALAR, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.text(max_size=5), inner, max_size=3), max_leaves=8)
META_KEYS = st.one_of(st.sampled_from(["id", "title", "year", "region", "level", "url", "date"]), st.text(max_size=8))


def _usable_id(value) -> bool:
    """An id is a non-blank string or a number (not a boolean, list, object or null)."""
    if isinstance(value, str):
        return bool(value.strip())
    return isinstance(value, int | float) and not isinstance(value, bool)


@given(st.dictionaries(META_KEYS, JSON_VALUE, max_size=6), CHINESE_TEXT, st.sampled_from(["content", "text"]))
def test_jsonl_row_keeps_any_metadata(meta, text, field):
    meta = {k: v for k, v in meta.items() if k not in ("content", "text")}
    assume(text.strip())
    line = json.dumps({**meta, field: text}, ensure_ascii=False)
    report = report_from_jsonl(line, "corpus.jsonl", 7)
    assert report.text == text
    assert report.source == "corpus.jsonl:7"
    for key, value in meta.items():
        if key not in ("year", "region", "level"):
            assert report.meta[key] == value
    assert isinstance(report.id, str) and report.id
    usable = [v for v in (meta.get("id"), meta.get("title")) if _usable_id(v)]
    assert report.id == (str(usable[0]).strip() if usable else "corpus.jsonl:7")
    if isinstance(meta.get("title"), str) and meta["title"].strip():
        assert report.title == meta["title"].strip()
    assert report.year is None or isinstance(report.year, int)
    if isinstance(meta.get("year"), int) and not isinstance(meta["year"], bool) and 1000 <= meta["year"] <= 2999:
        assert report.year == meta["year"]
    if isinstance(meta.get("region"), str) and meta["region"].strip():
        assert report.region == meta["region"].strip()
    assert isinstance(report.region, str) and isinstance(report.level, str)
    # every output format can write the row
    from govreport.output import Writer

    for fmt in ("csv", "json", "table"):
        Writer(list(report.info()), fmt, io.StringIO()).write(report.info())


def test_jsonl_prefers_content_then_text():
    assert report_from_jsonl('{"content": "甲", "text": "乙"}', "c.jsonl", 1).text == "甲"
    assert report_from_jsonl('{"content": "", "text": "乙"}', "c.jsonl", 1).text == "乙"
    assert report_from_jsonl('{"title": "题", "text": "乙"}', "c.jsonl", 1).id == "题"
    assert report_from_jsonl('{"id": 0, "title": "题", "text": "乙"}', "c.jsonl", 1).id == "0"


@pytest.mark.parametrize(
    "line, message",
    [("{bad", "invalid JSON on line 5"), ("[1, 2]", "line 5 is not a JSON object"),
     ('{"title": "x"}', "line 5 has no text"), ('{"content": 3}', "line 5 has no text")],
)
def test_bad_jsonl_lines_name_their_line(line, message):
    with pytest.raises(LoadError, match=re.escape(message)):
        report_from_jsonl(line, "c.jsonl", 5)


def test_jsonl_tasks_give_line_numbers_and_skip_blank_lines(tmp_path, national_rows):
    path = tmp_path / "c.jsonl"
    lines = [json.dumps(national_rows[0], ensure_ascii=False), "", "{not json", json.dumps(national_rows[2])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tasks = list(iter_tasks([str(path)]))
    assert [t.lineno for t in tasks] == [1, 3, 4]
    assert tasks[0].load().text == national_rows[0]["content"]
    assert tasks[2].load().text == national_rows[2]["content"]
    with pytest.raises(LoadError, match="line 3"):
        tasks[1].load()
    with pytest.raises(LoadError, match=f"{path.name}:3.*line 3"):
        load_corpus([path])


# --- many inputs ---------------------------------------------------------------------------------


def _tree(tmp_path, seed_text):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "deep").mkdir()
    (tmp_path / "a" / "r1.txt").write_text(seed_text, encoding="utf-8")
    (tmp_path / "a" / "deep" / "r2.HTM").write_text("<p>2018年九龙坡区政府工作报告</p>", encoding="utf-8")
    (tmp_path / "a" / "deep" / "r3.md").write_text("报告", encoding="utf-8")
    (tmp_path / "a" / "notes.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "a" / "image.png").write_bytes(b"\x89PNG")
    return tmp_path / "a"


def test_folders_are_read_recursively_for_report_files(tmp_path, seed_text):
    folder = _tree(tmp_path, seed_text)
    names = [t.name for t in iter_tasks([str(folder)])]
    assert sorted(n.rsplit("/", 1)[-1] for n in names) == ["r1.txt", "r2.HTM", "r3.md"]
    assert all(isinstance(t, Task) for t in iter_tasks([str(folder)]))


def test_globs_stdin_and_order_of_inputs(tmp_path, seed_text):
    folder = _tree(tmp_path, seed_text)
    items = list(iter_tasks([str(folder / "**" / "*.md"), "-", str(folder / "r1.txt")],
                            stdin=io.BytesIO(seed_text.encode("gb18030"))))
    assert [t.name.rsplit("/", 1)[-1] for t in items] == ["r3.md", "stdin", "r1.txt"]
    assert items[1].load().text == seed_text


def test_the_same_file_twice_is_read_once(tmp_path, seed_text):
    folder = _tree(tmp_path, seed_text)
    items = list(iter_tasks([str(folder / "r1.txt"), str(folder / "deep" / ".." / "r1.txt"), str(folder)]))
    assert [t.name.rsplit("/", 1)[-1] for t in items].count("r1.txt") == 1


@pytest.mark.parametrize("kind", ["missing", "glob", "empty_dir"])
def test_inputs_that_name_nothing_are_usage_failures(tmp_path, kind):
    raw = {"missing": tmp_path / "nope.txt", "glob": tmp_path / "*.nothing", "empty_dir": tmp_path}[kind]
    (tmp_path / "other.xls").write_bytes(b"\xd0\xcf")
    items = list(iter_tasks([str(raw)]))
    assert len(items) == 1 and isinstance(items[0], Failure)
    assert items[0].usage and items[0].name == str(raw)


def test_empty_jsonl_is_a_data_failure(tmp_path):
    (tmp_path / "e.jsonl").write_text("\n\n", encoding="utf-8")
    [item] = iter_tasks([str(tmp_path / "e.jsonl")])
    assert isinstance(item, Failure) and not item.usage


def test_load_corpus_raises_on_the_first_bad_input(tmp_path, seed_path):
    with pytest.raises(LoadError, match="nope.txt"):
        load_corpus([seed_path, tmp_path / "nope.txt"])
    assert [r.id for r in load_corpus(seed_path)] == [seed_path.stem]


def test_a_file_named_in_gbk_has_a_readable_id(tmp_path):
    name = "九龙坡区2018年政府工作报告.txt".encode("gbk")
    (tmp_path / os.fsdecode(name)).write_text("2018年九龙坡区政府工作报告\n各位代表：", encoding="utf-8")
    [task] = list(iter_tasks([str(tmp_path)]))
    report = task.load()
    assert report.id == "九龙坡区2018年政府工作报告"
    report.id.encode("utf-8")


@pytest.mark.parametrize(("first", "then"), [("utf-8", "gb18030"), ("gb18030", "utf-8")])
def test_lines_in_utf8_and_gb18030_are_each_read_in_their_encoding(national_rows, seed_text, first, then):
    """Pages a crawler joined: some lines UTF-8, some GB18030. Each line is read in its own encoding."""
    for text in [seed_text] + [r["content"] for r in national_rows[::4]]:
        for share in (0.1, 0.5, 0.9):
            cut = text.rfind("\n", 0, int(len(text) * share)) + 1
            assert decode(text[:cut].encode(first) + text[cut:].encode(then)) == text


def test_a_stray_byte_in_utf8_is_still_an_error(seed_text):
    data = seed_text.encode("utf-8")
    for stray in (b"\xa1", b"\xd6", b"\xfe"):
        with pytest.raises(LoadError):
            decode(data[:1000] + stray + data[1000:])


@pytest.mark.parametrize("codec", ["utf-8", "gb18030"])
def test_a_file_cut_off_inside_a_character_says_so(seed_text, codec):
    data = seed_text[:500].encode(codec)
    cut = data + "政".encode(codec)[:-1]
    with pytest.raises(LoadError, match=rf"ends inside a {codec.upper()} character \(byte {len(data)} of "
                                        rf"{len(cut)}\): is it cut off\?"):
        decode(cut)


@pytest.mark.parametrize("name, doc_id", [("2019_fujian.txt", "2019_fujian"), ("report", "report"),
                                          ("r.v2.html", "r.v2")])
def test_id_is_the_file_stem(tmp_path, name, doc_id):
    (tmp_path / name).write_text("2019年福建省政府工作报告\n各位代表：", encoding="utf-8")
    report = load(tmp_path / name)
    assert report.id == doc_id and report.source == str(tmp_path / name)


# --- ids unique within a run ---------------------------------------------------------------------


def _ids(inputs, **kw) -> list[str]:
    return [t.doc_id for t in iter_tasks([str(i) for i in inputs], **kw) if isinstance(t, Task)]


def test_files_sharing_a_stem_get_the_shortest_distinct_path(run, tmp_path, seed_text):
    for folder in ("a", "b", "c/x", "d/x"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "2018.txt").write_text(seed_text, encoding="utf-8")
    (tmp_path / "a" / "2019.txt").write_text(seed_text, encoding="utf-8")
    assert _ids([tmp_path]) == ["a/2018", "2019", "b/2018", "c/x/2018", "d/x/2018"]
    (tmp_path / "d" / "x" / "2018.html").write_text(seed_text, encoding="utf-8")  # only the extension differs
    assert _ids([tmp_path]) == ["a/2018", "2019", "b/2018", "c/x/2018", "2018.html", "d/x/2018.txt"]
    result = run("metrics", tmp_path / "a" / "2018.txt", tmp_path / "b" / "2018.txt", "-f", "csv", "-q")
    docs = [row["doc"] for row in result.csv_rows()]
    assert result.code == 0 and docs.count("a/2018") == docs.count("b/2018") > 0 and "2018" not in docs


def test_jsonl_ids_are_id_else_title_else_file_and_line(tmp_path):
    rows = [{"id": "r1", "title": "甲", "content": "一"}, {"title": "2018年报告", "content": "二"},
            {"id": "", "title": " ", "content": "三"}, {"id": 7, "content": "四"}]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    tasks = list(iter_tasks([str(path)]))
    assert [t.doc_id for t in tasks] == ["r1", "2018年报告", f"{path}:3", "7"]
    assert [t.load().id for t in tasks] == ["r1", "2018年报告", f"{path}:3", "7"]


def test_a_repeated_id_gets_a_suffix_and_a_warning_line(run, tmp_path, seed_text):
    (tmp_path / "r1.txt").write_text(seed_text, encoding="utf-8")
    rows = [{"id": "r1", "content": "2018年增长8%。"}, {"id": "r1", "content": "2019年增长7%。"},
            {"id": "r1#2", "content": "2020年增长6%。"}]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with pytest.warns(LoadWarning) as caught:
        assert _ids([tmp_path / "r1.txt", corpus]) == ["r1", "r1#2", "r1#3", "r1#2#2"]
    assert len(caught) == 3 and "the id 'r1' is taken by an earlier document; this one is 'r1#2'" in \
        str(caught[0].message)
    result = run("info", tmp_path / "r1.txt", corpus, "-q")
    assert result.code == 0 and [r["doc"] for r in result.csv_rows()] == ["r1", "r1#2", "r1#3", "r1#2#2"]
    warnings = [line for line in result.error_lines if line.startswith("govreport: warning: ")]
    assert len(warnings) == 3 and all(f"{corpus}:" in line for line in warnings)


def test_an_impossible_year_is_a_warning_and_the_row_is_kept(run, tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "x", "year": 12018, "content": "2018年政府工作报告\n增长8%。"}) + "\n",
                      encoding="utf-8")
    result = run("info", corpus, "-q")
    assert result.code == 0 and result.csv_rows()[0]["year"] == "2018"
    assert result.error_lines == [f"govreport: warning: {corpus}:1: year 12018 is not a year; the report's own "
                                  "text is read for it"]


# --- standard input as JSON Lines ---------------------------------------------------------------


def test_jsonl_on_stdin_is_detected(run, national_rows):
    rows = national_rows[:3]
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
    result = run("info", "-", input=data)
    assert result.code == 0
    got = result.csv_rows()
    assert [r["doc"] for r in got] == [str(r.get("id") or r["title"]) for r in rows]
    assert [int(r["chars"]) for r in got] == [len(r["content"]) for r in rows]


def test_jsonl_on_stdin_can_be_forced(run):
    data = b'{"id": "a", "text": null}\n{"id": "b", "content": "2018\xe5\xb9\xb4\xe5\xa2\x9e\xe9\x95\xbf8%"}\n'
    assert [r["doc"] for r in run("info", "-", input=data).csv_rows()] == ["stdin"]  # not detected: text
    result = run("info", "--jsonl", "-", input=data)
    assert [r["doc"] for r in result.csv_rows()] == ["b"]
    assert result.code == 1 and "govreport: stdin:1: line 1 has no text in 'content' or 'text'" in result.stderr


@pytest.mark.parametrize("first", [b"2018\xe5\xb9\xb4\n", b"[1, 2]\n", b'{"url": "x"}\n', b"{not json\n"])
def test_stdin_that_is_not_jsonl_is_one_document(first):
    [task] = iter_tasks(["-"], stdin=io.BytesIO(first + b'{"content": "x"}\n'))
    assert task.doc_id == "stdin" and not task.jsonl


# --- a JSON Lines file rewritten while it is read -----------------------------------------------


def test_a_row_that_changed_since_it_was_listed_fails_that_document(tmp_path):
    rows = [{"id": f"r{i}", "content": f"第{i}行" * (i + 1)} for i in range(4)]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    tasks = list(iter_tasks([str(path)]))
    rows[1]["content"] = "第9行" * 2  # the same length, other text
    rows.insert(0, rows.pop())  # and the last row first: the offsets now point into other rows
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    for task in tasks:
        with pytest.raises(LoadError) as info:
            task.load()
        assert str(info.value) == "the file changed while it was being read: this row is not the line it was"


def test_a_row_read_again_unchanged_loads(tmp_path, national_rows):
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in national_rows[:3]), encoding="utf-8")
    assert [t.load().text for t in iter_tasks([str(path)])] == [r["content"] for r in national_rows[:3]]


# --- bytes at the edge of text ------------------------------------------------------------------


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=20))
def test_nul_bytes_scattered_in_utf8_text_are_dropped_with_a_warning(positions):
    text = "2018年九龙坡区政府工作报告\n" + "地区生产总值增长8.3%，" * 400
    data = text.encode()
    cuts = sorted({p % len(data) for p in positions})
    holed = b"\x00".join(data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True))
    with pytest.warns(LoadWarning, match=f"{len(cuts)} NUL bytes? in the text dropped"):
        assert decode(holed) == text


@pytest.mark.parametrize("data", [b"\x00" * 400 + "增长".encode() * 10, bytes(range(1, 9)) * 80,
                                  "增长".encode() * 10 + b"\x00\x01\x02\x03" * 50])
def test_mostly_nul_or_control_bytes_are_still_binary(data):
    with pytest.raises(LoadError, match="binary file, not text"):
        decode(data)


@pytest.mark.parametrize("data", [b"\xe5", b"\xff", b"\xe5 ", b"\x81\x20\xfe"])
def test_a_few_bytes_no_strict_codec_reads_are_an_error(run, tmp_path, data):
    with pytest.raises(LoadError, match="too few to tell the encoding; use --encoding"):
        decode(data)
    (tmp_path / "short.txt").write_bytes(data)
    result = run("info", tmp_path / "short.txt")
    assert result.code == 1 and len(result.error_lines) == 1 and "short.txt" in result.stderr


@pytest.mark.parametrize("name, words", [("hex", "'hex' is not a text encoding"),
                                         ("rot13", "'rot13' is not a text encoding"),
                                         ("no-such-codec", "unknown encoding 'no-such-codec'")])
def test_an_encoding_that_is_not_a_text_codec_is_a_usage_error(run, seed_path, name, words):
    result = run("info", "--encoding", name, seed_path)
    assert result.code == 2 and result.clean and words in result.stderr and len(result.error_lines) == 1
    with pytest.raises(LoadError, match=words):
        decode(b"abc", encoding=name)


# --- walking folders and globs ------------------------------------------------------------------


def _looped_tree(tmp_path, seed_text):
    top = tmp_path / "top"
    (top / "a" / "b").mkdir(parents=True)
    (top / "a" / "r1.txt").write_text(seed_text, encoding="utf-8")
    (top / "a" / "b" / "r2.txt").write_text(seed_text, encoding="utf-8")
    (top / "a" / "b" / "up").symlink_to(top / "a")  # a loop
    (top / "a" / "b" / "self").symlink_to(".")  # another
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "r3.txt").write_text(seed_text, encoding="utf-8")
    (top / "linked").symlink_to(elsewhere)  # a link to a folder outside: followed
    return top


@pytest.mark.parametrize("pattern", ["{top}", "{top}/**/*.txt", "{top}/**", "{top}/*/b/*.txt"])
def test_folder_walks_and_globs_read_each_folder_once_and_say_when_they_skip_a_loop(tmp_path, seed_text,
                                                                                      pattern):
    top = _looped_tree(tmp_path, seed_text)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        names = [t.name for t in iter_tasks([pattern.format(top=top)])]
    stems = sorted(Path(n).name for n in names)
    loops = [str(w.message) for w in caught if issubclass(w.category, LoadWarning)]
    if pattern.endswith("/b/*.txt"):  # two levels: no loop is met
        assert stems == ["r2.txt"] and not loops
        return
    assert stems == ["r1.txt", "r2.txt", "r3.txt"]
    assert sorted(loops) == [f"{top}/a/b/self: symbolic link loop skipped (a link to a folder it is in)",
                             f"{top}/a/b/up: symbolic link loop skipped (a link to a folder it is in)"]


@pytest.mark.parametrize("pattern, expected", [
    ("*.txt", ["r.txt"]), ("**/*.txt", ["d/e/s.txt", "d/t.txt", "r.txt"]), ("d/**/*.txt", ["d/e/s.txt", "d/t.txt"]),
    ("d/*/*.txt", ["d/e/s.txt"]), ("d/?.txt", ["d/t.txt"]),
    ("[dr]*", ["d/.h.md", "d/e/s.txt", "d/t.txt", "d/x.md", "r.txt"]),  # a folder matched gives its reports
    ("**/.h*", [".hidden.txt", "d/.h.md"]), ("**/*.md", ["d/x.md"]),
])
def test_globs_match_as_the_glob_module_does(tmp_path, monkeypatch, pattern, expected):
    for name in ("r.txt", ".hidden.txt", "d/t.txt", "d/e/s.txt", "d/.h.md", "d/x.md", ".git/u.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("报告", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    got = [t.name for t in iter_tasks([pattern])]
    assert got == expected
    reference = sorted(glob.glob(pattern, recursive=True))
    assert sorted(p for p in reference if os.path.isfile(p)) == [p for p in expected if p in reference]


def _run_as_nobody(args: list[str]) -> tuple[int, str, str]:
    """``govreport ARGS`` in a child process that has dropped root's privileges to 'nobody': the file
    system's own permission checks, not a monkeypatch. Everything it imports is imported first, here."""
    import pwd
    import tempfile

    from govreport.cli import main

    nobody = pwd.getpwnam("nobody")
    with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()), \
            contextlib.redirect_stderr(io.StringIO()):
        main(args)  # once as root: every module the command imports lazily is loaded before the fork
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        pid = os.fork()
        if pid == 0:  # the child: drop privileges, run, exit with the command's code
            code = 70
            try:
                os.setgroups([])
                os.setgid(nobody.pw_gid)
                os.setuid(nobody.pw_uid)
                sys.stdout = io.TextIOWrapper(io.FileIO(os.dup(out.fileno()), "w"), encoding="utf-8")
                sys.stderr = io.TextIOWrapper(io.FileIO(os.dup(err.fileno()), "w"), encoding="utf-8")
                main(args)
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        out.seek(0)
        err.seek(0)
        return os.waitstatus_to_exitcode(status), out.read().decode(), err.read().decode()


@pytest.fixture
def locked_tree(seed_text):
    """top/ with a readable report, a report only root may read and a folder only root may list."""
    import shutil
    import tempfile

    top = Path(tempfile.mkdtemp(prefix="govreport-perm-"))  # /tmp: any user may reach it
    try:
        top.chmod(0o755)
        (top / "good.txt").write_text(seed_text, encoding="utf-8")
        (top / "good.txt").chmod(0o644)
        (top / "secret.txt").write_text(seed_text, encoding="utf-8")
        (top / "secret.txt").chmod(0o000)
        (top / "locked").mkdir()
        (top / "locked" / "inside.txt").write_text(seed_text, encoding="utf-8")
        (top / "locked").chmod(0o000)
        yield top
    finally:
        (top / "locked").chmod(0o755)
        shutil.rmtree(top, ignore_errors=True)


def _as_unprivileged(run, args):
    if os.geteuid() != 0:
        result = run(*args)
        return result.code, result.stdout, result.stderr
    import pwd

    try:
        pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("no user 'nobody' to drop privileges to")
    if not hasattr(os, "fork"):
        pytest.skip("no fork")
    return _run_as_nobody([str(a) for a in args])


@pytest.mark.parametrize("form", ["folder", "glob"])
def test_unreadable_files_and_folders_are_permission_errors_and_the_batch_goes_on(run, locked_tree, form):
    top = locked_tree
    target = top if form == "folder" else f"{top}/**/*.txt"
    code, out, err = _as_unprivileged(run, ["info", target, "-q", "-j", "1"])
    assert code == 1, err
    assert [row["doc"] for row in csv.DictReader(io.StringIO(out))] == ["good"]
    lines = err.splitlines()
    assert f"govreport: {top}/locked: permission denied: cannot list the folder" in lines
    assert f"govreport: {top}/secret.txt: permission denied: {top}/secret.txt" in lines
    assert "Traceback" not in err


@pytest.mark.parametrize("name, message", [("locked", "permission denied: cannot list the folder"),
                                           ("locked/inside.txt", "permission denied")])
def test_naming_an_unreadable_folder_or_a_file_in_one_says_permission_denied(run, locked_tree, name, message):
    code, out, err = _as_unprivileged(run, ["info", locked_tree / name, "-q"])
    assert code == 1 and err.splitlines()[0] == f"govreport: {locked_tree / name}: {message}"


def test_a_batch_over_a_jsonl_file_rewritten_meanwhile_fails_only_the_changed_rows(run, tmp_path, monkeypatch):
    """The file is rewritten after the batch listed its rows and before the workers read them (as a crawler
    writing the corpus again would): the rows that moved fail with one line each, the others keep their rows."""
    import govreport.batch

    rows = [{"id": f"r{i}", "content": f"{2010 + i}年增长{i}%。"} for i in range(4)]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    real_iter_tasks = govreport.batch.iter_tasks

    def listed_then_rewritten(*args, **kwargs):
        yield from list(real_iter_tasks(*args, **kwargs))
        changed = [rows[0], rows[1], {"id": "r2", "content": "2099年增长9%。"}, rows[3]]  # row 3 of other text
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in changed), encoding="utf-8")

    monkeypatch.setattr(govreport.batch, "iter_tasks", listed_then_rewritten)
    result = run("info", path, "-q", "-j", "1")
    assert result.code == 1 and result.clean
    assert [r["doc"] for r in result.csv_rows()] == ["r0", "r1", "r3"]
    assert result.error_lines[0] == (f"govreport: {path}:3: the file changed while it was being read: this row is "
                                     "not the line it was")


def test_the_command_line_says_when_a_walk_skips_a_loop(run, tmp_path, seed_text):
    top = _looped_tree(tmp_path, seed_text)
    result = run("info", top, "-q")
    assert result.code == 0 and len(result.csv_rows()) == 3
    assert sorted(result.error_lines) == [f"govreport: warning: {top}/a/b/{name}: symbolic link loop skipped (a link "
                                          "to a folder it is in)" for name in ("self", "up")]


GLOB_NAME = st.sampled_from(["a", "b", "ab.txt", ".h", ".h.txt", "c.md"])
GLOB_PART = st.sampled_from(["*", "**", "a*", "?", "b", ".h*", "*.txt", "a", "[ab]*"])


@example(paths=[[".h"]], pattern=[".h*", "**"])  # a hidden file is no folder a final ** reads
@given(st.lists(st.lists(GLOB_NAME, min_size=1, max_size=3), min_size=1, max_size=8),
       st.lists(GLOB_PART, min_size=1, max_size=3))
def test_glob_matches_what_the_glob_module_matches_in_a_tree_without_links(paths, pattern):
    import tempfile

    from govreport.loading import _glob

    with tempfile.TemporaryDirectory() as top:
        for names in paths:
            path = os.path.join(top, *names)
            with contextlib.suppress(FileExistsError, NotADirectoryError, IsADirectoryError):
                os.makedirs(os.path.dirname(path), exist_ok=True)
                Path(path).touch()
        raw = top + "/" + "/".join(pattern)
        assume(glob.has_magic(raw))
        # the glob module also gives the pattern's literal folder ("top/a/**" -> "top/a/"), even one that does
        # not exist: neither names a file
        literal = top + "".join(f"/{part}" for part in pattern[:[glob.has_magic(p) for p in pattern].index(True)])
        reference = {p.rstrip("/") for p in glob.glob(raw, recursive=True) if os.path.exists(p)} - {literal}
        assert [p for p, _ in _glob(raw, [])] == sorted(reference)


@pytest.mark.parametrize("newline_at_end", [True, False])
def test_a_last_row_that_grew_since_it_was_listed_fails_and_one_that_did_not_loads(tmp_path, newline_at_end):
    # rows are read again by their listed size (and one byte more): a last line without a line break that
    # went on growing is not the row that was listed; every row, the last one included, loads when unchanged
    path = tmp_path / "c.jsonl"
    text = '{"id": "a", "content": "第一行"}\n{"id": "b", "content": "第二行"}' + ("\n" if newline_at_end else "")
    path.write_text(text, encoding="utf-8")
    tasks = list(iter_tasks([str(path)]))
    assert [t.load().text for t in tasks] == ["第一行", "第二行"]
    path.write_text(text.rstrip("\n") + ' {"more": 1}\n', encoding="utf-8")
    assert tasks[0].load().text == "第一行"
    with pytest.raises(LoadError, match="the file changed while it was being read"):
        tasks[1].load()
