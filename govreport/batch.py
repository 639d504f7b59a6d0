"""Running one function over many documents: in order, in parallel, losing nothing.

A batch expands the inputs into tasks, reads each document and applies a pure function to it, in worker
processes when ``jobs`` > 1. Results come back in input order as they finish. A document that cannot be
read, or on which a rule raises, is set aside and listed on stderr at the end (``exit_code``); every other
document still gives its result. With ``strict`` the first failure stops the batch (:class:`BatchAbort`).

Worker processes ignore SIGINT: on Ctrl-C only the parent stops (the CLI reports it and exits 130), and it
terminates the workers on its way out.
"""

from __future__ import annotations

import os
import signal
import sys
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


# In a worker, the function and encoding are set once by the pool initializer, not sent with every task.
_worker_job: tuple[Callable, str | None] | None = None


def _init_worker(fn: Callable, encoding: str | None) -> None:
    global _worker_job
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to report, not every worker's
    _worker_job = (fn, encoding)


def _work_in_worker(task: Task) -> tuple[str, Any, str | None]:
    assert _worker_job is not None
    return _work((task, *_worker_job))


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def _pool(jobs: int, fn: Callable, encoding: str | None):
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ctx.Pool(jobs, initializer=_init_worker, initargs=(fn, encoding))


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
    _reported: int = 0  # failures already printed

    def tasks(self) -> list[Task]:
        """Every document the inputs name, in input order; inputs that name nothing become failures."""
        tasks = []
        real: dict[str, str] = {}
        for item in iter_tasks(self.inputs, self.stdin):
            if isinstance(item, Failure):
                self.fail(item)
            elif not (self.exclude and item.path
                      and real.setdefault(item.path, os.path.realpath(item.path)) in self.exclude):
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
        jobs = self.jobs or default_jobs()
        jobs = max(1, min(jobs, len(tasks)))
        pool = None
        if jobs == 1:
            results: Iterable = (_work((t, fn, self.encoding)) for t in tasks)
        else:
            pool = _pool(jobs, fn, self.encoding)  # before the progress bar starts its thread: fork is safe
            results = pool.imap(_work_in_worker, tasks, chunksize=1)
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
                pool.terminate()
                pool.join()
            if progress is not None:
                progress[0].stop()

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
            print(f"govreport: {failure.name}: {failure.reason}", file=sys.stderr, flush=True)
        self._reported = len(self.failures)

    def exit_code(self) -> int:
        """List the failures; 0 when every input gave its document, 2 when an input named nothing (a usage
        error), 1 when documents could not be read (a data error)."""
        if not self.failures:
            return 0
        self.report_failures()
        n = len(self.failures)
        total = self.done + n
        if total > 1 and not self.strict:
            print(f"govreport: {n} of {total} inputs failed", file=sys.stderr)
        return 2 if self.missing_inputs else 1


class BatchAbort(Exception):
    """--strict: stop at the first failure (already reported on stderr)."""
