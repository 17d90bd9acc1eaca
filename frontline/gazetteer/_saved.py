"""The built-in gazetteer, once built, kept in the cache folder for the next run.

Building the gazetteer (joining the places with the codifier, indexing some 60,000 names)
costs a few tenths of a second that are the same on every run; a saved copy loads in about a
third of that. The copy is a pickle in ``<cache>/gazetteer-index/`` named by a digest of what
it was built from: frontline's version, the format below, Python's, pandas' and pyarrow's
versions, and the path, size and modification time of every input file. Any change makes a
new name (older copies are removed when a new one is written); a copy that cannot be read is
ignored and the gazetteer built again. Only the built-in gazetteer is kept: the full one lives
in the cache folder already, and its reading reports problems that a copy would hide. The
pickle is frontline's own file in the user's own cache folder (whoever can write there can
already run code as the user).
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from frontline._atomic import write_bytes
from frontline._cache import cache_folder

__all__ = ["FORMAT", "load", "path_for", "save"]

#: Raise when the saved object's layout changes.
FORMAT = 1
_FOLDER = "gazetteer-index"


def path_for(inputs: list[Any]) -> Path | None:
    """Where the copy built from ``inputs`` (files) is kept; None when it cannot be kept."""
    if not all(isinstance(p, Path) for p in inputs):
        return None  # inside a zip: no file times to go by
    try:
        stamp = [(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in inputs]
        folder = cache_folder() / _FOLDER
    except (OSError, ValueError):
        return None
    try:
        version = metadata.version("frontline-maps")
    except metadata.PackageNotFoundError:  # run from a source folder: the files' times count
        version = "source"
    versions = (version, FORMAT, sys.version_info[:2], pd.__version__, pa.__version__)
    digest = hashlib.sha256(repr((versions, stamp)).encode()).hexdigest()[:24]
    return folder / f"builtin-{digest}.pickle"


def load(path: Path) -> Any:
    """The object saved at ``path``, or None if there is none or it cannot be read."""
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except Exception:  # a missing, partial or foreign file: build again
        return None


def save(path: Path, obj: Any) -> None:
    """Keep ``obj`` at ``path`` (atomically) and remove older copies; silent on failure."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(path, pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
        for old in path.parent.glob("builtin-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full cache folder: the next run builds again
