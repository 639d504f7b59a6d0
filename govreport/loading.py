"""Reading reports as they come: files, folders, globs, stdin and JSON Lines corpora.

Everything here turns bytes into :class:`~govreport.document.Report` objects. Decoding is strict: a
file is read as BOM-marked UTF-8/UTF-16, else strict UTF-8, else strict GB18030 (a superset of GBK and
GB2312), else the best guess of charset-normalizer; bytes that fit none of these are an error, never
silently replaced. HTML is turned into text with paragraph breaks kept and script/style dropped.
"""

from __future__ import annotations

import codecs
import glob
import json
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from govreport.document import Report

REPORT_SUFFIXES = (".txt", ".htm", ".html", ".md")
HTML_SUFFIXES = (".htm", ".html")
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class LoadError(Exception):
    """A document that cannot be read; the message is one line for the user."""


def decode(data: bytes, encoding: str | None = None) -> str:
    """Decode report bytes, detecting the encoding unless one is given.

    >>> decode("政府工作报告".encode("gb18030"))
    '政府工作报告'
    """
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise LoadError(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise LoadError(f"cannot decode as {encoding}: bad byte at offset {exc.start}") from None
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise LoadError(f"invalid {codec} after its byte-order mark (offset {exc.start})") from None
    if not data.strip():
        raise LoadError("empty file")
    if b"\x00" in data:
        guess = _utf16_without_bom(data)
        if guess is None:
            raise LoadError("binary file, not text")
        return guess
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _mostly_text(text):
        return text
    return _detect(data)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM has NUL in every other byte of its ASCII characters."""
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _mostly_text(text):
            return text
    return None


def _mostly_text(text: str) -> bool:
    if not text:
        return False
    bad = sum(1 for ch in text[:20000] if (ch < " " and ch not in "\r\n\t\f") or "\ue000" <= ch <= "\uf8ff")
    return bad <= len(text[:20000]) * 0.01


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise LoadError("cannot detect the encoding (not UTF-8, UTF-16 or GB18030); use --encoding")
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise LoadError("cannot detect the encoding; use --encoding") from None
    if not _mostly_text(text):
        raise LoadError("binary file, not text")
    return text


class _TextExtractor(HTMLParser):
    BLOCK = frozenset(
        "p div br li ul ol tr table h1 h2 h3 h4 h5 h6 section article header footer blockquote pre title dd dt"
        .split()
    )
    SKIP = frozenset(("script", "style", "noscript", "template"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


_SPACES = re.compile(r"[ \t\u3000\xa0]+")
_BLANKS = re.compile(r"\n\s*\n\s*")


def html_to_text(html: str) -> str:
    """Text of an HTML page: one paragraph a line, script and style dropped.

    >>> html_to_text("<p>各位代表：</p><script>x=1</script><p>现在，我代表</p>")
    '各位代表：\\n现在，我代表'
    """
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
        text = "".join(parser.parts)
    except Exception:  # html.parser asserts on some malformed markup (e.g. "<![ x"): strip tags instead
        text = _strip_tags(html)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _strip_tags(html: str) -> str:
    """A forgiving fallback for markup html.parser rejects: block tags become line breaks."""
    import html as html_lib

    blocks = "|".join(sorted(_TextExtractor.BLOCK))
    text = re.sub(r"<(script|style|noscript|template)\b.*?(?:</\1\s*>|$)", "", html, flags=re.S | re.I)
    text = re.sub(rf"</?(?:{blocks})\b[^>]*>", "\n", text, flags=re.I)
    text = re.sub(r"<!--.*?-->|<[^>]*>", "", text, flags=re.S)
    return html_lib.unescape(text)


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<p>" in head and "</p>" in head)


def report_from_bytes(data: bytes, name: str, encoding: str | None = None, suffix: str = "",
                      doc_id: str | None = None) -> Report:
    """A report from raw bytes; ``name`` is where they came from, ``doc_id`` its id (default: the name)."""
    text = decode(data, encoding)
    if suffix in HTML_SUFFIXES or (suffix not in (".txt", ".md") and looks_like_html(text)):
        text = html_to_text(text)
    if not text.strip():
        raise LoadError("no text")
    return Report.from_text(text, id=doc_id or name, source=name)


def load(source: str | os.PathLike | bytes, encoding: str | None = None) -> Report:
    """A report from a path, from raw bytes, or from the text itself.

    >>> load("2018年政府工作报告\\n各位代表：").year
    2018
    """
    if isinstance(source, bytes):
        return report_from_bytes(source, "<bytes>", encoding)
    if isinstance(source, str) and ("\n" in source or len(source) > 1024 or not os.path.exists(source)):
        if isinstance(source, str) and len(source) < 300 and "\n" not in source and _looks_like_path(source):
            raise LoadError(f"no such file: {source}")
        return Report.from_text(source, id="text", source="<text>")
    path = Path(source)
    if path.suffix.lower() == ".jsonl" and path.is_file():
        items = list(_jsonl_tasks(str(path)))
        if len(items) == 1 and isinstance(items[0], Task):
            return items[0].load(encoding)
        if any(isinstance(i, Failure) for i in items):
            raise LoadError(f"{path}: {next(i.reason for i in items if isinstance(i, Failure))}")
        raise LoadError(f"{path} holds {len(items)} reports; use govreport.load_corpus")
    return read_file(path, encoding)


def _looks_like_path(s: str) -> bool:
    return s.endswith(REPORT_SUFFIXES + (".jsonl",)) or "/" in s or "\\" in s


def read_file(path: Path, encoding: str | None = None) -> Report:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise LoadError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise LoadError(f"is a directory: {path} (use load_corpus)") from None
    except PermissionError:
        raise LoadError(f"permission denied: {path}") from None
    except OSError as exc:
        raise LoadError(exc.strerror or str(exc)) from None
    return report_from_bytes(data, str(path), encoding, path.suffix.lower(), doc_id=path.stem or path.name)


# --- many inputs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """One document to read: a file, a JSON Lines row, or standard input. Picklable for workers."""

    name: str  # what the user sees in messages: a path, or path:line
    path: str | None = None
    lineno: int = 0  # a JSON Lines row: its line number and byte offset in ``path``
    offset: int = -1
    data: bytes | None = None

    def load(self, encoding: str | None = None) -> Report:
        if self.offset >= 0:
            return report_from_jsonl(_read_line(self.path or "", self.offset), self.path or "-", self.lineno)
        if self.data is not None:
            return report_from_bytes(self.data, self.name, encoding)
        return read_file(Path(self.path or self.name), encoding)


@dataclass(frozen=True)
class Failure:
    """An input that produced no document, with the one-line reason.

    ``usage`` marks an input that names nothing (a missing path, a pattern or folder without reports): a
    usage error (exit 2), where an unreadable document is a data error (exit 1).
    """

    name: str
    reason: str
    usage: bool = False


def report_from_jsonl(line: str, path: str, lineno: int) -> Report:
    where = f"{path}:{lineno}"
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise LoadError(f"invalid JSON on line {lineno}: {exc.msg}") from None
    if not isinstance(row, dict):
        raise LoadError(f"line {lineno} is not a JSON object")
    text = next((row[k] for k in ("content", "text") if isinstance(row.get(k), str) and row[k].strip()), None)
    if text is None:
        raise LoadError(f"line {lineno} has no text in 'content' or 'text'")
    doc_id = next((_id_text(row[k]) for k in ("id", "title") if _id_text(row.get(k))), where)
    meta = {k: v for k, v in row.items() if k not in ("content", "text")}
    return Report.from_text(text, id=doc_id, source=where, meta=meta)


def _id_text(value) -> str:
    """A usable document id: a non-blank string (stripped) or a number; anything else is none ('')."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def iter_tasks(inputs: list[str] | tuple[str, ...], stdin=None) -> Iterator[Task | Failure]:
    """Expand inputs (files, folders, globs, ``-``, .jsonl) into tasks, in the order given.

    Inputs that name nothing yield a :class:`Failure`; the others still yield their tasks.
    """
    seen: set[str] = set()
    for raw in inputs:
        if raw == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield Task(name="stdin", data=stream.read())
            continue
        if os.path.isdir(raw):
            files = _folder_reports(raw)
            if not files:
                yield Failure(raw, "directory has no reports (.txt .htm .html .md .jsonl)", usage=True)
        elif os.path.exists(raw):
            files = [raw]
        elif glob.has_magic(raw):
            files = []
            for p in sorted(glob.glob(raw, recursive=True)):
                files.extend(_folder_reports(p) if os.path.isdir(p) else [p] if os.path.isfile(p) else [])
            if not files:
                yield Failure(raw, "pattern matches no file", usage=True)
        else:
            yield Failure(raw, "no such file or directory", usage=True)
            continue
        for f in files:
            key = os.path.realpath(f)
            if key in seen:
                continue
            seen.add(key)
            if f.lower().endswith(".jsonl"):
                yield from _jsonl_tasks(f)
            else:
                yield Task(name=f, path=f)


def _folder_reports(folder: str) -> list[str]:
    """Report files under a folder, recursively, in sorted path order."""
    suffixes = REPORT_SUFFIXES + (".jsonl",)
    return sorted(str(p) for p in Path(folder).rglob("*") if p.suffix.lower() in suffixes and p.is_file())


def _read_line(path: str, offset: int) -> str:
    try:
        with open(path, "rb") as fh:
            fh.seek(offset)
            raw = fh.readline()
    except OSError as exc:
        raise LoadError(exc.strerror or str(exc)) from None
    if offset == 0 and raw.startswith(codecs.BOM_UTF8):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise LoadError("JSON Lines row is not valid UTF-8") from None


def _jsonl_tasks(path: str) -> Iterator[Task | Failure]:
    """One task per non-blank line; rows are read by their workers, so memory does not grow with the corpus."""
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield Failure(path, exc.strerror or str(exc))
        return
    with fh:
        offset = 0
        any_row = False
        for lineno, raw in enumerate(fh, 1):
            if raw.strip() and raw.strip() != codecs.BOM_UTF8:
                any_row = True
                yield Task(name=f"{path}:{lineno}", path=path, lineno=lineno, offset=offset)
            offset += len(raw)
        if not any_row:
            yield Failure(path, "empty file")


def load_corpus(inputs, encoding: str | None = None) -> list[Report]:
    """Every report the inputs name; raises :class:`LoadError` on the first input that fails."""
    if isinstance(inputs, str | os.PathLike):
        inputs = [str(inputs)]
    reports = []
    for task in iter_tasks([str(i) for i in inputs]):
        if isinstance(task, Failure):
            raise LoadError(f"{task.name}: {task.reason}")
        try:
            reports.append(task.load(encoding))
        except LoadError as exc:
            raise LoadError(f"{task.name}: {exc}") from None
    return reports


def read_word_file(path: str | os.PathLike, what: str) -> str:
    """The text of a small file the user names (a lexicon, stopword list, user dictionary), in any encoding
    govreport reads; an empty file is empty text. ValueError with one line naming the file on failure.
    """
    name = os.fspath(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise ValueError(f"{name}: cannot read {what}: {exc.strerror or exc}") from None
    if not data.strip():
        return ""
    try:
        return decode(data)
    except LoadError as exc:
        raise ValueError(f"{name}: cannot read {what}: {exc}") from None
