#!/usr/bin/env python3
"""The time of building the normalised view (govreport.view.build_view) as a share of `metrics`.

For every document, the best of --repeat runs of build_view and of metric_rows on a fresh Report (which builds
its view too); the share is their ratio over all documents. Documents: the national corpus and the local
development set (../shared), or the files given.

With --steps, the CPU time of each step instead (best of --repeat, summed over the documents): the scan that
tells which steps have work (default_steps), then each step as build_view runs it.

Usage: python scripts/bench_view.py [FILE ...] [--repeat N] [--steps]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govreport.document import Report  # noqa: E402
from govreport.metrics import metric_rows  # noqa: E402
from govreport.view import apply_edits, build_view, default_steps  # noqa: E402

DEFAULT = [*sorted((Path("/work/shared") / "corpus" / "national").glob("*.txt")),
           *sorted((Path("/work/shared") / "gold" / "local" / "docs").glob("*.txt"))]


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def step_times(texts: list[str], repeat: int) -> dict[str, float]:
    """CPU seconds of default_steps and of each step it gives, best of ``repeat``, summed over ``texts``."""
    best: dict[str, float] = {}
    for _ in range(repeat):
        spent: dict[str, float] = {}
        for raw in texts:
            start = time.process_time()
            steps = default_steps(raw)
            spent["default_steps"] = spent.get("default_steps", 0.0) + time.process_time() - start
            text = raw
            for step in steps:
                name = step.__name__
                start = time.process_time()
                out = step(text)
                spent[name] = spent.get(name, 0.0) + time.process_time() - start
                text = out if isinstance(out, str) else apply_edits(text, out) if out else text
        best = {k: min(v, best.get(k, v)) for k, v in spent.items()}
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--steps", action="store_true", help="the CPU time of each step")
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in (args.files or DEFAULT)]
    if not texts:
        sys.exit("no documents: give files")
    if args.steps:
        times = step_times(texts, args.repeat)
        for name, seconds in times.items():
            print(f"{name:28s} {seconds * 1000:8.2f} ms")
        print(f"{'total':28s} {sum(times.values()) * 1000:8.2f} ms ({len(texts)} documents, "
              f"{sum(map(len, texts))} characters)")
        return
    metric_rows(Report.from_text(texts[0], id="warm-up"))
    view = sum(best(lambda t=t: build_view(t), args.repeat) for t in texts)
    metrics = sum(best(lambda t=t: metric_rows(Report.from_text(t, id="x")), args.repeat) for t in texts)
    print(f"{len(texts)} documents, {sum(map(len, texts))} characters: view {view:.3f} s, metrics {metrics:.3f} s "
          f"(view included), share {view / metrics:.1%}")


if __name__ == "__main__":
    main()
