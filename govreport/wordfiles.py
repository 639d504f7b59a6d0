"""The bundled word files under ``govreport/data``: each a table with where it came from written at its top.

Reading them is no module's analysis; every module that needs a table reads it here.

>>> data_rows("provinces.tsv")[0]
['北京市', '北京']
"""

from __future__ import annotations

from importlib import resources


def data_text(name: str) -> str:
    """The text of the bundled file ``name``."""
    return (resources.files("govreport") / "data" / name).read_text(encoding="utf-8")


def data_rows(name: str) -> list[list[str]]:
    """The tab-separated rows of the bundled file ``name``; blank lines and ``#`` comments are skipped."""
    return [line.split("\t") for line in data_text(name).splitlines() if line.strip() and not line.startswith("#")]
