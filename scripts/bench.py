#!/usr/bin/env python
"""Benchmarks for govreport, as ratios against baselines measured in the same run.

    python scripts/bench.py             # about a minute: start-up, keywords, throughput, memory
    python scripts/bench.py --scale     # also a >=100 MB corpus: -j1 against -j2, 10 MB against 100 MB
    python scripts/bench.py --adversarial          # also adversarial inputs at 1 and 10 MB (minutes)
    python scripts/bench.py --only-adversarial     # those alone

What is measured (whole processes are timed from spawn to exit, best of --repeat runs; the peak resident
memory of each run comes from wait4's rusage, the same figure as getrusage(RUSAGE_CHILDREN).ru_maxrss):

(a) ``govreport --help`` against ``python -c pass``, and whether --help imports jieba, rjieba or pandas;
(b) ``govreport keywords`` over the national corpus against a naive script (read, jieba.lcut, Counter);
(c) metrics and phrases in one process over the loaded national reports, in MB of UTF-8 text per second
    (interpreter start and loading excluded), against a plain regular-expression scan of the same text;
    and ``govreport metrics`` on the bundled report as a whole process against ``python -c pass``;
(d) peak RSS of every whole-process run;
(e) with --scale: a corpus built by repeating the national reports under new ids; metrics and keywords
    with -j1 and -j2, at 10 MB and at --scale-mb (100) MB;
(f) with --adversarial: inputs a crawler may produce (one 20 MB line, pages of digits, unclosed quotes,
    十十十… and 1万1万… runs, deeply nested HTML), read and run through the core of every command in one
    process, at 1 MB and 10 MB (and 20 MB for the single line): seconds per MB at each size, and their ratio
    (1.00 = linear; 10 MB may take at most about 12 times as long as 1 MB).

Nothing here is a pass/fail test: the figures are for reading (the test suite has no timed tests).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NATIONAL = ROOT / "govreport" / "data" / "national_reports.jsonl"
HEAVY = ("jieba", "rjieba", "pandas")

NAIVE_KEYWORDS = """\
import collections, json, sys
import jieba
for line in open(sys.argv[1], encoding="utf-8"):
    row = json.loads(line)
    counts = collections.Counter(w for w in jieba.lcut(row["content"]) if len(w) >= 2)
    for term, n in counts.most_common(20):
        print(row["title"], term, n, sep=",")
"""


@dataclass
class Run:
    seconds: float
    peak_mb: float
    code: int


def govreport_cmd() -> list[str]:
    exe = shutil.which("govreport")
    return [exe] if exe else [sys.executable, "-m", "govreport"]


def run_once(cmd: list[str], cwd: Path = ROOT) -> Run:
    """One whole process: wall time from spawn to exit, and its own peak resident memory."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            tail = err.read().decode(errors="replace").strip().splitlines()[-1:]
            print(f"  ! {' '.join(cmd[-6:])} exited {proc.returncode}: {' '.join(tail)}", file=sys.stderr)
    peak_kb = usage.ru_maxrss / (1024 if sys.platform == "darwin" else 1)  # macOS reports bytes
    return Run(seconds, peak_kb / 1024, proc.returncode)


def best(cmd: list[str], repeat: int) -> Run:
    runs = [run_once(cmd) for _ in range(repeat)]
    fastest = min(runs, key=lambda r: r.seconds)
    return Run(fastest.seconds, max(r.peak_mb for r in runs), max(r.code for r in runs))


def heavy_imports_on_help() -> list[str]:
    probe = ("import sys\nfrom govreport.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
             f"print(','.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    return [m for m in proc.stderr.strip().split(",") if m]


def imported_modules_on_help() -> int:
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "govreport", "--help"], capture_output=True,
                          text=True, cwd=ROOT)
    return sum(1 for line in proc.stderr.splitlines() if line.startswith("import time:") and "|" in line) - 1


# --- table ---------------------------------------------------------------------------------------

ROWS: list[tuple[str, str, str, str]] = []


def row(what: str, figure: str, baseline: str, ratio: str) -> None:
    ROWS.append((what, figure, baseline, ratio))
    print(f"  {what}: {figure} | {baseline} | {ratio}", file=sys.stderr, flush=True)


def print_table() -> None:
    head = ("measure", "govreport", "baseline", "ratio")
    widths = [max(_width(r[i]) for r in [head, *ROWS]) for i in range(4)]
    for r in [head, tuple("-" * w for w in widths), *ROWS]:
        print("  ".join(_pad(cell, w) for cell, w in zip(r, widths, strict=True)).rstrip())


def _width(s: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def _pad(s: str, width: int) -> str:
    return s + " " * (width - _width(s))


def fmt_run(r: Run) -> str:
    return f"{r.seconds:.2f}s {r.peak_mb:.0f}MB"


# --- measurements --------------------------------------------------------------------------------


def bench_startup(repeat: int) -> Run:
    base = best([sys.executable, "-c", "pass"], repeat)
    helped = best([*govreport_cmd(), "--help"], repeat)
    row("(a) govreport --help vs python -c pass", fmt_run(helped), fmt_run(base),
        f"{helped.seconds / base.seconds:.1f}x time, {helped.peak_mb / base.peak_mb:.1f}x RSS")
    heavy = heavy_imports_on_help()
    row("(a) --help imports jieba/rjieba/pandas", ", ".join(heavy) or "none", f"{imported_modules_on_help()} modules",
        "OK" if not heavy else "FAIL")
    return base


def bench_keywords(repeat: int) -> None:
    naive_script = Path(tempfile.mkdtemp()) / "naive_keywords.py"
    naive_script.write_text(NAIVE_KEYWORDS, encoding="utf-8")
    naive = best([sys.executable, str(naive_script), str(NATIONAL)], repeat)
    for jobs in ("1", "2"):
        ours = best([*govreport_cmd(), "keywords", str(NATIONAL), "-q", "-f", "csv", "-j", jobs], repeat)
        row(f"(b) keywords national -j{jobs} vs naive jieba+Counter", fmt_run(ours), fmt_run(naive),
            f"{ours.seconds / naive.seconds:.2f}x time, {ours.peak_mb / naive.peak_mb:.2f}x RSS")
    shutil.rmtree(naive_script.parent, ignore_errors=True)


def _throughput(fn, texts: list[str], repeat: int) -> tuple[float, float]:
    """(first-pass MB/s, best MB/s) of fn over fresh reports built from texts (building not timed)."""
    from govreport.document import Report

    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    speeds = []
    for _ in range(repeat):
        reports = [Report.from_text(t, id=f"r{i}") for i, t in enumerate(texts)]
        start = time.perf_counter()
        fn(reports)
        speeds.append(mb / (time.perf_counter() - start))
    return speeds[0], max(speeds)


def bench_throughput(repeat: int, base: Run) -> None:
    texts = [json.loads(line)["content"] for line in NATIONAL.open(encoding="utf-8") if line.strip()]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    number = re.compile(r"\d+(?:\.\d+)?\s*(?:%|亿元|万元|万人|公里|吨)?")
    _, scan = _throughput(lambda reps: [number.findall(r.text) for r in reps], texts, repeat)
    row("(c) baseline: regex number scan", f"{scan:.1f} MB/s", f"{mb:.1f} MB national", "1.00")
    try:
        from govreport import metrics
    except ImportError as exc:
        row("(c) metrics in-process", "not available", str(exc)[:40], "-")
    else:
        first, warm = _throughput(lambda reps: [metrics.metric_rows(r) for r in reps], texts, repeat)
        row("(c) metrics in-process (first / warm)", f"{first:.2f} / {warm:.2f} MB/s", f"{scan:.1f} MB/s scan",
            f"{warm / scan:.3f}x scan speed")
    try:
        from govreport import phrases
    except ImportError as exc:
        row("(c) phrases in-process", "not available", str(exc)[:40], "-")
    else:
        first, warm = _throughput(lambda reps: list(phrases.phrase_rows(reps)), texts, repeat)
        row("(c) phrases in-process (first / warm)", f"{first:.2f} / {warm:.2f} MB/s", f"{scan:.1f} MB/s scan",
            f"{warm / scan:.3f}x scan speed")
    seed = best([*govreport_cmd(), "metrics", "-q", "-f", "csv"], repeat)
    row("(c) govreport metrics (seed) vs python -c pass", fmt_run(seed), fmt_run(base),
        f"{seed.seconds / base.seconds:.1f}x time, {seed.peak_mb / base.peak_mb:.1f}x RSS")


def build_corpus(folder: Path, megabytes: float) -> Path:
    """A JSON Lines corpus of at least ``megabytes`` MB: the national reports again and again, new ids."""
    rows = [json.loads(line) for line in NATIONAL.open(encoding="utf-8") if line.strip()]
    path = folder / f"corpus_{megabytes:g}mb.jsonl"
    size, copy = 0, 0
    with path.open("w", encoding="utf-8") as fh:
        while size < megabytes * 1e6:
            for r in rows:
                line = json.dumps({**r, "id": f"copy{copy}-{r['title']}"}, ensure_ascii=False) + "\n"
                fh.write(line)
                size += len(line.encode("utf-8"))
            copy += 1
    return path


def bench_scale(megabytes: float) -> None:
    folder = Path(tempfile.mkdtemp(prefix="govreport-bench-"))
    try:
        small, large = build_corpus(folder, 10), build_corpus(folder, megabytes)
        one_report = folder / "one.jsonl"
        one_report.write_text(NATIONAL.open(encoding="utf-8").readline(), encoding="utf-8")
        for command in ("metrics", "keywords"):
            times = {}
            # the fixed cost of a run (interpreter, imports, dictionaries): subtracted before comparing sizes
            fixed = best([*govreport_cmd(), command, str(one_report), "-q", "-f", "csv", "-j", "1"], 3)
            for path, label in ((small, "10MB"), (large, f"{megabytes:g}MB")):
                for jobs in ("1", "2"):
                    r = run_once([*govreport_cmd(), command, str(path), "-q", "-f", "csv", "-j", jobs])
                    times[label, jobs] = r
                    mbps = os.path.getsize(path) / 1e6 / r.seconds
                    row(f"(e) {command} {label} -j{jobs}", f"{fmt_run(r)} ({mbps:.1f} MB/s)", "", "")
                one, two = times[label, "1"], times[label, "2"]
                row(f"(e) {command} {label}: -j2 vs -j1", fmt_run(two), fmt_run(one),
                    f"{one.seconds / two.seconds:.2f}x speed-up")
            big, little = times[f"{megabytes:g}MB", "1"], times["10MB", "1"]
            size_ratio = os.path.getsize(large) / os.path.getsize(small)
            linear = (big.seconds - fixed.seconds) / (little.seconds - fixed.seconds) / size_ratio
            row(f"(e) {command} -j1: {megabytes:g}MB vs 10MB", fmt_run(big), fmt_run(little),
                f"{linear:.2f}x linear (1.00 = linear; fixed {fixed.seconds:.2f}s removed), "
                f"{big.peak_mb / little.peak_mb:.2f}x RSS")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


ADVERSARIAL = ("single line", "digits", "unclosed quotes", "十十十", "1万1万", "nested HTML")


def adversarial_input(case: str, megabytes: float) -> tuple[bytes, str]:
    """(the bytes of an adversarial input of about ``megabytes`` MB, its file suffix)."""
    size = int(megabytes * 1e6)
    if case == "single line":  # the national reports pasted into one line, again and again
        text = "".join(json.loads(line)["content"] for line in NATIONAL.open(encoding="utf-8") if line.strip())
        unit = re.sub(r"\s+", "", text).encode("utf-8")
        data = unit * (size // len(unit) + 1)
        return data[:size].decode("utf-8", "ignore").encode("utf-8"), ".txt"
    if case == "nested HTML":  # every level opened, with a little text, and all closed at the end
        depth = size // 60
        page = "<html><body>" + "<div><p>地区生产总值增长8%，" * depth + "</p></div>" * depth + "</body></html>"
        return page.encode("utf-8"), ".html"
    unit = {"digits": "0123456789", "unclosed quotes": "“发展\"政策「改革", "十十十": "十", "1万1万": "1万"}[case]
    encoded = unit.encode("utf-8")
    return encoded * (size // len(encoded)), ".txt"


def command_cores() -> dict:
    """The function behind each command, applied to one report (what a worker process runs)."""
    from importlib import import_module

    from govreport import keywords, metrics, phrases, quantities, segment, targets

    trends = import_module("govreport.trends")
    keyness = import_module("govreport.keyness")
    terms = trends.compile_terms(["高质量发展", "十三五", "1万", "“"])
    pattern = keywords.compile_pattern("发展")
    return {
        "info": lambda r: (r.info(), r.sections),
        "numbers": quantities.number_rows,
        "metrics": metrics.metric_rows,
        "phrases": lambda r: phrases.doc_rows(r, by="section"),
        "keywords": lambda r: keywords.doc_keyword_rows(r, method="textrank"),
        "kwic": lambda r: list(keywords.kwic_rows(r, pattern)),
        "segment": segment.segment_text,
        "trends": lambda r: trends.doc_counts(r, terms),
        "targets": targets.report_figures,
        "keyness": keyness.term_counts,
    }


def time_adversarial(case: str, megabytes: float, cores: dict) -> dict[str, float]:
    """Seconds to read the input (decode, HTML to text, the report model) and to run each command's core."""
    import gc

    from govreport.loading import report_from_bytes

    data, suffix = adversarial_input(case, megabytes)
    gc.collect()
    times = {}
    start = time.perf_counter()
    report = report_from_bytes(data, "adversarial", suffix=suffix)
    times["read"] = time.perf_counter() - start
    for name, fn in cores.items():
        start = time.perf_counter()
        fn(report)
        times[name] = time.perf_counter() - start
    return times


DETAIL: list[tuple[str, ...]] = []


def bench_adversarial(repeat: int) -> None:
    cores = command_cores()
    warm = time_adversarial("single line", 0.05, cores)  # tokenizer, rules and tables loaded before timing
    del warm
    for case in ADVERSARIAL:
        sizes = (1, 10, 20) if case == "single line" else (1, 10)
        per_mb: dict[float, dict[str, float]] = {}
        for mb in sizes:
            runs = [time_adversarial(case, mb, cores) for _ in range(repeat)]  # best of as many at every size
            per_mb[mb] = {k: min(r[k] for r in runs) / mb for k in runs[0]}
        small = per_mb[1]
        for mb in sizes[1:]:
            large = per_mb[mb]
            # a step that takes next to nothing at this size is noise, not a trend
            worst = max((k for k in large if large[k] * mb > 0.05), key=lambda k: large[k] / small[k], default=None)
            total_small, total_large = sum(small.values()), sum(large.values())
            row(f"(f) {case}: read + every command, {mb}MB vs 1MB", f"{total_large:.3f} s/MB",
                f"{total_small:.3f} s/MB", f"{total_large / total_small:.2f}x per MB"
                + (f" (worst: {worst} {large[worst] / small[worst]:.2f}x)" if worst else ""))
            for k in large:
                DETAIL.append((case, f"{mb}MB", k, f"{small[k]:.4f}", f"{large[k]:.4f}",
                               f"{large[k] / small[k]:.2f}x" if small[k] > 0 else "-"))


def print_detail() -> None:
    head = ("case", "size", "step", "s/MB at 1MB", "s/MB at size", "ratio")
    widths = [max(_width(r[i]) for r in [head, *DETAIL]) for i in range(len(head))]
    for r in [head, tuple("-" * w for w in widths), *DETAIL]:
        print("  ".join(_pad(cell, w) for cell, w in zip(r, widths, strict=True)).rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement; the best is kept (5)")
    parser.add_argument("--scale", action="store_true", help="also measure a large corpus (minutes)")
    parser.add_argument("--scale-mb", type=float, default=100, help="size of the large corpus in MB (100)")
    parser.add_argument("--adversarial", action="store_true",
                        help="also time adversarial inputs at 1 and 10 MB (a few minutes)")
    parser.add_argument("--only-adversarial", action="store_true", help="only the adversarial inputs")
    args = parser.parse_args()
    heavy_repeat = max(1, min(args.repeat, 3))
    started = time.perf_counter()
    if not args.only_adversarial:
        base = bench_startup(args.repeat)
        bench_keywords(heavy_repeat)
        bench_throughput(heavy_repeat, base)
        if args.scale:
            bench_scale(args.scale_mb)
    if args.adversarial or args.only_adversarial:
        bench_adversarial(max(1, min(args.repeat, 2)))
    print()
    print_table()
    if DETAIL:
        print()
        print_detail()
    print(f"\n({time.perf_counter() - started:.0f}s; {os.cpu_count()} CPUs; Python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
