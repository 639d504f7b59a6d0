"""The errors govreport raises: one class per kind of failure, each message one line for the user.

The library raises them and never prints; the command line maps them to a message and an exit code once.

>>> issubclass(LoadError, GovreportError) and issubclass(OptionError, ValueError)
True
"""

from __future__ import annotations


class GovreportError(Exception):
    """Every error govreport raises on purpose; its message is one line for the user."""


class LoadError(GovreportError):
    """A document that cannot be read (a data error)."""


class OptionError(GovreportError, ValueError):
    """An option value govreport cannot use (a usage error)."""
