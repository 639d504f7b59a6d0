"""Patterns compiled on first use behave as the compiled patterns they stand for."""

from __future__ import annotations

import pickle
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreport.lazy_regex import lazy

PATTERNS = [
    (r"((?:19|20)\d{2})\s*年", 0),
    ("[A-Za-z](?<![A-Za-z][A-Za-z])[A-Za-z]{1,4}(?=[ \t]*$)", re.M),
    ("，(?<=[0-9]，)(?=[0-9]{3}(?:，[0-9]{3})*(?![0-9，]|，[0-9]))", 0),
    (r"^(?:各位代表|同志们)[:：,，!！]?$", 0),
]
TEXT = st.text(st.sampled_from("2019年 各位代表：同志们，1，234，567\nGDPab x"), max_size=40)


@given(st.sampled_from(PATTERNS), TEXT)
def test_a_lazy_pattern_finds_what_the_compiled_one_finds(source, text):
    pattern, flags = source
    compiled, stand_in = re.compile(pattern, flags), lazy(pattern, flags)
    assert [m.span() for m in stand_in.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert stand_in.sub("#", text) == compiled.sub("#", text)
    assert bool(stand_in.search(text)) == bool(compiled.search(text))
    assert (stand_in.pattern, stand_in.flags) == (compiled.pattern, compiled.flags)


def test_a_lazy_pattern_is_not_compiled_before_use_and_pickles_either_way():
    unused = lazy("[")  # a bad pattern fails where it is first used, as the compiled one would at import
    fresh = pickle.loads(pickle.dumps(lazy(r"\d+")))
    used = lazy(r"\d+")
    used.findall("1 22")
    again = pickle.loads(pickle.dumps(used))
    assert fresh.findall("1 22") == ["1", "22"] and again.findall("3 44") == ["3", "44"]
    with pytest.raises(re.error):
        unused.search("x")
