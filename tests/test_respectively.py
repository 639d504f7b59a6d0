"""The respectively stage on its examples (tests/data/examples/respectively.jsonl): real report sentences → expected fields."""

import pytest
from conftest import check_example, stage_examples


@pytest.mark.parametrize("example", stage_examples("respectively"))
def test_examples(example):
    check_example(example)
