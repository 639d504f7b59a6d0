"""Many reports at once: :class:`~govreport.api.Corpus`, kept here for ``from govreport.corpus import Corpus``."""

from __future__ import annotations

from govreport.api import Corpus

__all__ = ["Corpus"]
