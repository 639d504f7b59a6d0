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

INFO_COLUMNS = ["doc", "title", "year", "region", "level", "chars", "paragraphs", "sections"]
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
    # a rich table: header cells between ┃, data cells between │
    header = next(line for line in out.splitlines() if line.startswith("┃"))
    columns = [c.strip() for c in header.strip("┃").split("┃")]
    rows = [[c.strip() for c in line.strip("│").split("│")] for line in out.splitlines() if line.startswith("│")]
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
                                  ["keywords", "--top", "0"], ["info", "--encoding", "no-such-codec"]])
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
