"""分别 lists: a list of names aligned one to one with a list of figures (A、B分别增长8%和9%; A和B实际增长8.4%和
11.4%), heads shared (电子信息产业、生物医药产业产值 → 电子信息产业产值, 生物医药产业产值) and paired scopes split
(城乡居民收入分别增长8%和9% → 城镇居民收入, 农村居民收入).
"""

from __future__ import annotations

import re
from typing import Any

from govreport.attribution import (
    BARE_MEMBERS,
    CLAUSE_DELIM,
    CLAUSE_DELIMS,
    LIST_JOINERS,
    LOOKBACK,
    LOOKBACK_ROWS,
    is_weak,
    last_clause,
    may_end_list,
    predicate_starts,
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
        left = text[max(0, row["start"] - 16):row["start"]]
        at = left.rfind("分别")
        explicit = at >= 0 and not any(ch in left[at:] for ch in CLAUSE_DELIMS)
        # 增长1.3和|1.4倍: the list's bare first members (searched only when a joiner ends what is before)
        bare = BARE_MEMBERS.search(left) if may_end_list(left) else None
        members = left[at:] if explicit else bare.group() if bare else ""
        skipped = len(_UNFOUND_MEMBER.findall(members)) if members else 0
        if len(group) > 1 or skipped:
            _assign(text, row, group, rows, i, explicit, marks, skipped)
        if explicit and len(group) > 1 and group[-1]["qualifier"]:
            for r in group[:-1]:  # 分别增长10.6%和12.3%左右: the closing qualifier is every member's
                r["qualifier"] = r["qualifier"] or group[-1]["qualifier"]
        i = j


_SHARE_AFTER = re.compile(r"(占[^，,；;。\d]{1,16}?)的?(?=\d)")  # 销售收入、利税分别占规模以上工业的43.6%和42.3%
ITEM_REACH = 24  # characters read back for each member of a list, beyond LOOKBACK

# 分别达到12488和|10163亿元, 分别增至208对和|68家: list members before the first figure found (a bare number
# sharing the unit of the last, or a unit the figure reader does not know)
_UNFOUND_MEMBER = re.compile(r"\d+(?:\.\d+)?[^\d、和及与，,；;。]{0,2}?(?:、|和|及|与)")


def _assign(text: str, first: dict[str, Any], group: list[dict[str, Any]], rows: list[dict[str, Any]], at: int,
            explicit: bool, marks: Any, skipped: int = 0) -> None:
    """Name the figures of ``group`` (``first`` is ``rows[at]``) from the list of names before them; the first
    ``skipped`` names belong to list members that are not rows."""
    n = len(group) + skipped
    reach = LOOKBACK + ITEM_REACH * n  # a long list's names are read as far back as it is long: linear in all
    s_start = max(marks.sentence_start(first["start"]), first["start"] - reach)
    prefix = text[s_start:first["start"]]
    word_at = prefix.rfind("分别") if explicit else -1
    before = prefix[:word_at] if explicit else prefix  # what names the list: before 分别
    subject = strip_name(last_clause(before))
    items = _split_items(subject, n) or _split_pair(subject, n)
    if not items and (not subject or is_weak(subject)):
        items = _earlier_subjects(before, n)
    if items:
        share = _SHARE_AFTER.match(text, word_at + s_start + 2) if explicit else None
        for row, name in zip(group, items[skipped:], strict=True):
            row["indicator"] = name + (share.group(1) if share and "占" not in name else "")
        return
    if not explicit or skipped:
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


def _earlier_subjects(prefix: str, n: int) -> list[str] | None:
    """A 分别 list without a subject names the list of an earlier clause of its sentence: 全社会固定资产投资和社会
    消费品零售总额均突破万亿元,分别达到12488和10163亿元 → the names before 均突破."""
    clauses = CLAUSE_DELIM.split(prefix)
    for clause in reversed(clauses[-5:-1] if len(clauses) > 1 else []):
        cut = _first_predicate(clause)
        subject = strip_name(clause[:cut]) if cut > 1 else ""
        items = (_split_items(subject, n) or _split_pair(subject, n)) if subject else None
        if items and not any(is_weak(i) for i in items):
            return items
    return None




def _first_predicate(clause: str) -> int:
    found = [at for w in predicate_starts() if (at := clause.find(w, 1)) > 0]
    return min(found) if found else 0


def _split_pair(subject: str, n: int) -> list[str] | None:
    """城乡居民收入 before two figures → 城镇居民收入, 农村居民收入 (the pairs are data)."""
    for word, members in words().pair.items():
        at = subject.find(word)
        if n == len(members) and at >= 0 and len(subject) > len(word):
            return [subject[:at] + m + subject[at + len(word):] for m in members]
    return None


def _share_head(parts: list[str]) -> list[str]:
    """The head of the last item shared by the items before it that lack one: 高新技术产业、装备制造业增加值占规模以上
    工业比重 → 高新技术产业增加值占…; 城、乡居民人均可支配收入 → 城镇居民…, 农村居民… (short forms expanded)."""
    if len(parts) < 2:
        return parts
    w = words()
    parts = [w.expand.get(p, p) for p in parts]
    last = parts[-1]
    for short, full in w.expand.items():
        if len(short) > 1 and last.startswith(short):
            last = parts[-1] = full + last[len(short):]
            break
    found = [last.find(head, 1) for head in w.head if last.find(head, 1) > 0]
    if not found:
        return parts
    tail = last[min(found):]  # 城镇、农村居民人均可支配收入: a short item takes the last one's name from its head
    final = next((h for h in w.head if last.endswith(h)), "")  # 用于科技、教育…的支出: a longer one its last word
    return [p if any(h in p for h in w.head) else p + tail if len(p) <= SHORT_ITEM else p + final
            for p in parts[:-1]] + [last]


SHORT_ITEM = 6  # the longest list item read as a modifier of the last one's head (高新技术产业、城镇)
