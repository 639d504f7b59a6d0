"""Running one function over many documents: in order, in parallel, losing nothing.

A batch expands the inputs into tasks, reads each document and applies a pure function to it, in worker
processes when ``jobs`` > 1. Results come back in input order as they finish. A document that cannot be
read, or on which a rule raises, becomes one line on stderr; every other document still gives its result.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from govreport.loading import Failure, LoadError, Task, iter_tasks

SEED_NAME = "jiulongpo_2018.txt"


def seed_path() -> str:
    """The bundled report (2018 Jiulongpo district), shipped as package data."""
    return str(resources.files("govreport") / "data" / SEED_NAME)


def _work(args: tuple[Task, Callable, str | None]) -> tuple[str, Any, str | None]:
    task, fn, encoding = args
    try:
        report = task.load(encoding)
    except LoadError as exc:
        return task.name, None, str(exc)
    try:
        return task.name, fn(report), None
    except RecursionError:
        return task.name, None, "internal error: input too deeply nested"
    except Exception as exc:  # a rule that raises must not cost the other documents their results
        return task.name, None, f"internal error: {type(exc).__name__}: {exc}"


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


@dataclass
class Batch:
    inputs: tuple[str, ...]
    encoding: str | None = None
    jobs: int | None = None
    quiet: bool = False
    strict: bool = False
    stdin: Any = None
    failures: list[Failure] = field(default_factory=list)
    done: int = 0
    missing_inputs: int = 0

    def tasks(self) -> list[Task]:
        tasks = []
        for item in iter_tasks(self.inputs, self.stdin):
            if isinstance(item, Failure):
                self.fail(item)
                self.missing_inputs += 1
            else:
                tasks.append(item)
        return tasks

    def fail(self, failure: Failure) -> None:
        self.failures.append(failure)
        print(f"govreport: {failure.name}: {failure.reason}", file=sys.stderr, flush=True)
        if self.strict:
            raise BatchAbort()

    def map(self, fn: Callable[[Any], Any]) -> Iterator[Any]:
        """``fn(report)`` for every document, in input order; failures are reported and skipped."""
        tasks = self.tasks()
        jobs = self.jobs or default_jobs()
        jobs = max(1, min(jobs, len(tasks)))
        args = ((t, fn, self.encoding) for t in tasks)
        progress = self._progress(len(tasks))
        if jobs == 1:
            results = map(_work, args)
            pool = None
        else:
            import multiprocessing

            pool = multiprocessing.get_context("fork").Pool(jobs)
            results = pool.imap(_work, args, chunksize=1)
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
            if progress is not None:
                progress[0].stop()

    def _progress(self, total: int):
        if self.quiet or total < 2 or not sys.stderr.isatty():
            return None
        from rich.console import Console
        from rich.progress import Progress

        prog = Progress(console=Console(file=sys.stderr), transient=True)
        prog.start()
        return prog, prog.add_task("reports", total=total)

    def exit_code(self) -> int:
        """0 when every input gave its document; 2 when an input named nothing; 1 for unreadable documents."""
        if not self.failures:
            return 0
        n = len(self.failures)
        total = self.done + n
        if total > 1:
            print(f"govreport: {n} of {total} inputs failed", file=sys.stderr)
        return 2 if self.missing_inputs else 1


class BatchAbort(Exception):
    """--strict: stop at the first failure."""
