"""Targets against outcomes: the target a report sets for its year, joined to the outcome the next report gives.

Each report contributes, for each indicator of ``data/indicator_synonyms.tsv``, the first target it sets for
its own year and the first outcome it reports for the year before. The panel pairs year Y's target (report Y)
with year Y's outcome (report Y + 1) of the same region.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from govreport.quantities import _data_rows

COLUMNS = ["region", "indicator", "year", "target_text", "target_value", "target_qualifier", "actual_text",
           "actual_value", "gap", "met", "target_doc", "actual_doc"]


@dataclass(frozen=True)
class Indicator:
    name: str
    change: str
    base_unit: str
    better: str
    names: tuple[str, ...]


@cache
def indicators() -> tuple[Indicator, ...]:
    return tuple(
        Indicator(name, change, unit, better, tuple(n.strip() for n in names.split(",") if n.strip()))
        for name, change, unit, better, names in _data_rows("indicator_synonyms.tsv")
    )


def canonical(name: str) -> Indicator | None:
    """The indicator a name refers to: the one with the longest name contained in it.

    >>> canonical("年末城镇调查失业率").name
    '城镇调查失业率'
    """
    best: tuple[int, Indicator] | None = None
    for ind in indicators():
        for n in ind.names:
            if n in name and (best is None or len(n) > best[0]):
                best = (len(n), ind)
    if best is None:
        return None
    rest = name.replace(max((n for n in best[1].names if n in name), key=len), "", 1)
    if len(rest) > 4 or any(ch in rest for ch in "占比例均单位每"):
        return None  # 人均国内生产总值, 研发经费支出占国内生产总值比重: another statistic
    return best[1]


def _measures(row: dict[str, Any], ind: Indicator) -> bool:
    """Whether a metric row states the indicator's target measure (GDP: a growth rate in %, not 万亿元)."""
    if row["base_unit"] != ind.base_unit:
        return False
    if ind.change == "decrease":
        return row["change"] == "decrease"
    return row["change"] in (ind.change, "level")


@dataclass
class Figure:
    text: str
    value: float | None
    qualifier: str
    doc: str


@dataclass
class ReportFigures:
    """What one report says of the tracked indicators: targets for its year, outcomes for the year before."""

    doc: str
    region: str
    year: int | None
    targets: dict[str, Figure]
    actuals: dict[str, Figure]


def report_figures(report) -> ReportFigures:
    """Targets and outcomes of one report (a picklable result for worker processes)."""
    from govreport.metrics import metric_rows

    rows = metric_rows(report)
    targets: dict[str, Figure] = {}
    actuals: dict[str, Figure] = {}
    candidates: dict[str, list[dict[str, Any]]] = {}
    year = report.year
    for i, row in enumerate(rows):
        ind = canonical(row["indicator"] or "")
        if ind is None or not _measures(row, ind) or year is None:
            continue
        if row["kind"] == "target" and row["period"] == year and ind.name not in targets:
            targets[ind.name] = _target_figure(report.text, rows, i, report.id)
        elif row["kind"] == "actual" and row["period"] == year - 1:
            candidates.setdefault(ind.name, []).append(row)
    for name, found in candidates.items():
        # an outcome is stated plainly (增长6.9%): prefer it to one written like a target (控制在3.5%左右)
        row = min(found, key=lambda r: r["qualifier"] == "approx")
        actuals[name] = Figure(row["text"], _float(row["value_base"]), row["qualifier"], report.id)
    return ReportFigures(report.id, report.region or "", year, targets, actuals)


def _target_figure(text: str, rows: list[dict[str, Any]], i: int, doc: str) -> Figure:
    row = rows[i]
    nxt = rows[i + 1] if i + 1 < len(rows) else None
    if row["qualifier"] == "min" and nxt is not None and nxt["qualifier"] == "max" and nxt["start"] - row["end"] <= 1:
        # 6%－6.5%: a range target; its value is the lower bound
        return Figure(text[row["start"]:nxt["end"]], _float(row["value_base"]), "range", doc)
    return Figure(row["text"], _float(row["value_base"]), row["qualifier"] or "exact", doc)


def _float(value: Any) -> float | None:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def judge(target: Figure | None, actual: Figure | None, better: str) -> tuple[float | None, str]:
    """(gap, met): gap = outcome − target; met yes | no | unclear.

    A 以上 target is met at or above it, a 以内 target at or below it; a 左右 or plain target is met on the
    better side, and within half a point (5% of the target for counts) on the other side it is unclear.
    """
    if target is None or actual is None or target.value is None or actual.value is None:
        return None, "unclear"
    gap = round(actual.value - target.value, 10)
    if target.qualifier == "min":
        return gap, "yes" if gap >= 0 else "no"
    if target.qualifier == "max":
        return gap, "yes" if gap <= 0 else "no"
    signed = gap if better == "higher" else -gap
    if signed >= 0:
        return gap, "yes"
    slack = 0.5 if abs(target.value) < 100 else abs(target.value) * 0.05
    return gap, "unclear" if target.qualifier == "approx" and -signed <= slack else "no"


def panel(figures: Iterable[ReportFigures]) -> Iterator[dict[str, Any]]:
    """Rows of the target-versus-outcome panel, by region, indicator and year."""
    by_key: dict[tuple[str, int], ReportFigures] = {}
    for f in figures:
        if f.year is not None:
            by_key.setdefault((f.region, f.year), f)
    tracked: dict[str, set[str]] = {}
    for (region, _), f in by_key.items():
        tracked.setdefault(region, set()).update(f.targets)
    order = {ind.name: i for i, ind in enumerate(indicators())}
    better = {ind.name: ind.better for ind in indicators()}
    for region in sorted(tracked):
        for name in sorted(tracked[region], key=order.__getitem__):
            for year in sorted(y for r, y in by_key if r == region):
                target = by_key[(region, year)].targets.get(name)
                nxt = by_key.get((region, year + 1))
                actual = nxt.actuals.get(name) if nxt else None
                gap, met = judge(target, actual, better[name])
                yield {
                    "region": region, "indicator": name, "year": year,
                    "target_text": target.text if target else "",
                    "target_value": target.value if target else None,
                    "target_qualifier": target.qualifier if target else "none",
                    "actual_text": actual.text if actual else "",
                    "actual_value": actual.value if actual else None,
                    "gap": gap, "met": met,
                    "target_doc": by_key[(region, year)].doc, "actual_doc": actual.doc if actual else "",
                }


def target_rows(reports) -> list[dict[str, Any]]:
    """The panel for reports in memory (the Python API)."""
    return list(panel(report_figures(r) for r in reports))
