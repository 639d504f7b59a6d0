"""Regular expressions compiled when first used, not when their module is imported.

A module-level ``re.compile`` costs every command that imports the module (``--help`` too), whether it uses
the pattern or not: the modules ``govreport.cli`` imports held about 60 of them, ≈15 ms of compiling at each
start (``import govreport.cli``: 87 -> 67 ms CPU). ``lazy(...)`` stands where ``re.compile(...)`` stood and
compiles on its first use.

>>> year = lazy(r"(\\d{4})年")
>>> year.search("2018年").group(1), year.pattern
('2018', '(\\\\d{4})年')
"""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    """A ``re.Pattern`` compiled on first use: each attribute (``search``, ``sub``, ``pattern``…) is read from
    the compiled pattern once and then kept on this object, so later uses cost what the pattern's own do.

    It is not a ``re.Pattern`` itself: call its methods (``P.sub(…)``), never hand it to ``re.sub(P, …)``,
    ``re.compile(P)`` or an ``isinstance(…, re.Pattern)`` test; ``compiled()`` gives the real one."""

    def __init__(self, pattern: str | bytes, flags: int = 0):
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # _source itself (during unpickling), dunders: not the pattern's
            raise AttributeError(name)
        value = getattr(self.compiled(), name)
        setattr(self, name, value)
        return value

    def compiled(self) -> re.Pattern:
        """The compiled pattern (``re``'s own cache keeps it: compiled once)."""
        return re.compile(*self._source)

    def __repr__(self) -> str:
        return f"lazy({self._source[0]!r})"


def lazy(pattern: str | bytes, flags: int = 0) -> Any:
    """``re.compile(pattern, flags)``, compiled on first use (typed Any: it is used as the pattern)."""
    return LazyPattern(pattern, flags)
