"""govreport: mine Chinese government work reports (政府工作报告).

The public API is flat and lazy: importing govreport loads neither jieba nor pandas.

>>> import govreport
>>> report = govreport.load("2018年政府工作报告\\n地区生产总值增长8.3%。")
>>> report.year
2018
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Report": "govreport.api",
    "Corpus": "govreport.api",
    "load": "govreport.api",
    "load_corpus": "govreport.api",
    "Section": "govreport.document",
    "decode": "govreport.loading",
    "html_to_text": "govreport.loading",
    "GovreportError": "govreport.errors",
    "LoadError": "govreport.errors",
    "OptionError": "govreport.errors",
    "parse_numeral": "govreport.numerals",
    "find_quantities": "govreport.quantities",
    "find_metrics": "govreport.metrics",
    "cut": "govreport.segment",
    "write_rows": "govreport.output",
    "write_file": "govreport.output",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'govreport' has no attribute {name!r}")

