"""The one way frontline writes a file: through a temporary file beside it, then a rename.

A failed or interrupted write leaves the target as it was (or absent) and no temporary file
behind; a finished one appears whole, with the permissions the user's umask gives a new file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["atomic_write", "check_folder", "write_bytes", "write_text"]


def check_folder(path: str | os.PathLike[str]) -> Path:
    """The target as a :class:`~pathlib.Path`, after checking that its folder can be written.

    Call it before long work so that a bad ``-o`` fails at once, naming the path as given.

    Raises
    ------
    FileNotFoundError
        The folder does not exist.
    PermissionError
        The folder cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = tempfile.mkdtemp()
    >>> check_folder(pathlib.Path(folder) / "map.html").name
    'map.html'
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileNotFoundError(f"cannot write {path}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PermissionError(f"cannot write {path}: folder {folder} is not writable")
    if target.is_dir():
        raise IsADirectoryError(f"cannot write {path}: it is a folder; give a file name")
    return target


def atomic_write(path: str | os.PathLike[str], write: Callable[[Path], Any]) -> Path:
    """Call ``write(temporary_path)``, then move the result onto ``path`` in one step.

    ``write`` receives a path in a private temporary folder beside the target, with the
    target's own file name (so writers that choose a format by suffix work), and must create
    that file. On any exception nothing is left behind and the error propagates.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = atomic_write(target, lambda p: p.write_text("hello"))
    >>> target.read_text()
    'hello'
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileNotFoundError(f"cannot write {path}: folder {folder} does not exist")
    workdir = tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        temporary = Path(workdir) / target.name
        write(temporary)
        if not temporary.exists():
            raise OSError(f"cannot write {path}: the writer produced no file")
        umask = os.umask(0o022)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return target


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_write`)."""
    return atomic_write(path, lambda p: p.write_bytes(data))


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically, newlines kept as given."""

    def _write(p: Path) -> None:
        with open(p, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)

    return atomic_write(path, _write)
