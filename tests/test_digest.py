"""The rows of metrics, keywords and phrases on the national corpus and the local dev documents are the
ones stored in tests/data/rows_digest.json (by scripts/digest_rows.py): speed work never changes a result
silently."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "digest_rows.py"


def _digest_module():
    spec = importlib.util.spec_from_file_location("digest_rows", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rows_are_the_stored_ones():
    digests = _digest_module()
    stored = json.loads(digests.DIGEST_FILE.read_text(encoding="utf-8"))
    fresh = digests.compute_digests()
    assert set(fresh) == set(stored) and all(set(fresh[c]) == set(stored[c]) for c in fresh)
    diff = digests.differences(stored, fresh)
    assert not diff, ("rows changed:\n  " + "\n  ".join(diff)
                      + "\nIf the change was meant, run `python scripts/digest_rows.py` and commit "
                        "tests/data/rows_digest.json with it.")


def test_digest_ignores_row_order_but_not_content():
    digests = _digest_module()
    a = digests.digest('{"doc": "a", "value": 1}\n{"doc": "b", "value": 2}\n')
    b = digests.digest('{"doc": "b", "value": 2}\n{"doc": "a", "value": 1}\n')
    c = digests.digest('{"doc": "b", "value": 3}\n{"doc": "a", "value": 1}\n')
    assert a == b and a["rows"] == 2
    assert c["sha256"] != a["sha256"]
