#!/usr/bin/env python3
"""Build govreport/data/policy_lexicon.txt, the policy formulations both segmenters keep whole.

Sources:
1. the curated seed list govreport/data/policy_seeds.txt;
2. phrases quoted with “…” in the national reports (govreport/data/national_reports.jsonl) that recur (quoted at
   least --min-count times), are 3 to 12 characters of Chinese, letters, digits or '+', and that the default
   jieba dictionary splits into several tokens.

Each word gets a frequency so that it wins over the default dictionary's split in context:
max(jieba-rs's suggested frequency on the default dictionary, --floor). The frequency is written out, so
rjieba and pure jieba load exactly the same entries.

Usage: python scripts/build_lexicon.py [--corpus FILE] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUOTED = re.compile(r"“\s*([^“”\s]{3,12}?)\s*”")
WORDLIKE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9+]+")
NUMERALS = set("零〇一二三四五六七八九十百千万两")


def read_seeds(path: Path) -> list[str]:
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.append(line.split()[0])
    return words


def quoted_phrases(texts: list[str], min_count: int) -> Counter:
    counts: Counter = Counter()
    for text in texts:
        counts.update(m.group(1) for m in QUOTED.finditer(text) if WORDLIKE.fullmatch(m.group(1)))
    return Counter({p: n for p, n in counts.items() if n >= min_count})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT / "govreport" / "data" / "national_reports.jsonl"))
    ap.add_argument("--seeds", default=str(ROOT / "govreport" / "data" / "policy_seeds.txt"))
    ap.add_argument("--out", default=str(ROOT / "govreport" / "data" / "policy_lexicon.txt"))
    ap.add_argument("--min-count", type=int, default=2, help="Times a quoted phrase must occur (default 2).")
    ap.add_argument("--floor", type=int, default=1000, help="Smallest frequency written (default 1000).")
    args = ap.parse_args(argv)

    import rjieba

    base = rjieba.Jieba()  # the default dictionary only
    texts = [json.loads(line)["content"] for line in open(args.corpus, encoding="utf-8") if line.strip()]

    seeds = read_seeds(Path(args.seeds))
    mined = quoted_phrases(texts, args.min_count)
    entries: dict[str, str] = {}
    for word in seeds:
        entries.setdefault(word, "seed list")
    added = 0
    for phrase, n in sorted(mined.items(), key=lambda kv: (-kv[1], kv[0])):
        if phrase in entries or len(base.cut(phrase)) < 2:
            continue  # already listed, or already one word of the default dictionary
        if all(ch in NUMERALS for ch in phrase) and len(phrase) < 3:
            continue
        entries[phrase] = f"quoted {n}x in the national reports"
        added += 1

    lines = [
        "# govreport policy lexicon: formulations (提法) kept whole by the segmenter. jieba user-dictionary",
        "# format, one 'word freq tag' a line (tag nz); lines starting with '#' are comments (govreport skips",
        "# them; remove them before giving this file to jieba.load_userdict).",
        "# Source: built by scripts/build_lexicon.py from (1) the curated seed list govreport/data/policy_seeds.txt",
        "# and (2) phrases quoted with “…” at least twice in the 69 State Council government work reports",
        "# 1954-2025 (govreport/data/national_reports.jsonl) that the default jieba dictionary splits.",
        "# freq = max(jieba-rs suggest_freq on the default dictionary, 1000), so each entry wins in context.",
        f"# entries: {len(entries)} ({len(entries) - added} from the seed list, {added} quoted in the corpus)",
    ]
    for word in entries:
        freq = max(base.suggest_freq(word), args.floor)
        lines.append(f"{word} {freq} nz")
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(entries)} entries ({added} mined from quoted phrases)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
