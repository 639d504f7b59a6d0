"""CLI plumbing: inputs, the seed default, output formats, `info`, errors and exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from govreport.cli import cli
from govreport.loading import load, load_corpus
from govreport.metrics import COLUMNS

INFO_COLUMNS = ["doc", "title", "year", "region", "level", "genre", "chars", "paragraphs", "sections"]
SECTION_COLUMNS = ["doc", "level", "start", "end", "title"]


def as_text(value) -> str:
    return "" if value is None else str(value)


def parse(fmt: str, out: str) -> tuple[list[str], list[dict[str, str]]]:
    """Columns and rows (values as text) of one command's output in any format."""
    if fmt in ("csv", "tsv"):
        reader = csv.DictReader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t")
        return list(reader.fieldnames or []), list(reader)
    if fmt in ("json", "jsonl"):
        rows = json.loads(out) if fmt == "json" else [json.loads(line) for line in out.splitlines()]
        return (list(rows[0]) if rows else []), [{k: as_text(v) for k, v in r.items()} for r in rows]
    # a table: a header line, a rule, then one line a row, cells parted by " │ "
    lines = out.splitlines()
    columns = [c.strip() for c in lines[0].split(" │ ")]
    rows = [[c.strip() for c in line.split(" │ ")] for line in lines[2:] if line != "(no rows)"]
    return columns, [dict(zip(columns, r, strict=True)) for r in rows]


def reference_info(paths) -> list[dict[str, str]]:
    return [{k: as_text(v) for k, v in r.info().items()} for r in load_corpus(paths)]


# --- formats -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl", "table"])
def test_info_gives_the_same_columns_and_values_in_every_format(run, national_path, fmt):
    result = run("info", national_path, "-f", fmt, "-q")
    assert result.code == 0, result.stderr
    columns, rows = parse(fmt, result.stdout)
    assert columns == INFO_COLUMNS
    assert rows == reference_info([national_path])


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_sections_rows_point_at_their_headings(run, seed_path, fmt):
    result = run("info", "--sections", seed_path, "-f", fmt)
    columns, rows = parse(fmt, result.stdout)
    assert columns == SECTION_COLUMNS
    text = load(seed_path).text
    assert len(rows) == len(load(seed_path).sections) > 0
    for row in rows:
        start, end = int(row["start"]), int(row["end"])
        assert text[start:start + len(row["title"])] == row["title"]
        assert start < end <= len(text)
        assert row["level"] in ("1", "2")


@pytest.mark.parametrize("ext, fmt", [("csv", "csv"), ("tsv", "tsv"), ("json", "json"), ("jsonl", "jsonl"),
                                      ("txt", "table")])
def test_output_file_extension_picks_the_format(run, tmp_path, seed_path, ext, fmt):
    target = tmp_path / f"out.{ext}"
    result = run("info", seed_path, "-o", target)
    assert result.code == 0 and result.stdout == ""
    columns, rows = parse(fmt, target.read_text(encoding="utf-8"))
    assert columns == INFO_COLUMNS and rows == reference_info([seed_path])


def test_default_format_in_a_pipe_is_csv_and_json_is_utf8(run, seed_path):
    assert run("info", seed_path).stdout.splitlines()[0] == ",".join(INFO_COLUMNS)
    out = run("info", seed_path, "-f", "json").stdout
    assert "九龙坡区" in out and "\\u" not in out


def test_closed_pipe_exits_quietly(national_path):
    proc = subprocess.Popen([sys.executable, "-m", "govreport", "info", str(national_path), "-f", "csv"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert first.decode().startswith("doc,")
    assert "Traceback" not in err and "Error" not in err, err


def test_closed_pipe_exits_quietly_when_output_outgrows_the_pipe(tmp_path):
    corpus = tmp_path / "many.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for i in range(4000):  # ~300 KB of CSV, far beyond a pipe's buffer
            fh.write(json.dumps({"id": f"r{i}", "content": "2018年九龙坡区政府工作报告\n一、回顾"}) + "\n")
    proc = subprocess.Popen([sys.executable, "-m", "govreport", "info", str(corpus), "-f", "csv", "-j", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert err == "", err


# --- inputs --------------------------------------------------------------------------------------


def test_no_input_analyses_the_bundled_seed_and_says_so(run, seed_path):
    result = run("info")
    assert result.code == 0
    assert len(result.error_lines) == 1 and "jiulongpo_2018" in result.stderr
    [row] = csv.DictReader(io.StringIO(result.stdout))
    assert row == reference_info([seed_path])[0]


def test_many_kinds_of_input_in_one_call(run, tmp_path, seed_path, seed_text, national_path):
    folder = tmp_path / "folder"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_text(seed_text, encoding="gb18030")
    (folder / "b.html").write_text("<p>2020年福建省政府工作报告</p><p>各位代表</p>", encoding="utf-8")
    result = run("info", folder, str(tmp_path / "folder" / "**" / "*.txt"), "-", national_path,
                 input=seed_text.encode("utf-16"))
    assert result.code == 0, result.stderr
    docs = [row["doc"] for row in result.csv_rows()]
    # a folder's files in path order (b.html < sub/a.txt); a.txt, named again by the glob, is read once;
    # then stdin; then the corpus rows in order
    assert docs[:3] == ["b", "a", "stdin"]
    assert len(docs) == 3 + len(load_corpus([national_path]))


def test_encoding_option(run, tmp_path, seed_text):
    path = tmp_path / "r.txt"
    path.write_bytes(seed_text.encode("gb18030"))
    assert run("info", path, "--encoding", "gb18030").code == 0
    bad = run("info", path, "--encoding", "utf-8")
    assert bad.code == 1 and bad.clean and "cannot decode as utf-8" in bad.stderr


# --- errors --------------------------------------------------------------------------------------


def _bad_inputs(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "undecodable.txt").write_bytes(b"\xef\xbb\xbf" + "政府".encode("gb18030") * 3)
    (tmp_path / "nothing").mkdir()
    (tmp_path / "nothing" / "x.xls").write_bytes(b"\xd0\xcf")
    (tmp_path / "bad.jsonl").write_text('{"content": "甲"}\n\n{"content": 1\n', encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "name, code, words",
    [("missing.txt", 2, "no such file"), ("empty.txt", 1, "empty"), ("binary.txt", 1, "binary"),
     ("undecodable.txt", 1, "invalid utf-8"), ("nothing", 2, "no reports"), ("*.nomatch", 2, "matches no file")],
)
def test_bad_input_is_one_line_and_an_exit_code(run, tmp_path, name, code, words):
    _bad_inputs(tmp_path)
    result = run("info", tmp_path / name)
    assert result.code == code
    assert result.clean
    assert len(result.error_lines) == 1 and words in result.stderr and name in result.stderr


def test_invalid_jsonl_line_names_its_line_and_keeps_the_good_rows(run, tmp_path):
    _bad_inputs(tmp_path)
    result = run("info", tmp_path / "bad.jsonl")
    assert result.code == 1 and result.clean
    assert [r["doc"] for r in result.csv_rows()] == [f"{tmp_path / 'bad.jsonl'}:1"]
    assert "line 3" in result.stderr


@pytest.mark.parametrize("args", [["info", "--bogus"], ["info", "-j", "0"], ["nosuchcommand"], ["info", "-f", "xml"],
                                  ["keywords", "--top", "-1"], ["info", "--encoding", "no-such-codec"],
                                  ["info", "-o", "out.xls"], ["info", "-f", "xlsx"], ["info", "-c", "doc,nope"],
                                  ["metrics", "-f", "parquet", "-o", "-"]])
def test_usage_errors_exit_2_with_one_line(run, args):
    result = run(*args)
    assert result.code == 2 and result.clean
    assert len(result.error_lines) == 1 and result.stderr.startswith("govreport: ")


def test_good_inputs_still_give_rows_and_failures_come_last(run, tmp_path, seed_path):
    _bad_inputs(tmp_path)
    inputs = [tmp_path / "empty.txt", seed_path, tmp_path / "missing.txt", tmp_path / "binary.txt"]
    result = run("info", *inputs)
    assert [r["doc"] for r in result.csv_rows()] == [seed_path.stem]
    assert result.code == 2  # one input named nothing: a usage error outranks the data errors
    lines = result.error_lines
    assert len(lines) == 4 and "3 of 4 inputs failed" in lines[-1]
    assert [n for n in ("empty.txt", "missing.txt", "binary.txt") if any(n in line for line in lines)] == [
        "empty.txt", "missing.txt", "binary.txt"]
    data_only = run("info", tmp_path / "empty.txt", seed_path)
    assert data_only.code == 1 and [r["doc"] for r in data_only.csv_rows()] == [seed_path.stem]


def test_strict_stops_at_the_first_failure(run, tmp_path, seed_path):
    _bad_inputs(tmp_path)
    result = run("info", "--strict", "-j", "1", tmp_path / "empty.txt", seed_path)
    assert result.code == 1 and result.csv_rows() == []
    assert len(result.error_lines) == 1
    missing = run("info", "--strict", tmp_path / "missing.txt", seed_path)
    assert missing.code == 2 and missing.csv_rows() == []


def test_output_may_not_overwrite_an_input(run, tmp_path, seed_text):
    path = tmp_path / "r.txt"
    path.write_text(seed_text, encoding="utf-8")
    result = run("info", path, "-o", path)
    assert result.code == 2 and result.clean and path.read_text(encoding="utf-8") == seed_text


def test_output_inside_an_input_folder_is_not_read_back(run, tmp_path, seed_text):
    (tmp_path / "r.txt").write_text(seed_text, encoding="utf-8")
    result = run("info", tmp_path, "-o", tmp_path / "info.txt")
    assert result.code == 0
    _, rows = parse("table", (tmp_path / "info.txt").read_text(encoding="utf-8"))
    assert [r["doc"] for r in rows] == ["r"]


def test_unwritable_output_is_one_line(run, tmp_path, seed_path):
    result = run("info", seed_path, "-o", tmp_path / "no" / "such" / "dir.csv")
    assert result.code == 1 and result.clean and len(result.error_lines) == 1


# --- help ----------------------------------------------------------------------------------------


def test_bare_command_prints_help(run):
    result = run()
    assert result.code == 0 and "Commands:" in result.stdout


def test_every_command_has_help_text_and_is_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    missing = []
    for name, command in cli.commands.items():
        assert command.help and command.help.strip(), name
        assert command.get_short_help_str().strip(), name
        if f"govreport {name}" not in readme:
            missing.append(name)
    assert not missing, f"README.md does not describe: {', '.join(missing)}"


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_help_runs(run, name):
    result = run(name, "--help")
    assert result.code == 0 and "Usage:" in result.stdout and result.stdout.count("\n") > 3


def test_help_imports_no_heavy_module(python):
    probe = ("import sys\nfrom govreport.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
             "heavy = [m for m in ('jieba', 'rjieba', 'pandas') if m in sys.modules]\n"
             "sys.stderr.write(','.join(heavy))\n")
    proc = subprocess.run([python, "-c", probe], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert proc.returncode == 0
    assert "Commands:" in proc.stdout
    assert proc.stderr == ""


# --- files researchers open ----------------------------------------------------------------------


def _metric_reference(run, seed_path):
    """The metric rows as JSON gives them: the values every other format must read back."""
    result = run("metrics", seed_path, "-f", "json")
    assert result.code == 0
    return json.loads(result.stdout)


def _same_values(frame, reference, missing_as=None):
    import pandas as pd

    assert list(frame.columns) == list(reference[0])
    assert len(frame) == len(reference)
    for row, ref in zip(frame.to_dict("records"), reference, strict=True):
        for c, want in ref.items():
            got = row[c]
            if want is None:
                assert pd.isna(got) or got == missing_as, (c, got)
            elif isinstance(want, float | int) and not isinstance(want, bool):
                assert float(got) == pytest.approx(float(want)), (c, got, want)  # a number stays a number
            else:
                assert got == want, (c, got, want)


def test_xlsx_is_a_workbook_with_numbers_and_empty_cells(run, tmp_path, seed_path):
    import pandas as pd
    reference = _metric_reference(run, seed_path)
    path = tmp_path / "m.xlsx"
    result = run("metrics", seed_path, "-o", path)
    assert result.code == 0 and result.stdout == ""
    assert path.read_bytes()[:2] == b"PK"  # a zip: a real workbook, not CSV under another name
    frame = pd.read_excel(path)
    _same_values(frame, reference)
    assert pd.api.types.is_numeric_dtype(frame["value"]) and pd.api.types.is_numeric_dtype(frame["start"])


def test_stata_file_reads_back(run, tmp_path, seed_path):
    import pandas as pd
    reference = _metric_reference(run, seed_path)
    path = tmp_path / "m.dta"
    assert run("metrics", seed_path, "-o", path).code == 0
    frame = pd.read_stata(path).rename(columns={"_end": "end"})  # Stata reserves "end"
    _same_values(frame, reference, missing_as="")  # Stata's missing string is ""


def test_parquet_reads_back(run, tmp_path, seed_path):
    import pandas as pd
    reference = _metric_reference(run, seed_path)
    path = tmp_path / "m.parquet"
    assert run("metrics", seed_path, "-f", "parquet", "-o", path).code == 0
    _same_values(pd.read_parquet(path), reference)


def test_parquet_without_pyarrow_names_the_extra(run, tmp_path, seed_path, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pyarrow" else real(name, *a))
    path = tmp_path / "m.parquet"
    result = run("metrics", seed_path, "-o", path)
    assert result.code == 2 and result.clean and len(result.error_lines) == 1
    assert "pyarrow" in result.stderr and "govreport[parquet]" in result.stderr
    assert not path.exists()


def test_every_reader_agrees_on_missing_values(run, tmp_path, seed_path):
    """JSON null, empty CSV cells, NaN in pandas and NULL in SQLite: the same rows are missing a role."""
    import sqlite3

    import pandas as pd
    missing = sum(r["role"] is None for r in _metric_reference(run, seed_path))
    assert missing > 0
    csv_path = tmp_path / "m.csv"
    assert run("metrics", seed_path, "-o", csv_path).code == 0
    assert pd.read_csv(csv_path)["role"].isna().sum() == missing
    assert pd.read_json(io.StringIO(run("metrics", seed_path, "-f", "jsonl").stdout), lines=True)["role"].isna().sum() \
        == missing
    with sqlite3.connect(":memory:") as db:
        pd.read_csv(csv_path).to_sql("metrics", db)
        assert db.execute("SELECT count(*) FROM metrics WHERE role IS NULL").fetchone()[0] == missing


def test_columns_pick_columns_in_every_format(run, seed_path, tmp_path):
    for fmt in ("csv", "tsv", "json", "jsonl", "table"):
        columns, rows = parse(fmt, run("info", seed_path, "-f", fmt, "-c", "year,doc").stdout)
        assert columns == ["year", "doc"] and rows == [{"year": "2018", "doc": seed_path.stem}]
    import pandas as pd
    path = tmp_path / "i.xlsx"
    assert run("info", seed_path, "-c", "title,chars", "-o", path).code == 0
    assert list(pd.read_excel(path).columns) == ["title", "chars"]


def test_unknown_column_names_the_valid_ones(run, seed_path, tmp_path):
    target = tmp_path / "keep.csv"
    target.write_text("old", encoding="utf-8")
    result = run("metrics", seed_path, "-c", "indicator,valeu", "-o", target)
    assert result.code == 2 and result.clean and len(result.error_lines) == 1
    assert "'valeu'" in result.stderr and "indicator,change,role,value" in result.stderr
    assert target.read_text(encoding="utf-8") == "old"  # found before anything was opened


@pytest.mark.parametrize("args, words", [(["-o", "out.xls"], "cannot write '.xls'"),
                                         (["-o", "noext"], "no extension"),
                                         (["-f", "xlsx"], "binary format"),
                                         (["-f", "dta", "-o", "-"], "binary format")])
def test_unwritable_formats_are_usage_errors_and_never_csv(run, seed_path, tmp_path, args, words, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("info", seed_path, *args)
    assert result.code == 2 and result.clean and len(result.error_lines) == 1 and words in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_stata_takes_long_strings(run, tmp_path):
    import pandas as pd
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "文" * 1500, "content": "“甲乙”“甲乙”"}) + "\n", encoding="utf-8")
    result = run("phrases", corpus, "-o", tmp_path / "p.dta")
    assert result.code == 0, result.stderr  # 4,500 bytes: a strL
    assert pd.read_stata(tmp_path / "p.dta")["doc"].tolist() == ["文" * 1500]


def test_bom_and_safe_csv(run, tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "=cmd|' /C calc'!A0", "content": "2018年工作报告"}) + "\n", encoding="utf-8")
    plain = run("info", corpus, "-f", "csv").stdout
    assert plain.splitlines()[1].startswith("=cmd")
    safe = tmp_path / "s.csv"
    assert run("info", corpus, "--bom", "--safe-csv", "-o", safe).code == 0
    raw = safe.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfdoc,")
    [row] = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
    assert row["doc"] == "'=cmd|' /C calc'!A0" and row["chars"] == str(len("2018年工作报告"))
    import pandas as pd
    book = tmp_path / "s.xlsx"
    assert run("info", corpus, "-o", book).code == 0  # on by default for a workbook
    assert pd.read_excel(book)["doc"].tolist() == ["'=cmd|' /C calc'!A0"]


def test_segment_takes_the_output_options(run, seed_path):
    rows = [json.loads(line) for line in run("segment", seed_path, "-f", "jsonl").stdout.splitlines()]
    assert [r["doc"] for r in rows] == [seed_path.stem] and "九龙坡区" in rows[0]["tokens"].split()
    plain = run("segment", seed_path).stdout
    assert plain.strip() == rows[0]["tokens"]
    assert run("segment", seed_path, "-c", "tokens", "-f", "csv").stdout.splitlines()[0] == "tokens"


def test_top_0_means_no_limit_in_every_command(run, seed_path):
    every = run("keywords", seed_path, "--top", "0", "-f", "csv").csv_rows()
    assert len(every) > 200 and len(run("keywords", seed_path, "-f", "csv").csv_rows()) == 20
    assert run("phrases", seed_path, "--top", "0").csv_rows() == run("phrases", seed_path).csv_rows()
    all_terms = run("keyness", seed_path, "--top", "0", "--bottom", "5").csv_rows()
    assert len(all_terms) > 1000 and len({r["term"] for r in all_terms}) == len(all_terms)


def test_metrics_section_matches_any_enclosing_heading(run, seed_path):
    rows = run("metrics", seed_path, "--section", "重点工作").csv_rows()
    sections = {r["section"] for r in rows}
    assert "三、2018年重点工作" in sections and any(s.startswith("(") for s in sections)


# --- the terminal view ---------------------------------------------------------------------------


@pytest.fixture
def terminal(monkeypatch):
    """Make the CLI believe stdout is a terminal of a given width."""
    import govreport.cli
    import govreport.output

    def at(width: int) -> None:
        monkeypatch.setattr(govreport.output, "isatty", lambda stream: True)
        monkeypatch.setattr(govreport.cli, "isatty", lambda stream: True)
        monkeypatch.setenv("COLUMNS", str(width))

    return at


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("command", ["metrics", "numbers", "phrases", "keywords", "kwic 增长", "info",
                                     "info --sections", "targets"])
def test_terminal_views_fit_the_width(run, terminal, seed_path, national_path, width, command):
    from govreport.output import text_width

    terminal(width)
    args = command.split()
    source = national_path if args[0] == "targets" else seed_path
    result = run(*args, source, "-q")
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines and all(text_width(line) <= width for line in lines), max(lines, key=text_width)
    header = lines[0].split(" │ ")
    assert all("…" not in name for name in header) or width < 80  # column names whole at 80 and more


def test_terminal_metrics_view_is_compact_and_all_columns_gives_all(run, terminal, seed_path):
    terminal(120)
    compact = run("metrics", seed_path).stdout.splitlines()
    assert [c.strip() for c in compact[0].split(" │ ")] == ["indicator", "text", "change", "kind", "period",
                                                            "qualifier", "sentence"]
    assert compact[2].startswith("── jiulongpo_2018")  # the document as a title line
    assert "--all-columns" in compact[-1]
    full = run("metrics", seed_path, "--all-columns").stdout.splitlines()
    assert len(full[0].split(" │ ")) == len(COLUMNS)
    chosen = run("metrics", seed_path, "-c", "value,unit").stdout.splitlines()
    assert [c.strip() for c in chosen[0].split(" │ ")] == ["value", "unit"]


def test_escape_sequences_never_reach_the_terminal(run, terminal, tmp_path):
    hostile = "2018年工作报告\n一、回顾\n地区生产总值\x1b]0;pwned\x07增长8%，\x1b[41m红色\x1b[0m“五位一体”。\n"
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "doc\x1b[2J", "content": hostile}) + "\n", encoding="utf-8")
    as_json = run("metrics", corpus, "-f", "jsonl").stdout
    assert "\x1b" not in as_json and "\\u001b" in as_json
    assert any("\x1b" in json.loads(line)["sentence"] for line in as_json.splitlines())  # kept as data
    terminal(120)
    for command in (["metrics"], ["phrases"], ["kwic", "增长"], ["segment"], ["info"], ["trends", "增长"]):
        out = run(*command, corpus).stdout
        assert out and "\x1b" not in out and "\x07" not in out, command


def test_every_help_ends_with_examples(run):
    for name in sorted(cli.commands):
        text = run(name, "--help").stdout.rstrip().splitlines()
        examples = text[text.index("  Examples:") + 1:]
        assert 2 <= len(examples) <= 3 and all(line.strip().startswith(f"govreport {name}") for line in examples)


def _readme_sections() -> dict[str, str]:
    """The README's text about each command, by command name."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    parts = re.split(r"^### `govreport (\w+)[^`]*`\n", readme, flags=re.M)
    return {name: body.split("\n## ")[0] for name, body in zip(parts[1::2], parts[2::2], strict=True)}


def _documented_columns(body: str) -> list[list[str]]:
    """Every column list a README section gives: each `a, b, c` in backticks, and its column table."""
    import re

    lists = [[c.strip() for c in m.split(",")] for m in re.findall(r"`([a-z_0-9]+(?:,\s+[a-z_0-9]+)+)`", body)]
    tables: list[list[str]] = [[]]  # each table on its own: a section may have several
    for line in body.splitlines():
        if not line.startswith("|"):
            if tables[-1]:
                tables.append([])
            continue
        m = re.match(r"\| ([a-z_0-9, ]+) \|", line)
        if m and m.group(1) != "column":
            tables[-1].extend(c.strip() for c in m.group(1).split(","))
    return lists + [t for t in tables if t]


def test_readme_columns_are_the_commands_columns():
    from govreport import keyness, keywords, metrics, phrases, quantities, targets, trends
    from govreport.cli import INFO_COLUMNS, SECTION_COLUMNS, SEGMENT_COLUMNS

    declared = {
        "metrics": [metrics.COLUMNS], "numbers": [quantities.COLUMNS], "keywords": [keywords.columns("tfidf")],
        "kwic": [keywords.KWIC_COLUMNS], "info": [INFO_COLUMNS, SECTION_COLUMNS], "targets": [targets.COLUMNS],
        "trends": [trends.columns("doc"), trends.columns("year")], "keyness": [keyness.columns()],
        "phrases": [phrases.columns("section"), phrases.columns("category")], "segment": [SEGMENT_COLUMNS],
    }
    sections = _readme_sections()
    for name, column_lists in declared.items():
        documented = _documented_columns(sections[name])
        for columns in column_lists:
            assert list(columns) in documented, f"README's {name} section does not list {', '.join(columns)}"


@pytest.mark.parametrize("command", ["metrics", "numbers", "phrases", "info"])
def test_inputs_that_all_name_nothing_write_no_header(run, tmp_path, command):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(command, str(tmp_path / "missing.txt"), str(empty), "-f", "csv")
    assert result.code == 2 and result.stdout == "" and result.clean
    assert len(result.error_lines) >= 2  # one line per input that names nothing
