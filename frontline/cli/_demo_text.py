"""The words of the ``frontline demo`` report: what it shows and how each line reads.

Each constant is one line of the report as a :meth:`str.format` template; :mod:`.demo` fills
them with the figures it measures. Edit the report's wording here, not in the code. Values from
data (claimants, summaries, notes) are cleaned of control characters before they are filled in.
"""

from __future__ import annotations

__all__ = [
    "ALSO_REPORTED",
    "CLAIM",
    "CLAIMS_TITLE",
    "CONTROL_TITLE",
    "COUNTRY_ROW",
    "FOCUS_REGION",
    "HEADER",
    "MAP_SAYS",
    "NEIGHBOURS_TITLE",
    "NONE_HELD",
    "OTHER_CLAIM",
    "PAST_STANCE",
    "RANGE",
    "RANGE_PLACE",
    "REGIONS",
    "REGION_ROW",
    "RESPONSE",
    "RINGS",
    "RINGS_KM",
    "RINGS_OUTSIDE",
    "STATUS",
    "WROTE",
]

#: The regions listed under the national figure, in this order.
REGIONS = ("Luhansk", "Donetsk", "Zaporizhzhia", "Kherson", "Dnipropetrovsk", "Sumy")
#: The region the day's claim is about: its figure and its neighbours are shown.
FOCUS_REGION = "Dnipropetrovsk"
#: The place whose distance to the front is measured: (name, region).
RANGE_PLACE = ("Sumy", "Sumy")
#: The range rings around it, km.
RINGS_KM = (15, 25, 40)

HEADER = "frontline demo: {day}, from the data shipped with frontline (nothing downloaded)"

CONTROL_TITLE = "Assessed control ({source}, snapshot {day})"
COUNTRY_ROW = "  {name:<22} {km2:>9,.0f} km²  {share:>6.1%}  {held} of the country"
REGION_ROW = "  {name:<22} {km2:>9,.0f} km²  {share:>6.1%}  {held}"

CLAIMS_TITLE = "The claim and the answer"
CLAIM = "  {claimant} ({side}, {date:%Y-%m-%d}): {summary}"
#: ``side`` and ``note`` are filled with " (UA)" and ": the note" when known, else "".
RESPONSE = "    {stance} on {date} by {by}{side}{note}"
#: A response's stance as a verb in the past.
PAST_STANCE = {"denies": "denied", "confirms": "confirmed", "disputes": "disputed"}
STATUS = "    status: {status}; checked against the map: {note}"
MAP_SAYS = "    {source} shows {km2:,.0f} km² held in {name} on {day}."
ALSO_REPORTED = "  Also reported that day ({count} more, no response on record):"
OTHER_CLAIM = "    - [{status}] {claimant}: {summary}"

NEIGHBOURS_TITLE = "Neighbours of {name} partly held ({held} of {total})"
NONE_HELD = "  none held in {names}"

RANGE = (
    "{place} (pop. {population:,}) is {distance:.1f} km from the nearest ground "
    "assessed as held or contested"
)
#: ``outside`` is :data:`RINGS_OUTSIDE` filled in, or "" when every ring holds held ground.
RINGS = "  within the {inside} ring{s}{outside} (geodesic distance, WGS84)"
RINGS_OUTSIDE = ", outside the {rings} ring{s}"

WROTE = "Wrote {report} (interactive map) and {picture} (print map)."
