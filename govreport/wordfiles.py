"""Reading the small word files a user names: a lexicon, a stopword list, a user dictionary.

Each analysis parses its own format (``phrases.parse_lexicon``, ``keywords.parse_wordlist``,
``segment.parse_userdict``); this module only turns the file into text, in any encoding govreport reads.
"""

from __future__ import annotations

import os

from govreport.loading import LoadError, decode_with_notes, warn


def read_word_file(path: str | os.PathLike, what: str) -> str:
    """The text of a small file the user names (a lexicon, stopword list, user dictionary), in any encoding
    govreport reads; an empty file is empty text. ValueError with one line naming the file on failure.
    """
    name = os.fspath(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise ValueError(f"{name}: cannot read {what}: {exc.strerror or exc}") from None
    if not data.strip():
        return ""
    try:
        text, notes = decode_with_notes(data)
    except LoadError as exc:
        raise ValueError(f"{name}: cannot read {what}: {exc}") from None
    for note in notes:
        warn(f"{name}: {note}")
    return text
