"""Reading reports as they come: files, folders, globs, stdin and JSON Lines corpora.

Everything here turns bytes into :class:`~govreport.document.Report` objects. Decoding is strict: a
file is read as BOM-marked UTF-8/UTF-16, else strict UTF-8, else line by line when its lines are some UTF-8
and some GB18030 (pages joined by a crawler), else strict GB18030 (a superset of GBK and GB2312), else the
best guess of charset-normalizer; bytes that fit none of these are an error, never silently replaced. HTML is
turned into text with paragraph breaks kept and script/style dropped, by a reader whose time grows with the
page and not with its square, however broken the markup. PDF and DOCX files are read by
:mod:`govreport.readers`.

Document ids are unique within a run: a file's stem, or where inputs share a stem the shortest end of their
paths that tells them apart (``a/2018``, ``b/2018``); a JSON Lines row's ``id``, else its ``title``, else
``file:line``; an id met again gets a suffix (``2018#2``). What a user should know but that costs no document
(a repeated id, a year that cannot be one, NUL bytes dropped, a symbolic link loop skipped) is a
:class:`LoadWarning` through the :mod:`warnings` module; the command line prints each as one line.
"""

from __future__ import annotations

import codecs
import dataclasses
import fnmatch
import functools
import glob
import io
import json
import os
import re
import sys
import warnings
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from govreport.document import Report, _as_year
from govreport.errors import LoadError
from govreport.lazy_regex import lazy

REPORT_SUFFIXES = (".txt", ".htm", ".html", ".md", ".pdf", ".docx", ".doc")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
HTML_SUFFIXES = (".htm", ".html")
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class LoadWarning(UserWarning):
    """Something about the inputs a user should know that costs no document; the message is one line."""


def warn(message: str) -> None:
    """Issue a :class:`LoadWarning` (the command line prints it as one line on stderr)."""
    warnings.warn(LoadWarning(message), stacklevel=2)


def check_encoding(name: str) -> None:
    """LookupError (one line) unless ``name`` is a text encoding Python knows ("hex" is a codec, but of
    bytes to bytes, not of text)."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise LookupError(f"unknown encoding {name!r}") from None
    if not getattr(info, "_is_text_encoding", True):
        raise LookupError(f"{name!r} is not a text encoding")


# a file this short that no strict codec accepts is not guessed at: a guess on a few bytes is a coin toss
SHORTEST_GUESS = 32
# at most this share of NUL bytes in otherwise valid text (as scraped text has) are dropped, with a warning
NUL_SHARE = 0.05


def decode(data: bytes, encoding: str | None = None, name: str | None = None) -> str:
    """Decode report bytes, detecting the encoding unless one is given; what the reader should be told (NUL
    bytes dropped) is a warning, after ``name`` when given.

    >>> decode("政府工作报告".encode("gb18030"))
    '政府工作报告'
    """
    text, notes = decode_with_notes(data, encoding)
    for note in notes:
        warn(f"{name}: {note}" if name else note)
    return text


def decode_with_notes(data: bytes, encoding: str | None = None) -> tuple[str, list[str]]:
    """:func:`decode`, with what the reader should be told (e.g. NUL bytes dropped) as lines, not warnings."""
    if b"\x00" in data and not encoding and not data.startswith(tuple(bom for bom, _ in BOMS)):
        cleaned = _without_scattered_nul(data)
        if cleaned is not None:
            n = len(data) - len(cleaned)
            return _decode(cleaned, None), [f"{n} NUL byte{'s' if n != 1 else ''} in the text dropped"]
    return _decode(data, encoding), []


def _without_scattered_nul(data: bytes) -> bytes | None:
    """Text with a few NUL bytes strewn in it (scraped pages have them), without them; None when the NULs
    are many (a binary file) or the rest is not strict UTF-8 or GB18030 text (UTF-16 without a BOM has NUL
    in every other byte and is read as such)."""
    nul = data.count(b"\x00")
    if nul > len(data) * NUL_SHARE or _utf16_without_bom(data) is not None:
        return None
    cleaned = data.replace(b"\x00", b"")
    for codec in ("utf-8", "gb18030"):
        try:
            text = cleaned.decode(codec)
        except UnicodeDecodeError:
            continue
        return cleaned if text.strip() and _mostly_text(text) else None
    return None


def _decode(data: bytes, encoding: str | None) -> str:
    if encoding:
        try:
            check_encoding(encoding)
            return data.decode(encoding)
        except LookupError as exc:
            raise LoadError(str(exc)) from None
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
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        _check_cut_off(data, exc, "UTF-8")
    else:
        if not _mostly_text(text):  # control bytes, which are valid UTF-8 but no text
            raise LoadError("binary file, not text")
        return text
    mixed = _mixed_lines(data)
    if mixed is not None:
        return mixed
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        _check_cut_off(data, exc, "GB18030")
        text = None
    if text is not None and _mostly_text(text):
        return text
    if len(data) < SHORTEST_GUESS:
        raise LoadError(f"not UTF-8, UTF-16 or GB18030, and {len(data)} byte{'s are' if len(data) > 1 else ' is'} "
                        "too few to tell the encoding; use --encoding")
    return _detect(data)


_CJK = lazy("[\u4e00-\u9fff]")
_PRIVATE_USE = lazy("[\ue000-\uf8ff]")


def _mixed_lines(data: bytes) -> str | None:
    """Text whose lines are in UTF-8 and in GB18030 both (pages a crawler joined), each line read in its own
    encoding; None when the bytes are not such a mix. A line is UTF-8 when it is valid UTF-8 holding Chinese
    (GBK bytes almost never are: none of the 8,199 lines of the national reports and the seed), else GB18030
    when valid there with no private-use character (what UTF-8 read as GB18030 gives), else UTF-8 without
    Chinese (punctuation, ideographic spaces); any other line makes the whole no mix. A line break is the same
    byte in both encodings and never inside a character."""
    as_utf8: list[str | None] = []
    for raw in data.split(b"\n"):
        try:
            as_utf8.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            as_utf8.append(None)
    if not any(line is not None and not line.isascii() and _CJK.search(line) for line in as_utf8):
        return None  # no UTF-8 Chinese anywhere (a plain GBK file): no mix
    out: list[str] = []
    gb = 0
    for raw, line in zip(data.split(b"\n"), as_utf8, strict=True):
        if line is not None and (line.isascii() or _CJK.search(line)):
            out.append(line)
            continue
        try:
            as_gb: str | None = raw.decode("gb18030")
        except UnicodeDecodeError:
            as_gb = None
        if as_gb is not None and not _PRIVATE_USE.search(as_gb) and _mostly_text(as_gb):
            gb += 1
            out.append(as_gb)
        elif line is not None:  # valid UTF-8 without Chinese: punctuation, ideographic spaces
            out.append(line)
        else:
            return None
    return "\n".join(out) if gb else None


def _check_cut_off(data: bytes, exc: UnicodeDecodeError, codec: str) -> None:
    """A file in ``codec`` that ends inside a character (a download or copy cut short) is an error that says
    so, rather than a guess at another encoding."""
    if exc.end != len(data) or exc.reason not in ("unexpected end of data", "incomplete multibyte sequence") \
            or len(data) - exc.start > 3:
        return
    try:
        whole = data[:exc.start].decode(codec.lower())
    except UnicodeDecodeError:
        return
    if _mostly_text(whole):
        raise LoadError(f"the file ends inside a {codec} character (byte {exc.start} of {len(data)}): "
                        "is it cut off?")


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


BLOCK_TAGS = frozenset(
    "p div br li ul ol tr table h1 h2 h3 h4 h5 h6 section article header footer blockquote pre title dd dt"
    .split()
)
SKIP_TAGS = frozenset(("script", "style", "noscript", "template"))

# One token of markup, found by a search from where the last one ended. A tag may not hold "<" outside a
# quoted attribute value, and a quoted value holds at most 1000 characters: no search reads far past the next
# "<", so that unclosed tags, quotes or comments by the hundred thousand stay linear (the standard library's
# html.parser searches the rest of the page from each of them).
_MARKUP = lazy(
    r"<(?P<end>/?)(?P<name>[A-Za-z][^\s/<>]*)"
    r"(?:[^<>\"']*(?:(?:\"[^\"]{0,1000}\"|'[^']{0,1000}')[^<>\"']*)*|[^<>]*)>"  # attributes, quoted or not
    r"|(?P<comment><!--)|(?P<cdata><!\[CDATA\[)|<[!?/][^<>]*>"  # comments; declarations, <?xml?>, </ >
)
_SPACES = lazy(r"[ \t\u3000\xa0]+")


def _skip_end(name: str) -> re.Pattern[str]:
    return re.compile(rf"</{re.escape(name)}(?![^\s/>])", re.I)


def _html_parts(html: str) -> list[str]:
    """The text of a page in pieces, with a line break for every block tag; script, style, noscript and
    template content, comments and declarations dropped; character references decoded. An unclosed comment
    or script runs to the end of the page, as in a browser."""
    import html as html_lib

    parts: list[str] = []
    pos = 0
    n = len(html)
    while pos < n:
        m = _MARKUP.search(html, pos)
        if m is None:
            parts.append(html_lib.unescape(html[pos:]))
            break
        if m.start() > pos:
            parts.append(html_lib.unescape(html[pos:m.start()]))
        if m.group("comment"):
            close = html.find("-->", m.start() + 2)  # <!--> and <!---> are empty comments
            pos = n if close < 0 else close + 3
            continue
        if m.group("cdata"):
            close = html.find("]]>", m.end())
            pos = n if close < 0 else close + 3
            continue
        pos = m.end()
        name = (m.group("name") or "").lower()
        if name in BLOCK_TAGS:
            parts.append("\n")
        elif name in SKIP_TAGS and not m.group("end") and not m.group().endswith("/>"):
            close = _skip_end(name).search(html, pos)
            pos = n if close is None else close.start()  # the end tag is read as the next token
    return parts


def html_to_text(html: str) -> str:
    """Text of an HTML page: one paragraph a line, script and style dropped.

    >>> html_to_text("<p>各位代表：</p><script>x=1</script><p>现在，我代表</p>")
    '各位代表：\\n现在，我代表'
    """
    text = "".join(_html_parts(html))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<p>" in head and "</p>" in head)


def report_from_bytes(data: bytes, name: str, encoding: str | None = None, suffix: str = "",
                      doc_id: str | None = None) -> Report:
    """A report from raw bytes; ``name`` is where they came from, ``doc_id`` its id (default: the name).
    Bytes of a PDF or DOCX (by their first bytes, or by ``suffix``) are read as such."""
    kind = _sniff(data[:8], suffix)
    if kind is not None:
        from govreport.readers import read_document

        text, meta = read_document(kind, io.BytesIO(data))
        return Report.from_text(text, id=doc_id or name, source=name, meta=meta)
    text = decode(data, encoding, name)
    if suffix in HTML_SUFFIXES or (suffix not in (".txt", ".md") and looks_like_html(text)):
        text = html_to_text(text)
    if not text.strip():
        raise LoadError("no text")
    return Report.from_text(text, id=doc_id or name, source=name)


def _sniff(head: bytes, suffix: str) -> str | None:
    """"pdf", "docx" or "doc" for such a file (see :func:`govreport.readers.sniff`), else None; cheap, so
    that plain text never imports the readers."""
    if suffix in (".pdf", ".docx", ".doc", "") or head.startswith((b"%PDF-", b"\xd0\xcf\x11\xe0", b"{\\rtf")):
        from govreport.readers import sniff

        return sniff(head, suffix)
    return None


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
    if path.suffix.lower() in JSONL_SUFFIXES and path.is_file():
        items = list(iter_tasks([str(path)]))
        if len(items) == 1 and isinstance(items[0], Task):
            return items[0].load(encoding)
        if any(isinstance(i, Failure) for i in items):
            raise LoadError(f"{path}: {next(i.reason for i in items if isinstance(i, Failure))}")
        raise LoadError(f"{path} holds {len(items)} reports; use govreport.load_corpus")
    return read_file(path, encoding)


def _looks_like_path(s: str) -> bool:
    return s.endswith(REPORT_SUFFIXES + JSONL_SUFFIXES) or "/" in s or "\\" in s


def read_file(path: Path, encoding: str | None = None) -> Report:
    """The report in a file; its id is the file's stem."""
    doc_id = readable_name(path.stem or path.name)
    suffix = path.suffix.lower()
    try:
        if suffix in (".pdf", ".docx", ".doc"):  # read by its reader from the file, page by page
            with open(path, "rb") as fh:
                kind = _sniff(fh.read(8), suffix)
                fh.seek(0)
                data = b"" if kind is not None else fh.read()  # a web page saved as .doc is text
        else:
            kind, data = None, path.read_bytes()
    except FileNotFoundError:
        raise LoadError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise LoadError(f"is a directory: {path} (use load_corpus)") from None
    except PermissionError:
        raise LoadError(f"permission denied: {path}") from None
    except OSError as exc:
        raise LoadError(exc.strerror or str(exc)) from None
    if kind is not None:
        from govreport.readers import read_document

        text, meta = read_document(kind, str(path))
        return Report.from_text(text, id=doc_id, source=readable_name(str(path)), meta=meta)
    return report_from_bytes(data, readable_name(str(path)), encoding, suffix, doc_id=doc_id)


# --- many inputs -------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Task:
    """One document to read: a file, a JSON Lines row, or standard input. Picklable for workers.

    A JSON Lines row is read by its worker from ``offset`` in ``path`` and checked against the ``size`` and
    CRC-32 ``crc`` its line had when the inputs were listed (a file rewritten meanwhile fails that row); a row
    of standard input comes in ``data`` with ``jsonl`` set.
    """

    name: str  # what the user sees in messages: a path, or path:line
    path: str | None = None
    lineno: int = 0  # a JSON Lines row: its line number and byte offset in ``path``
    offset: int = -1
    data: bytes | None = None
    doc_id: str | None = None  # unique within the run (see iter_tasks); None: the default of its kind
    size: int = -1
    crc: int = 0
    jsonl: bool = False

    def load(self, encoding: str | None = None) -> Report:
        if self.offset >= 0:
            line = _read_line(self.path or "", self.offset, self.size, self.crc)
            return report_from_jsonl(line, self.path or "-", self.lineno, self.doc_id)
        if self.jsonl:
            return report_from_jsonl(_utf8_row(self.data or b""), "stdin", self.lineno, self.doc_id)
        if self.data is not None:
            return report_from_bytes(self.data, self.name, encoding, doc_id=self.doc_id)
        report = read_file(Path(self.path or self.name), encoding)
        if self.doc_id:  # metadata was inferred from the file's stem; the id is the one unique in the run
            report.id = self.doc_id
        return report


@dataclasses.dataclass(frozen=True)
class Failure:
    """An input that produced no document, with the one-line reason.

    ``usage`` marks an input that names nothing (a missing path, a pattern or folder without reports): a
    usage error (exit 2), where an unreadable document is a data error (exit 1).
    """

    name: str
    reason: str
    usage: bool = False


def report_from_jsonl(line: str, path: str, lineno: int, doc_id: str | None = None) -> Report:
    where = f"{readable_name(path)}:{lineno}"
    row = _json_row(line, lineno)
    text = next((row[k] for k in ("content", "text") if isinstance(row.get(k), str) and row[k].strip()), None)
    if text is None:
        raise LoadError(f"line {lineno} has no text in 'content' or 'text'")
    meta = {k: v for k, v in row.items() if k not in ("content", "text")}
    return Report.from_text(text, id=doc_id or row_id(row, where), source=where, meta=meta)


def _json_row(line: str, lineno: int) -> dict:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise LoadError(f"invalid JSON on line {lineno}: {exc.msg}") from None
    if not isinstance(row, dict):
        raise LoadError(f"line {lineno} is not a JSON object")
    if _SURROGATE_ESCAPE.search(line):
        row = _valid_unicode(row)
    return row


def row_id(row: dict, where: str) -> str:
    """A JSON Lines row's id: its ``id``, else its ``title``, else where it is (``file:line``).

    >>> row_id({"title": "2018年政府工作报告"}, "c.jsonl:3"), row_id({"id": 7}, "c.jsonl:4")
    ('2018年政府工作报告', '7')
    """
    return next((_id_text(row[k]) for k in ("id", "title") if _id_text(row.get(k))), where)


_LONE_SURROGATE = lazy("[\ud800-\udfff]")
_SURROGATE_ESCAPE = lazy(r"\\u[dD][89abcdefABCDEF]")


def _valid_unicode(value):
    """A JSON value with every lone surrogate in its strings (an escape such as \\ud83d: half an emoji, cut
    by a crawler) as U+FFFD, one character for one; no UTF-8 output could hold them."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_valid_unicode(v) for v in value]
    if isinstance(value, dict):
        return {_valid_unicode(k): _valid_unicode(v) for k, v in value.items()}
    return value


def readable_name(name: str) -> str:
    """A path as a person reads it. A name whose bytes are not UTF-8 (a file named in GBK) comes from the
    file system with those bytes as surrogates: they are read as GB18030, or else shown as U+FFFD.

    >>> import os
    >>> readable_name(os.fsdecode("报告.txt".encode("gbk")))
    '报告.txt'
    """
    if not _LONE_SURROGATE.search(name):
        return name
    try:
        raw = os.fsencode(name)
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub("\ufffd", name)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")


def _id_text(value) -> str:
    """A usable document id: a non-blank string (stripped) or a number; anything else is none ('')."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


class JsonlStream:
    """Standard input to be read as JSON Lines whatever its first line holds (``--jsonl``)."""

    jsonl = True

    def __init__(self, stream):
        self.stream = stream

    def read(self) -> bytes:
        return self.stream.read()

    def fileno(self) -> int:
        return self.stream.fileno()


def iter_tasks(inputs: list[str] | tuple[str, ...], stdin=None) -> Iterator[Task | Failure]:
    """Expand inputs (files, folders, globs, ``-``, .jsonl) into tasks, in the order given, each with an id
    unique within the run (see the module's docstring).

    Inputs that name nothing yield a :class:`Failure`; the others still yield their tasks. Standard input
    is read as JSON Lines when its first non-blank line is a JSON object with a ``content`` or ``text``
    string, or when ``stdin`` is a :class:`JsonlStream`.
    """
    items = list(_expand(inputs, stdin))
    file_ids = _file_ids([t.path for t in items if isinstance(t, Task) and t.path and t.offset < 0])
    used: set[str] = set()
    for item in items:
        if isinstance(item, Failure):
            yield item
            continue
        wanted = item.doc_id or file_ids.get(item.path or "", item.name)
        doc_id = wanted
        n = 1
        while doc_id in used:
            n += 1
            doc_id = f"{wanted}#{n}"
        used.add(doc_id)
        if doc_id != wanted:
            warn(f"{item.name}: the id {wanted!r} is taken by an earlier document; this one is {doc_id!r}")
        yield item if doc_id == item.doc_id else dataclasses.replace(item, doc_id=doc_id)


def _expand(inputs: Iterable[str], stdin=None) -> Iterator[Task | Failure]:
    seen: set[str] = set()
    for raw in inputs:
        if raw == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read()
            if getattr(stream, "jsonl", False) or _looks_like_jsonl(data):
                yield from _jsonl_rows(_lines_of(data), "stdin", None)
            else:
                yield Task(name="stdin", data=data, doc_id="stdin")
            continue
        files, failures = _named_files(raw)
        yield from failures
        for f in files:
            key = os.path.realpath(f)
            if key in seen:
                continue
            seen.add(key)
            if f.lower().endswith(JSONL_SUFFIXES):
                yield from _jsonl_tasks(f)
            else:
                yield Task(name=f, path=f)


CORPUS_PREFIX = "corpus:"
BUNDLED_CORPORA = {"national": "national_reports.jsonl"}  # name -> file under govreport/data


def bundled_corpus(name: str) -> tuple[list[str], str]:
    """The file of a corpus shipped with govreport (``corpus:national``: the State Council reports 1954–2025),
    and why there is none ('' when there is). A file really named so is read as ``./corpus:national``."""
    from importlib import resources

    if name not in BUNDLED_CORPORA:
        return [], f"no bundled corpus {name!r} (bundled: {', '.join(CORPUS_PREFIX + n for n in BUNDLED_CORPORA)})"
    return [str(resources.files("govreport") / "data" / BUNDLED_CORPORA[name])], ""


def _file_ids(paths: list[str]) -> dict[str, str]:
    """Each file's id: its stem, or where files share a stem the shortest end of its path that no other
    file of that stem shares (``a/2018``, ``b/2018``), with the file's extension where only that differs.

    >>> _file_ids(["a/2018.txt", "b/2018.txt", "c/x/2019.txt", "c/x/2019.pdf"])
    {'a/2018.txt': 'a/2018', 'b/2018.txt': 'b/2018', 'c/x/2019.txt': '2019.txt', 'c/x/2019.pdf': '2019.pdf'}
    """
    by_stem: dict[str, list[str]] = {}
    for p in paths:
        by_stem.setdefault(readable_name(Path(p).stem or Path(p).name), []).append(p)
    ids: dict[str, str] = {}
    for stem, group in by_stem.items():
        if len(group) == 1:
            ids[group[0]] = stem
            continue
        folders = {p: [readable_name(x) for x in Path(os.path.abspath(p)).parent.parts[1:]] for p in group}
        by_stem_end = {p: [*folders[p], stem] for p in group}
        by_name_end = {p: [*folders[p], readable_name(Path(p).name)] for p in group}
        for p in group:
            ids[p] = _distinct_end(p, by_stem_end) or _distinct_end(p, by_name_end) or readable_name(p)
    return ids


def _distinct_end(p: str, ends: dict[str, list[str]]) -> str:
    """The fewest last names of ``p``'s path that no other path in ``ends`` ends with, joined by '/'."""
    mine = ends[p]
    for k in range(1, len(mine) + 1):
        if all(other[-k:] != mine[-k:] for q, other in ends.items() if q != p):
            return "/".join(mine[-k:])
    return ""


def _looks_like_jsonl(data: bytes) -> bool:
    """Bytes whose first non-blank line is a JSON object with a ``content`` or ``text`` string."""
    for raw in _lines_of(data[:1 << 20] if b"\n" in data[:1 << 20] else data):
        line = raw.strip().removeprefix(codecs.BOM_UTF8)
        if not line:
            continue
        if not line.startswith(b"{"):
            return False
        try:
            row = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return False
        return isinstance(row, dict) and any(isinstance(row.get(k), str) for k in ("content", "text"))
    return False


def _lines_of(data: bytes) -> Iterator[bytes]:
    start = 0
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end + 1
        yield data[start:end]
        start = end


def _named_files(raw: str, quiet: bool = False) -> tuple[list[str], list[Failure]]:
    """The files an input other than '-' names, and the failures met finding them: why it names none (a
    usage failure), folders that cannot be listed. ``quiet``: no warnings (a second look at the inputs)."""
    if raw.startswith(CORPUS_PREFIX):
        files, why = bundled_corpus(raw[len(CORPUS_PREFIX):])
        return files, [Failure(raw, why, usage=True)] if why else []
    failures: list[Failure] = []
    warned: set[str] = set()
    try:
        st = os.stat(raw)
    except PermissionError:
        return [], [Failure(raw, "permission denied")]
    except OSError:  # no such file, or a name too long for one: perhaps a pattern
        st = None
    if st is not None and os.path.isdir(raw):
        files = _folder_reports(raw, failures, quiet, warned)
        if not files and not failures:
            failures.append(Failure(raw, "directory has no reports (" + " ".join(_WALKED) + ")", usage=True))
        return files, failures
    if st is not None:
        return [raw], []
    if glob.has_magic(raw):
        files = []
        expanded: list[str] = []
        for p, is_dir in _glob(raw, failures, quiet, warned):
            if not is_dir:
                files.append(p)
            elif not any(p.startswith(d + os.sep) for d in expanded):  # a folder under one read is read
                expanded.append(p)
                files.extend(_folder_reports(p, failures, quiet, warned))
        if not files and not failures:
            failures.append(Failure(raw, "pattern matches no file", usage=True))
        return files, list({f.name: f for f in failures}.values())  # a folder met twice fails once
    return [], [Failure(raw, "no such file or directory", usage=True)]


_WALKED = REPORT_SUFFIXES + JSONL_SUFFIXES  # what a folder is searched for


def overwritten_input(output: str, inputs: list[str] | tuple[str, ...], stdin=None) -> str | None:
    """The input that writing ``output`` would destroy, if any: the same file under another name (a folder's
    or a pattern's file, a hard or symbolic link), or the file standard input ('-') is read from."""
    try:
        out = os.stat(output)
    except OSError:
        return None  # a file that does not exist yet is no input (a folder that will hold it skips it)
    same = (out.st_dev, out.st_ino)
    for raw in inputs:
        if raw == "-":
            try:
                st = os.fstat((stdin if stdin is not None else sys.stdin).fileno())
            except (AttributeError, OSError, ValueError):  # no real file behind standard input
                continue
            if (st.st_dev, st.st_ino) == same:
                return "-"
            continue
        for f in _named_files(raw, quiet=True)[0]:
            try:
                st = os.stat(f)
            except OSError:
                continue
            if (st.st_dev, st.st_ino) == same:
                return f
    return None


def _folder_reports(folder: str, failures: list[Failure], quiet: bool = False,
                    warned: set[str] | None = None) -> list[str]:
    """Report files under a folder, recursively, in sorted path order."""
    return sorted(p for p, is_dir in _walk(folder, failures, quiet, warned=warned)
                  if not is_dir and os.path.splitext(p)[1].lower() in _WALKED)


def _walk(top: str, failures: list[Failure], quiet: bool = False, depth: int | None = None,
          hidden: bool = True, warned: set[str] | None = None) -> Iterator[tuple[str, bool]]:
    """Every entry under ``top`` as (path, is a folder), following links to folders but reading each folder
    once (by device and inode): a link back into its own tree is skipped with a warning. A folder that
    cannot be listed is a failure; the walk goes on. ``depth`` levels at most; ``hidden``: names starting
    with '.' too; ``warned``: links already warned about (by an earlier walk of the same input)."""
    warned = set() if warned is None else warned
    try:
        st = os.stat(top)
    except OSError:
        return
    seen = {(st.st_dev, st.st_ino)}
    stack = [(top, 0)]
    while stack:
        folder, level = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except PermissionError:
            failures.append(Failure(folder, "permission denied: cannot list the folder"))
            continue
        except OSError as exc:
            failures.append(Failure(folder, f"cannot list the folder: {exc.strerror or exc}"))
            continue
        for entry in entries:
            if not hidden and entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
                info = entry.stat() if is_dir else None
                key = (info.st_dev, info.st_ino) if info is not None else None
            except OSError:  # a dangling link, or one that cannot be followed: a file for the reader to judge
                is_dir, key = False, None
            descend = key is not None and (depth is None or level + 1 < depth)
            if descend:
                if key in seen:
                    if not quiet and _is_loop(entry.path, folder) and entry.path not in warned:
                        warned.add(entry.path)
                        warn(f"{entry.path}: symbolic link loop skipped (a link to a folder it is in)")
                    continue
                seen.add(key)
            yield entry.path, is_dir
            if descend:
                stack.append((entry.path, level + 1))


def _is_loop(link: str, folder: str) -> bool:
    target = os.path.realpath(link)
    here = os.path.realpath(folder)
    return here == target or here.startswith(target.rstrip(os.sep) + os.sep)


def _glob(pattern: str, failures: list[Failure], quiet: bool = False,
          warned: set[str] | None = None) -> list[tuple[str, bool]]:
    """The paths a glob pattern matches, as (path, is a folder), sorted: ``*`` ``?`` ``[…]`` within a name,
    ``**`` any number of folders, names starting with '.' only where the pattern says so (as :mod:`glob`);
    but each folder is read once (see :func:`_walk`), so a tree with symbolic link loops ends."""
    parts = pattern.split("/")
    first = next(i for i, part in enumerate(parts) if glob.has_magic(part))
    base = "/".join(parts[:first]) or ("/" if pattern.startswith("/") else "")
    rest = [p for p in parts[first:] if p]
    if not rest or not os.path.isdir(base or "."):
        return []
    depth = None if "**" in rest else len(rest)
    matched = []
    hidden = any(p.startswith(".") for p in rest)
    for path, is_dir in _walk(base or ".", failures, quiet, depth, hidden, warned):
        rel = os.path.relpath(path, base or ".")
        names = tuple(rel.split(os.sep))
        if not is_dir and rest[-1] == "**":  # a final ** names folders: a file matches as one inside them
            if names[-1].startswith("."):
                continue  # a hidden one never (nor as a folder itself: .h*/** never names the file .h)
            names = names[:-1]
        if _matches(names, tuple(rest)):
            matched.append((path if base else rel, is_dir))
    return sorted(matched)


def _matches(names: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    """Whether a relative path's names match a pattern's parts (``**`` any number of names)."""

    @functools.cache
    def match(i: int, j: int) -> bool:
        if j == len(parts):
            return i == len(names)
        if parts[j] == "**":
            return match(i, j + 1) or (i < len(names) and not names[i].startswith(".") and match(i + 1, j))
        return (i < len(names) and (parts[j].startswith(".") or not names[i].startswith("."))
                and fnmatch.fnmatchcase(names[i], parts[j]) and match(i + 1, j + 1))

    return match(0, 0)


def _read_line(path: str, offset: int, size: int = -1, crc: int = 0) -> str:
    try:
        with open(path, "rb") as fh:
            fh.seek(offset)
            # the listed size and one byte more, read at once: a third of what readline costs on long rows
            raw = fh.readline() if size < 0 else fh.read(size + 1)
    except OSError as exc:
        raise LoadError(exc.strerror or str(exc)) from None
    if size >= 0 and len(raw) > size and raw[size - 1:size] == b"\n":
        raw = raw[:size]  # the byte after a whole line: the next line's
    if size >= 0 and (len(raw) != size or zlib.crc32(raw) != crc):
        raise LoadError("the file changed while it was being read: this row is not the line it was")
    if offset == 0 and raw.startswith(codecs.BOM_UTF8):
        raw = raw[3:]
    return _utf8_row(raw)


def _utf8_row(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise LoadError("JSON Lines row is not valid UTF-8") from None


def _jsonl_tasks(path: str) -> Iterator[Task | Failure]:
    """One task per non-blank line; rows are read by their workers, so memory does not grow with the corpus."""
    try:
        fh = open(path, "rb", buffering=1 << 20)  # rows are long: a large buffer halves the cost of reading lines
    except OSError as exc:
        yield Failure(path, exc.strerror or str(exc))
        return
    with fh:
        yield from _jsonl_rows(fh, path, path)


def _jsonl_rows(lines: Iterable[bytes], name: str, path: str | None) -> Iterator[Task | Failure]:
    """Tasks for the non-blank lines of a JSON Lines input, each with its id; rows of a file (``path``) are
    read again by offset, those of standard input are carried. An impossible year is a warning."""
    offset = 0
    any_row = False
    shown = readable_name(name)
    for lineno, raw in enumerate(lines, 1):
        stripped = raw.strip()
        if stripped and stripped != codecs.BOM_UTF8:
            any_row = True
            where = f"{shown}:{lineno}"
            doc_id = where
            try:
                row = _json_row(raw.decode("utf-8").removeprefix("\ufeff"), lineno)
            except (LoadError, UnicodeDecodeError):
                row = None  # the worker that reads the row says what is wrong with it
            if row is not None:
                doc_id = row_id(row, where)
                _check_year(row, where)
            if path is None:
                yield Task(name=where, lineno=lineno, data=raw, doc_id=doc_id, jsonl=True)
            else:
                yield Task(name=f"{path}:{lineno}", path=path, lineno=lineno, offset=offset, doc_id=doc_id,
                           size=len(raw), crc=zlib.crc32(raw))
        offset += len(raw)
    if not any_row:
        yield Failure(name, "empty file" if path is not None else "empty input")


def _check_year(row: dict, where: str) -> None:
    year = row.get("year")
    if year is not None and _as_year(year) is None:
        warn(f"{where}: year {year!r} is not a year; the report's own text is read for it")


def load_corpus(inputs, encoding: str | None = None) -> list[Report]:
    """Every report the inputs name; raises :class:`LoadError` on the first input that fails.

    A bundled corpus is ``corpus:NAME`` among the inputs, or its bare name alone (``load_corpus("national")``).
    """
    if isinstance(inputs, str) and inputs in BUNDLED_CORPORA:
        inputs = CORPUS_PREFIX + inputs
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
