"""The attribution stage on its examples (tests/data/examples/attribution.jsonl): real report sentences → expected fields."""

import re

import pytest
from conftest import check_example, stage_examples
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport.quantities import cues


@pytest.mark.parametrize("example", stage_examples("attribution"))
def test_examples(example):
    check_example(example)


_ROLE_GROUPS = [("approx_before", "min_before", "max_before"), ("to",), ("increase", "decrease")]
_PIECES = [w for group in _ROLE_GROUPS for r in group for w in cues()[r]] + [
    "1.3", "和", "、", "及", "与", "了", "\n", "目标", "预期", "定为", "比上年", "的", "地区生产总值", "8"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=10).map("".join), st.sampled_from(_ROLE_GROUPS))
def test_endings_looked_up_are_those_a_search_of_the_whole_string_finds(s, roles):
    """_Endings looks up only the lengths of the words ending in the string's last character (before a final
    newline, where $ matches too), may_end_list passes a string no bare list can end: the same answers as the
    searches of the whole string (the longest word; a word of two roles is the first's)."""
    from govreport.attribution import BARE_MEMBERS, _Endings, may_end_list

    whole = re.compile("(?:" + "|".join(f"(?P<{r}>{'|'.join(map(re.escape, cues()[r]))})" for r in roles) + ")$")
    found, full = _Endings.of(roles).find(s), whole.search(s)
    assert found == (full and (full.start(), full.group(), full.lastgroup))
    assert may_end_list(s) or BARE_MEMBERS.search(s) is None  # respectively searches the same pattern


@pytest.mark.parametrize("roles", _ROLE_GROUPS)
def test_longest_ending_before_a_final_newline_is_found(roles):
    """$ matches before a final newline: the longest word there is found whole, as the search of all finds it."""
    from govreport.attribution import _Endings

    longest = max((w for r in roles for w in cues()[r]), key=len)
    for s in ("比上年" + longest, "比上年" + longest + "\n"):
        found = _Endings.of(roles).find(s)
        assert found is not None and found[1] == longest
    assert all(w for r in roles for w in cues()[r])  # no empty word (one would end every string)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["增长", "长", "了", "比上年", "全年", "地区", "生产总值", "实现", "累计", "完成", "", "的"]),
                max_size=6).map("".join))
def test_affixes_are_the_longest_word_at_each_end(s):
    """_Affixes tries only the lengths of words with the string's last (first) character: the longest word at
    the end (start), as trying every length finds it."""
    from govreport.attribution import _leads, _predicates

    for affixes in (_predicates(), _leads()):
        words = affixes.words
        longest = max(map(len, words))
        assert affixes.suffix(s) == next((n for n in range(min(longest, len(s)), 0, -1) if s[-n:] in words), 0)
        assert affixes.prefix(s) == next((n for n in range(min(longest, len(s)), 0, -1) if s[:n] in words), 0)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["的", "加快", "签订", "订单", "创全国", "创新高", "项目", "个", "，", "1", "新", "创",
                                 "大通道"]), max_size=8).map("".join))
def test_name_after_tries_the_stop_words_it_can_hold_as_every_stop_word(written):
    """name_after looks only for the stop words whose first character is in the few characters after a figure,
    in their order: it cuts the name where trying every stop word in turn cuts it."""
    from govreport.attribution import CLAUSE_DELIMS, name_after, words

    text = "13个" + written
    seg = text[3:14]
    cut = next((i for i, ch in enumerate(seg) if ch in CLAUSE_DELIMS or ch in "、（(" or ch.isdigit()), len(seg))
    seg = seg[:cut]
    for stop in words().stop:
        at = seg.find(stop)
        if 0 < at < cut:
            seg = seg[:at]
    assert name_after(text, 3) == seg[:10].strip()
