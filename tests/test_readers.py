"""PDF and DOCX input: files of real report text built here, read like the same text in a .txt."""

from __future__ import annotations

import io
import re
import sys
import tracemalloc

import pytest

from govreport import readers
from govreport.loading import LoadError, iter_tasks, read_file

TITLE = "2018年九龙坡区政府工作报告"
FIGURE_COLUMNS = ("value_base", "base_unit", "indicator")


@pytest.fixture(scope="module")
def paragraphs(seed_text) -> list[str]:
    """The seed's title and its paragraphs with figures that fit one line of a wide PDF page (but for one with
    a middle dot, which the writer's CID font lacks)."""
    lines = [line.strip() for line in seed_text.split("\n") if line.strip()]
    chosen = [line for line in lines if re.search(r"\d", line) and len(line) <= 300 and "·" not in line]
    assert len(chosen) >= 10
    return chosen


def make_pdf(pages: list[list[str]], title: str = "", encrypt: str | None = None, char_space: float = 0) -> bytes:
    """A PDF whose text is in the CID font STSong-Light (Adobe-GB1, no embedded font file), one line per
    string: the kind of font Chinese PDFs use."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    size = 8
    width = max([len(line) for page in pages for line in page] + [40]) * (size + char_space) + 100
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(width, 842), encrypt=encrypt)
    if title:
        c.setTitle(title)
    for page in pages:
        c.setFont("STSong-Light", size)
        y = 800
        for line in page:
            text = c.beginText(40, y)
            text.setFont("STSong-Light", size)
            text.setCharSpace(char_space)  # the letter spacing of justified text
            text.textOut(line)
            c.drawText(text)
            y -= 14
        c.rect(30, 30, 100, 40)  # a drawing: a page's graphics are no text
        c.showPage()
    c.save()
    return buf.getvalue()


def make_docx(paragraphs: list[str], title: str = "", table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    if title:
        document.core_properties.title = title
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, cells in zip(grid.rows, table, strict=True):
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def figures(run, path) -> list[tuple[str, ...]]:
    result = run("metrics", path, "-f", "csv", "-q")
    assert result.code == 0, result.stderr
    return [tuple(row[c] for c in FIGURE_COLUMNS) for row in result.csv_rows()]


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_pdf_with_cid_font_and_docx_give_the_figures_of_the_text(run, tmp_path, paragraphs, suffix):
    half = len(paragraphs) // 2
    data = make_pdf([paragraphs[:half], paragraphs[half:]], title=TITLE) if suffix == ".pdf" else \
        make_docx(paragraphs, title=TITLE)
    path = _write(tmp_path / f"jiulongpo{suffix}", data)
    txt = tmp_path / "jiulongpo.txt"
    txt.write_text("\n".join(paragraphs), encoding="utf-8")
    expected = figures(run, txt)
    assert len(expected) >= 10
    assert figures(run, path) == expected
    report = read_file(path)
    assert [line.strip() for line in report.text.split("\n") if line.strip()] == paragraphs
    assert report.title == TITLE and report.year == 2018 and report.id == "jiulongpo"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", report.meta["created"])


def test_docx_tables_are_read_a_row_a_line_in_document_order(tmp_path, paragraphs):
    table = [["指标", "2017年"], ["地区生产总值", "1135亿元"]]
    text = read_file(_write(tmp_path / "t.docx", make_docx(paragraphs[:2], table=table))).text
    assert text.split("\n") == paragraphs[:2] + ["指标\t2017年", "地区生产总值\t1135亿元"]


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_pdf_and_docx_are_found_in_folders_globs_and_stdin(run, tmp_path, paragraphs):
    folder = tmp_path / "reports"
    (folder / "deep").mkdir(parents=True)
    _write(folder / "a.pdf", make_pdf([paragraphs[:3]]))
    _write(folder / "deep" / "b.docx", make_docx(paragraphs[:3]))
    names = sorted(t.name.rsplit("/", 1)[-1] for t in iter_tasks([str(folder)]))
    assert names == ["a.pdf", "b.docx"]
    assert [t.name.rsplit("/", 1)[-1] for t in iter_tasks([str(folder / "**" / "*.docx")])] == ["b.docx"]
    for name in ("a.pdf", "deep/b.docx"):
        result = run("info", "-", input=(folder / name).read_bytes())
        assert result.code == 0 and result.csv_rows()[0]["chars"] == str(len("\n".join(paragraphs[:3])))


def test_a_scanned_pdf_says_to_ocr_it_and_the_batch_goes_on(run, tmp_path, seed_path):
    scan = _write(tmp_path / "scan.pdf", make_pdf([[], []]))
    result = run("info", scan, seed_path, "-q")
    assert result.code == 1 and result.clean
    assert [r["doc"] for r in result.csv_rows()] == ["jiulongpo_2018"]
    assert f"govreport: {scan}: no text layer; OCR it first (2 pages without text)" in result.error_lines


BROKEN = {
    "encrypted PDF": ("locked.pdf", lambda p: make_pdf([p[:2]], encrypt="secret"), "encrypted PDF: it needs a password"),
    "damaged PDF": ("broken.pdf", lambda p: b"%PDF-1.4\n" + bytes(range(256)) * 8, "damaged PDF ("),
    "not a PDF": ("page.pdf", lambda p: b"<html><body>404 Not Found</body></html>", "not a PDF file"),
    "DOCX not a zip": ("plain.docx", lambda p: "\n".join(p).encode(), "not a DOCX file (not a zip archive)"),
    "damaged DOCX": ("cut.docx", lambda p: make_docx(p)[:3000], "damaged DOCX ("),
    "empty DOCX": ("empty.docx", lambda p: make_docx([]), "empty document: the DOCX holds no text"),
    "empty PDF file": ("zero.pdf", lambda p: b"", "empty file"),
    "empty DOCX file": ("zero.docx", lambda p: b"", "empty file"),
    "old Word": ("old.doc", lambda p: readers.OLE_MAGIC + bytes(600), "convert it to .docx or .txt first"),
    "RTF": ("r.doc", lambda p: b"{\\rtf1\\ansi hello}", "an RTF file"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_documents_are_one_line_and_cost_only_themselves(run, tmp_path, seed_path, paragraphs, case):
    name, build, message = BROKEN[case]
    bad = _write(tmp_path / name, build(paragraphs))
    result = run("metrics", seed_path, bad, "-q", "-f", "csv")
    assert result.code == 1 and result.clean
    assert result.csv_rows() and {r["doc"] for r in result.csv_rows()} == {"jiulongpo_2018"}
    lines = [line for line in result.error_lines if name in line]
    assert len(lines) == 1 and message in lines[0], result.stderr


def test_a_doc_that_is_a_web_page_or_a_docx_is_read_for_what_it_is(tmp_path, paragraphs):
    web = _write(tmp_path / "web.doc", ("<html><body><p>" + "</p><p>".join(paragraphs[:2]) + "</p>").encode())
    assert read_file(web).text == "\n".join(paragraphs[:2])
    renamed = _write(tmp_path / "renamed.doc", make_docx(paragraphs[:2]))
    assert read_file(renamed).text == "\n".join(paragraphs[:2])


@pytest.mark.parametrize("module, words", [("pdfminer.converter", "pip install pdfminer.six"),
                                           ("docx", "pip install python-docx")])
def test_a_missing_reader_library_is_one_line_naming_the_install(monkeypatch, tmp_path, paragraphs, module,
                                                                 words):
    path = _write(tmp_path / "r.pdf", make_pdf([paragraphs[:2]])) if module.startswith("pdf") else \
        _write(tmp_path / "r.docx", make_docx(paragraphs[:2]))
    monkeypatch.setitem(sys.modules, module, None)  # as if not installed: importing it raises ImportError
    with pytest.raises(LoadError) as info:
        read_file(path)
    assert words in str(info.value) and "\n" not in str(info.value)


def _read_traced(data: bytes) -> tuple[str, int]:
    """The text of a PDF and the most memory held while reading it."""
    tracemalloc.start()
    try:
        text, _ = readers.read_pdf(io.BytesIO(data))
        return text, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_200_page_pdf_is_read_in_bounded_memory(paragraphs):
    page = [line[:20] for line in paragraphs[:3]]
    readers.read_pdf(io.BytesIO(make_pdf([page])))  # the font's tables, loaded once for every PDF
    (short, short_peak), (long, long_peak) = (_read_traced(make_pdf([page] * n)) for n in (10, 200))
    assert long.count("\n") > 19 * short.count("\n")
    # pages and text grow twentyfold; what is held while reading grows far less (no page's layout is kept
    # after it: only the text and the file's table of objects grow)
    assert long_peak < 5 * short_peak


@pytest.mark.parametrize("head, suffix, kind", [(b"%PDF-1.7", "", "pdf"), (b"%PDF-1.7", ".txt", "pdf"),
                                                (b"PK\x03\x04", ".docx", "docx"), (b"PK\x03\x04", "", "docx"),
                                                (b"PK\x03\x04", ".zip", None), (readers.OLE_MAGIC, ".doc", "doc"),
                                                (b"<html>", ".doc", None), (b"abc", ".txt", None)])
def test_sniff_reads_the_first_bytes_before_the_name(head, suffix, kind):
    assert readers.sniff(head, suffix) == kind


def test_file_metadata_keeps_chinese_titles_only():
    assert readers._file_meta("Microsoft Word - 2018年政府工作报告.doc", "2018-01-12", "")["title"] == \
        "2018年政府工作报告"
    assert "title" not in readers._file_meta("untitled", "", "")
    assert readers._pdf_date("D:20180112093000+08'00'") == "2018-01-12"


def test_a_pdf_whose_glyphs_map_to_no_characters_says_to_ocr_it(tmp_path):
    """pdfminer writes a glyph its font maps to no character as (cid:N); a page of them is no text layer."""
    path = _write(tmp_path / "glyphs.pdf", make_pdf([["".join(f"(cid:{n})" for n in range(3, 40))] * 5]))
    with pytest.raises(LoadError, match=r"no usable text layer: .* OCR it first"):
        read_file(path)
    assert readers.unmapped_share("增长8%(cid:3)") < 0.5


def test_text_inside_a_form_xobject_is_read(tmp_path, paragraphs):
    """Some writers put a whole page in a form XObject (a figure, to pdfminer): its text is the page's text."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    lines = [line[:40] for line in paragraphs[:4]]
    path = tmp_path / "form.pdf"
    c = canvas.Canvas(str(path))
    c.beginForm("page")
    c.setFont("STSong-Light", 10)
    for i, line in enumerate(lines):
        c.drawString(40, 800 - 14 * i, line)
    c.endForm()
    c.doForm("page")
    c.showPage()
    c.save()
    assert read_file(path).text.split("\n") == lines


def test_the_letter_spacing_of_justified_text_is_no_space(tmp_path, paragraphs):
    """Justified Chinese text spreads its glyphs apart; pdfminer reads the gaps as spaces, govreport does not
    (but for one between Latin letters: a word space)."""
    chinese = [line for line in paragraphs if not re.search(r"[A-Za-z ]", line)]
    assert len(chinese) >= 5
    path = _write(tmp_path / "justified.pdf", make_pdf([chinese], char_space=3))
    assert read_file(path).text.split("\n") == chinese
    spaced = _write(tmp_path / "latin.pdf", make_pdf([["GDP增长8%", "R&D经费"]], char_space=3))
    assert read_file(spaced).text.split("\n") == ["G D P增长8%", "R&D经费"]


def test_docx_content_controls_and_tracked_changes_read_as_the_document_now_reads(tmp_path):
    """Text in a content control and in a tracked insertion is the document's; tracked deletions are not."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("2018年九龙坡区政府工作报告")
    def element(tag: str, *children, text: str | None = None):
        el = OxmlElement(tag)
        if text is not None:
            el.text = text
        for child in children:
            el.append(child)
        return el

    p = document.add_paragraph("地区生产总值增长")
    p._p.append(element("w:ins", element("w:r", element("w:t", text="8.3%"))))
    p._p.append(element("w:del", element("w:r", element("w:delText", text="8%"))))
    control = OxmlElement("w:sdt")
    content = OxmlElement("w:sdtContent")
    inner = document.add_paragraph("——2018年1月12日在九龙坡区第十八届人民代表大会第二次会议上")._p
    content.append(inner)  # moved from the body into the control
    control.append(content)
    document.element.body.insert(0, control)
    assert content.tag == qn("w:sdtContent")
    buf = io.BytesIO()
    document.save(buf)
    path = _write(tmp_path / "tracked.docx", buf.getvalue())
    assert read_file(path).text.split("\n") == ["——2018年1月12日在九龙坡区第十八届人民代表大会第二次会议上",
                                                 "2018年九龙坡区政府工作报告", "地区生产总值增长8.3%"]


def test_help_and_plain_text_import_no_pdf_or_docx_library(python, seed_path):
    import subprocess

    probe = ("import sys\nfrom govreport.cli import main\nimport govreport\n"
             f"govreport.load({str(seed_path)!r})\n"
             "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
             "sys.stderr.write(','.join(m for m in ('pdfminer', 'docx', 'lxml') if m in sys.modules))\n")
    proc = subprocess.run([python, "-c", probe], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "Commands:" in proc.stdout
    assert proc.stderr == ""
