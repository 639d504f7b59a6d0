#!/usr/bin/env python
"""Benchmarks for govreport, as ratios against baselines measured in the same run.

    python scripts/bench.py             # under a minute: start-up, keywords, throughput, memory
    python scripts/bench.py --quick     # about a minute: every measure the goals name, at smaller sizes
    python scripts/bench.py --scale     # also a >=100 MB corpus: -j1 against -j2, 10 MB against 100 MB
    python scripts/bench.py --adversarial          # also adversarial inputs at 1 and 10 MB (minutes)
    python scripts/bench.py --only-adversarial     # those alone

What is measured (whole processes are timed from spawn to exit, best of --repeat runs, as wall time and as
CPU time (user + system; steadier than wall time on a shared machine); the peak resident memory of each run
comes from wait4's rusage, the same figure as getrusage(RUSAGE_CHILDREN).ru_maxrss). Every process runs this
checkout (PYTHONPATH) with bytecode caching on, in a private cache folder (PYTHONPYCACHEPREFIX), as an
installed package runs: PYTHONDONTWRITEBYTECODE would make every run compile every module again.

(a) ``govreport --help`` against ``python -c pass``, and whether --help imports jieba, rjieba or pandas;
(b) ``govreport keywords`` over the national corpus against a naive script (read, jieba.lcut, Counter) and
    against the raw rjieba script (read, rjieba.cut, Counter: the speed a keyword count can reach);
(c) metrics and phrases in one process over the loaded national reports, in MB of UTF-8 text per second
    (interpreter start and loading excluded), against a plain regular-expression scan of the same text;
    ``govreport metrics`` on the bundled report as a whole process against ``python -c pass``; and the
    same drawn as a table on a terminal (a pseudo-terminal, 120 columns), in seconds;
(d) peak RSS of every whole-process run;
(e) with --scale: a corpus built by repeating the national reports under new ids; metrics and keywords
    with -j1 and -j2, at 10 MB and at --scale-mb (100) MB, and the default -j against -j1 on one report
    (--quick: at 2 and 10 MB);
(f) with --adversarial: inputs a crawler may produce (one 20 MB line, pages of digits, unclosed quotes,
    十十十… and 1万1万… runs, deeply nested HTML), read and run through the core of every command in one
    process, at 1 MB and 10 MB (and 20 MB for the single line): seconds per MB at each size, and their ratio
    (1.00 = linear; 10 MB may take at most about 12 times as long as 1 MB). --quick: at 0.1, 1 and 2 MB.

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
sys.path.insert(0, str(ROOT))  # the in-process measures run this checkout, as the subprocesses do
NATIONAL = ROOT / "govreport" / "data" / "national_reports.jsonl"
HEAVY = ("jieba", "rjieba", "pandas")
PYCACHE = Path(tempfile.mkdtemp(prefix="govreport-bench-pycache-"))
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV.update(PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=str(PYCACHE))

NAIVE_KEYWORDS = """\
import collections, json, sys
import jieba
for line in open(sys.argv[1], encoding="utf-8"):
    row = json.loads(line)
    counts = collections.Counter(w for w in jieba.lcut(row["content"]) if len(w) >= 2)
    for term, n in counts.most_common(20):
        print(row["title"], term, n, sep=",")
"""

RAW_RJIEBA = NAIVE_KEYWORDS.replace("import jieba", "import rjieba").replace("jieba.lcut(", "rjieba.cut(")


@dataclass
class Run:
    seconds: float
    peak_mb: float
    code: int
    cpu: float = 0.0  # user + system seconds


def govreport_cmd() -> list[str]:
    return [sys.executable, "-m", "govreport"]  # this checkout (PYTHONPATH), whatever is installed


def run_once(cmd: list[str], cwd: Path = ROOT) -> Run:
    """One whole process: wall time from spawn to exit, and its own peak resident memory."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL,
                                env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            tail = err.read().decode(errors="replace").strip().splitlines()[-1:]
            print(f"  ! {' '.join(cmd[-6:])} exited {proc.returncode}: {' '.join(tail)}", file=sys.stderr)
    peak_kb = usage.ru_maxrss / (1024 if sys.platform == "darwin" else 1)  # macOS reports bytes
    return Run(seconds, peak_kb / 1024, proc.returncode, usage.ru_utime + usage.ru_stime)


def best(cmd: list[str], repeat: int, warm: bool = True) -> Run:
    """The best of ``repeat`` runs (wall and CPU time each at its best), after one unmeasured run (unless not
    ``warm``) that fills the bytecode cache and the file cache."""
    if warm:
        run_once(cmd)
    runs = [run_once(cmd) for _ in range(repeat)]
    return Run(min(r.seconds for r in runs), max(r.peak_mb for r in runs), max(r.code for r in runs),
               min(r.cpu for r in runs))


def concurrent_seconds(cmds: list[list[str]]) -> float:
    """Wall time from starting every command at once until the last one ends."""
    start = time.perf_counter()
    procs = [subprocess.Popen(c, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              stdin=subprocess.DEVNULL, env=ENV) for c in cmds]
    for proc in procs:
        proc.wait()
    return time.perf_counter() - start


def split_corpus(path: Path, parts: int) -> list[Path]:
    """A JSON Lines corpus cut into ``parts`` files of consecutive rows of about equal bytes. Streamed: this
    process stays small, as the peak memory of the processes it starts begins at its own (Linux keeps ru_maxrss
    across fork and exec)."""
    total = path.stat().st_size
    paths = [path.with_name(f"{path.stem}.part{i}.jsonl") for i in range(parts)]
    outs = [p.open("wb") for p in paths]
    size = 0
    with path.open("rb") as fh:
        for line in fh:
            outs[min(parts - 1, size * parts // total)].write(line)
            size += len(line)
    for out in outs:
        out.close()
    return paths


def terminal_seconds(cmd: list[str], repeat: int, columns: int = 120) -> float:
    """Best wall time of ``cmd`` writing to a pseudo-terminal of ``columns`` columns, its output read away."""
    import fcntl
    import pty
    import struct
    import termios

    times = []
    for _ in range(repeat + 1):
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
        env = {k: v for k, v in ENV.items() if k not in ("COLUMNS", "LINES")}
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=env)
        os.close(slave)
        while True:
            try:
                if not os.read(master, 65536):
                    break
            except OSError:  # EIO: the child closed its end
                break
        proc.wait()
        times.append(time.perf_counter() - start)
        os.close(master)
    return min(times[1:])


def heavy_imports_on_help() -> list[str]:
    probe = ("import sys\nfrom govreport.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
             f"print(','.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, env=ENV)
    return [m for m in proc.stderr.strip().split(",") if m]


def imported_modules_on_help() -> int:
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "govreport", "--help"], capture_output=True,
                          text=True, cwd=ROOT, env=ENV)
    return sum(1 for line in proc.stderr.splitlines() if line.startswith("import time:") and "|" in line) - 1


# --- table ---------------------------------------------------------------------------------------

ROWS: list[tuple[str, str, str, str, str]] = []


def row(what: str, figure: str, baseline: str, ratio: str, goal: str = "") -> None:
    ROWS.append((what, figure, baseline, ratio, goal))
    print(f"  {what}: {figure} | {baseline} | {ratio} | {goal}", file=sys.stderr, flush=True)


def goal(value: float, limit: float, at_most: bool = True, unit: str = "x") -> str:
    """'<= 1.25x met' / '>= 0.20x MISSED': the issue's goal for a measure and whether this run meets it."""
    met = value <= limit if at_most else value >= limit
    return f"{'<=' if at_most else '>='} {limit:g}{unit} {'met' if met else 'MISSED'}"


def times(ours: Run, base: Run) -> str:
    """Wall-time and CPU-time ratios of two runs."""
    return f"{ours.seconds / base.seconds:.2f}x wall, {ours.cpu / base.cpu:.2f}x CPU"


def print_table() -> None:
    head = ("measure", "govreport", "baseline", "ratio", "goal (issue 12)")
    widths = [max(_width(r[i]) for r in [head, *ROWS]) for i in range(len(head))]
    for r in [head, tuple("-" * w for w in widths), *ROWS]:
        print("  ".join(_pad(cell, w) for cell, w in zip(r, widths, strict=True)).rstrip())


def _width(s: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def _pad(s: str, width: int) -> str:
    return s + " " * (width - _width(s))


def fmt_run(r: Run) -> str:
    return f"{r.seconds:.2f}s ({r.cpu:.2f}s CPU) {r.peak_mb:.0f}MB"


# --- measurements --------------------------------------------------------------------------------


def bench_startup(repeat: int) -> Run:
    base = best([sys.executable, "-c", "pass"], repeat)
    helped = best([*govreport_cmd(), "--help"], repeat)
    row("(a) govreport --help vs python -c pass", fmt_run(helped), fmt_run(base),
        f"{times(helped, base)}, {helped.peak_mb / base.peak_mb:.1f}x RSS", goal(helped.seconds / base.seconds, 8))
    heavy = heavy_imports_on_help()
    row("(a) --help imports jieba/rjieba/pandas", ", ".join(heavy) or "none", f"{imported_modules_on_help()} modules",
        "OK" if not heavy else "FAIL")
    return base


def bench_keywords(repeat: int) -> None:
    folder = Path(tempfile.mkdtemp())
    scripts = {}
    for name, source in (("naive", NAIVE_KEYWORDS), ("raw", RAW_RJIEBA)):
        scripts[name] = folder / f"{name}_keywords.py"
        scripts[name].write_text(source, encoding="utf-8")
    naive = best([sys.executable, str(scripts["naive"]), str(NATIONAL)], repeat, warm=False)  # 10 s a run
    raw = best([sys.executable, str(scripts["raw"]), str(NATIONAL)], repeat)
    for jobs in ("1", "2"):
        ours = best([*govreport_cmd(), "keywords", str(NATIONAL), "-q", "-f", "csv", "-j", jobs], repeat)
        row(f"(b) keywords national -j{jobs} vs naive jieba+Counter", fmt_run(ours), fmt_run(naive),
            f"{times(ours, naive)}, {ours.peak_mb / naive.peak_mb:.2f}x RSS")
        row(f"(b) keywords national -j{jobs} vs raw rjieba+Counter", fmt_run(ours), fmt_run(raw),
            f"{times(ours, raw)}, {ours.peak_mb / raw.peak_mb:.2f}x RSS",
            goal(ours.seconds / raw.seconds, 1.25) if jobs == "1" else "")
    shutil.rmtree(folder, ignore_errors=True)


def _throughput(fn, texts: list[str], repeat: int) -> tuple[float, float]:
    """(first-pass MB/s, best MB/s) of fn over fresh reports built from texts (building not timed)."""
    from govreport.document import Report

    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    speeds = []
    for _ in range(repeat):
        reports = [Report.from_text(t, id=f"r{i}") for i, t in enumerate(texts)]
        for report in reports:
            report.meta  # noqa: B018 - title and metadata (inferred on first read) are part of building it
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
            f"{first / scan:.3f}x / {warm / scan:.3f}x scan speed",
            f"{goal(first / scan, 0.15, False)} / {goal(warm / scan, 0.20, False)}")
    try:
        from govreport import phrases
    except ImportError as exc:
        row("(c) phrases in-process", "not available", str(exc)[:40], "-")
    else:
        first, warm = _throughput(lambda reps: list(phrases.phrase_rows(reps)), texts, repeat)
        row("(c) phrases in-process (first / warm)", f"{first:.2f} / {warm:.2f} MB/s", f"{scan:.1f} MB/s scan",
            f"{first / scan:.3f}x / {warm / scan:.3f}x scan speed", goal(warm / scan, 0.25, False))
    seed = best([*govreport_cmd(), "metrics", "-q", "-f", "csv"], repeat)
    row("(c) govreport metrics (seed) vs python -c pass", fmt_run(seed), fmt_run(base),
        f"{times(seed, base)}, {seed.peak_mb / base.peak_mb:.1f}x RSS", goal(seed.seconds / base.seconds, 12))
    table = terminal_seconds([*govreport_cmd(), "metrics"], repeat)
    row("(c) govreport metrics (seed), table on a terminal", f"{table:.2f}s", fmt_run(base),
        f"{table / base.seconds:.1f}x python -c pass", goal(table, 0.5, unit=" s"))


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


def bench_scale(megabytes: float, small_mb: float = 10) -> None:
    folder = Path(tempfile.mkdtemp(prefix="govreport-bench-"))
    little_label, big_label = f"{small_mb:g}MB", f"{megabytes:g}MB"
    try:
        small, large = build_corpus(folder, small_mb), build_corpus(folder, megabytes)
        one_report = folder / "one.jsonl"
        one_report.write_text(NATIONAL.open(encoding="utf-8").readline(), encoding="utf-8")
        for command in ("metrics", "keywords"):
            times = {}
            # the fixed cost of a run (interpreter, imports, dictionaries): subtracted before comparing sizes
            fixed = best([*govreport_cmd(), command, str(one_report), "-q", "-f", "csv", "-j", "1"], 3)
            default = run_once([*govreport_cmd(), command, str(one_report), "-q", "-f", "csv"])
            row(f"(e) {command} one report: default -j vs -j1", fmt_run(default), fmt_run(fixed),
                f"{default.seconds / fixed.seconds:.2f}x time (a pool it cannot use costs start-up)",
                goal(default.seconds / fixed.seconds, 1.10))
            for path, label in ((small, little_label), (large, big_label)):
                for jobs in ("1", "2"):
                    r = run_once([*govreport_cmd(), command, str(path), "-q", "-f", "csv", "-j", jobs])
                    times[label, jobs] = r
                    mbps = os.path.getsize(path) / 1e6 / r.seconds
                    row(f"(e) {command} {label} -j{jobs}", f"{fmt_run(r)} ({mbps:.1f} MB/s)", "", "")
                one, two = times[label, "1"], times[label, "2"]
                row(f"(e) {command} {label}: -j2 vs -j1", fmt_run(two), fmt_run(one),
                    f"{one.seconds / two.seconds:.2f}x speed-up",
                    goal(one.seconds / two.seconds, 1.8, False) + (" (at 100MB)" if megabytes < 100 else "")
                    if label == big_label else "")
                if label == big_label:
                    # what two processes reach on this machine: two -j1 runs on the halves of the corpus at
                    # once, no pool at all (shared caches, memory and a virtual machine's cores bound it)
                    halves = split_corpus(path, 2)
                    both = concurrent_seconds([[*govreport_cmd(), command, str(h), "-q", "-f", "csv", "-j", "1"]
                                               for h in halves])
                    row(f"(e) {command} {label}: two -j1 on halves at once vs -j1 (the machine's ceiling)",
                        f"{both:.2f}s", fmt_run(one), f"{one.seconds / both:.2f}x speed-up; -j2 reaches "
                        f"{both / two.seconds:.0%} of it")
            big, little = times[big_label, "1"], times[little_label, "1"]
            size_ratio = os.path.getsize(large) / os.path.getsize(small)
            linear = (big.seconds - fixed.seconds) / (little.seconds - fixed.seconds) / size_ratio
            peak = max(r.peak_mb for r in times.values())
            row(f"(e) {command} -j1: {big_label} vs {little_label}", fmt_run(big), fmt_run(little),
                f"{linear:.2f}x linear (1.00 = linear; fixed {fixed.seconds:.2f}s removed), "
                f"{big.peak_mb / little.peak_mb:.2f}x RSS",
                f"{goal(linear, 1.10)}; peak {goal(peak, 300, unit=' MB')}")
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


def bench_adversarial(repeat: int, unit: float = 1) -> None:
    """Each input at ``unit`` MB and 10 (and 20) times as much; ``unit`` 0.1 for --quick."""
    cores = command_cores()
    warm = time_adversarial("single line", 0.05, cores)  # tokenizer, rules and tables loaded before timing
    del warm
    for case in ADVERSARIAL:
        sizes = tuple(round(k * unit, 3) for k in ((1, 10, 20) if case == "single line" else (1, 10)))
        per_mb: dict[float, dict[str, float]] = {}
        for mb in sizes:
            runs = [time_adversarial(case, mb, cores) for _ in range(repeat)]  # best of as many at every size
            per_mb[mb] = {k: min(r[k] for r in runs) / mb for k in runs[0]}
        small = per_mb[sizes[0]]
        for mb in sizes[1:]:
            large = per_mb[mb]
            # a step that takes next to nothing at this size is noise, not a trend
            worst = max((k for k in large if large[k] * mb > 0.05), key=lambda k: large[k] / small[k], default=None)
            total_small, total_large = sum(small.values()), sum(large.values())
            row(f"(f) {case}: read + every command, {mb:g}MB vs {sizes[0]:g}MB", f"{total_large:.3f} s/MB",
                f"{total_small:.3f} s/MB", f"{total_large / total_small:.2f}x per MB"
                + (f" (worst: {worst} {large[worst] / small[worst]:.2f}x)" if worst else ""),
                goal(total_large / total_small, 1.2))
            for k in large:
                DETAIL.append((case, f"{mb:g}MB", k, f"{small[k]:.4f}", f"{large[k]:.4f}",
                               f"{large[k] / small[k]:.2f}x" if small[k] > 0 else "-"))


def print_detail() -> None:
    head = ("case", "size", "step", "s/MB at the smallest size", "s/MB at size", "ratio")
    widths = [max(_width(r[i]) for r in [head, *DETAIL]) for i in range(len(head))]
    for r in [head, tuple("-" * w for w in widths), *DETAIL]:
        print("  ".join(_pad(cell, w) for cell, w in zip(r, widths, strict=True)).rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement; the best is kept (5)")
    parser.add_argument("--quick", action="store_true",
                        help="every measure of the issue's goals in about a minute: fewer repeats, the scale runs "
                             "at 2 and 10 MB, the adversarial inputs at 0.1 and 1 MB")
    parser.add_argument("--scale", action="store_true", help="also measure a large corpus (minutes)")
    parser.add_argument("--scale-mb", type=float, default=100, help="size of the large corpus in MB (100)")
    parser.add_argument("--adversarial", action="store_true",
                        help="also time adversarial inputs at 1 and 10 MB (a few minutes)")
    parser.add_argument("--only-adversarial", action="store_true", help="only the adversarial inputs")
    args = parser.parse_args()
    if args.quick:
        args.repeat = 2
    heavy_repeat = 2 if args.quick else max(1, min(args.repeat, 3))
    started = time.perf_counter()
    if not args.only_adversarial:
        base = bench_startup(args.repeat)
        bench_keywords(heavy_repeat)
        bench_throughput(heavy_repeat, base)
        if args.quick:
            bench_scale(10, small_mb=2)
        elif args.scale:
            bench_scale(args.scale_mb)
    if args.quick:
        bench_adversarial(1, unit=0.1)
    elif args.adversarial or args.only_adversarial:
        bench_adversarial(max(1, min(args.repeat, 2)))
    print()
    print_table()
    if DETAIL:
        print()
        print_detail()
    print(f"\n({time.perf_counter() - started:.0f}s; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}; "
          f"load average {os.getloadavg()[0]:.1f})")
    shutil.rmtree(PYCACHE, ignore_errors=True)


if __name__ == "__main__":
    main()
