"""The classification stage on its examples (tests/data/examples/classification.jsonl): real report sentences → expected fields."""

import pytest
from conftest import check_example, stage_examples


@pytest.mark.parametrize("example", stage_examples("classification"))
def test_examples(example):
    check_example(example)
