"""The bundled word files: read the same way everywhere, each saying where it came from."""

from __future__ import annotations

from importlib import resources

import pytest

from govreport.wordfiles import data_rows, data_text

TABLES = sorted(p.name for p in (resources.files("govreport") / "data").iterdir() if p.name.endswith(".tsv"))


@pytest.mark.parametrize("name", TABLES)
def test_every_table_says_where_it_came_from_and_has_rows(name):
    head = data_text(name).splitlines()[:6]
    assert head[0].startswith("#") and any("source" in line.lower() for line in head if line.startswith("#"))
    rows = data_rows(name)
    assert rows and all(row and row[0] for row in rows)
    assert not any(line.startswith("#") for line in ("\t".join(r) for r in rows))


def test_document_tables_have_two_columns_and_known_roles():
    roles = {row[0] for row in data_rows("document_cues.tsv")}
    assert roles == {"unnumbered_heading", "byline_tag", "title_debris", "plan_report", "budget_report", "news",
                     "news_weak", "own_voice"}
    assert all(len(row) == 2 for row in data_rows("document_cues.tsv") + data_rows("provinces.tsv"))
    assert len(data_rows("provinces.tsv")) == 34
