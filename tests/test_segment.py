"""Segmentation: rjieba and pure jieba agree, the policy lexicon keeps formulations whole, user dictionaries."""

from __future__ import annotations

import difflib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreport.segment import (
    ENGINES,
    PIECE_CHARS,
    DictEntry,
    bundled_lexicon,
    cut,
    cut_with,
    forced_spans,
    get_tokenizer,
    parse_userdict,
    pieces,
    read_userdict,
    segment_text,
)

ROOT = Path(__file__).resolve().parent.parent
LEXICON = ROOT / "govreport" / "data" / "policy_lexicon.txt"
# The formulations the issue names, each of which must come out as one token in running text.
FORMULATIONS = ["供给侧结构性改革", "十一项战略行动计划", "放管服", "高质量发展", "三去一降一补", "五位一体"]


def sentences_with(texts: list[str], phrase: str) -> list[str]:
    """Every sentence of ``texts`` that contains ``phrase``."""
    out = []
    for text in texts:
        for sentence in re.split(r"(?<=[。！？；\n])", text):
            if phrase in sentence:
                out.append(sentence)
    return out


@pytest.fixture(scope="session")
def corpus_texts(national_rows, seed_text) -> list[str]:
    return [row["content"] for row in national_rows] + [seed_text]


def split_inside(tokens: list[str], text: str, phrase: str) -> list[int]:
    """Offsets of occurrences of ``phrase`` in ``text`` that a token boundary cuts through."""
    bounds, pos = set(), 0
    for tok in tokens:
        pos += len(tok)
        bounds.add(pos)
    return [m.start() for m in re.finditer(re.escape(phrase), text)
            if any(b in bounds for b in range(m.start() + 1, m.end()))]


def token_differences(a: list[str], b: list[str]) -> list[tuple[list[str], list[str]]]:
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [(a[i1:i2], b[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]


def test_engines_agree_on_the_national_corpus(national_rows):
    """rjieba (jieba-rs) against pure-Python jieba, both with the policy lexicon, on every third report.

    Measured on the whole corpus: one difference in 582,852 tokens — jieba-rs keeps '2011-2020' as one
    token where pure jieba gives '2011', '-', '2020'. The bound allows a handful such spans."""
    fast, reference = get_tokenizer("rjieba"), get_tokenizer("jieba")
    total = 0
    differences = []
    for row in national_rows[::3]:
        ours, theirs = fast.cut(row["content"]), reference.cut(row["content"])
        assert "".join(ours) == "".join(theirs) == row["content"]
        total += len(theirs)
        if ours != theirs:
            differences += token_differences(theirs, ours)
    for theirs, ours in differences:
        print(f"jieba {theirs} | rjieba {ours}")
    disagreeing = sum(max(len(a), len(b)) for a, b in differences)
    assert total > 150_000
    assert disagreeing / total < 1e-4, differences[:20]


@given(st.data())
def test_tokens_join_back_to_the_text(seed_text, data):
    start = data.draw(st.integers(0, len(seed_text) - 1))
    piece = seed_text[start:start + data.draw(st.integers(1, 400))]
    piece += data.draw(st.text(st.sampled_from("\r\n\t \u3000,.%-+“”（）"), max_size=4))
    for engine in ENGINES:
        tokens = cut(piece, engine=engine)
        assert "".join(tokens) == piece
        assert all(tokens)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("phrase", FORMULATIONS)
def test_lexicon_keeps_formulations_whole_in_running_text(corpus_texts, engine, phrase):
    sentences = sentences_with(corpus_texts, phrase)
    assert sentences, f"{phrase} does not occur in the corpus"
    for sentence in sentences:
        tokens = cut(sentence, engine=engine)
        assert not split_inside(tokens, sentence, phrase), (phrase, tokens)
    assert any(phrase in cut(s, engine=engine) for s in sentences)


def test_the_default_dictionary_alone_splits_most_formulations(corpus_texts):
    """The lexicon is what keeps them whole: without it, jieba's dictionary splits them."""
    import rjieba

    plain = rjieba.Jieba()
    split = [p for p in FORMULATIONS
             if any(split_inside(plain.cut(s), s, p) for s in sentences_with(corpus_texts, p))]
    assert len(split) >= 4, split


def test_lexicon_file_names_its_source_and_every_line_is_an_entry():
    lines = LEXICON.read_text(encoding="utf-8").splitlines()
    header = [line for line in lines if line.startswith("#")]
    assert any("Source" in line for line in header) and lines[0].startswith("#")
    body = [line for line in lines if line and not line.startswith("#")]
    entries = bundled_lexicon()
    assert len(entries) == len(body) > 100
    assert all(e.freq and e.freq >= 1000 and e.tag == "nz" for e in entries)
    assert len({e.word for e in entries}) == len(entries)
    assert set(FORMULATIONS) <= {e.word for e in entries}


def test_build_lexicon_reproduces_the_bundled_file(tmp_path):
    out = tmp_path / "lexicon.txt"
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_lexicon.py"), "--out", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8") == LEXICON.read_text(encoding="utf-8")


# --- user dictionaries ---------------------------------------------------------------------------


def test_parse_userdict_reads_the_jieba_format_with_bom_and_crlf():
    text = "\ufeff九龙半岛 2000 ns\r\n\r\n# a comment\r\n杨家坪片区\r\n西部物流园 n\r\n"
    assert parse_userdict(text) == [
        DictEntry("九龙半岛", 2000, "ns"), DictEntry("杨家坪片区", None, None), DictEntry("西部物流园", None, "n"),
    ]


@pytest.mark.parametrize("line", ["九龙半岛 2000 ns extra", "九龙半岛 ns 2000", "九龙半岛 -5", "九龙半岛 1.5 n"])
def test_bad_userdict_line_is_a_one_line_error_naming_the_line(tmp_path, line):
    path = tmp_path / "user.txt"
    path.write_text("杨家坪片区\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ValueError) as info:
        read_userdict(path)
    message = str(info.value)
    assert f"{path}:2" in message and "\n" not in message


def test_userdict_that_cannot_be_decoded_is_an_error(tmp_path):
    path = tmp_path / "user.txt"
    path.write_bytes(b"\xff\xfe\x00\xd8")  # a UTF-16 byte-order mark, then a lone surrogate
    with pytest.raises(ValueError, match="cannot read user dictionary"):
        read_userdict(path)


def test_userdict_in_gb18030_is_read(tmp_path):
    path = tmp_path / "user.txt"
    path.write_bytes("九龙半岛 2000 ns\r\n".encode("gb18030"))
    assert [(e.word, e.freq, e.tag) for e in read_userdict(path)] == [("九龙半岛", 2000, "ns")]


@pytest.mark.parametrize("engine", ENGINES)
def test_userdict_words_are_kept_whole(tmp_path, seed_text, engine):
    words = ["二郎—石桥铺片区", "九龙半岛", "西部物流园"]
    sentences = [s for w in words for s in sentences_with([seed_text], w)]
    assert sentences
    before = [cut(s, engine=engine) for s in sentences]
    assert any(w in s and w not in toks for s, toks in zip(sentences, before, strict=True) for w in words)
    path = tmp_path / "user.txt"
    path.write_bytes(("\ufeff" + "\r\n".join(["九龙半岛 3000 ns", "西部物流园"]) + "\r\n").encode("utf-8"))
    for sentence in sentences:
        tokens = cut(sentence, engine=engine, userdict=str(path))
        assert "".join(tokens) == sentence
        for word in ("九龙半岛", "西部物流园"):
            assert not split_inside(tokens, sentence, word)


def test_editing_a_userdict_is_picked_up(tmp_path):
    path = tmp_path / "user.txt"
    path.write_text("九龙半岛 3000\n", encoding="utf-8")
    assert "九龙半岛" in cut("建设九龙半岛", userdict=str(path))
    path.write_text("九龙半岛 3000\n建设九龙 900000\n", encoding="utf-8")
    assert "建设九龙" in cut("建设九龙半岛", userdict=str(path))


def test_keep_whole_words_win_and_leave_the_tokenizer_unchanged(seed_text):
    tokenizer = get_tokenizer()
    sentence = sentences_with([seed_text], "两山四河")[0]
    assert "两山四河" not in tokenizer.cut(sentence)
    forced = cut_with(tokenizer, sentence, ["两山四河"])
    assert "".join(forced) == sentence and "两山四河" in forced
    assert "两山四河" not in tokenizer.cut(sentence)


# --- part of speech and the segment text ---------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_pos_tags_every_token_and_tags_lexicon_words_nz(seed_text, engine):
    sentence = sentences_with([seed_text], "十一项战略行动计划")[0]
    pairs = cut(sentence, engine=engine, pos=True)
    assert "".join(w for w, _ in pairs) == sentence
    assert all(re.fullmatch(r"[a-z]+", tag) for _, tag in pairs)
    assert ("十一项战略行动计划", "nz") in pairs


def test_segment_text_one_line_or_one_token_per_line(seed_text):
    from govreport.loading import load

    report = load(str(ROOT / "seeds" / "jiulongpo_2018.txt"))
    spaced = segment_text(report)
    assert "\n" not in spaced
    assert spaced.replace(" ", "") == re.sub(r"\s", "", seed_text)
    lines = segment_text(report, lines=True).split("\n")
    assert lines == spaced.split(" ")
    tagged = segment_text(report, pos=True).split(" ")
    assert [t.rsplit("/", 1)[0] for t in tagged] == lines
    assert all(re.fullmatch(r"[a-z]+", t.rsplit("/", 1)[1]) for t in tagged)


def test_unknown_engine_is_an_error():
    with pytest.raises(ValueError, match="unknown engine"):
        get_tokenizer("thulac")


# --- the command ---------------------------------------------------------------------------------


def test_segment_command_prints_one_line_per_document(run, seed_path, seed_text, national_path):
    result = run("segment", seed_path)
    assert result.code == 0 and result.clean
    assert result.stdout.rstrip("\n").replace(" ", "") == re.sub(r"\s", "", seed_text)
    result = run("segment", national_path, "-j", "1", "-q")
    assert result.code == 0
    assert len(result.stdout.rstrip("\n").split("\n")) == 69


def test_segment_command_lines_pos_and_engine(run, seed_path):
    spaced = run("segment", seed_path).stdout.split()
    lines = run("segment", seed_path, "--lines").stdout.split("\n")
    assert [t for t in lines if t] == spaced
    tagged = run("segment", seed_path, "--pos").stdout.split()
    assert [t.rsplit("/", 1)[0] for t in tagged] == spaced
    assert "供给侧结构性改革/nz" in tagged or "十一项战略行动计划/nz" in tagged
    reference = run("segment", seed_path, "--engine", "jieba").stdout.split()
    assert "".join(reference) == "".join(spaced)
    # the one known difference: jieba-rs keeps digit runs joined by '-' (2018-06-19) as one token
    for theirs, ours in token_differences(reference, spaced):
        assert "".join(theirs) == "".join(ours) and re.fullmatch(r"[0-9][0-9-]*[0-9]", "".join(ours))


def test_segment_command_userdict_and_its_errors(run, seed_path, tmp_path):
    good = tmp_path / "user.txt"
    good.write_text("九龙半岛 3000 ns\n", encoding="utf-8")
    result = run("segment", seed_path, "--userdict", good)
    assert result.code == 0 and "九龙半岛" in result.stdout.split()
    bad = tmp_path / "bad.txt"
    bad.write_text("九龙半岛 3000 ns more words\n", encoding="utf-8")
    result = run("segment", seed_path, "--userdict", bad)
    assert result.code != 0 and result.clean
    assert len(result.error_lines) == 1 and "bad.txt:1" in result.error_lines[0]
    assert result.stdout == ""


@pytest.mark.parametrize("command", [["--help"], ["segment", "--help"], ["keywords", "--help"],
                                     ["kwic", "--help"]])
def test_help_imports_no_segmenter_or_pandas(python, command):
    code = (
        "import sys\n"
        "from govreport.cli import main\n"
        "try:\n"
        f"    main({command!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('jieba', 'rjieba', 'pandas') if m in sys.modules))\n"
    )
    proc = subprocess.run([python, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"


@given(st.text(alphabet="一带路二十五", max_size=40), st.lists(st.text(alphabet="一带路二十五", min_size=1, max_size=4),
                                                           max_size=5))
def test_forced_spans_are_what_one_alternation_finds(text, words):
    alternation = re.compile("|".join(map(re.escape, sorted(set(words), key=lambda w: (-len(w), w))))) if words else None
    expected = [m.span() for m in alternation.finditer(text)] if alternation else []
    assert forced_spans(text, words) == expected


@given(st.data())
def test_a_text_cut_in_pieces_gives_the_tokens_of_the_whole(corpus_texts, data):
    """Pieces end after a character jieba never joins to a word: their tokens are the whole text's."""
    text = data.draw(st.sampled_from(corpus_texts))
    start = data.draw(st.integers(0, len(text) - 1))
    piece = text[start:start + data.draw(st.integers(1, 3000))]
    piece += data.draw(st.text(st.sampled_from("\r\n\t \u3000,.%-+“”（）12ab"), max_size=6))
    size = data.draw(st.integers(200, 1000))  # the corpora's longest run of word characters is 175
    parts = pieces(piece, size=size, longest_run=size)
    assert "".join(parts) == piece
    for engine in ENGINES:
        tokenizer = get_tokenizer(engine)
        assert [t for p in parts for t in tokenizer._cut(p)] == tokenizer._cut(piece)
        assert [t for p in parts for t in tokenizer._tag(p)] == tokenizer._tag(piece)


def test_a_run_of_a_character_without_a_break_is_cut_in_bounded_pieces():
    """十十十… for pages (no report's text): read in pieces of at most two pieces' length, every character kept."""
    text = "十" * (PIECE_CHARS * 10)
    parts = pieces(text)
    assert "".join(parts) == text and max(map(len, parts)) <= 2 * PIECE_CHARS


def test_a_run_of_a_million_digits_is_cut_in_pieces_that_join_back():
    """No report holds a word of thousands of characters: a stream of digits is read in bounded pieces (the
    tokenizer's time per character grows on one long run), and every character is kept."""
    text = "增长" + "0123456789" * 100_000 + "。"
    parts = pieces(text)
    assert "".join(parts) == text
    assert max(map(len, parts)) <= PIECE_CHARS
    tokens = cut(text)
    assert "".join(tokens) == text and max(map(len, tokens)) <= PIECE_CHARS


@given(st.data())
def test_keep_whole_pieces_are_cut_as_the_tokenizer_cuts_them(seed_text, data):
    # cut_with checks the text for lone surrogates once and then cuts valid pieces directly: the tokens are
    # those Tokenizer.cut gives piece by piece, lone surrogates (read as U+FFFD by rjieba) included
    start = data.draw(st.integers(0, len(seed_text) - 1))
    piece = seed_text[start:start + data.draw(st.integers(1, 300))]
    if data.draw(st.booleans()):
        at = data.draw(st.integers(0, len(piece)))
        piece = piece[:at] + "\ud83d" + piece[at:]
    words = data.draw(st.lists(st.sampled_from(["发展", "改革", "建设", "\ud83d", "，"]), max_size=3))
    tokenizer = get_tokenizer()
    expected, pos = [], 0
    for a, b in forced_spans(piece, words):
        expected += tokenizer.cut(piece[pos:a]) if a > pos else []
        expected.append(piece[a:b])
        pos = b
    expected += tokenizer.cut(piece[pos:]) if pos < len(piece) else []
    assert cut_with(tokenizer, piece, words) == expected
    assert "".join(expected) == piece


@pytest.mark.parametrize("engine", ENGINES)
def test_chinese_without_punctuation_and_a_crlf_across_a_piece_end_keep_their_tokens(engine):
    """Text over a piece's length whose run of Chinese has no break near the piece's end (OCR output), or whose
    \\r\\n straddles it, is cut into the tokens of the whole text."""
    tokenizer = get_tokenizer(engine)
    unpunctuated = "坚持稳中求进工作总基调" * (PIECE_CHARS * 3 // 22)  # 1.5 pieces, not one break
    crlf = ("我们要坚持稳中求进工作总基调。" * 5000)[:PIECE_CHARS - 1] + "\r\n" + "推动高质量发展" * 20
    for text in (unpunctuated, crlf):
        assert len(text) > PIECE_CHARS
        assert tokenizer.cut(text) == tokenizer._cut(text)
    assert tokenizer.tag(crlf) == tokenizer._tag(crlf)
