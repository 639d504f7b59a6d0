"""Targets against outcomes: the target a report sets for its year, joined to the outcome the next report gives.

Each report contributes, for each canonical indicator of ``data/indicators.tsv`` (names matched through
``data/indicator_synonyms.tsv``), the first target it sets for its own year and the outcome it reports for
the year before. The panel pairs year Y's target (the report of Y) with year Y's outcome (the report of
Y + 1) of the same region, never across regions; a year whose own report is missing still gets its outcome.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from govreport.wordfiles import data_rows

COLUMNS = ["region", "year", "indicator_id", "indicator", "target_name", "target_text", "target_low", "target_high",
           "target_value", "target_qualifier", "actual_name", "actual_text", "actual_value", "gap", "met",
           "target_doc", "actual_doc"]
HEADLINE_COLUMNS = ["doc", "region", "year", "indicator_id", "indicator", "target_text", "target_low", "target_high",
                    "actual_year", "actual_text", "actual_value"]
WIDE_KEYS = ["region", "year", "target_doc", "actual_doc"]


@dataclass(frozen=True)
class Indicator:
    id: str
    concept: str
    label: str
    english: str
    measure: str  # growth | rate | decrease | amount
    units: tuple[tuple[str, float], ...]  # (base unit, factor to the first); the first is the panel's unit
    better: str  # higher | lower

    def fits(self, row: dict[str, Any]) -> bool:
        """Whether a metric row states this indicator's measure (GDP growth: a rate in %, not 万亿元)."""
        unit, change = row["base_unit"], row["change"]
        if self.measure == "amount":
            return change == "level" and any(unit == u for u, _ in self.units)
        if unit != "%":
            return False
        return change in {"growth": ("increase", "level"), "rate": ("level",),
                          "decrease": ("decrease", "level")}[self.measure]

    def value(self, row: dict[str, Any]) -> float | None:
        """The row's value in the indicator's unit."""
        v = _float(row["value_base"])
        factor = next((f for u, f in self.units if u == row["base_unit"]), None)
        return None if v is None or factor is None else round(v * factor, 10)


@cache
def indicators() -> tuple[Indicator, ...]:
    """The canonical indicators, in the order of ``data/indicators.tsv``."""
    out = []
    for ident, group, label, english, measure, units, better in data_rows("indicators.tsv"):
        parsed = tuple((u, float(f or 1)) for u, _, f in (part.partition(":") for part in units.split(",")))
        out.append(Indicator(ident, group, label, english, measure, parsed, better.strip()))
    return tuple(out)


def indicator(ident: str) -> Indicator | None:
    return next((i for i in indicators() if i.id == ident), None)


_GDP_NAMES = re.compile(r"GDP|地区生产总值")


def normalise(name: str) -> str:
    """A name as the synonyms are matched: 的 dropped, GDP and 地区生产总值 read as 国内生产总值, 比例 as 比重.

    >>> normalise("财政赤字占GDP的比例")
    '财政赤字占国内生产总值比重'
    """
    name = _GDP_NAMES.sub("国内生产总值", name.replace("的", "")).replace("比例", "比重")
    return name.replace("之比", "之")


@cache
def _synonyms() -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """((normalised name, concept), longest first), and the words that make a name another statistic."""
    names, other = [], []
    for group, name in data_rows("indicator_synonyms.tsv"):
        if group == "other":
            other.append(name.strip())
        else:
            names.append((normalise(name.strip()), group))
    return tuple(sorted(names, key=lambda p: -len(p[0]))), tuple(other)


_FORBIDDEN = frozenset("占比例均每和、及与")  # shares, averages, per-unit figures; pairs (城镇和农村居民…)


def concept(name: str) -> tuple[str, str] | None:
    """(concept, the synonym found) of an indicator name: the longest synonym it contains, when what is left
    beside it is at most four characters, none of them 占 比 例 均 每 (a share, an average) or 和 、 及 与 (a
    pair), and none a word of concept "other".

    >>> concept("年末城镇调查失业率")
    ('surveyed_unemployment', '城镇调查失业率')
    >>> concept("人均国内生产总值") is None
    True
    """
    key = normalise(name)
    names, other = _synonyms()
    for syn, found in names:
        at = key.find(syn)
        if at < 0:
            continue
        rest = key[:at] + key[at + len(syn):]
        if len(rest) > 4 or _FORBIDDEN.intersection(rest) or any(w in rest for w in other):
            return None
        return found, syn
    return None


def indicator_of(row: dict[str, Any], view=None) -> tuple[Indicator, str] | None:
    """The canonical indicator a metric row measures and the name it goes by there, if any. For a target
    whose name is not known, ``view`` (the report's :class:`~govreport.view.TextView`) gives the subject of the
    target phrase before it: 经济增长预期目标为7%左右, 经济增长速度的宏观调控目标，定为百分之八至九 (name 经济增长,
    经济增长速度)."""
    name = row["indicator"] or ""
    found = concept(name)
    if found is None and view is not None and row["kind"] == "target":
        found = _target_subject(view.text, view.view_pos(row["start"]))
        name = found[1] if found else name
    if found is None:
        return None
    ind = next((i for i in indicators() if i.concept == found[0] and i.fits(row)), None)
    return None if ind is None else (ind, name)


# a target phrase right before its figure: 预期目标为, 宏观调控目标，定为, 增长目标定为, 预期目标确定
_TARGET_WORD = re.compile(r"(?:宏观)?(?:调控|预期|增长|预期增长)?目标[，,：:]?(?:确定为|确定|定为|定在|设定为|为|是)?[，,]?$")
_SENTENCE_END = re.compile(r"[。；;！？\n]")


def _target_subject(text: str, start: int) -> tuple[str, str] | None:
    """(concept, name) of the last known name written just before a target phrase (预期目标为, 调控目标，定为)
    that runs up to the figure at ``start``, within its sentence."""
    window = text[max(0, start - 60):start]
    ends = list(_SENTENCE_END.finditer(window))
    window = normalise(window[ends[-1].end():] if ends else window)
    best: tuple[int, str, str] | None = None
    for syn, found in _synonyms()[0]:
        at = window.find(syn)  # each occurrence, none overlapping the one before (as a search of it finds them)
        while at >= 0:
            if _TARGET_WORD.match(window, at + len(syn)) and (best is None or at > best[0]):
                best = (at, found, syn)
            at = window.find(syn, at + len(syn))
    return None if best is None else (best[1], best[2])


@dataclass
class Figure:
    """A target or an outcome as one report writes it; ``low``/``high`` are its bounds (equal for a point)."""

    name: str
    text: str
    low: float | None
    high: float | None
    qualifier: str  # approx | min | max | range | exact (targets); the row's qualifier (outcomes)
    doc: str

    @property
    def value(self) -> float | None:
        return self.high if self.low is None else self.low


@dataclass
class ReportFigures:
    """What one report says of the indicators: targets for its year, outcomes for the year before."""

    doc: str
    region: str
    year: int | None
    targets: dict[str, Figure]
    actuals: dict[str, Figure]


_ROLE_ORDER = {"": 0, "to": 1, "from": 2}
_QUALIFIER_ORDER = {"": 0, "approx": 2}


def report_figures(report, region: str | None = None) -> ReportFigures:
    """Targets and outcomes of one report (a picklable result for worker processes); ``region`` is used when
    the report names none."""
    from govreport.metrics import metric_rows

    year = report.year
    targets: dict[str, Figure] = {}
    candidates: dict[str, list[tuple[dict[str, Any], Indicator]]] = {}
    rows = metric_rows(report) if year is not None else []
    for i, row in enumerate(rows):
        if row["kind"] not in ("target", "actual"):
            continue
        found = indicator_of(row, report.view)
        if found is None:
            continue
        ind, name = found
        if row["kind"] == "target" and row["period"] == year and ind.id not in targets:
            targets[ind.id] = _target_figure(report.text, rows, i, ind, name, report.id)
        elif row["kind"] == "actual" and row["period"] == year - 1:
            candidates.setdefault(ind.id, []).append((row, ind))
    actuals = {}
    for ident, found in candidates.items():
        # an outcome is stated plainly (增长6.9%): prefer it to the end of a 从…到…, to a threshold (突破一万亿元,
        # 达到10505.3亿元) and to one written like a target (控制在3.5%左右)
        row, ind = min(found, key=lambda p: (_ROLE_ORDER.get(p[0]["role"] or "", 3),
                                             _QUALIFIER_ORDER.get(p[0]["qualifier"] or "", 1)))
        v = ind.value(row)
        actuals[ident] = Figure(row["indicator"] or "", row["text"], v, v, row["qualifier"] or "", report.id)
    return ReportFigures(report.id, report.region or region or "", year, targets, actuals)


def _target_figure(text: str, rows: list[dict[str, Any]], i: int, ind: Indicator, name: str, doc: str) -> Figure:
    row = rows[i]
    nxt = rows[i + 1] if i + 1 < len(rows) else None
    if row["qualifier"] == "min" and nxt is not None and nxt["qualifier"] == "max" \
            and nxt["start"] - row["end"] <= 1 and nxt["base_unit"] == row["base_unit"]:
        # 6.5%－7%, 百分之八至九: a range target with both bounds
        return Figure(name, text[row["start"]:nxt["end"]], ind.value(row), ind.value(nxt), "range", doc)
    v = ind.value(row)
    qualifier = row["qualifier"] or "exact"
    return Figure(name, row["text"], None if qualifier == "max" else v, None if qualifier == "min" else v,
                  qualifier, doc)


def _float(value: Any) -> float | None:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def judge(target: Figure | None, actual: Figure | None, better: str) -> tuple[float | None, float | None, str]:
    """(target value, gap, met): the value the outcome is judged against, gap = outcome − that value, and
    met yes | no | unclear.

    A 以上 target is met at or above it, a 以内 target at or below it, a range target (6.5%－7%) at or beyond
    its bound on the worse side (the lower bound when higher is better); a 左右 or plain target is met on the
    better side, and within half a point (5% of the target for amounts) on the other side it is unclear.
    """
    if target is None:
        return None, None, "unclear"
    if target.qualifier == "range":
        value = target.low if better == "higher" else target.high
    else:
        value = target.value
    if actual is None or value is None or actual.value is None:
        return value, None, "unclear"
    gap = round(actual.value - value, 10)
    if target.qualifier == "min":
        return value, gap, "yes" if gap >= 0 else "no"
    if target.qualifier == "max":
        return value, gap, "yes" if gap <= 0 else "no"
    signed = gap if better == "higher" else -gap
    if signed >= 0:
        return value, gap, "yes"
    slack = 0.5 if abs(value) < 100 else abs(value) * 0.05
    return value, gap, "unclear" if target.qualifier == "approx" and -signed <= slack else "no"


def _keep(ident: str, wanted: str | None) -> bool:
    """--indicator: an id (gdp_growth), or text the canonical name or the id contains (国内生产总值, gdp)."""
    if not wanted:
        return True
    ind = indicator(ident)
    return ind is not None and (wanted in ind.id or wanted in ind.label)


def panel(figures: Iterable[ReportFigures], wanted: str | None = None) -> list[dict[str, Any]]:
    """Rows of the long panel (:data:`COLUMNS`): by region, indicator and year, one row wherever a report
    sets a target for its year or the next report gives the outcome. A report without a region is joined to
    no other (its rows come last, with an empty region)."""
    targets: dict[tuple[str, str, int, str], Figure] = {}
    actuals: dict[tuple[str, str, int, str], Figure] = {}
    for f in figures:
        if f.year is None:
            continue
        place = (f.region, "") if f.region else ("", f.doc)  # a report without a region joins no other
        for ident, fig in f.targets.items():
            targets.setdefault((*place, f.year, ident), fig)
        for ident, fig in f.actuals.items():
            actuals.setdefault((*place, f.year - 1, ident), fig)
    order = {ind.id: i for i, ind in enumerate(indicators())}
    keys = sorted({k for k in (*targets, *actuals) if _keep(k[3], wanted)},
                  key=lambda k: (k[0] == "", k[0], k[1], order[k[3]], k[2]))
    rows = []
    for key in keys:
        region, _, year, ident = key
        ind = indicator(ident)
        assert ind is not None
        target, actual = targets.get(key), actuals.get(key)
        value, gap, met = judge(target, actual, ind.better)
        rows.append({
            "region": region or None, "year": year, "indicator_id": ident, "indicator": ind.label,
            "target_name": target.name if target else None, "target_text": target.text if target else None,
            "target_low": target.low if target else None, "target_high": target.high if target else None,
            "target_value": value, "target_qualifier": target.qualifier if target else "none",
            "actual_name": actual.name if actual else None, "actual_text": actual.text if actual else None,
            "actual_value": actual.value if actual else None, "gap": gap, "met": met,
            "target_doc": target.doc if target else None, "actual_doc": actual.doc if actual else None,
        })
    return rows


def wide_columns(wanted: str | None = None) -> list[str]:
    """The columns of ``--wide``: region, year, the two reports, and a target and an outcome per indicator."""
    return [*WIDE_KEYS, *(f"{ind.id}_{side}" for ind in indicators() if _keep(ind.id, wanted)
                          for side in ("target", "actual"))]


def wide(rows: Iterable[dict[str, Any]], wanted: str | None = None) -> list[dict[str, Any]]:
    """The long panel as one row per region and year (the shape a panel regression reads)."""
    out: dict[tuple[str, int], dict[str, Any]] = {}
    for r in rows:
        row = out.setdefault((r["region"] or "", r["year"]), dict.fromkeys(wide_columns(wanted)))
        row["region"], row["year"] = r["region"], r["year"]
        row["target_doc"] = row["target_doc"] or r["target_doc"]
        row["actual_doc"] = row["actual_doc"] or r["actual_doc"]
        row[f"{r['indicator_id']}_target"] = r["target_value"]
        row[f"{r['indicator_id']}_actual"] = r["actual_value"]
    return [out[k] for k in sorted(out)]


def without_region(figures: Iterable[ReportFigures]) -> list[str]:
    """The documents that name no region (a wide panel cannot place them)."""
    return [f.doc for f in figures if not f.region]


def unjoined(figures: Iterable[ReportFigures]) -> list[str]:
    """Reports without a region that the panel would have joined had they named one: two of them a year apart."""
    years: dict[int, list[str]] = {}
    for f in figures:
        if not f.region and f.year is not None:
            years.setdefault(f.year, []).append(f.doc)
    return [doc for year, docs in sorted(years.items()) if year + 1 in years or year - 1 in years for doc in docs]


def headline(f: ReportFigures, wanted: str | None = None) -> list[dict[str, Any]]:
    """One report's own headline (:data:`HEADLINE_COLUMNS`): the targets it sets for its year and the outcomes
    it gives for the year before, one row per indicator."""
    rows = []
    for ind in indicators():
        target, actual = f.targets.get(ind.id), f.actuals.get(ind.id)
        if (target is None and actual is None) or not _keep(ind.id, wanted):
            continue
        rows.append({
            "doc": f.doc, "region": f.region or None, "year": f.year, "indicator_id": ind.id, "indicator": ind.label,
            "target_text": target.text if target else None, "target_low": target.low if target else None,
            "target_high": target.high if target else None,
            "actual_year": f.year - 1 if actual and f.year is not None else None,
            "actual_text": actual.text if actual else None, "actual_value": actual.value if actual else None,
        })
    return rows


def target_rows(reports, shape: str = "long", indicator: str | None = None,
                region: str | None = None) -> list[dict[str, Any]]:
    """The panel for reports in memory (the Python API): ``shape`` long (:data:`COLUMNS`), wide
    (:func:`wide_columns`) or headline (:data:`HEADLINE_COLUMNS`, every report's own)."""
    return rows_of_figures([report_figures(r, region) for r in reports], shape, indicator)


def rows_of_figures(figures: list[list[Figure]], shape: str = "long", indicator: str | None = None
                    ) -> list[dict[str, Any]]:
    """:func:`target_rows` of the figures :func:`report_figures` read (the CLI reads them in worker processes).
    ValueError (one line) for a wide panel of reports without a region, or an unknown shape."""
    if shape == "headline":
        return [row for f in figures for row in headline(f, indicator)]
    if shape == "wide":
        missing = without_region(figures)
        if missing:
            raise ValueError(region_message(missing))
        return wide(panel(figures, indicator), indicator)
    if shape != "long":
        raise ValueError(f"shape must be long, wide or headline, not {shape!r}")
    return panel(figures, indicator)


def region_message(missing: list[str]) -> str:
    """The one line that says which reports a wide panel cannot place, and what to do."""
    named = ", ".join(missing[:3]) + (", ..." if len(missing) > 3 else "")
    return (f"a wide panel needs each report's region; {len(missing)} name none ({named}): give it with "
            "--region NAME or a JSON Lines 'region' field")


def columns(shape: str = "long", indicator: str | None = None) -> list[str]:
    if shape == "wide":
        return wide_columns(indicator)
    return list(HEADLINE_COLUMNS if shape == "headline" else COLUMNS)
