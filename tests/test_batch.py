"""The batch runner: input order whatever the number of processes, failures kept apart, Ctrl-C."""

from __future__ import annotations

import errno
import io
import os
import signal
import subprocess
import sys
import time

import pytest

from govreport import batch as batch_module
from govreport.batch import Batch, BatchAbort
from govreport.loading import load_corpus


def doc_and_size(report) -> tuple[str, int]:
    return report.id, len(report.text)


def worker_view(report) -> tuple[int, bool]:
    return os.getpid(), signal.getsignal(signal.SIGINT) == signal.SIG_IGN


def fails_on_short(report) -> str:
    if len(report.text) < 2000:
        raise ValueError("too short for this rule")
    return report.id


def test_same_output_with_one_or_two_processes(run, national_path):
    one = run("info", national_path, "-j", "1", "-f", "jsonl")
    two = run("info", national_path, "-j", "2", "-f", "jsonl")
    assert one.code == two.code == 0
    assert one.stdout == two.stdout and one.stdout.count("\n") == len(load_corpus([national_path]))
    sections_one = run("info", "--sections", national_path, "-j", "1")
    sections_two = run("info", "--sections", national_path, "-j", "2")
    assert sections_one.stdout == sections_two.stdout


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_results_come_in_input_order(national_path, jobs):
    expected = [(r.id, len(r.text)) for r in load_corpus([national_path])]
    batch = Batch((str(national_path),), jobs=jobs, quiet=True)
    assert list(batch.map(doc_and_size)) == expected
    assert batch.done == len(expected) and batch.exit_code() == 0


def test_workers_are_other_processes_that_ignore_sigint(national_path):
    views = list(Batch((str(national_path),), jobs=2, quiet=True).map(worker_view))
    assert all(pid != os.getpid() for pid, _ in views)
    assert all(ignores for _, ignores in views)
    assert signal.getsignal(signal.SIGINT) != signal.SIG_IGN  # the parent still hears Ctrl-C


def test_a_rule_that_raises_costs_only_its_document(national_path, capsys):
    reports = load_corpus([national_path])
    batch = Batch((str(national_path),), jobs=2, quiet=True)
    results = list(batch.map(fails_on_short))
    assert results == [r.id for r in reports if len(r.text) >= 2000]
    short = [r for r in reports if len(r.text) < 2000]
    assert len(batch.failures) == len(short) > 0
    assert all("internal error: ValueError: too short" in f.reason for f in batch.failures)
    assert batch.exit_code() == 1
    err = capsys.readouterr().err
    assert err.count("\n") == len(short) + 1 and f"{len(short)} of {len(reports)} inputs failed" in err


def test_exit_codes(tmp_path, seed_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert _code(Batch((str(seed_path),), quiet=True)) == 0
    assert _code(Batch((str(seed_path), str(tmp_path / "empty.txt")), quiet=True)) == 1
    assert _code(Batch((str(seed_path), str(tmp_path / "missing.txt")), quiet=True)) == 2
    assert _code(Batch((str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt")), quiet=True)) == 2


def _code(batch: Batch) -> int:
    list(batch.map(doc_and_size))
    return batch.exit_code()


def test_failures_are_listed_at_the_end_not_as_they_happen(tmp_path, seed_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    batch = Batch((str(tmp_path / "empty.txt"), str(seed_path)), jobs=1, quiet=True)
    results = list(batch.map(doc_and_size))
    assert len(results) == 1 and capsys.readouterr().err == ""
    batch.exit_code()
    err = capsys.readouterr().err.splitlines()
    assert "empty.txt: empty file" in err[0] and "1 of 2 inputs failed" in err[1]


def test_strict_stops_at_the_first_failure(tmp_path, national_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    batch = Batch((str(tmp_path / "empty.txt"), str(national_path)), jobs=1, strict=True, quiet=True)
    seen = []
    with pytest.raises(BatchAbort):
        for result in batch.map(doc_and_size):
            seen.append(result)
    assert seen == [] and len(batch.failures) == 1
    assert "empty.txt" in capsys.readouterr().err
    assert batch.exit_code() == 1


def test_excluded_paths_are_not_read(tmp_path, seed_text):
    for name in ("a.txt", "out.txt"):
        (tmp_path / name).write_text(seed_text, encoding="utf-8")
    batch = Batch((str(tmp_path),), quiet=True, exclude=frozenset({os.path.realpath(tmp_path / "out.txt")}))
    assert [doc for doc, _ in batch.map(doc_and_size)] == ["a"]


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_for_many_documents(monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert Batch(("x",))._progress(10) is None  # not a terminal
    monkeypatch.setattr(sys, "stderr", _Tty())
    assert Batch(("x",))._progress(1) is None  # one document
    assert Batch(("x",), quiet=True)._progress(10) is None  # -q
    progress = Batch(("x",))._progress(10)
    assert progress is not None
    progress[0].stop()


def test_worker_initializer_ignores_sigint():
    before = signal.getsignal(signal.SIGINT)
    try:
        batch_module._init_worker(doc_and_size, None)
        assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not hasattr(os, "killpg"), reason="needs POSIX FIFOs")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_exits_130_without_traceback(tmp_path, national_path, jobs):
    """A FIFO as the first input blocks its reader until we act: Ctrl-C then lands mid-run, every time."""
    fifo = tmp_path / "slow.txt"
    os.mkfifo(fifo)
    proc = subprocess.Popen([sys.executable, "-m", "govreport", "info", str(fifo), str(national_path), "-j", jobs,
                             "-f", "csv"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    writer = None
    try:
        deadline = time.monotonic() + 30
        while writer is None:  # wait until a process has opened the FIFO to read it
            try:
                writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno != errno.ENXIO or time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.02)
        time.sleep(0.2)
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: the whole process group
        out, err = proc.communicate(timeout=30)
    finally:
        if writer is not None:
            os.close(writer)
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    assert "Traceback" not in err.decode() and "KeyboardInterrupt" not in err.decode()
    assert err.decode().strip() == "govreport: interrupted"
    time.sleep(0.1)
    with pytest.raises(ProcessLookupError):  # no worker left behind
        os.killpg(proc.pid, 0)
