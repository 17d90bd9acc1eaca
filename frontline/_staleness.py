"""How recent a fetched history is, in the footnote of everything made from it.

:func:`frontline.fetch_history` labels the history it returns with ``frame.attrs["staleness"]``,
a sentence giving the date of its latest snapshot and, when that is more than two days old,
saying the history is out of date. Every figure, table footnote and map made from such a history
repeats that sentence; a history that was not fetched carries none, and nothing is added. The
measures (:mod:`frontline.measure`), the maps and charts (:mod:`frontline.render`) and the
command line all add it through the functions here, so it reads the same everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

__all__ = ["carry_staleness", "note_staleness", "staleness_lines", "staleness_of"]


def staleness_of(history: Any) -> str:
    """The staleness sentence a history carries (``""`` for a history that was not fetched).

    ``history`` is a ControlHistory, or a frame of its rows (``history.as_of(day)`` made by the
    renderers keeps the sentence in its ``attrs``).

    Examples
    --------
    >>> import frontline as fl
    >>> staleness_of(fl.example_control())
    ''
    """
    frame = getattr(history, "frame", history)
    attrs = getattr(frame, "attrs", None)
    note = attrs.get("staleness") if isinstance(attrs, Mapping) else None
    return str(note) if note else ""


def staleness_lines(history: Any) -> list[str]:
    """The staleness sentence of a history as the lines of a footnote: one, or none.

    Examples
    --------
    >>> import frontline as fl
    >>> staleness_lines(fl.example_control())
    []
    """
    note = staleness_of(history)
    return [f"{note}."] if note else []


def carry_staleness(attrs: MutableMapping[Any, Any], history: Any) -> None:
    """Keep the history's sentence in ``attrs["staleness"]``, for what is drawn from a result
    later (a history that was not fetched adds nothing).

    Examples
    --------
    >>> import frontline as fl
    >>> attrs: dict = {}
    >>> carry_staleness(attrs, fl.example_control())
    >>> attrs
    {}
    """
    note = staleness_of(history)
    if note:
        attrs["staleness"] = note


def note_staleness(attrs: MutableMapping[Any, Any], note: str, *, key: str = "footnote") -> None:
    """End ``attrs[key]`` with the sentence ``note`` and keep it as ``attrs["staleness"]``.

    A sentence put there before (a result kept from an earlier day) is replaced, never repeated;
    an empty ``note`` changes nothing.

    Examples
    --------
    >>> attrs = {"footnote": "Source: DeepStateMap."}
    >>> note_staleness(attrs, "latest snapshot 2025-06-30, 3 days old: out of date")
    >>> note_staleness(attrs, "latest snapshot 2025-06-30, 4 days old: out of date")
    >>> attrs["footnote"]
    'Source: DeepStateMap. latest snapshot 2025-06-30, 4 days old: out of date.'
    """
    if not note:
        return
    text = str(attrs.get(key) or "")
    before = attrs.get("staleness")
    if before:
        text = text.replace(f"{before}.", "").strip()
    attrs[key] = f"{text} {note}.".strip()
    attrs["staleness"] = note
