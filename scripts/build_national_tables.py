#!/usr/bin/env python3
"""Build the two tables govreport derives from the national reports, in one pass over them.

- govreport/data/idf.tsv: inverse document frequencies for ``govreport keywords -m tfidf``.
  For each term, df is the number of documents that contain it and idf = ln((N + 1) / (df + 1)), N the
  number of documents: a term in every document gets 0, a term in none (not in the table) gets ln(N + 1).
  (No "+ 1" floor: with it, words every report uses, such as 发展 and 建设, would still rank in the top five
  TF-IDF terms of a district report.)
- govreport/data/background.tsv: how often each term occurs, the reference of ``govreport keyness``. Every
  term is listed (the whole vocabulary, not a top slice), so the reference total is exact.

Every document of the national corpus (govreport/data/national_reports.jsonl: the 69 State Council government
work reports and resolutions on them, 1954-2025) is segmented exactly as ``govreport keywords`` does
(rjieba, the policy lexicon, the report's own numbered slogans kept whole); numbers and punctuation are
dropped but stopwords and one-character words kept, so that the tables serve any --min-len, --stopwords
and --no-stopwords.

Usage: python scripts/build_national_tables.py [--corpus FILE] [--out-dir DIR]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govreport.keywords import doc_terms, smoothed_idf  # noqa: E402
from govreport.loading import load_corpus  # noqa: E402

SOURCE = ("# Source: built by scripts/build_national_tables.py from {corpus}, the State Council government",
          "# work reports 1954-2025 and the resolutions on them, segmented as govreport keywords does (rjieba and",
          "# the policy lexicon), numbers and punctuation dropped, stopwords and one-character words kept.")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT / "govreport" / "data" / "national_reports.jsonl"))
    ap.add_argument("--out-dir", default=str(ROOT / "govreport" / "data"))
    args = ap.parse_args(argv)

    reports = load_corpus([args.corpus])
    df: Counter = Counter()
    counts: Counter = Counter()
    for report in reports:
        terms = doc_terms(report, method="freq", min_len=1, no_stopwords=True, engine="rjieba").counts
        df.update(terms.keys())
        counts.update(terms)
    n = len(reports)
    try:
        corpus = str(Path(args.corpus).resolve().relative_to(ROOT))
    except ValueError:
        corpus = args.corpus
    source = [line.format(corpus=corpus) for line in SOURCE]
    out = Path(args.out_dir)
    write(out / "idf.tsv", [
        "# govreport IDF table for keywords --method tfidf: term, document frequency, inverse document frequency.",
        *source,
        "# idf = ln((N + 1) / (df + 1)), N the number of documents; terms not listed get ln(N + 1).",
        f"# documents: {n}",
        "term\tdf\tidf",
    ], (f"{t}\t{c}\t{smoothed_idf(c, n):.6f}" for t, c in ranked(df)))
    write(out / "background.tsv", [
        "# govreport national background for keyness: how often each term occurs in the national reports;",
        "# every term of the corpus is listed.",
        *source,
        f"# documents: {n}",
        f"# tokens: {sum(counts.values())}",
        "term\tcount",
    ], (f"{t}\t{c}" for t, c in ranked(counts)))
    print(f"wrote {out}/idf.tsv and background.tsv: {len(df)} terms, {sum(counts.values())} tokens, {n} documents",
          file=sys.stderr)
    return 0


def ranked(counter: Counter) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def write(path: Path, header: list[str], rows) -> None:
    path.write_text("\n".join([*header, *rows]) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
