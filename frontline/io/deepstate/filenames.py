"""The day a DeepState file describes, read from its name.

:func:`date_from_filename` lives in :mod:`frontline._dates` (no geometry library is imported
there, so the command line lists a folder's days quickly) and is re-exported here.
"""

from __future__ import annotations

from frontline._dates import SUFFIXES, date_from_filename

__all__ = ["SUFFIXES", "date_from_filename"]
