"""Reports that are not plain text: PDF (pdfminer.six) and DOCX (python-docx) files.

Each reader gives the document's text and the metadata the file carries (its title, its creation and
modification dates), or raises :class:`~govreport.loading.LoadError` with one line saying why not: an
encrypted or damaged PDF, a PDF without a text layer (a scan), a DOCX that is not a zip archive or holds no
text, an old binary Word file. A PDF is read page by page, so that memory follows one page and the text, not
the whole file's structure; page texts are joined with line breaks, and the lines are those of the page (the
view joins hard wraps later). Chinese PDFs with CID fonts give their text through pdfminer's CMaps.
"""

from __future__ import annotations

import logging
import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from govreport.loading import LoadError

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .doc (and of an encrypted .docx)
RTF_MAGIC = b"{\\rtf"
_CJK = re.compile("[\u4e00-\u9fff]")
# what word processors put before or after a title: "Microsoft Word - 报告.doc"
_TITLE_DEBRIS = re.compile(r"^\s*Microsoft Word\s*-\s*|\.(?:docx?|wps|pdf)\s*$", re.I)
_PDF_DATE = re.compile(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?")


def sniff(head: bytes, suffix: str) -> str | None:
    """The kind of file its first bytes and name say it is: "pdf", "docx", "doc" (old Word), "rtf", or None
    (text; "" is the suffix of standard input).

    >>> sniff(b"%PDF-1.4", ".txt"), sniff(b"PK\\x03\\x04", ".docx"), sniff(b"<html>", ".doc")
    ('pdf', 'docx', None)
    """
    if head.startswith(PDF_MAGIC) or suffix == ".pdf":
        return "pdf"
    if head.startswith(OLE_MAGIC):
        return "doc"
    if head.startswith(RTF_MAGIC):
        return "rtf"
    if suffix == ".docx" or (head.startswith(ZIP_MAGIC) and suffix in (".doc", "")):
        return "docx"
    return None  # a .doc that is neither (a web page saved as .doc) is read as text


def read_document(kind: str, source: str | IO[bytes]) -> tuple[str, dict[str, Any]]:
    """The text and file metadata of a document of ``kind`` (see :func:`sniff`)."""
    if not _head(source, 1):
        raise LoadError("empty file")
    if kind == "pdf":
        return read_pdf(source)
    if kind == "docx":
        return read_docx(source)
    what = "an RTF file" if kind == "rtf" else "an old binary Word file (.doc) or a password-protected .docx"
    raise LoadError(f"{what}, which govreport cannot read: convert it to .docx or .txt first "
                    "(e.g. libreoffice --headless --convert-to docx FILE)")


def _missing(what: str, package: str) -> LoadError:
    return LoadError(f"reading {what} needs the {package} package, which is not installed: "
                     f"pip install {package}")


# --- PDF ---------------------------------------------------------------------------------------


def read_pdf(source: str | IO[bytes]) -> tuple[str, dict[str, Any]]:
    """The text of a PDF, its pages joined with line breaks, and its title and dates."""
    fh = open(source, "rb") if isinstance(source, str) else source
    try:
        head = fh.read(1024)
        if PDF_MAGIC not in head:
            raise LoadError("not a PDF file (no %PDF header)")
        fh.seek(0)
        meta: dict[str, Any] = {}
        pages = list(_pdf_page_texts(fh, meta))
    finally:
        if isinstance(source, str):
            fh.close()
    text = "\n".join(pages)
    if not text.strip():
        raise LoadError(f"no text layer; OCR it first ({len(pages)} page{'s' if len(pages) != 1 else ''} "
                        "without text)")
    if unmapped_share(text) > 0.5:
        raise LoadError("no usable text layer: its fonts map glyphs to no characters (text as (cid:N)); "
                        "OCR it first")
    return text, meta


_UNMAPPED = re.compile(r"\(cid:\d+\)")


def unmapped_share(text: str) -> float:
    """The share of a PDF's text that is glyphs its fonts map to no character (pdfminer writes them (cid:N)).

    >>> unmapped_share("(cid:12)(cid:7) 增长"), unmapped_share("增长8%")
    (0.5, 0.0)
    """
    glyphs = len(_UNMAPPED.findall(text))
    if not glyphs:
        return 0.0
    rest = len("".join(_UNMAPPED.sub("", text).split()))
    return glyphs / (glyphs + rest)


def _pdf_page_texts(fh: IO[bytes], meta: dict[str, Any]) -> Iterator[str]:
    """Each page's text in turn (``meta`` gets the document's title and dates first); nothing of a page is
    kept once its text is taken, and parsed objects are not cached."""
    try:
        from pdfminer.converter import PDFPageAggregator
        from pdfminer.layout import LAParams
        from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
        from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser
    except ImportError:
        raise _missing("PDF", "pdfminer.six") from None
    _quiet("pdfminer")
    try:
        document = PDFDocument(PDFParser(fh), caching=False)
        meta.update(_pdf_meta(document))
        resources = PDFResourceManager(caching=True)  # fonts are shared by pages: kept once
        device = PDFPageAggregator(resources, laparams=LAParams(all_texts=True))  # text in forms too
        interpreter = PDFPageInterpreter(resources, device)
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
            layout = device.get_result()
            yield "".join(_box_texts(layout)).rstrip("\n")
    except PDFPasswordIncorrect:
        raise LoadError("encrypted PDF: it needs a password") from None
    except PDFEncryptionError as exc:
        raise LoadError(f"encrypted PDF that cannot be read ({_one_line(exc)})") from None
    except LoadError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on a broken file; each is a damaged document
        raise LoadError(f"damaged PDF ({type(exc).__name__}: {_one_line(exc)})") from None


def _box_texts(container: Any) -> Iterator[str]:
    """The text of each text box of a page's layout in its order (those of the page, then those inside its
    figures: form XObjects, in which some writers put a whole page)."""
    from pdfminer.layout import LTFigure, LTTextBox

    for item in container:
        if isinstance(item, LTTextBox):
            yield "".join(_line_text(line) for line in item)
        elif isinstance(item, LTFigure):
            yield from _box_texts(item)


_LATIN = re.compile(r"[A-Za-z0-9]")


def _line_text(line: Any) -> str:
    """A text line's characters. pdfminer adds a space wherever two glyphs stand apart (no space glyph in the
    file); such a space is kept only between Latin letters or digits, one of them a letter (a word space in
    English). Between Chinese characters, digits or punctuation it is the letter spacing of justified text
    (地 区 生 产 总 值 , 1 1 3 5): what the file holds is 地区生产总值, 1135."""
    from pdfminer.layout import LTAnno

    items = list(line)
    out = []
    for i, item in enumerate(items):
        text = item.get_text()
        if isinstance(item, LTAnno) and text == " " and 0 < i < len(items) - 1:
            before, after = items[i - 1].get_text()[-1:], items[i + 1].get_text()[:1]
            if not (_LATIN.fullmatch(before) and _LATIN.fullmatch(after) and (before + after).strip("0123456789")):
                continue
        out.append(text)
    return "".join(out)


def _pdf_meta(document: Any) -> dict[str, Any]:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    def text(value: Any) -> str:
        value = resolve1(value)
        if isinstance(value, bytes):
            return decode_text(value)
        return value if isinstance(value, str) else ""

    info = {k: v for d in document.info for k, v in d.items()} if document.info else {}
    return _file_meta(text(info.get("Title")), _pdf_date(text(info.get("CreationDate"))),
                      _pdf_date(text(info.get("ModDate"))))


def _pdf_date(value: str) -> str:
    """A PDF date (D:20180112093000+08'00') as an ISO date: 2018-01-12; '' when there is none."""
    m = _PDF_DATE.match(value.strip())
    if not m:
        return ""
    return "-".join(part for part in m.groups() if part)


# --- DOCX --------------------------------------------------------------------------------------


def read_docx(source: str | IO[bytes]) -> tuple[str, dict[str, Any]]:
    """The text of a DOCX: its paragraphs and table rows (cells joined by tabs) in document order, one a
    line, those in content controls and tracked insertions included (deletions not); and its title and
    dates."""
    try:
        import docx
    except ImportError:
        raise _missing("DOCX", "python-docx") from None
    if not zipfile.is_zipfile(source):
        raise LoadError("damaged DOCX (its zip archive is cut off or broken)" if _head(source, 4) == ZIP_MAGIC
                        else "not a DOCX file (not a zip archive)")
    if not isinstance(source, str):
        source.seek(0)
    try:
        document = docx.Document(source)
        lines = list(_block_lines(document.element.body))
        props = document.core_properties
        meta = _file_meta(props.title or "", _iso(props.created), _iso(props.modified))
    except Exception as exc:  # python-docx and lxml raise many kinds on a broken package
        raise LoadError(f"damaged DOCX ({type(exc).__name__}: {_one_line(exc)})") from None
    text = "\n".join(lines)
    if not text.strip():
        raise LoadError("empty document: the DOCX holds no text")
    return text, meta


def _head(source: str | IO[bytes], n: int) -> bytes:
    if isinstance(source, str):
        with open(source, "rb") as fh:
            return fh.read(n)
    source.seek(0)
    head = source.read(n)
    source.seek(0)
    return head


def _block_lines(parent: Any) -> Iterator[str]:
    """The lines of the paragraphs and tables directly in ``parent`` (the body, a cell, a content control)."""
    from docx.oxml.ns import qn

    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            yield _paragraph_text(child)
        elif child.tag == qn("w:tbl"):
            yield from _table_lines(child)
        elif child.tag == qn("w:sdt"):  # a content control (cover pages, templates' fields)
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _block_lines(content)


def _paragraph_text(p: Any) -> str:
    """A paragraph's text: its text runs, tabs and line breaks wherever they are nested (hyperlinks, fields,
    tracked insertions, content controls); deleted text and field codes are other elements and stay out."""
    from docx.oxml.ns import qn

    t, tab, br, cr = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
    parts = []
    for el in p.iter(t, tab, br, cr):
        if el.tag == t:
            parts.append(el.text or "")
        elif el.tag == tab:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _table_lines(table: Any) -> Iterator[str]:
    """A table a row a line, its cells' text joined by tabs (a merged cell once); nested tables are read
    inside their cell."""
    from docx.oxml.ns import qn

    for row in table.iterchildren(qn("w:tr")):
        cells = []
        for cell in row.iter(qn("w:tc")):
            if cell.getparent() is not row and cell.getparent().tag != qn("w:sdtContent"):
                continue  # a nested table's cell: read with its own cell's text
            cells.append(" ".join(line for line in _block_lines(cell) if line).replace("\n", " "))
        yield "\t".join(cells)


def _iso(value: Any) -> str:
    return value.date().isoformat() if value is not None and hasattr(value, "date") else ""


# --- shared ------------------------------------------------------------------------------------


def _file_meta(title: str, created: str, modified: str) -> dict[str, Any]:
    """Metadata a file carries. A title counts only when it is Chinese (word processors fill in a template's
    or the author's name), without "Microsoft Word - " and a file extension around it."""
    meta: dict[str, Any] = {}
    title = _TITLE_DEBRIS.sub("", title).strip()
    if _CJK.search(title) and "\n" not in title:
        meta["title"] = title
    if created:
        meta["created"] = created
    if modified:
        meta["modified"] = modified
    return meta


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:120] if text else "no detail"


def _quiet(name: str) -> None:
    """A library's log records stay out of stderr unless the application configures logging."""
    logger = logging.getLogger(name)
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
