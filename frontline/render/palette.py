"""The colours of every map: one colour-blind-safe palette for control and claim statuses.

Stable API (used by every renderer: :mod:`~frontline.render.day`,
:mod:`~frontline.render.history`, :mod:`~frontline.render.static`):

``PALETTE: dict[str, str]``
    status -> ``"#RRGGBB"`` for the 8 control statuses and the 5 claim statuses below.
``LABELS: dict[str, str]``
    status -> legend label.
``CONTROL_STATUSES``, ``CLAIM_STATUSES``: tuple[str, ...]
    the two vocabularies, in legend order.
``CLAIM_DASHES: dict[str, str | None]``
    claim status -> SVG/Leaflet ``dashArray`` (``None`` = solid line). Claims are told apart by
    dash pattern as well as colour, so no reader depends on colour alone.
``CLAIM_LINESTYLES: dict[str, str | tuple]``
    claim status -> matplotlib linestyle, matching ``CLAIM_DASHES``.
``FILL_OPACITY`` (control areas), ``REGION_COLOUR`` (region outlines), ``CASING_COLOUR``
    (the white halo drawn under claim lines), ``RANGE_COLOUR`` (range rings).
``TABLE``
    tuple of :class:`PaletteEntry` (status, group, label, colour, origin, reason): the table
    below as data.
``colour(status) -> str``
    ``PALETTE[status]``, raising ``LookupError`` naming the known statuses.
``simulate_cvd(colour, kind, severity=1.0) -> str``, ``delta_e(a, b) -> float``,
``min_delta_e(colours, kind) -> (float, a, b)``
    the check behind the claim "colour-blind-safe" (see below).

The palette
-----------
Control statuses fill areas (drawn at ``FILL_OPACITY``); claim statuses stroke lines, circles
and hatching drawn over those areas. Colours come from Okabe & Ito's palette for colour-vision
deficiency ("Color Universal Design", 2008) and Paul Tol's qualitative schemes (SRON technical
note, "Colour schemes", 2021), both designed to survive protanopia and deuteranopia.

======================== ========= ============= ==============================================
status                   colour    origin        reason
======================== ========= ============= ==============================================
occupied                 #D55E00   Okabe-Ito     vermilion: the red maps conventionally use for
                                   vermilion     occupation, but orange enough for
                                                 protanopes to keep it apart from wine
occupied_before_2022     #882255   Tol muted     darker, purple-red: the same family as
                                   wine          "occupied", clearly older
contested                #BBBBBB   Tol grey      neutral grey for the "grey zone"
liberated                #0072B2   Okabe-Ito     blue, opposite to the reds on every axis
                                   blue
advanced                 #E69F00   Okabe-Ito     orange: a reported advance, near to
                                   orange        "occupied" in meaning, lighter in value
claimed_ru               #CC79A7   Okabe-Ito     pink: Russian-claimed, red family but pale
                                   red. purple
claimed_ua               #56B4E9   Okabe-Ito     sky blue: Ukrainian-claimed, blue family but
                                   sky blue      pale
partisan                 #009E73   Okabe-Ito     bluish green: unlike every other fill
                                   bluish green
claimed                  #CC3311   Tol vibrant   red, long dashes: a claim nobody has answered
                                   red
denied                   #332288   Tol muted     indigo, short dashes: dark, stands out on the
                                   indigo        red and grey fills next to a front line
confirmed                #009988   Tol vibrant   teal, solid: confirmed by the other side or an
                                   teal          independent source
refuted                  #000000   black         black, dotted: shown false
unverified               #555555   dark grey     grey, dash-dot: neither confirmed nor denied
======================== ========= ============= ==============================================

The check
---------
:func:`simulate_cvd` applies Machado, Oliveira & Fernandes' (2009) matrices for protanopia,
deuteranopia and tritanopia at full severity to linear RGB; :func:`delta_e` is CIEDE2000 in
CIELAB (D65). ``tests/test_render_palette.py`` asserts that within each group (control fills;
claim strokes) every pair of colours differs by ΔE00 >= 10 under normal vision and each
simulation (the smallest margins are about 11 for fills and 17 for claims; ΔE00 of 2 is a
"just noticeable" difference), and that claim colours contrast at least 3:1 with white
(WCAG 2.1 non-text contrast), since they are drawn as lines on a light base map. Claim lines
also differ by dash pattern and are drawn over a white casing, so they stay legible on any fill.

Examples
--------
>>> from frontline.render.palette import PALETTE, LABELS, colour
>>> PALETTE["occupied"], LABELS["occupied_before_2022"]
('#D55E00', 'Occupied before 24 Feb 2022')
>>> colour("denied")
'#332288'
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from typing import NamedTuple

__all__ = [
    "CASING_COLOUR",
    "CLAIM_DASHES",
    "CLAIM_LINESTYLES",
    "CLAIM_STATUSES",
    "CONTROL_STATUSES",
    "CVD_KINDS",
    "FILL_OPACITY",
    "LABELS",
    "PALETTE",
    "RANGE_COLOUR",
    "REGION_COLOUR",
    "TABLE",
    "PaletteEntry",
    "colour",
    "contrast_ratio",
    "delta_e",
    "min_delta_e",
    "simulate_cvd",
]


class PaletteEntry(NamedTuple):
    """One row of the palette table."""

    status: str
    group: str  # "control" | "claim"
    label: str
    colour: str
    origin: str
    reason: str


TABLE: tuple[PaletteEntry, ...] = (
    PaletteEntry("occupied", "control", "Occupied", "#D55E00", "Okabe-Ito vermilion",
                 "the conventional red of occupation, orange enough to stay apart from wine"),
    PaletteEntry("occupied_before_2022", "control", "Occupied before 24 Feb 2022", "#882255",
                 "Tol muted wine", "darker purple-red: same family as occupied, clearly older"),
    PaletteEntry("contested", "control", "Contested (grey zone)", "#BBBBBB", "Tol grey",
                 "neutral grey for the grey zone"),
    PaletteEntry("liberated", "control", "Liberated", "#0072B2", "Okabe-Ito blue",
                 "blue, opposite to the reds for every kind of colour vision"),
    PaletteEntry("advanced", "control", "Reported advance", "#E69F00", "Okabe-Ito orange",
                 "near occupied in meaning, lighter in value"),
    PaletteEntry("claimed_ru", "control", "Claimed by Russia", "#CC79A7",
                 "Okabe-Ito reddish purple", "red family, pale: a claim, not an assessment"),
    PaletteEntry("claimed_ua", "control", "Claimed by Ukraine", "#56B4E9", "Okabe-Ito sky blue",
                 "blue family, pale: a claim, not an assessment"),
    PaletteEntry("partisan", "control", "Partisan activity", "#009E73",
                 "Okabe-Ito bluish green", "unlike every other fill"),
    PaletteEntry("claimed", "claim", "Claimed (no response yet)", "#CC3311", "Tol vibrant red",
                 "long dashes: a claim nobody has answered"),
    PaletteEntry("denied", "claim", "Denied", "#332288", "Tol muted indigo",
                 "short dashes, dark: stands out on the red and grey fills near the front"),
    PaletteEntry("confirmed", "claim", "Confirmed", "#009988", "Tol vibrant teal",
                 "solid: confirmed by the other side or an independent source"),
    PaletteEntry("refuted", "claim", "Refuted", "#000000", "black", "dotted: shown false"),
    PaletteEntry("unverified", "claim", "Unverified", "#555555", "dark grey",
                 "dash-dot: neither confirmed nor denied"),
)  # fmt: skip

#: status -> hex colour
PALETTE: dict[str, str] = {e.status: e.colour for e in TABLE}
#: status -> legend label
LABELS: dict[str, str] = {e.status: e.label for e in TABLE}
#: the control vocabulary (frontline.control.STATUSES), in legend order
CONTROL_STATUSES: tuple[str, ...] = tuple(e.status for e in TABLE if e.group == "control")
#: the claim status vocabulary (frontline.claims), in legend order
CLAIM_STATUSES: tuple[str, ...] = tuple(e.status for e in TABLE if e.group == "claim")

#: claim status -> Leaflet/SVG dashArray (None = solid)
CLAIM_DASHES: dict[str, str | None] = {
    "claimed": "12 6",
    "denied": "6 5",
    "confirmed": None,
    "refuted": "1 6",
    "unverified": "10 4 2 4",
}
#: claim status -> matplotlib linestyle (offset, on/off in points), matching CLAIM_DASHES
CLAIM_LINESTYLES: dict[str, str | tuple[int, tuple[float, ...]]] = {
    "claimed": (0, (6.0, 3.0)),
    "denied": (0, (3.0, 2.5)),
    "confirmed": "solid",
    "refuted": (0, (0.8, 2.2)),
    "unverified": (0, (5.0, 2.0, 1.0, 2.0)),
}

#: opacity of control-status fills (the base map stays visible beneath)
FILL_OPACITY: float = 0.45
#: region outlines and labels
REGION_COLOUR: str = "#444444"
#: halo drawn under claim lines so they read on any fill
CASING_COLOUR: str = "#FFFFFF"
#: range rings
RANGE_COLOUR: str = "#222222"


def colour(status: str) -> str:
    """The palette colour of a control or claim status.

    Raises
    ------
    LookupError
        For an unknown status; the message lists the known ones.

    Examples
    --------
    >>> colour("liberated")
    '#0072B2'
    """
    try:
        return PALETTE[status]
    except (KeyError, TypeError):
        raise LookupError(
            f"no palette colour for status {status!r}; known statuses: {', '.join(PALETTE)}"
        ) from None


# --- colour-vision-deficiency check ---------------------------------------------------------

# Machado, Oliveira & Fernandes (2009), severity 1.0, for linear RGB.
_MACHADO: dict[str, tuple[tuple[float, float, float], ...]] = {
    "protan": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deutan": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritan": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
CVD_KINDS: tuple[str, ...] = ("normal", *_MACHADO)


def _rgb(hexcolour: str) -> tuple[float, float, float]:
    h = hexcolour.lstrip("#")
    if len(h) != 6:
        raise ValueError(f"expected a colour as '#RRGGBB', got {hexcolour!r}")
    try:
        r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        raise ValueError(f"expected a colour as '#RRGGBB', got {hexcolour!r}") from None
    return r, g, b


def _to_linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _from_linear(c: float) -> float:
    c = min(max(c, 0.0), 1.0)
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def _linear(hexcolour: str) -> tuple[float, float, float]:
    r, g, b = _rgb(hexcolour)
    return _to_linear(r), _to_linear(g), _to_linear(b)


def simulate_cvd(hexcolour: str, kind: str, severity: float = 1.0) -> str:
    """How a colour looks with a colour-vision deficiency (Machado et al. 2009).

    Parameters
    ----------
    hexcolour : str
        ``"#RRGGBB"``.
    kind : {"normal", "protan", "deutan", "tritan"}
    severity : float
        0 (normal) to 1 (dichromacy); interpolated linearly between identity and the matrix.

    Examples
    --------
    >>> simulate_cvd("#FF0000", "deutan")
    '#A39000'
    >>> simulate_cvd("#336699", "normal")
    '#336699'
    """
    if kind not in CVD_KINDS:
        raise ValueError(f"kind must be one of {CVD_KINDS}, got {kind!r}")
    if not 0.0 <= severity <= 1.0:
        raise ValueError(f"severity must be between 0 and 1, got {severity!r}")
    lin = _linear(hexcolour)
    if kind != "normal":
        m = _MACHADO[kind]
        sim = [sum(m[i][j] * lin[j] for j in range(3)) for i in range(3)]
        a, b, c = (severity * s + (1 - severity) * v for s, v in zip(sim, lin, strict=True))
        lin = (a, b, c)
    r, g, b = (round(_from_linear(c) * 255) for c in lin)
    return f"#{r:02X}{g:02X}{b:02X}"


def _lab(hexcolour: str) -> tuple[float, float, float]:
    r, g, b = _linear(hexcolour)
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e(a: str, b: str) -> float:
    """CIEDE2000 colour difference between two ``"#RRGGBB"`` colours.

    Examples
    --------
    >>> round(delta_e("#000000", "#FFFFFF"), 1)
    100.0
    >>> delta_e("#0072B2", "#0072B2")
    0.0
    """
    return _de2000(_lab(a), _lab(b))


def _de2000(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    cbar7 = ((c1 + c2) / 2) ** 7
    g = 0.5 * (1 - math.sqrt(cbar7 / (cbar7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl, dc = l2 - l1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    else:
        dh = h2p - h1p
        if dh > 180:
            dh -= 360
        elif dh < -180:
            dh += 360
    d_h = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    lbar, cbarp = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hbar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hbar = (h1p + h2p) / 2
    else:
        hbar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(hbar - 30))
        + 0.24 * math.cos(math.radians(2 * hbar))
        + 0.32 * math.cos(math.radians(3 * hbar + 6))
        - 0.20 * math.cos(math.radians(4 * hbar - 63))
    )
    dtheta = 30 * math.exp(-(((hbar - 275) / 25) ** 2))
    rc = 2 * math.sqrt(cbarp**7 / (cbarp**7 + 25**7))
    sl = 1 + 0.015 * (lbar - 50) ** 2 / math.sqrt(20 + (lbar - 50) ** 2)
    sc = 1 + 0.045 * cbarp
    sh = 1 + 0.015 * cbarp * t
    rt = -math.sin(math.radians(2 * dtheta)) * rc
    return math.sqrt(
        (dl / sl) ** 2 + (dc / sc) ** 2 + (d_h / sh) ** 2 + rt * (dc / sc) * (d_h / sh)
    )


def min_delta_e(colours: Iterable[str], kind: str = "normal") -> tuple[float, str, str]:
    """The closest pair of colours (as seen with ``kind``) and their ΔE00.

    Examples
    --------
    >>> d, a, b = min_delta_e([PALETTE[s] for s in CLAIM_STATUSES], "deutan")
    >>> d > 10
    True
    """
    cols = list(colours)
    if len(cols) < 2:
        raise ValueError("min_delta_e needs at least two colours")
    seen = {c: simulate_cvd(c, kind) for c in cols}
    return min(
        ((delta_e(seen[a], seen[b]), a, b) for a, b in itertools.combinations(cols, 2)),
        key=lambda t: t[0],
    )


def contrast_ratio(a: str, b: str = "#FFFFFF") -> float:
    """WCAG 2.1 contrast ratio between two colours (1 to 21).

    Examples
    --------
    >>> round(contrast_ratio("#000000"), 1)
    21.0
    """

    def lum(c: str) -> float:
        r, g, b_ = _linear(c)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
