"""Word segmentation: jieba's dictionary and algorithm, through rjieba (fast) or pure-Python jieba (reference).

Both engines load the bundled policy lexicon (``data/policy_lexicon.txt``), so that formulations such as
供给侧结构性改革, 三去一降一补 or 高质量发展 stay whole, plus an optional user dictionary in jieba's format
(``word [freq] [tag]`` per line). Tokenizers are private instances, built on first use and cached; nothing is
loaded at import time.

>>> cut("深化供给侧结构性改革")
['深化', '供给侧结构性改革']
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from govreport.lazy_regex import lazy
from govreport.view import build_view, leftmost_longest
from govreport.wordfiles import data_text

ENGINES = ("rjieba", "jieba")
LEXICON_NAME = "policy_lexicon.txt"
UNKNOWN_TAG = "x"


@dataclass(frozen=True)
class DictEntry:
    """One line of a jieba user dictionary: the word, its frequency and tag when given."""

    word: str
    freq: int | None = None
    tag: str | None = None


def parse_userdict(text: str, source: str = "<userdict>") -> list[DictEntry]:
    """Entries of a jieba user dictionary: ``word [freq] [tag]`` per line.

    A leading BOM, CRLF line ends, blank lines and lines starting with ``#`` are tolerated; any other line
    that does not fit raises ValueError naming the file and line.

    >>> parse_userdict("十一项战略行动计划 1000 nz\\r\\n放管服\\n")
    [DictEntry(word='十一项战略行动计划', freq=1000, tag='nz'), DictEntry(word='放管服', freq=None, tag=None)]
    """
    entries = []
    for lineno, line in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        word, freq, tag = parts[0], None, None
        rest = parts[1:]
        if rest and re.fullmatch(r"\d+", rest[0]):
            freq = int(rest.pop(0))
        if rest and re.fullmatch(r"[A-Za-z]+", rest[0]):
            tag = rest.pop(0)
        if rest:
            raise ValueError(f"{source}:{lineno}: bad user-dictionary line {line[:60]!r} "
                             "(expected: word [freq] [tag], freq a whole number, tag letters)")
        entries.append(DictEntry(word, freq, tag))
    return entries


def read_userdict(path: str | os.PathLike) -> list[DictEntry]:
    """The entries of a user-dictionary file (BOM and CRLF tolerated); ValueError on a bad file."""
    from govreport.wordfiles import read_word_file

    return parse_userdict(read_word_file(path, "user dictionary"), str(path))


@functools.lru_cache(maxsize=1)
def bundled_lexicon() -> tuple[DictEntry, ...]:
    """The policy lexicon shipped in govreport/data (built by scripts/build_lexicon.py)."""
    text = data_text(LEXICON_NAME)
    return tuple(parse_userdict(text, LEXICON_NAME))


class Tokenizer:
    """A private jieba tokenizer of one engine, with the policy lexicon and any user dictionary loaded."""

    def __init__(self, engine: str = "rjieba", entries: Iterable[DictEntry] = ()):
        if engine not in ENGINES:
            raise ValueError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
        self.engine = engine
        self._pos: Any = None
        if engine == "rjieba":
            self._impl = _rjieba_class()()
        else:
            import logging  # here, not at the top: only this engine needs it (4 ms of imports)

            import jieba

            logging.getLogger("jieba").setLevel(logging.WARNING)  # no "Building prefix dict" chatter
            self._impl = jieba.Tokenizer()
            self._impl.initialize()
        words = set()
        for entry in entries:
            self._impl.add_word(entry.word, entry.freq, entry.tag)
            words.add(entry.word)
        self.words = frozenset(words)  # lexicon and user-dictionary words: kept even when they look numeric

    def cut(self, text: str, valid: bool = False) -> list[str]:
        """The tokens of ``text``; ``valid``: it is known to hold no lone surrogate (not searched again)."""
        if len(text) > PIECE_CHARS:  # a long text in pieces: the tokenizer slows on runs of a million characters
            return [token for piece in pieces(text) for token in self._cut(piece, valid)]
        return self._cut(text, valid)

    def _cut(self, text: str, valid: bool = False) -> list[str]:
        if self.engine == "rjieba":
            if valid:
                return self._impl.cut(text)
            safe = _without_surrogates(text)
            tokens = self._impl.cut(safe)
            return tokens if safe is text else _realign(tokens, text)
        return self._impl.lcut(text)

    def tag(self, text: str) -> list[tuple[str, str]]:
        if len(text) > PIECE_CHARS:
            return [pair for piece in pieces(text) for pair in self._tag(piece)]
        return self._tag(text)

    def _tag(self, text: str) -> list[tuple[str, str]]:
        if self.engine == "rjieba":
            safe = _without_surrogates(text)
            pairs = [(word, tag or UNKNOWN_TAG) for word, tag in self._impl.tag(safe)]
            if safe is text:
                return pairs
            return list(zip(_realign([w for w, _ in pairs], text), [t for _, t in pairs], strict=True))
        if self._pos is None:
            from jieba.posseg import POSTokenizer

            self._pos = POSTokenizer(self._impl)
        return [(pair.word, pair.flag or UNKNOWN_TAG) for pair in self._pos.lcut(text)]


# jieba cuts a text into blocks of these characters (its re_han) and cuts every other character on its own, so
# a text cut right after any other character (but inside \r\n) gives the tokens the whole text gives.
_BLOCK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1fa-zA-Z0-9+#&._%\\-"
_BREAK = lazy(f"[^{_BLOCK}\r]|\r(?!\n)")
PIECE_CHARS = 1 << 14
# A run of Latin letters and digits longer than this (no word, figure or URL of a report comes near: the longest
# run of word characters in the national and local corpora is 175) is a stream of digits, not a word
LONGEST_RUN = 4096


def pieces(text: str, size: int = PIECE_CHARS, longest_run: int = LONGEST_RUN) -> list[str]:
    """``text`` in consecutive pieces of about ``size`` characters, each ending right after a character jieba
    never joins to a word, so that the pieces' tokens are the text's. Where the last ``longest_run`` characters
    before a piece's end hold no such character, the piece runs on to the next one within another ``size``
    characters (a paragraph of Chinese without punctuation, as OCR leaves it, keeps its tokens). A longer run of
    word characters (十十十…, 1万1万…: no report's text), or a run of ``longest_run`` Latin letters and digits (a
    stream of digits), is cut where the piece ends: only the tokens at the cut change. The tokenizer's time per
    character grows with the length of a run (by half from 30,000 to 300,000 characters of 十).

    >>> pieces("发展。改革，开放", size=3, longest_run=2)
    ['发展。', '改革，', '开放']
    >>> pieces("发展改革开。", size=3, longest_run=2), pieces("十十十十十十十。", size=3, longest_run=2)
    (['发展改革开。'], ['十十十', '十十十十。'])
    >>> pieces("12345。", size=3, longest_run=2)
    ['123', '45。']
    """
    out, start, n = [], 0, len(text)
    while n - start > size:
        end = start + size
        lo = max(start, end - longest_run)
        cut = _last_break(text, lo, end)
        if not cut and not text[lo:end].isascii():  # a stream of digits or letters is cut at the end
            m = _BREAK.search(text, end, min(n, end + size + 1))
            if m is not None and m.end() <= end + size:
                cut = m.end()
            elif n - end <= size:
                cut = n
        cut = cut or end
        out.append(text[start:cut])
        start = cut
    if start < n or not out:
        out.append(text[start:])
    return out


def _last_break(text: str, lo: int, end: int) -> int:
    """The end of the last break in text[lo:end] (0 if none), read one character past ``end`` so that \r(?!\n)
    sees the \n after it; the last 64 characters first, then eight times as many (a report breaks every few
    characters: the whole window is rarely read)."""
    width = 64
    while True:
        a = max(lo, end - width)
        cut = 0
        for m in _BREAK.finditer(text, a, min(end + 1, len(text))):
            if m.end() <= end:
                cut = m.end()
        if cut or a == lo:
            return cut
        width *= 8


_SURROGATES = lazy("[\ud800-\udfff]")


def _without_surrogates(text: str) -> str:
    """The text with each lone surrogate (from a JSON escape such as \\ud83d, or a file name's undecodable
    byte) as U+FFFD: rjieba takes only valid Unicode. One character for one, so offsets stay; the text
    itself when it has none."""
    return _SURROGATES.sub("\ufffd", text) if _SURROGATES.search(text) else text


def _realign(tokens: list[str], text: str) -> list[str]:
    """Tokens of a same-length stand-in for ``text``, cut from ``text`` itself."""
    out = []
    pos = 0
    for token in tokens:
        out.append(text[pos:pos + len(token)])
        pos += len(token)
    return out


_RJIEBA: Any = None


def _rjieba_class() -> Any:
    """``rjieba.Jieba``, loaded without running rjieba/__init__.py when possible.

    That file builds a module-level default tokenizer on import (about 0.1 s, a full dictionary) which
    govreport never uses: it builds its own private instance. The extension module is loaded directly;
    if the package is laid out differently, a plain ``import rjieba`` does the job.
    """
    global _RJIEBA
    if _RJIEBA is None:
        import sys

        if "rjieba" in sys.modules:
            _RJIEBA = sys.modules["rjieba"].Jieba
        else:
            _RJIEBA = _load_rjieba_extension()
            if _RJIEBA is None:
                import rjieba

                _RJIEBA = rjieba.Jieba
    return _RJIEBA


def _load_rjieba_extension() -> Any:
    import importlib.machinery
    import importlib.util

    try:
        spec = importlib.util.find_spec("rjieba")
        for folder in (spec.submodule_search_locations or []) if spec else []:
            for suffix in importlib.machinery.EXTENSION_SUFFIXES:
                path = os.path.join(folder, "rjieba" + suffix)
                if os.path.exists(path):
                    ext = importlib.util.spec_from_file_location("rjieba.rjieba", path)
                    if ext is None or ext.loader is None:
                        return None
                    module = importlib.util.module_from_spec(ext)
                    ext.loader.exec_module(module)
                    return module.Jieba
    except (ImportError, OSError, AttributeError):
        return None
    return None


def get_tokenizer(engine: str = "rjieba", userdict: str | os.PathLike | None = None) -> Tokenizer:
    """The cached tokenizer of ``engine`` with the policy lexicon and ``userdict`` (a path) loaded.

    The cache key includes the user dictionary's modification time, so an edited file is read again.
    Raises ValueError (one line) for an unknown engine or a bad user dictionary.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    stamp: tuple[int, int] | None = None
    path = None
    if userdict is not None:
        path = os.path.abspath(userdict)
        try:
            st = os.stat(path)
        except OSError as exc:
            raise ValueError(f"{userdict}: cannot read user dictionary: {exc.strerror or exc}") from None
        stamp = (st.st_mtime_ns, st.st_size)
    return _tokenizer(engine, path, stamp)


@functools.lru_cache(maxsize=8)
def _tokenizer(engine: str, path: str | None, stamp: tuple[int, int] | None) -> Tokenizer:
    entries = list(bundled_lexicon())
    if path is not None:
        entries += read_userdict(path)
    return Tokenizer(engine, entries)


def forced_spans(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """The spans of ``words`` in ``text`` that a scan from left to right takes, the longest word first where
    several start at one place, none overlapping another: what one regular-expression alternation of the
    words (longest first) finds, by one str.find pass per word (no pattern to compile for each text).

    >>> forced_spans("一带一路一带", ["一带一路", "一带", "路一"])
    [(0, 4), (4, 6)]
    """
    found: list[tuple[int, int]] = []
    for word in {w for w in words if w}:
        size = len(word)
        at = text.find(word)
        while at >= 0:
            found.append((at, size))
            at = text.find(word, at + 1)
    return leftmost_longest(found)


def cut_with(tokenizer: Tokenizer, text: str, keep_whole: Iterable[str] = ()) -> list[str]:
    """Tokens of ``text``; every occurrence of a ``keep_whole`` word (longest first) is one token.

    The text is split at those occurrences and the pieces between them are cut as usual, so the words act
    like dictionary entries that always win, without changing the cached tokenizer.
    """
    spans = forced_spans(text, keep_whole) if keep_whole else []
    if not spans:
        return tokenizer.cut(text)
    valid = _SURROGATES.search(text) is None  # one check for the text, not one per piece
    tokens: list[str] = []
    pos = 0
    for start, end in spans:
        if start > pos:
            tokens += tokenizer.cut(text[pos:start], valid)
        tokens.append(text[start:end])
        pos = end
    if pos < len(text):
        tokens += tokenizer.cut(text[pos:], valid)
    return tokens


def cut(text: str, engine: str = "rjieba", userdict: str | os.PathLike | None = None, pos: bool = False,
        keep_whole: Iterable[str] = ()) -> list[str] | list[tuple[str, str]]:
    """Segment ``text`` into words (every character kept: the tokens join back to ``text``).

    With ``pos``, (word, tag) pairs with jieba's part-of-speech tags ('x' when unknown).

    >>> cut("推动高质量发展", pos=True)
    [('推动', 'v'), ('高质量发展', 'nz')]
    """
    tokenizer = get_tokenizer(engine, userdict)
    if pos:
        return tokenizer.tag(text)
    return cut_with(tokenizer, text, keep_whole)


def segment_text(report, engine: str = "rjieba", userdict: str | os.PathLike | None = None, pos: bool = False,
                 lines: bool = False) -> str:
    """A report's tokens as text: space-separated on one line, or one per line; whitespace tokens dropped.

    With ``pos`` each token is written ``token/tag``.
    """
    text = report.view.text if hasattr(report, "view") else build_view(str(report)).text
    items = cut(text, engine=engine, userdict=userdict, pos=pos)
    if pos:
        out = [f"{word}/{tag}" for word, tag in items if word.strip()]
    else:
        out = [word for word in items if word.strip()]
    return ("\n" if lines else " ").join(out)
