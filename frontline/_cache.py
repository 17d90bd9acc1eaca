"""Where frontline keeps what it downloads: one cache folder for every source.

The folder is, in order: the ``cache_dir`` argument, the ``FRONTLINE_CACHE_DIR`` environment
variable, the user cache directory (``platformdirs``, if installed) or ``~/.cache/frontline``.
Each source has a subfolder (``deepstate/<host>/``, ``places/``). Nothing is read or created
at import time.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cache_folder"]


def cache_folder(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """The root cache folder (see the module docstring for the order of choices).

    Examples
    --------
    >>> cache_folder("/tmp/frontline-cache").as_posix()
    '/tmp/frontline-cache'
    """
    if cache_dir is not None:
        return Path(cache_dir).expanduser()
    env = os.environ.get("FRONTLINE_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    try:
        import platformdirs
    except ImportError:
        return Path.home() / ".cache" / "frontline"
    return Path(platformdirs.user_cache_dir("frontline", appauthor=False))
