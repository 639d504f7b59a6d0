"""Reading reports as they come: files, folders, globs, stdin and JSON Lines corpora.

Everything here turns bytes into :class:`~govreport.document.Report` objects. Decoding is strict: a
file is read as BOM-marked UTF-8/UTF-16, else strict UTF-8, else line by line when its lines are some UTF-8
and some GB18030 (pages joined by a crawler), else strict GB18030 (a superset of GBK and GB2312), else the
best guess of charset-normalizer; bytes that fit none of these are an error, never silently replaced. HTML is
turned into text with paragraph breaks kept and script/style dropped, by a reader whose time grows with the
page and not with its square, however broken the markup.
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
from pathlib import Path

from govreport.document import Report
from govreport.errors import LoadError

REPORT_SUFFIXES = (".txt", ".htm", ".html", ".md")
HTML_SUFFIXES = (".htm", ".html")
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


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
    except UnicodeDecodeError as exc:
        _check_cut_off(data, exc, "UTF-8")
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
    return _detect(data)


_CJK = re.compile("[\u4e00-\u9fff]")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


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
_MARKUP = re.compile(
    r"<(?P<end>/?)(?P<name>[A-Za-z][^\s/<>]*)"
    r"(?:[^<>\"']*(?:(?:\"[^\"]{0,1000}\"|'[^']{0,1000}')[^<>\"']*)*|[^<>]*)>"  # attributes, quoted or not
    r"|(?P<comment><!--)|(?P<cdata><!\[CDATA\[)|<[!?/][^<>]*>"  # comments; declarations, <?xml?>, </ >
)
_SPACES = re.compile(r"[ \t\u3000\xa0]+")


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
    return report_from_bytes(data, readable_name(str(path)), encoding, path.suffix.lower(),
                             doc_id=readable_name(path.stem or path.name))


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
    where = f"{readable_name(path)}:{lineno}"
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise LoadError(f"invalid JSON on line {lineno}: {exc.msg}") from None
    if not isinstance(row, dict):
        raise LoadError(f"line {lineno} is not a JSON object")
    if _SURROGATE_ESCAPE.search(line):
        row = _valid_unicode(row)
    text = next((row[k] for k in ("content", "text") if isinstance(row.get(k), str) and row[k].strip()), None)
    if text is None:
        raise LoadError(f"line {lineno} has no text in 'content' or 'text'")
    doc_id = next((_id_text(row[k]) for k in ("id", "title") if _id_text(row.get(k))), where)
    meta = {k: v for k, v in row.items() if k not in ("content", "text")}
    return Report.from_text(text, id=doc_id, source=where, meta=meta)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")


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
        files, missing = _named_files(raw)
        if missing:
            yield Failure(raw, missing, usage=True)
        for f in files:
            key = os.path.realpath(f)
            if key in seen:
                continue
            seen.add(key)
            if f.lower().endswith(".jsonl"):
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


def _named_files(raw: str) -> tuple[list[str], str]:
    """The files an input other than '-' names, and why it names none ('' when it does)."""
    if raw.startswith(CORPUS_PREFIX):
        return bundled_corpus(raw[len(CORPUS_PREFIX):])
    if os.path.isdir(raw):
        files = _folder_reports(raw)
        return files, "" if files else "directory has no reports (.txt .htm .html .md .jsonl)"
    if os.path.exists(raw):
        return [raw], ""
    if glob.has_magic(raw):
        files = []
        for p in sorted(glob.glob(raw, recursive=True)):
            files.extend(_folder_reports(p) if os.path.isdir(p) else [p] if os.path.isfile(p) else [])
        return files, "" if files else "pattern matches no file"
    return [], "no such file or directory"


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
        for f in _named_files(raw)[0]:
            try:
                st = os.stat(f)
            except OSError:
                continue
            if (st.st_dev, st.st_ino) == same:
                return f
    return None


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
