"""Word files: the bundled tables (each saying where it came from) and the word files a user names (lexicon,
stopwords, user dictionary), read in any encoding govreport reads."""

from __future__ import annotations

from importlib import resources

import pytest

from govreport.wordfiles import data_rows, data_text, read_word_file

TABLES = sorted(p.name for p in (resources.files("govreport") / "data").iterdir() if p.name.endswith(".tsv"))


@pytest.mark.parametrize("name", TABLES)
def test_every_table_says_where_it_came_from_and_has_rows(name):
    head = data_text(name).splitlines()[:6]
    assert head[0].startswith("#") and any("source" in line.lower() for line in head if line.startswith("#"))
    rows = data_rows(name)
    assert rows and all(row and row[0] for row in rows)
    assert not any(line.startswith("#") for line in ("\t".join(r) for r in rows))


def test_document_tables_have_two_columns_and_known_roles():
    roles = {row[0] for row in data_rows("document_cues.tsv")}
    assert roles == {"unnumbered_heading", "byline_tag", "title_debris", "plan_report", "budget_report", "news",
                     "news_weak", "own_voice"}
    assert all(len(row) == 2 for row in data_rows("document_cues.tsv") + data_rows("provinces.tsv"))
    assert len(data_rows("provinces.tsv")) == 34


WORDS = "高质量发展\n乡村振兴 10 n\n# a comment\n"


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
def test_word_files_read_in_any_encoding(tmp_path, codec):
    path = tmp_path / "words.txt"
    path.write_bytes(WORDS.encode(codec))
    assert read_word_file(path, "lexicon") == WORDS


def test_an_empty_word_file_is_empty_text(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b" \n")
    assert read_word_file(path, "stopword file") == ""


@pytest.mark.parametrize("data", [None, b"\x89PNG\r\n\x1a\n" + bytes(range(256))])
def test_an_unreadable_word_file_is_one_line_naming_it(tmp_path, data):
    path = tmp_path / "dict.txt"
    if data is not None:
        path.write_bytes(data)
    with pytest.raises(ValueError) as info:
        read_word_file(path, "user dictionary")
    message = str(info.value)
    assert message.startswith(f"{path}: cannot read user dictionary: ") and "\n" not in message


def test_nul_bytes_in_a_word_file_are_a_warning_naming_it(tmp_path):
    from govreport.loading import LoadWarning

    path = tmp_path / "words.txt"
    path.write_bytes(WORDS.encode() * 20 + b"\x00")
    with pytest.warns(LoadWarning, match=f"^{path}: 1 NUL byte in the text dropped$"):
        assert read_word_file(path, "lexicon") == WORDS * 20
