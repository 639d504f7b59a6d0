"""The bundled national corpus: ``corpus:national`` as an input from any folder, ``load_corpus("national")``."""

import json
from pathlib import Path

import pytest

import govreport
from govreport.corpus import Corpus
from govreport.loading import BUNDLED_CORPORA, bundled_corpus, load_corpus, overwritten_input

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """A working folder that is not the repository."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_load_corpus_by_name_gives_every_report(national_path, elsewhere):
    corpus = govreport.load_corpus("national")
    rows = [json.loads(line) for line in national_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert isinstance(corpus, Corpus) and len(corpus) == len(rows) == 69
    assert [r.id for r in corpus] == [r["title"] for r in rows]
    assert [r.id for r in load_corpus(["corpus:national"])] == [r.id for r in corpus]


def test_the_bundled_file_is_package_data(national_path):
    files, reason = bundled_corpus("national")
    assert reason == "" and Path(files[0]).resolve() == national_path.resolve()
    assert Path(files[0]).is_relative_to(Path(govreport.__file__).parent / "data")


def test_named_corpus_is_an_input_of_every_command(run, elsewhere):
    info = run("info", "corpus:national", "-f", "csv", "-q")
    assert info.code == 0 and len(info.csv_rows()) == 69
    trends = run("trends", "高质量发展", "corpus:national", "--by", "year", "-f", "csv", "-q")
    rows = trends.csv_rows()
    assert trends.code == 0 and {r["term"] for r in rows} == {"高质量发展"} and len(rows) > 40


def test_an_unknown_name_is_one_line_naming_the_bundled_ones(run, elsewhere):
    result = run("info", "corpus:provincial", "-q")
    assert result.code == 2 and result.clean and len(result.error_lines) == 1
    assert "corpus:provincial" in result.stderr and "corpus:national" in result.stderr
    with pytest.raises(govreport.LoadError, match="no bundled corpus"):
        govreport.load_corpus(["corpus:provincial"])


def test_a_file_really_named_so_is_read_by_its_path(run, elsewhere, seed_text):
    (elsewhere / "corpus:national").write_text(seed_text, encoding="utf-8")
    result = run("info", "./corpus:national", "-f", "csv")
    rows = result.csv_rows()
    assert result.code == 0 and len(rows) == 1 and rows[0]["region"] == "九龙坡区"


def test_a_folder_named_like_a_corpus_is_read_with_a_path(elsewhere, seed_text):
    (elsewhere / "national").mkdir()
    (elsewhere / "national" / "a.txt").write_text(seed_text, encoding="utf-8")
    assert len(govreport.load_corpus("./national")) == 1
    assert len(govreport.load_corpus("national")) == 69  # the bare name alone is the bundled corpus
    assert set(BUNDLED_CORPORA) == {"national"}


def test_output_never_overwrites_the_bundled_corpus(national_path):
    # checked on the function -o calls, so that no regression can ever truncate the corpus itself
    assert overwritten_input(str(national_path), ("corpus:national",)) is not None
