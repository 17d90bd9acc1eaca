"""The monthly report: ground gained and lost per month, settlements taken, oblasts entered.

Month boundaries are a parameter. By default they are as DeepState counts its monthly figures:
the snapshot of the 1st of a month against the snapshot of the 1st of the next month (so
"November 2024" is 1 November to 1 December). Only months whose both boundaries lie within the
history are reported.

**Gaps.** The daily data misses some days, some of them 1sts (2025-01-01 and 2025-04-01 in the
DeepState mirror). A missing boundary day takes the latest earlier snapshot, as everywhere in
frontline (:meth:`frontline.ControlHistory.as_of`): a gain on the missing day itself is then
counted in the next month, not lost. The row says so: ``start_snapshot``/``end_snapshot`` are
the days actually compared and ``carried_forward`` is True.

Areas are geodesic (WGS84) areas of the differences between the two snapshots
(:meth:`frontline.ControlHistory.changes`); the total held at month's end is
:func:`frontline.area_share`'s; settlements from :func:`frontline.settlement_control`; first
entries into oblasts from :func:`frontline.measure.first_entry_table`.

**Settlements.** A place counts as newly held when it is Russian-held (``occupied`` or
``occupied_before_2022``) on the month's end snapshot and was not on its start snapshot, by
:func:`frontline.settlement_control`'s rule (a place's point). The default places are the
shipped gazetteer's (GeoNames places with 500 or more inhabitants or an administrative seat), so
the count is lower than DeepState's monthly count, which includes every village.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from frontline import geodesy
from frontline._dates import parse_day
from frontline._staleness import note_staleness, staleness_of
from frontline._statuses import OCCUPIED, check_statuses
from frontline.control import ControlHistory
from frontline.front.line import check_history
from frontline.measure import UKRAINE_AREA_KM2, area_share, first_entry_table
from frontline.settlements import settlement_control

__all__ = ["month_starts", "monthly", "monthly_text"]

_HELD_BY_RUSSIA = ("occupied", "occupied_before_2022")


def month_starts(history: ControlHistory) -> list[pd.Timestamp]:
    """The 1st of every month from the first to the last day of the history.

    Examples
    --------
    >>> import frontline as fl
    >>> from frontline.front import monthly
    >>> month_starts(fl.example_control())
    []
    """
    first = history.start if history.start.day == 1 else history.start + pd.offsets.MonthBegin()
    return list(pd.date_range(first, history.end, freq="MS"))


def monthly(
    history: ControlHistory,
    *,
    boundaries: Sequence[Any] | None = None,
    statuses: str | Iterable[str] = OCCUPIED,
    source: str | None = None,
    settlements: bool = True,
    places: Any = None,
) -> pd.DataFrame:
    """Per month (or per period between ``boundaries``): km² gained, lost and net, and more.

    Parameters
    ----------
    history : ControlHistory
    boundaries : sequence of date-like, optional
        The days between which periods are counted (sorted, at least two); default the 1st of
        every month in the history (:func:`month_starts`), DeepState's convention.
    statuses : default ("occupied", "occupied_before_2022")
    source : str, optional
    settlements : bool, default True
        Count the settlements newly held (False skips :func:`frontline.settlement_control`,
        the slowest part).
    places : GeoDataFrame, optional
        The places for the settlement count (default the whole gazetteer).

    Returns
    -------
    pandas.DataFrame
        One row per period: ``month`` ("YYYY-MM" for a calendar month, else
        "YYYY-MM-DD to YYYY-MM-DD"), ``start``, ``end``, ``start_snapshot``,
        ``end_snapshot``, ``carried_forward``, ``gained_km2``, ``lost_km2``, ``net_km2``,
        ``share_gained`` (net over Ukraine's official area), ``held_km2`` and ``held_share``
        (at the period's end), ``settlements_taken`` (count), ``settlement_names`` (list),
        ``settlements_lost`` (count retaken), ``oblasts_entered`` (list of region names
        whose first entry falls in the period). ``.attrs``: source, statuses, method.

    Examples
    --------
    >>> import frontline as fl
    >>> from frontline.front import monthly
    >>> monthly(fl.example_control(), boundaries=["2025-06-08", "2025-06-08"],
    ...            settlements=False)[["month", "net_km2"]]
                         month  net_km2
    0  2025-06-08 to 2025-06-08      0.0
    """
    history = check_history(history)
    wanted = check_statuses(statuses) or ()
    src = history.pick_source(source)
    days = (
        month_starts(history)
        if boundaries is None
        else [parse_day(b, "boundary") for b in boundaries]
    )
    if len(days) < 2:
        raise ValueError(
            f"monthly needs at least two boundaries within the history ({history.start:%Y-%m-%d}"
            f" to {history.end:%Y-%m-%d}); got {len(days)}: pass boundaries=[...] or read more "
            "days"
        )
    if any(b < a for a, b in itertools.pairwise(days)):
        raise ValueError("boundaries must be in increasing order")
    snaps = [history.as_of(d, source=src).attrs["snapshot_date"] for d in days]
    held = [_held(history, d, wanted, src) for d in days]
    taken, lost = _settlements(history, snaps, src, places) if settlements else (None, None)
    entries = first_entry_table(history, statuses=wanted, source=src)
    entries = entries[~entries["before_record"] & entries["first_entry"].notna()]
    rows = []
    for i, (a, b) in enumerate(itertools.pairwise(days)):
        change = history.changes(a, b, statuses=wanted, source=src)
        gained, lost_km2 = float(change["km2"].iloc[0]), float(change["km2"].iloc[1])
        calendar = a.day == 1 and b == a + pd.offsets.MonthBegin()
        entered = entries[
            (entries["first_entry"] > snaps[i]) & (entries["first_entry"] <= snaps[i + 1])
        ]
        rows.append(
            {
                "month": f"{a:%Y-%m}" if calendar else f"{a:%Y-%m-%d} to {b:%Y-%m-%d}",
                "start": a,
                "end": b,
                "start_snapshot": snaps[i],
                "end_snapshot": snaps[i + 1],
                "carried_forward": bool(snaps[i] != a or snaps[i + 1] != b),
                "gained_km2": gained,
                "lost_km2": lost_km2,
                "net_km2": gained - lost_km2,
                "share_gained": (gained - lost_km2) / UKRAINE_AREA_KM2,
                "held_km2": held[i + 1][0],
                "held_share": held[i + 1][1],
                "settlements_taken": np.nan if taken is None else len(taken[i]),
                "settlement_names": None if taken is None else taken[i],
                "settlements_lost": np.nan if lost is None else len(lost[i]),
                "oblasts_entered": entered["name"].tolist(),
            }
        )
    out = pd.DataFrame.from_records(rows)
    out.attrs = {
        "source": src,
        "statuses": wanted,
        "boundaries": "1st of each month (DeepState)" if boundaries is None else "given",
        "method": geodesy.METHOD,
        "footnote": (
            f"Source: {src}. Month = snapshot of the 1st against the 1st of the next month; a "
            "missing day takes the latest earlier snapshot. Areas geodesic (WGS84)."
        ),
    }
    note_staleness(out.attrs, staleness_of(history))
    return out


def _held(
    history: ControlHistory, day: pd.Timestamp, wanted: tuple[str, ...], src: str
) -> tuple[float, float]:
    share = area_share(history, day, statuses=wanted, source=src)
    return float(share["km2"].iloc[0]), float(share["share"].iloc[0])


def _settlements(
    history: ControlHistory, snaps: list[pd.Timestamp], src: str, places: Any
) -> tuple[list[list[str]], list[list[str]]]:
    """Names of the places newly Russian-held, and newly retaken, between consecutive snaps."""
    wanted_days = sorted({s for s in snaps if not pd.isna(s)})
    # only the boundary snapshots matter: classify the places on those days alone
    frame = history.frame
    keep = (frame["source"] == src).to_numpy() & frame["date"].isin(wanted_days).to_numpy()
    table = settlement_control(
        ControlHistory(frame[keep].reset_index(drop=True), validate=False), places=places
    )
    held = table.assign(ru=table["status"].isin(_HELD_BY_RUSSIA).to_numpy())
    wide = held.pivot_table(index="place_id", columns="date", values="ru", aggfunc="first")
    names = held.drop_duplicates("place_id").set_index("place_id")["name"].astype(str)
    taken: list[list[str]] = []
    lost: list[list[str]] = []
    for a, b in itertools.pairwise(snaps):
        if pd.isna(a) or pd.isna(b) or a == b:
            taken.append([])
            lost.append([])
            continue
        before = wide[a].fillna(False).astype(bool)
        after = wide[b].fillna(False).astype(bool)
        taken.append(sorted(names.loc[after.index[after & ~before]].tolist()))
        lost.append(sorted(names.loc[after.index[before & ~after]].tolist()))
    return taken, lost


def monthly_text(report: pd.DataFrame, month: str | None = None) -> str:
    """The printable monthly report (plain text) from a :func:`monthly` table.

    Parameters
    ----------
    report : pandas.DataFrame
        The table of :func:`monthly`.
    month : str, optional
        One row's ``month`` ("2025-11"); default every row.

    Examples
    --------
    >>> import pandas as pd
    >>> row = {"month": "2024-11", "start_snapshot": pd.Timestamp("2024-11-01"),
    ...        "end_snapshot": pd.Timestamp("2024-12-01"), "carried_forward": False,
    ...        "gained_km2": 740.0, "lost_km2": 10.0, "net_km2": 730.0,
    ...        "share_gained": 730 / 603628, "held_km2": 111000.0, "held_share": 0.184,
    ...        "settlements_taken": 2, "settlement_names": ["A", "B"], "settlements_lost": 0,
    ...        "oblasts_entered": []}
    >>> print(monthly_text(pd.DataFrame([row])))
    2024-11 (1 Nov 2024 to 1 Dec 2024)
      gained 740 km², lost 10 km², net 730 km² (0.12% of Ukraine)
      held at month's end: 111,000 km² (18.40% of Ukraine)
      settlements newly held: 2 (A, B); retaken: 0
    """
    rows = report if month is None else report[report["month"] == month]
    if month is not None and rows.empty:
        raise ValueError(
            f"month {month!r} is not in the report; it holds {', '.join(report['month'])}"
        )
    blocks = []
    for row in rows.to_dict("records"):
        lines = [
            f"{row['month']} ({_day(row['start_snapshot'])} to {_day(row['end_snapshot'])})"
            + (
                " - a boundary day is missing; the latest earlier snapshot is used"
                if row["carried_forward"]
                else ""
            ),
            f"  gained {row['gained_km2']:,.0f} km², lost {row['lost_km2']:,.0f} km², net "
            f"{row['net_km2']:,.0f} km² ({row['share_gained']:.2%} of Ukraine)",
            f"  held at month's end: {row['held_km2']:,.0f} km² ({row['held_share']:.2%} of "
            "Ukraine)",
        ]
        names = row.get("settlement_names")
        if names is not None and not (isinstance(names, float) and np.isnan(names)):
            shown = ", ".join(names[:20]) + (
                f", and {len(names) - 20} more" if len(names) > 20 else ""
            )
            lines.append(
                f"  settlements newly held: {len(names)}"
                + (f" ({shown})" if names else "")
                + f"; retaken: {int(row['settlements_lost'])}"
            )
        if row["oblasts_entered"]:
            lines.append(f"  first entry into: {', '.join(row['oblasts_entered'])}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _day(value: Any) -> str:
    return "no snapshot" if pd.isna(value) else f"{pd.Timestamp(value):%-d %b %Y}"
