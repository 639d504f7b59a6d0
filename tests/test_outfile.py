"""-o FILE: replaced only by a finished run, whatever the writer; write errors name the file."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from govreport import loading
from govreport.outfile import OutputFile, WriteError, open_output

OLD = "the rows of an earlier run\n"


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.mark.parametrize("command", ["metrics", "segment", "keyness"])
def test_a_mistyped_input_leaves_the_output_file_as_it_was(run, tmp_path, seed_path, command):
    target = tmp_path / "out.csv"
    target.write_text(OLD, encoding="utf-8")
    result = run(command, seed_path, tmp_path / "reprot.txt", "-o", target, "-q")
    assert result.code == 2 and result.clean
    assert result.error_lines == [f"govreport: {tmp_path / 'reprot.txt'}: no such file or directory",
                                  f"govreport: -o {target} not written: 1 input names nothing"]
    assert target.read_text(encoding="utf-8") == OLD and files_in(tmp_path) == {"out.csv"}


def test_a_mistyped_reference_leaves_the_output_file_as_it_was(run, tmp_path, seed_path):
    target = tmp_path / "out.csv"
    target.write_text(OLD, encoding="utf-8")
    result = run("keyness", seed_path, "-r", tmp_path / "missing", "-o", target, "-q")
    assert result.code == 2 and result.error_lines[-1] == f"govreport: -o {target} not written: 1 input names nothing"
    assert target.read_text(encoding="utf-8") == OLD


def test_a_finished_run_replaces_the_file_keeping_its_mode_and_links(run, tmp_path, seed_path):
    target = tmp_path / "out.csv"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    result = run("metrics", seed_path, "-o", link, "-q")
    assert result.code == 0 and result.stderr == ""
    assert link.is_symlink() and link.resolve() == target
    assert target.read_text(encoding="utf-8") == run("metrics", seed_path, "-f", "csv").stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert files_in(tmp_path) == {"out.csv", "link.csv"}  # no temporary file left


def test_a_run_that_reads_no_document_leaves_the_file(run, tmp_path):
    target = tmp_path / "out.json"
    target.write_text(OLD, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("metrics", tmp_path / "empty.txt", "-o", target, "-q")
    assert result.code == 1
    assert result.error_lines == [f"govreport: {tmp_path / 'empty.txt'}: empty file",
                                  f"govreport: -o {target} not written: no document was read"]
    assert target.read_text(encoding="utf-8") == OLD


def test_a_run_with_one_bad_document_still_writes_the_others(run, tmp_path, seed_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    target = tmp_path / "out.jsonl"
    result = run("info", seed_path, tmp_path / "empty.txt", "-o", target, "-q")
    assert result.code == 1 and result.error_lines[-1] == "govreport: 1 of 2 inputs failed"
    assert [json.loads(line)["doc"] for line in target.read_text(encoding="utf-8").splitlines()] == ["jiulongpo_2018"]


def test_the_output_folder_removed_during_the_run_is_one_line(run, tmp_path, seed_path, monkeypatch):
    folder = tmp_path / "results"
    folder.mkdir()
    real_read_file = loading.read_file

    def read_file(path, encoding=None):
        shutil.rmtree(folder, ignore_errors=True)
        return real_read_file(path, encoding)

    monkeypatch.setattr(loading, "read_file", read_file)
    result = run("metrics", seed_path, "-o", folder / "out.csv", "-q", "-j", "1")
    assert result.code == 1 and result.clean
    assert result.error_lines == [f"govreport: cannot write {folder / 'out.csv'}: No such file or directory"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_names_the_file(run, seed_path):
    result = run("metrics", seed_path, "-o", "/dev/full", "-q")
    assert result.code == 1 and result.clean
    assert result.error_lines == ["govreport: cannot write /dev/full: No space left on device"]
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "govreport", "metrics", str(seed_path), "-q"], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr == "govreport: cannot write standard output: No space left on device\n"
    binary = run("info", seed_path, "-f", "xlsx", "-o", "/dev/full", "-q")  # bytes go through the same guard
    assert binary.code == 1 and binary.error_lines == ["govreport: cannot write /dev/full: No space left on device"]


def test_a_binary_writer_writes_the_temporary_path(tmp_path):
    """A writer that takes a path (xlsx, parquet) composes: the path keeps the extension, and only a commit
    puts the file in place."""
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")
    out = open_output(str(target))
    assert out.replaces and out.path.endswith(".xlsx") and Path(out.path).parent == tmp_path
    Path(out.path).write_bytes(b"new")
    assert target.read_bytes() == b"old"
    out.commit()
    assert out.close() is None and target.read_bytes() == b"new" and files_in(tmp_path) == {"out.xlsx"}


def test_without_a_commit_the_temporary_file_goes_or_stays_as_the_partial_output(tmp_path):
    target = tmp_path / "out.csv"
    out = OutputFile(str(target))
    out.stream.write("a,b\n")
    assert out.close() is None and files_in(tmp_path) == set()
    out = OutputFile(str(target), keep_partial=True)
    out.stream.write("a,b\n")
    assert out.close() == str(tmp_path / "out.partial.csv")
    assert files_in(tmp_path) == {"out.partial.csv"} and (tmp_path / "out.partial.csv").read_text() == "a,b\n"


def test_an_unwritable_place_is_an_error_before_the_run(tmp_path):
    with pytest.raises(WriteError, match=r"^cannot write .*missing/out\.csv: No such file or directory$"):
        OutputFile(str(tmp_path / "missing" / "out.csv"))


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_a_device_is_written_in_place_never_replaced(run, seed_path):
    result = run("metrics", seed_path, "-o", "/dev/null", "-q")
    assert result.code == 0 and result.stderr == ""
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_file_in_a_folder_that_takes_no_new_file_is_written_in_place(tmp_path, monkeypatch):
    target = tmp_path / "out.csv"
    target.write_text(OLD, encoding="utf-8")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    out = OutputFile(str(target))
    assert not out.replaces and out.path == str(target)
    out.stream.write("a,b\n")
    out.commit()
    assert out.close() is None and target.read_text(encoding="utf-8") == "a,b\n"
