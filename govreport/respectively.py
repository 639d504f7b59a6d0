"""分别 lists: a list of names aligned one to one with a list of figures (A、B分别增长8%和9%; A和B实际增长8.4%和
11.4%), heads shared (电子信息产业、生物医药产业产值 → 电子信息产业产值, 生物医药产业产值) and paired scopes split
(城乡居民收入分别增长8%和9% → 城镇居民收入, 农村居民收入).
"""

from __future__ import annotations

from typing import Any

from govreport.attribution import (
    CLAUSE_DELIMS,
    LIST_JOINERS,
    LOOKBACK,
    LOOKBACK_ROWS,
    is_weak,
    last_clause,
    strip_name,
    words,
)


def respectively(text: str, rows: list[dict[str, Any]], marks: Any) -> None:
    """分别: align a list of names with a list of figures, one to one (A和B实际增长8.4%和11.4% too)."""
    i = 0
    while i < len(rows):
        row = rows[i]
        group = [row]
        j = i + 1
        while j < len(rows):
            between = text[group[-1]["end"]:rows[j]["start"]]
            if between.strip() in LIST_JOINERS:
                group.append(rows[j])
                j += 1
            else:
                break
        if len(group) > 1:
            left = text[max(0, row["start"] - 12):row["start"]]
            at = left.rfind("分别")
            explicit = at >= 0 and not any(ch in left[at:] for ch in CLAUSE_DELIMS)
            _assign(text, row, group, rows, i, explicit, marks)
        i = j


def _assign(text: str, first: dict[str, Any], group: list[dict[str, Any]], rows: list[dict[str, Any]], at: int,
            explicit: bool, marks: Any) -> None:
    """Name the figures of ``group`` (``first`` is ``rows[at]``) from the list of names before them."""
    s_start = max(marks.sentence_start(first["start"]), first["start"] - LOOKBACK)
    prefix = text[s_start:first["start"]]
    subject_raw = last_clause(prefix[: prefix.rfind("分别")] if explicit else prefix)
    subject = strip_name(subject_raw)
    items = _split_items(subject, len(group))
    if items:
        for row, name in zip(group, items, strict=True):
            row["indicator"] = name
        return
    if not explicit:
        return
    if not subject or is_weak(subject):
        names: list[str] = []
        for r in reversed(rows[max(0, at - LOOKBACK_ROWS):at]):
            if r["start"] < s_start:
                break
            if r["indicator"] and r["indicator"] not in names:
                names.insert(0, r["indicator"])
            if len(names) == len(group):
                break
        if len(names) == len(group):
            for row, name in zip(group, names, strict=True):
                row["indicator"] = name
            return
    if subject:
        for row in group:
            row["indicator"] = subject


def _split_items(subject: str, n: int) -> list[str] | None:
    """电子信息产业、生物医药产业产值以及软件和信息服务业、文化服务业营业收入 → four names, heads shared."""
    if not subject:
        return None
    for joiners in (("以及", "及"), ("以及", "及", "、"), ("以及", "及", "、", "和", "与")):
        groups = [subject]
        for j in joiners[:2]:
            groups = [g for part in groups for g in part.split(j)]
        items_per_group = []
        for g in groups:
            parts = [g]
            for j in joiners[2:]:
                parts = [p for part in parts for p in part.split(j)]
            parts = [p for p in parts if p]
            items_per_group.append(_share_head(parts))
        items = [i for g in items_per_group for i in g]
        if len(items) == n:
            return items
    return None


def _share_head(parts: list[str]) -> list[str]:
    if len(parts) < 2:
        return parts
    last = parts[-1]
    for head in words().head:
        if last.endswith(head) and len(last) > len(head):
            return [p if p.endswith(head) else p + head for p in parts]
    return parts
