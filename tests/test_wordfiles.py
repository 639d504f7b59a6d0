"""Reading the word files a user names (lexicon, stopwords, user dictionary) in any encoding govreport reads."""

from __future__ import annotations

import pytest

from govreport.wordfiles import read_word_file

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
