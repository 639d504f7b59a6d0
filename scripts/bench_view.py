#!/usr/bin/env python3
"""The time of building the normalised view (govreport.view.build_view) as a share of `metrics`.

For every document, the best of --repeat runs of build_view and of metric_rows on a fresh Report (which builds
its view too); the share is their ratio over all documents. Documents: the national corpus and the local
development set (../shared), or the files given.

Usage: python scripts/bench_view.py [FILE ...] [--repeat N]
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
from govreport.view import build_view  # noqa: E402

DEFAULT = [*sorted((Path("/work/shared") / "corpus" / "national").glob("*.txt")),
           *sorted((Path("/work/shared") / "gold" / "local" / "docs").glob("*.txt"))]


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in (args.files or DEFAULT)]
    if not texts:
        sys.exit("no documents: give files")
    metric_rows(Report.from_text(texts[0], id="warm-up"))
    view = sum(best(lambda t=t: build_view(t), args.repeat) for t in texts)
    metrics = sum(best(lambda t=t: metric_rows(Report.from_text(t, id="x")), args.repeat) for t in texts)
    print(f"{len(texts)} documents, {sum(map(len, texts))} characters: view {view:.3f} s, metrics {metrics:.3f} s "
          f"(view included), share {view / metrics:.1%}")


if __name__ == "__main__":
    main()
