"""The batch runner: input order whatever the number of processes, failures kept apart, Ctrl-C."""

from __future__ import annotations

import errno
import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreport import batch as batch_module
from govreport.batch import Batch, BatchAbort
from govreport.loading import load_corpus


def doc_and_size(report) -> tuple[str, int]:
    return report.id, len(report.text)


def worker_view(report) -> tuple[int, bool]:
    return os.getpid(), (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == (signal.SIG_IGN,
                                                                                                signal.SIG_DFL)


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


def open_fifo_writer(fifo, proc: subprocess.Popen) -> int:
    """Wait until a process of ``proc`` has opened the FIFO to read it; the writing end (so it blocks there)."""
    deadline = time.monotonic() + 30
    while True:
        try:
            return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO or time.monotonic() > deadline or proc.poll() is not None:
                raise
            time.sleep(0.02)


def start(*args, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "govreport", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True, **popen)


def no_process_left(proc: subprocess.Popen) -> bool:
    time.sleep(0.1)
    try:
        os.killpg(proc.pid, 0)
    except ProcessLookupError:
        return True
    return False


POSIX = pytest.mark.skipif(not hasattr(os, "mkfifo") or not hasattr(os, "killpg"), reason="needs POSIX FIFOs")


def signalled(proc, fifo, send) -> tuple[bytes, bytes]:
    """Open the FIFO the run blocks on, ``send()`` a signal mid-run, and collect what the run printed."""
    writer = None
    try:
        writer = open_fifo_writer(fifo, proc)
        time.sleep(0.2)
        send()
        return proc.communicate(timeout=30)
    finally:
        if writer is not None:
            os.close(writer)
        if proc.poll() is None:
            proc.kill()


@POSIX
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_exits_130_without_traceback(tmp_path, national_path, jobs):
    """A FIFO as the first input blocks its reader until we act: Ctrl-C then lands mid-run, every time."""
    fifo = tmp_path / "slow.txt"
    os.mkfifo(fifo)
    proc = start("info", fifo, national_path, "-j", jobs, "-f", "csv")
    out, err = signalled(proc, fifo, lambda: os.killpg(proc.pid, signal.SIGINT))  # as a terminal: the group
    assert proc.returncode == 130
    assert "Traceback" not in err.decode() and "KeyboardInterrupt" not in err.decode()
    assert err.decode().strip() == "govreport: interrupted"
    assert no_process_left(proc)


@POSIX
@pytest.mark.parametrize(("jobs", "to_group"), [("1", True), ("2", True), ("2", False)])
def test_sigterm_exits_143_with_valid_output(tmp_path, seed_path, jobs, to_group):
    """SIGTERM (to the process group, as systemd or a batch scheduler sends it, or to govreport alone) while
    a document is being read: one line, exit 143, the rows written so far a closed JSON array, no worker
    left, no traceback."""
    fifo = tmp_path / "slow.txt"
    os.mkfifo(fifo)
    proc = start("info", seed_path, fifo, seed_path, "-j", jobs, "-f", "json", "-q")
    out, err = signalled(proc, fifo, lambda: (os.killpg if to_group else os.kill)(proc.pid, signal.SIGTERM))
    assert proc.returncode == 143
    assert err.decode() == "govreport: terminated\n"
    rows = json.loads(out)
    assert isinstance(rows, list) and [r["doc"] for r in rows] in ([], ["jiulongpo_2018"])
    assert no_process_left(proc)


def children(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                kids.append(int(entry))
    return kids


def reader_of(path, pids: list[int]) -> int | None:
    """The process among ``pids`` that has ``path`` open."""
    for pid in pids:
        try:
            links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
        except OSError:
            continue
        if str(path) in links:
            return pid
    return None


@POSIX
@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="finds the worker through /proc")
@pytest.mark.parametrize("command", ["metrics", "phrases", "keywords"])
def test_a_worker_killed_by_the_system_costs_only_its_document(run, tmp_path, seed_text, command):
    """kill -9 of the worker reading a document (what the out-of-memory killer does): that document is
    reported, every other document's rows are written in input order, exit 1, and the run ends."""
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(seed_text, encoding="utf-8")
    fifo = tmp_path / "slow.txt"
    os.mkfifo(fifo)
    files = [tmp_path / "a.txt", fifo, tmp_path / "b.txt", tmp_path / "c.txt"]
    proc = start(command, *files, "-j", "2", "-f", "csv", "-q")
    writer = None
    try:
        writer = open_fifo_writer(fifo, proc)
        deadline = time.monotonic() + 30
        while (worker := reader_of(fifo, children(proc.pid))) is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert worker is not None and worker != proc.pid
        os.kill(worker, signal.SIGKILL)
        out, err = proc.communicate(timeout=60)
    finally:
        if writer is not None:
            os.close(writer)
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 1
    assert err.decode().splitlines() == [
        f"govreport: {fifo}: its worker process was killed (SIGKILL), likely out of memory",
        "govreport: 1 of 4 inputs failed"]
    expected = run(command, *(f for f in files if f != fifo), "-j", "1", "-f", "csv", "-q")
    assert expected.code == 0 and out.decode() == expected.stdout
    assert no_process_left(proc)


def dies_on_some(report) -> str:
    """Kill this worker process (as the out-of-memory killer does) on rows whose id ends in 7."""
    if report.id.endswith("7"):
        os.kill(os.getpid(), signal.SIGKILL)
    return report.id


@pytest.fixture
def tiny_corpus(tmp_path):
    """500 small JSON Lines rows: several chunks per worker."""
    path = tmp_path / "tiny.jsonl"
    rows = [json.dumps({"id": f"r{i}", "content": f"各位代表：地区生产总值增长{i % 10}%。"}, ensure_ascii=False)
            for i in range(500)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def hang_guard():
    """A run that hangs fails the test after 60 s instead of hanging the suite (not a timing assertion)."""

    def fail(signum, frame):
        raise TimeoutError("the batch hangs")

    before = signal.signal(signal.SIGALRM, fail)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, before)


def test_every_killed_worker_costs_one_document_and_the_batch_goes_on(tiny_corpus, hang_guard):
    batch = Batch((str(tiny_corpus),), jobs=2, quiet=True)
    assert list(batch.map(dies_on_some)) == [f"r{i}" for i in range(500) if i % 10 != 7]
    assert [f.name for f in batch.failures] == [f"{tiny_corpus}:{i + 1}" for i in range(500) if i % 10 == 7]
    assert {f.reason for f in batch.failures} == {"its worker process was killed (SIGKILL), likely out of memory"}


def test_many_small_documents_travel_in_chunks_and_come_back_in_order(tiny_corpus, hang_guard):
    tasks = Batch((str(tiny_corpus),)).tasks()
    cut = batch_module.chunks(batch_module.task_sizes(tasks), 2)
    assert [i for chunk in cut for i in chunk] == list(range(500))
    assert 16 <= len(cut) <= 20  # every worker gets about eight, not one message per document
    one = Batch((str(tiny_corpus),), jobs=1, quiet=True)
    two = Batch((str(tiny_corpus),), jobs=2, quiet=True)
    assert list(two.map(fails_on_short_rows)) == list(one.map(fails_on_short_rows))
    assert two.failures == one.failures and len(one.failures) == 50  # each failure costs only its document


def fails_on_short_rows(report) -> str:
    if report.text.endswith("3%。"):
        raise ValueError("no rule for 3%")
    return report.id


@given(st.lists(st.integers(0, 10 ** 6), max_size=300), st.integers(1, 8))
def test_chunks_cover_every_task_once_in_order(sizes, jobs):
    cut = batch_module.chunks(sizes, jobs)
    assert [i for chunk in cut for i in chunk] == list(range(len(sizes)))
    assert all(len(chunk) <= batch_module.CHUNK_DOCS for chunk in cut)
    # a chunk ends once it holds its share of the bytes: only its last document takes it past
    share = min(batch_module.CHUNK_BYTES, sum(sizes) // (jobs * batch_module.CHUNKS_PER_WORKER))
    assert all(sum(sizes[i] for i in chunk[:-1]) < max(share, 1) for chunk in cut)


def worker_pid(report) -> int:
    return os.getpid()


def test_a_small_run_uses_no_worker_processes(tmp_path, seed_text, national_path):
    """-j not given: a few small documents are read in this process; only a bigger run starts workers."""
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(seed_text, encoding="utf-8")
    assert set(Batch((str(tmp_path),), quiet=True).map(worker_pid)) == {os.getpid()}
    assert set(Batch((str(tmp_path),), jobs=2, quiet=True).map(worker_pid)) != {os.getpid()}  # asked for
    big = Batch((str(national_path),), quiet=True)
    sizes = batch_module.task_sizes(big.tasks())
    assert sum(sizes) == national_path.stat().st_size  # every row's bytes, as listed (the file has no blank line)
    assert big.jobs_for(sizes) == min(batch_module.default_jobs(), len(sizes))
