"""Scoring metric rows against hand-checked gold, shared by the tests of metrics (dev gold) and of the view
(the local development set): the matching of ../shared/eval/score_metrics.py."""

import json
import math
from pathlib import Path

from govreport.loading import read_file
from govreport.metrics import metric_rows
from govreport.view import fold_traditional

PUNCT = set(" \t\r\n,，。、;；:：()（）“”\"'‘’《》【】[]—-…·")
FIELDS = ("indicator", "change", "qualifier", "kind", "period")


def read_jsonl(path):
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def paragraph_spans(text):
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            yield pos + lead, pos + lead + len(stripped), stripped
        pos += len(line) + 1


def _find_span(text, span, start, end):
    """The first occurrence of span in text[start:end] that does not begin inside a longer number."""
    at = text.find(span, start, end)
    while at > 0 and span[:1].isdigit() and (text[at - 1].isdigit() or text[at - 1] in ".．"):
        at = text.find(span, at + 1, end)
    return at


def place(text, mentions):
    """Absolute spans for gold mentions: at their ``start`` within the paragraph they name, or (without one)
    the next occurrence there, in order."""
    paras = list(paragraph_spans(text))
    scopes, cursor = {}, {}
    for m in mentions:
        key = m["para"]
        if key not in scopes:
            scopes[key] = next((s, e) for s, e, t in paras if t.startswith(key))
            cursor[key] = scopes[key][0]
        if isinstance(m.get("start"), int):
            at = scopes[key][0] + m["start"]
        else:
            at = _find_span(text, m["span"], cursor[key], scopes[key][1])
        assert at >= 0 and text[at:at + len(m["span"])] == m["span"], m
        m["gstart"], m["gend"] = at, at + len(m["span"])
        cursor[key] = m["gend"]
    return list(scopes.values())


def name(s):
    return fold_traditional("".join(ch for ch in str(s or "") if ch not in PUNCT))


def unit(u):
    return fold_traditional(str(u or "").replace("％", "%").strip())


def same_indicator(gold, got):
    short, long_ = sorted((name(gold), name(got)), key=len)
    return len(short) >= 2 and short in long_ and len(long_) - len(short) <= 8


def same_value(gold, got):
    if not isinstance(gold.get("value_base"), int | float):  # a ratio (a list of parts): the unit decides
        return unit(got["base_unit"]) == unit(gold["base_unit"])
    if got["value_base"] is None or not math.isclose(gold["value_base"], got["value_base"], rel_tol=1e-6,
                                                     abs_tol=1e-9):
        return False
    return unit(gold["base_unit"]) in ("", unit(got["base_unit"]))


def field_ok(field, gold, got):
    if field == "indicator":
        return same_indicator(gold[field], got[field])
    if field == "period":
        return gold[field] == got[field]
    return str(gold[field] or "") == str(got[field] or "")


def score(gold_dir: Path, gold_file: str, neutral_file: str) -> dict:
    """recall, precision, exact and each field's share over the gold of ``gold_dir`` (docs/ beside it), as
    ../shared/eval/score_metrics.py counts them; ``problems`` lists each miss, wrong field and extra row."""
    gold = read_jsonl(gold_dir / gold_file)
    neutral = read_jsonl(gold_dir / neutral_file)
    n_gold = n_pred = n_match = n_exact = 0
    fields = {f: [0, 0] for f in FIELDS}
    problems = []
    for doc in sorted({m["doc"] for m in gold}):
        mentions = [m for m in gold if m["doc"] == doc]
        report = read_file(gold_dir / "docs" / f"{doc}.txt")
        scopes = place(report.text, mentions)
        neutral_here = [m for m in neutral if m["doc"] == doc]
        place(report.text, neutral_here)
        rows = [r for r in metric_rows(report) if any(r["start"] < e and r["end"] > s for s, e in scopes)]
        used = set()
        for m in mentions:
            n_gold += 1
            hit = next((i for i, r in enumerate(rows) if i not in used and r["start"] < m["gend"]
                        and r["end"] > m["gstart"] and same_value(m, r)), None)
            if hit is None:
                problems.append(f"missed {doc} {m['span']}")
                continue
            used.add(hit)
            n_match += 1
            applicable = [f for f in FIELDS if f == "qualifier" or m.get(f) not in (None, "")]
            for f in applicable:
                fields[f][1] += 1
                ok = field_ok(f, m, rows[hit])
                fields[f][0] += ok
                if not ok:
                    problems.append(f"{doc} {m['span']} {f}: gold={m[f]!r} got={rows[hit][f]!r}")
            n_exact += all(field_ok(f, m, rows[hit]) for f in applicable)
        extra = [r for i, r in enumerate(rows) if i not in used
                 and not any(r["start"] < n["gend"] and r["end"] > n["gstart"] for n in neutral_here)]
        problems += [f"extra {doc} {r['text']}" for r in extra]
        n_pred += len(used) + len(extra)
    return {
        "recall": n_match / n_gold, "precision": n_match / n_pred, "exact": n_exact / n_gold,
        **{f: ok / total for f, (ok, total) in fields.items()}, "problems": problems,
    }
