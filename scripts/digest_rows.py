#!/usr/bin/env python
"""Digests of the rows ``metrics``, ``keywords`` and ``phrases`` give, so that speed work never changes a
result silently.

    python scripts/digest_rows.py            # recompute and write tests/data/rows_digest.json
    python scripts/digest_rows.py --check    # recompute and compare (exit 1 on a difference)

Each command runs in-process through the real entry point (``govreport.cli.main``, JSON Lines, one worker)
on the national corpus (govreport/data/national_reports.jsonl) and on the local dev documents
(tests/data/gold/local/docs). A digest is the sha256 of the output's lines, sorted (so the order rows come
back in does not matter), with the row count beside it. tests/test_digest.py recomputes them; when a change
of rows is meant (a new rule, a fixed figure), run this script and commit the new file with the change.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIGEST_FILE = ROOT / "tests" / "data" / "rows_digest.json"
CORPORA = {
    "national": ROOT / "govreport" / "data" / "national_reports.jsonl",
    "local": ROOT / "tests" / "data" / "gold" / "local" / "docs",
}
COMMANDS = ("metrics", "keywords", "phrases")


class _Entry:
    """Lets CliRunner drive ``govreport.cli.main`` (the real entry point with its error handling)."""

    name = "govreport"

    def main(self, args=(), prog_name=None, **_):
        from govreport.cli import main

        main(list(args))


def command_output(command: str, source: Path) -> str:
    """The JSON Lines ``govreport COMMAND SOURCE`` writes (one worker, no progress bar)."""
    from click.testing import CliRunner

    result = CliRunner().invoke(_Entry(), [command, str(source), "-f", "jsonl", "-q", "-j", "1"],
                                catch_exceptions=False)
    if result.exit_code != 0:
        raise RuntimeError(f"govreport {command} {source.name} exited {result.exit_code}: {result.stderr[-300:]}")
    return result.stdout


def digest(output: str) -> dict[str, object]:
    """{rows, sha256} of JSON Lines output: the sha256 of its non-empty lines, sorted, joined by newlines."""
    lines = sorted(line for line in output.splitlines() if line.strip())
    return {"rows": len(lines), "sha256": hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()}


def compute_digests() -> dict[str, dict[str, dict[str, object]]]:
    """{corpus: {command: {rows, sha256}}} for every corpus and command."""
    return {name: {command: digest(command_output(command, path)) for command in COMMANDS}
            for name, path in CORPORA.items()}


def differences(stored: dict, fresh: dict) -> list[str]:
    """One line per (corpus, command) whose digest is not the stored one."""
    out = []
    for name, commands in fresh.items():
        for command, now in commands.items():
            before = stored.get(name, {}).get(command)
            if before != now:
                was = f"{before['rows']} rows" if before else "nothing stored"
                out.append(f"{command} on {name}: {now['rows']} rows, digest {now['sha256'][:12]} ({was}"
                           + (f", digest {before['sha256'][:12]})" if before else ")"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the stored digests instead of writing")
    args = parser.parse_args()
    fresh = compute_digests()
    if args.check:
        stored = json.loads(DIGEST_FILE.read_text(encoding="utf-8"))
        diff = differences(stored, fresh)
        print("\n".join(diff) or "same rows", file=sys.stderr)
        sys.exit(1 if diff else 0)
    DIGEST_FILE.write_text(json.dumps(fresh, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    for name, commands in fresh.items():
        for command, d in commands.items():
            print(f"{name:9} {command:9} {d['rows']:6} rows  {d['sha256'][:16]}", file=sys.stderr)
    print(f"wrote {DIGEST_FILE.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
