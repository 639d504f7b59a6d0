"""Word files: the bundled tables under ``govreport/data`` (each saying at its top where it came from) and the
small word files a user names (a lexicon, a stopword list, a user dictionary).

Reading them is no module's analysis; every module that needs a table or a user's word file reads it here.
Each analysis parses its own format (``phrases.parse_lexicon``, ``keywords.parse_wordlist``,
``segment.parse_userdict``); this module only turns the file into text.

>>> data_rows("provinces.tsv")[0]
['北京市', '北京']
"""

from __future__ import annotations

import os
from importlib import resources


def data_text(name: str) -> str:
    """The text of the bundled file ``name``."""
    return (resources.files("govreport") / "data" / name).read_text(encoding="utf-8")


def data_rows(name: str) -> list[list[str]]:
    """The tab-separated rows of the bundled file ``name``; blank lines and ``#`` comments are skipped."""
    return [line.split("\t") for line in data_text(name).splitlines() if line.strip() and not line.startswith("#")]


def read_word_file(path: str | os.PathLike, what: str) -> str:
    """The text of a small file the user names (a lexicon, stopword list, user dictionary), in any encoding
    govreport reads; an empty file is empty text. ValueError with one line naming the file on failure.
    """
    from govreport.loading import LoadError, decode  # loading reads documents: not at import

    name = os.fspath(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise ValueError(f"{name}: cannot read {what}: {exc.strerror or exc}") from None
    if not data.strip():
        return ""
    try:
        return decode(data, name=name)
    except LoadError as exc:
        raise ValueError(f"{name}: cannot read {what}: {exc}") from None
