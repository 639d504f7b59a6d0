"""Where a command's output goes: standard output, or a file that only a finished run replaces.

``-o PATH`` is written to a temporary file in PATH's folder and renamed over PATH by :meth:`OutputFile.commit`.
A run that fails, is interrupted or killed leaves the old PATH as it was, and the partial output beside it
only when asked (``keep_partial``: ``out.partial.csv`` for ``out.csv``). A PATH that is not a regular file
(``/dev/null``, ``/dev/full``, a FIFO, ``/dev/stdout``) is written in place, and so is a file in a folder where
no other file may be created. Any writer composes with it: text formats write to :attr:`OutputFile.stream`,
binary ones to that stream's ``buffer`` (the temporary file keeps PATH's extension, for tools that look at it).

Every write error (a full disk, a lost device) becomes :class:`WriteError`, which names the file; a closed
pipe stays a ``BrokenPipeError`` (``govreport … | head`` ends quietly).
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from typing import IO, Any

STDOUT = "standard output"


class WriteError(Exception):
    """The output cannot be written: ``cannot write NAME: reason``."""

    def __init__(self, name: str, reason: OSError | str):
        self.name = name
        self.reason = reason if isinstance(reason, str) else (reason.strerror or str(reason))
        super().__init__(f"cannot write {name}: {self.reason}")


class GuardedStream:
    """A stream whose write errors name the output (:class:`WriteError`); everything else passes. Its ``buffer``
    (where binary formats write their bytes) is guarded the same way."""

    def __init__(self, stream: IO[str], name: str):
        self._stream = stream
        self.name = name

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise WriteError(self.name, exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise WriteError(self.name, exc) from None

    @property
    def buffer(self) -> GuardedStream:
        return GuardedStream(self._stream.buffer, self.name)  # AttributeError for a stream without one

    def __getattr__(self, attr: str) -> Any:  # encoding, isatty, fileno, ... of the real stream
        return getattr(self._stream, attr)


class StandardOutput:
    """Standard output as a destination: nothing to rename, nothing to discard."""

    path = None
    replaces = False
    committed = False

    def __init__(self) -> None:
        if sys.stdout is None:  # started with stdout closed (``>&-``)
            raise WriteError(STDOUT, "it is closed (give -o FILE)")
        self.stream = GuardedStream(sys.stdout, STDOUT)

    def commit(self) -> None:
        self.stream.flush()
        self.committed = True

    def close(self) -> str | None:
        return None


class OutputFile:
    """``target`` written through a temporary file beside it; :meth:`commit` renames it over ``target``,
    :meth:`close` without a commit removes it (or keeps it as the partial output, returning that path)."""

    def __init__(self, target: str, keep_partial: bool = False):
        self.target = target
        self.keep_partial = keep_partial
        self.committed = False
        self._stream: IO[str] | None = None
        self._fd: int | None = None
        real = os.path.realpath(target)  # a link to the output is followed: the link itself stays
        try:
            existing: os.stat_result | None = os.stat(real)
        except FileNotFoundError:
            existing = None
        except OSError as exc:
            raise WriteError(target, exc) from None
        self.real = real
        self.temp: str | None = None
        if existing is not None and not stat.S_ISREG(existing.st_mode):
            self._open_in_place()  # a device, FIFO or terminal
            return
        if existing is not None and not os.access(real, os.W_OK):
            raise WriteError(target, PermissionError(errno.EACCES, "Permission denied"))
        import tempfile

        folder, name = os.path.split(real)
        ext = os.path.splitext(name)[1]
        try:
            fd, self.temp = tempfile.mkstemp(prefix=f".{name}.", suffix=f".tmp{ext}", dir=folder or ".")
        except OSError as exc:
            if existing is not None and exc.errno in (errno.EACCES, errno.EPERM):
                self._open_in_place()  # a file we may write in a folder we may not: no temporary file
                return
            raise WriteError(target, exc) from None
        try:
            os.fchmod(fd, stat.S_IMODE(existing.st_mode) if existing is not None else 0o666 & ~_umask())
        except OSError:
            pass
        self._fd = fd

    @property
    def path(self) -> str:
        """The file to write: the temporary file, or PATH itself when written in place."""
        return self.temp or self.real

    @property
    def replaces(self) -> bool:
        """Whether PATH is replaced by :meth:`commit` (not written in place)."""
        return self.temp is not None

    def _open_in_place(self) -> None:
        try:
            self._stream = open(self.real, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by close()
        except OSError as exc:
            raise WriteError(self.target, exc) from None

    @property
    def stream(self) -> GuardedStream:
        """The file as UTF-8 text (for text formats)."""
        if self._stream is None:
            assert self._fd is not None
            self._stream = open(self._fd, "w", encoding="utf-8", newline="")  # noqa: SIM115
            self._fd = None
        return GuardedStream(self._stream, self.target)

    def commit(self) -> None:
        """Finish the file and put it in place of ``target``."""
        try:
            if self._stream is not None:
                self._stream.flush()
                if self.temp is not None:
                    os.fsync(self._stream.fileno())
                self._stream.close()
                self._stream = None
            if self.temp is not None:
                if self._fd is not None:
                    os.fsync(self._fd)
                    os.close(self._fd)
                    self._fd = None
                os.replace(self.temp, self.real)
        except OSError as exc:  # a full disk, or the folder removed during the run
            self.close()
            raise WriteError(self.target, exc) from None
        self.committed = True

    def close(self) -> str | None:
        """Without a commit: remove the temporary file, or keep it as ``NAME.partial.EXT`` (returned)."""
        if self._stream is not None:
            try:
                self._stream.close()
            except OSError:
                pass
            self._stream = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self.committed or self.temp is None:
            return None
        path, self.temp = self.temp, None
        try:
            if self.keep_partial:
                stem, ext = os.path.splitext(self.real if os.path.islink(self.target) else self.target)
                partial = f"{stem}.partial{ext}"
                os.replace(path, partial)
                return partial
            os.unlink(path)
        except OSError:
            pass
        return None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def open_output(output: str | None, keep_partial: bool = False) -> StandardOutput | OutputFile:
    """The destination ``-o`` names: standard output for none or '-', else the file."""
    if not output or output == "-":
        return StandardOutput()
    return OutputFile(output, keep_partial)
