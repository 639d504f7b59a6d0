#!/usr/bin/env python3
"""Build govreport/data/background.tsv, the national background that ``govreport keyness`` compares against.

Every document of the national corpus (tests/data/national_reports.jsonl: the 69 State Council government
work reports and resolutions on them, 1954-2025) is segmented exactly as ``govreport keywords`` does
(rjieba, the policy lexicon, the report's own numbered slogans kept whole) and its terms are counted with
numbers and punctuation dropped but stopwords and one-character words kept, so that the table serves any
--min-len, --stopwords and --no-stopwords: keyness filters it as it filters the target's terms. Every term
is listed (the whole vocabulary, not a top slice), so the reference total is exact.

Usage: python scripts/build_background.py [--corpus FILE] [--out FILE]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govreport.keywords import doc_terms  # noqa: E402
from govreport.loading import load_corpus  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT / "tests" / "data" / "national_reports.jsonl"))
    ap.add_argument("--out", default=str(ROOT / "govreport" / "data" / "background.tsv"))
    args = ap.parse_args(argv)

    reports = load_corpus([args.corpus])
    counts: Counter = Counter()
    for report in reports:
        counts.update(doc_terms(report, method="freq", min_len=1, no_stopwords=True, engine="rjieba").counts)
    try:
        corpus_name = str(Path(args.corpus).resolve().relative_to(ROOT))
    except ValueError:
        corpus_name = args.corpus
    lines = [
        "# govreport national background for keyness: how often each term occurs in the national reports.",
        f"# Source: built by scripts/build_background.py from {corpus_name}, the State Council government",
        "# work reports 1954-2025 and the resolutions on them, segmented as govreport keywords does (rjieba and",
        "# the policy lexicon), numbers and punctuation dropped, stopwords and one-character words kept; every",
        "# term of the corpus is listed.",
        f"# documents: {len(reports)}",
        f"# tokens: {sum(counts.values())}",
        "term\tcount",
    ]
    for term, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"{term}\t{count}")
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(counts)} terms, {sum(counts.values())} tokens over {len(reports)} documents",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
