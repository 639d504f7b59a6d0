"""Running one function over many documents: in order, in parallel, losing nothing.

A batch expands the inputs into tasks, reads each document and applies a pure function to it, in worker
processes when ``jobs`` > 1. Results come back in input order as they finish. A document that cannot be
read, or on which a rule raises, is set aside and listed on stderr at the end (``exit_code``); every other
document still gives its result. With ``strict`` the first failure stops the batch (:class:`BatchAbort`).

Worker processes ignore SIGINT: on Ctrl-C only the parent stops (the CLI reports it and exits 130), and it
ends the workers on its way out. The parent watches its workers: one that dies (the out-of-memory killer,
kill -9) costs only the document it was reading, reported as a failure; the others are read by a fresh
worker. Documents travel to workers in chunks sized by their bytes, so that many small documents cost few
messages; results still come back per document, in input order.
"""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from govreport.loading import Failure, LoadError, Task, iter_tasks
from govreport.output import isatty

SEED_NAME = "jiulongpo_2018.txt"


def seed_path() -> str:
    """The bundled report (2018 Jiulongpo district), shipped as package data."""
    return str(resources.files("govreport") / "data" / SEED_NAME)


def _work(args: tuple[Task, Callable, str | None]) -> tuple[str, Any, str | None]:
    """Read one document and apply ``fn``: (name, result, None) or (name, None, the one-line reason)."""
    task, fn, encoding = args
    try:
        report = task.load(encoding)
    except LoadError as exc:
        return task.name, None, str(exc)
    except RecursionError:
        return task.name, None, "input too deeply nested"
    except OSError as exc:  # read_file turns the usual ones into LoadError; anything else still costs one document
        return task.name, None, exc.strerror or str(exc)
    except Exception as exc:  # a bug in reading one document must not cost the others their results
        return task.name, None, f"internal error: {type(exc).__name__}: {exc}"
    try:
        return task.name, fn(report), None
    except RecursionError:
        return task.name, None, "internal error: input too deeply nested"
    except Exception as exc:  # a rule that raises must not cost the other documents their results
        return task.name, None, f"internal error: {type(exc).__name__}: {exc}"


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


# A run this small is done in one process: starting workers would cost more than they save.
SMALL_RUN_BYTES = 1 << 20
# Documents travel to workers in chunks of about this many bytes (fewer for a small batch, so that every
# worker gets several chunks) and at most this many documents: one message per chunk, not per document.
CHUNK_BYTES = 256 << 10
CHUNK_DOCS = 500
CHUNKS_PER_WORKER = 8


def task_sizes(tasks: list[Task]) -> list[int]:
    """Each task's size in bytes as far as it is known without reading it (0 when unknown, e.g. a FIFO): a
    file's size, a JSON Lines row's as listed, the bytes read from standard input."""
    sizes = []
    for task in tasks:
        if task.data is not None:
            sizes.append(len(task.data))
        elif task.offset >= 0:
            sizes.append(max(task.size, 0))
        else:
            try:
                sizes.append(os.stat(task.path or task.name).st_size)
            except (OSError, ValueError):
                sizes.append(0)
    return sizes


def chunks(sizes: list[int], jobs: int) -> list[list[int]]:
    """The task indices cut into consecutive chunks, sized so that each worker gets several of them."""
    target = min(CHUNK_BYTES, sum(sizes) // (jobs * CHUNKS_PER_WORKER))
    cut: list[list[int]] = []
    current: list[int] = []
    size = 0
    for i, n in enumerate(sizes):
        current.append(i)
        size += n
        if size >= target or len(current) >= CHUNK_DOCS:
            cut.append(current)
            current, size = [], 0
    if current:
        cut.append(current)
    return cut


def death_reason(exitcode: int | None) -> str:
    """Why a worker process ended, for the document it was reading: a SIGKILL is most often the kernel's
    out-of-memory killer."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if -exitcode == getattr(signal, "SIGKILL", 9):
            return f"its worker process was killed ({name}), likely out of memory"
        return f"its worker process died ({name})"
    return f"its worker process died (exit code {exitcode})"


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _block_stop_signals() -> set | None:
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)


def _restore_signals(mask: set | None) -> None:
    if mask is not None and hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _serve(conn, slots, slot: int, fn: Callable, encoding: str | None) -> None:
    """A worker: read chunks of tasks from ``conn`` and send back their results, until told to stop.

    Before each document it writes the document's index to ``slots[slot]``, so that if the process is killed
    (the out-of-memory killer, kill -9), the parent knows which document it was reading. Ctrl-C is the
    parent's to report: it ends the workers itself; SIGTERM ends a worker at once (the parent's own handler
    is not inherited). The worker leaves through ``os._exit``, so that nothing the parent had buffered
    before the fork (rows for standard output) is flushed a second time.
    """
    import pickle  # here, not at the top: only workers need it (multiprocessing has loaded it; 1.4 ms of import)

    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        _restore_signals(set())
        while True:
            try:
                job = conn.recv()
            except EOFError:  # the parent went away
                break
            if job is None:
                break
            indices, tasks = job
            results = []
            for index, task in zip(indices, tasks, strict=True):
                slots[slot] = index
                results.append(_work((task, fn, encoding)))
            try:
                conn.send(results)
            except (TypeError, AttributeError, pickle.PicklingError) as exc:  # a result that cannot travel
                conn.send([(name, None, f"internal error: the result cannot be sent: {exc}") if error is None
                           else (name, None, error) for name, _, error in results])
            slots[slot] = -1
    except BaseException:  # noqa: BLE001 - the parent reports a worker that died; nothing to print here
        code = 1
    finally:
        os._exit(code)


def _requeue(queue: deque, chunk: list[int]) -> None:
    """Put a chunk back in its place: the queue stays in input order, so the next chunk is the earliest."""
    at = next((i for i, queued in enumerate(queue) if queued[0] > chunk[0]), len(queue))
    queue.insert(at, chunk)


@dataclass
class _Worker:
    process: Any
    conn: Any
    slot: int
    chunk: list[int] | None = None  # the task indices it is working on


class Workers:
    """Worker processes that each take one chunk of tasks at a time, watched by the parent.

    ``results(tasks, chunks)`` yields every task's ``(name, result, error)`` in task order. A worker that
    dies (killed by the system, a crash in a C library) costs only the document it was reading, which is
    reported as a failure; the rest of its chunk goes to a fresh worker. At most ``ahead`` results wait for
    a slow document before it, so memory stays bounded.
    """

    def __init__(self, jobs: int, fn: Callable, encoding: str | None):
        import multiprocessing

        methods = multiprocessing.get_all_start_methods()
        self.ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.fn = fn
        self.encoding = encoding
        self.slots = self.ctx.RawArray("q", [-1] * jobs)
        self.workers: list[_Worker | None] = [None] * jobs
        self.unblamed: dict[int, int] = {}  # per chunk (by its first task), deaths pinned on no document
        for slot in range(jobs):
            self._start(slot)

    def _start(self, slot: int) -> _Worker | None:
        """A new worker in ``slot``; None when the system cannot start one."""
        ours, theirs = self.ctx.Pipe()
        self.slots[slot] = -1
        process = self.ctx.Process(target=_serve, args=(theirs, self.slots, slot, self.fn, self.encoding),
                                   daemon=True)
        blocked = _block_stop_signals()  # none lands between the fork and the worker's own signal setup
        try:
            process.start()
            worker = self.workers[slot] = _Worker(process, ours, slot)
        except OSError:
            ours.close()
            return None
        finally:
            theirs.close()
            _restore_signals(blocked)
        return worker

    def results(self, tasks: list[Task], cut: list[list[int]]) -> Iterator[tuple[str, Any, str | None]]:
        queue = deque(cut)
        done: dict[int, tuple[str, Any, str | None]] = {}
        ahead = max(64, 4 * len(self.workers) * max(map(len, cut), default=1))
        head = 0
        while head < len(tasks):
            while head in done:
                yield done.pop(head)
                head += 1
            if head == len(tasks):
                break
            self._dispatch(queue, tasks, head, ahead - len(done))
            busy = [w for w in self.workers if w is not None and w.chunk is not None]
            if not busy:  # no worker could be started: read the next chunk here
                if queue:
                    for index in queue.popleft():
                        done[index] = _work((tasks[index], self.fn, self.encoding))
                continue
            self._collect(busy, done, queue, tasks)
            self._dispatch(queue, tasks, head, ahead - len(done))  # more work before the rows are written

    def _dispatch(self, queue: deque, tasks: list[Task], head: int, room: int) -> None:
        """Give a chunk to every idle worker, while there is ``room`` for results that wait, or the chunk
        holds the document the output waits for (``head``)."""
        for slot, worker in enumerate(self.workers):
            if not queue or (room <= 0 and queue[0][0] > head):
                return
            if worker is not None and worker.chunk is not None:
                continue
            if worker is None or not worker.process.is_alive():
                if worker is not None:
                    self._bury(worker)
                worker = self._start(slot)
                if worker is None:
                    continue
            chunk = queue.popleft()
            try:
                worker.conn.send((chunk, [tasks[i] for i in chunk]))
            except OSError:  # it died while idle: the chunk goes to the next worker
                _requeue(queue, chunk)
                self._bury(worker)
                continue
            worker.chunk = chunk

    def _collect(self, busy: list[_Worker], done: dict, queue: deque, tasks: list[Task]) -> None:
        from multiprocessing.connection import wait

        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
        for worker in busy:
            if worker.conn not in ready and worker.process.sentinel not in ready:
                continue
            try:
                results = worker.conn.recv()
            except (EOFError, OSError):
                self._lost(worker, done, queue, tasks)
                continue
            for index, result in zip(worker.chunk or (), results, strict=True):
                done[index] = result
            worker.chunk = None

    def _lost(self, worker: _Worker, done: dict, queue: deque, tasks: list[Task]) -> None:
        """``worker`` died: its document fails, the rest of its chunk is queued again for another worker."""
        chunk = worker.chunk or []
        at = self.slots[worker.slot]
        self._bury(worker)
        if at not in chunk and chunk:
            self.unblamed[chunk[0]] = self.unblamed.get(chunk[0], 0) + 1
            if self.unblamed[chunk[0]] > 3:  # workers keep dying before they start this chunk: blame its first
                at = chunk[0]
        if at in chunk:
            done[at] = (tasks[at].name, None, death_reason(worker.process.exitcode))
        rest = [i for i in chunk if i != at]
        if rest:
            _requeue(queue, rest)

    def _bury(self, worker: _Worker) -> None:
        worker.process.join(timeout=5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.conn.close()
        self.workers[worker.slot] = None

    def close(self) -> None:
        """Stop every worker now: idle ones are told to stop, busy ones (Ctrl-C, a closed pipe) are killed."""
        live = [w for w in self.workers if w is not None]
        for worker in live:
            if worker.chunk is None:
                try:
                    worker.conn.send(None)
                except OSError:
                    pass
            else:
                worker.process.kill()
        for worker in live:
            self._bury(worker)


@dataclass
class Batch:
    """Documents named by ``inputs``, read with ``encoding`` and processed by ``jobs`` processes.

    ``failures`` collects every input that gave no document; ``exit_code()`` lists them on stderr.
    """

    inputs: tuple[str, ...]
    encoding: str | None = None
    jobs: int | None = None
    quiet: bool = False
    strict: bool = False
    stdin: Any = None
    failures: list[Failure] = field(default_factory=list)
    done: int = 0
    missing_inputs: int = 0
    exclude: frozenset[str] = frozenset()  # real paths never to read (the output file)
    notes: list[str] = field(default_factory=list)  # lines for stderr after the failures
    _reported: int = 0  # failures already printed
    _tasks: list[Task] | None = None

    def tasks(self) -> list[Task]:
        """Every document the inputs name, in input order; inputs that name nothing become failures.

        Expanded once (standard input is read then): later calls give the same list."""
        if self._tasks is None:
            self._tasks = self._expand()
        return self._tasks

    def _expand(self) -> list[Task]:
        tasks = []
        inputs = self.inputs
        if "-" in inputs and self.stdin is None and sys.stdin is None:  # started with stdin closed (<&-)
            inputs = tuple(i for i in inputs if i != "-")
            self.fail(Failure("-", "standard input is closed", usage=True))
        real: dict[str, bool] = {}  # path -> whether it is excluded (the rows of one JSON Lines file share it)
        for item in iter_tasks(inputs, self.stdin):
            if isinstance(item, Failure):
                self.fail(item)
                continue
            if self.exclude and item.path:
                if item.path not in real:
                    real[item.path] = os.path.realpath(item.path) in self.exclude
                if real[item.path]:
                    continue
            tasks.append(item)
        return tasks

    def fail(self, failure: Failure) -> None:
        """Record a failure; with ``strict``, report it now and stop the batch."""
        self.failures.append(failure)
        if failure.usage:
            self.missing_inputs += 1
        if self.strict:
            self.report_failures()
            raise BatchAbort(failure)

    def map(self, fn: Callable[[Any], Any]) -> Iterator[Any]:
        """``fn(report)`` for every document, in input order; failures are recorded and skipped.

        ``fn`` must be picklable (a module-level function or a functools.partial of one) when jobs > 1.
        """
        tasks = self.tasks()
        sizes = task_sizes(tasks) if len(tasks) > 1 else [0] * len(tasks)
        jobs = self.jobs_for(sizes)
        pool = None
        if jobs == 1:
            results: Iterable = (_work((t, fn, self.encoding)) for t in tasks)
        else:
            pool = Workers(jobs, fn, self.encoding)  # before the progress bar starts its thread: fork is safe
            results = pool.results(tasks, chunks(sizes, jobs))
        progress = self._progress(len(tasks))
        try:
            for name, result, error in results:
                if progress is not None:
                    progress[0].advance(progress[1])
                if error is not None:
                    self.fail(Failure(name, error))
                    continue
                self.done += 1
                yield result
        finally:
            if pool is not None:
                pool.close()
            if progress is not None:
                progress[0].stop()

    def jobs_for(self, sizes: list[int]) -> int:
        """The processes to use for documents of these sizes: ``jobs``, or every CPU, but never more than
        there are documents, and one when the user did not ask and the documents are small."""
        if len(sizes) < 2:
            return 1
        if self.jobs:
            return min(self.jobs, len(sizes))
        if sum(sizes) < SMALL_RUN_BYTES:
            return 1
        return min(default_jobs(), len(sizes))

    def _progress(self, total: int):
        if self.quiet or total < 2 or not isatty(sys.stderr):
            return None
        from rich.console import Console
        from rich.progress import Progress

        prog = Progress(console=Console(file=sys.stderr), transient=True)
        prog.start()
        return prog, prog.add_task("reports", total=total)

    def report_failures(self) -> None:
        """Print the failures not yet printed, one line each, on stderr."""
        for failure in self.failures[self._reported:]:
            say(f"{failure.name}: {failure.reason}")
        self._reported = len(self.failures)

    def exit_code(self) -> int:
        """List the failures, then the notes; 0 when every input gave its document, 2 when an input named
        nothing (a usage error), 1 when documents could not be read (a data error)."""
        code = 0
        if self.failures:
            self.report_failures()
            n = len(self.failures)
            total = self.done + n
            if total > 1 and not self.strict:
                say(f"{n} of {total} inputs failed")
            code = 2 if self.missing_inputs else 1
        for note in self.notes:
            say(note)
        self.notes.clear()
        return code


def say(line: str) -> None:
    """One line on stderr, after "govreport: "; nothing when stderr is closed (never onto stdout's data)."""
    if sys.stderr is not None:
        try:
            print(f"govreport: {line}", file=sys.stderr, flush=True)
        except (OSError, ValueError):
            pass


class BatchAbort(Exception):
    """--strict: stop at the first failure (already reported on stderr)."""
