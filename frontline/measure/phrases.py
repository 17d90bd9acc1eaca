"""Shares in words: the one table of phrases a newsroom uses, and :func:`describe_share`.

:func:`describe_share` turns a share into the words a newsroom uses, from the one table
:data:`SHARE_PHRASES` (thresholds below). The words keep these meanings, so a phrase never
contradicts its number: "about F" is within 2 percentage points of F; "just under F" is below F
by at most 4 points and "just over F" above it by at most 4; "less than F" / "more than F" are
below / above F by at most 10 points; "a sliver" is more than 0 and under 3%; "a small
fraction" more than 0 and under 10%; "nearly all" over 90% and under 100%; "all but a sliver"
at least 97% and under 100%; "none" is exactly 0 and "all" exactly 1.

=========================  =============  =========================  =============
phrase                     share from     phrase                     share from
=========================  =============  =========================  =============
none                       0 (exactly)    about half                 0.49
a sliver                   above 0        just over half             0.51
a small fraction           0.02           more than half             0.535
less than a tenth          0.06           just under three-fifths    0.565
just under a tenth         0.085          about three-fifths         0.59
about a tenth              0.095          just over three-fifths     0.61
just over a tenth          0.105          just under two-thirds      0.635
more than a tenth          0.13           about two-thirds           0.657
about a sixth              0.155          more than two-thirds       0.677
just under one-fifth       0.17           just under three-quarters  0.715
about one-fifth            0.195          about three-quarters       0.74
just over one-fifth        0.205          just over three-quarters   0.76
just under a quarter       0.23           just under four-fifths     0.775
about a quarter            0.24           about four-fifths          0.79
just over a quarter        0.26           just over four-fifths      0.81
more than a quarter        0.285          more than four-fifths      0.84
just under a third         0.295          just under nine-tenths     0.865
about a third              0.323          about nine-tenths          0.89
just over a third          0.343          nearly all                 0.91
just under two-fifths      0.37           all but a sliver           0.97
about two-fifths           0.39           all                        1 (exactly)
just over two-fifths       0.41
less than half             0.44
just under half            0.465
=========================  =============  =========================  =============

Each phrase holds from its threshold up to (not including) the next one.
"""

from __future__ import annotations

import bisect
import math
from typing import NamedTuple

import numpy as np

__all__ = ["SHARE_PHRASES", "SharePhrase", "describe_share"]


class SharePhrase(NamedTuple):
    """One row of :data:`SHARE_PHRASES`: the phrase for shares from ``low`` to ``high``.

    ``low`` is inclusive and ``high`` exclusive, except for "none" (exactly 0) and "all"
    (exactly 1), whose ``low`` equals ``high``; "a sliver" excludes 0.
    """

    low: float
    high: float
    phrase: str


#: Share -> words, in increasing order (see the module docstring for what the words mean).
SHARE_PHRASES: tuple[SharePhrase, ...] = (
    SharePhrase(0.0, 0.0, "none"),
    SharePhrase(0.0, 0.02, "a sliver"),
    SharePhrase(0.02, 0.06, "a small fraction"),
    SharePhrase(0.06, 0.085, "less than a tenth"),
    SharePhrase(0.085, 0.095, "just under a tenth"),
    SharePhrase(0.095, 0.105, "about a tenth"),
    SharePhrase(0.105, 0.13, "just over a tenth"),
    SharePhrase(0.13, 0.155, "more than a tenth"),
    SharePhrase(0.155, 0.17, "about a sixth"),
    SharePhrase(0.17, 0.195, "just under one-fifth"),
    SharePhrase(0.195, 0.205, "about one-fifth"),
    SharePhrase(0.205, 0.23, "just over one-fifth"),
    SharePhrase(0.23, 0.24, "just under a quarter"),
    SharePhrase(0.24, 0.26, "about a quarter"),
    SharePhrase(0.26, 0.285, "just over a quarter"),
    SharePhrase(0.285, 0.295, "more than a quarter"),
    SharePhrase(0.295, 0.323, "just under a third"),
    SharePhrase(0.323, 0.343, "about a third"),
    SharePhrase(0.343, 0.37, "just over a third"),
    SharePhrase(0.37, 0.39, "just under two-fifths"),
    SharePhrase(0.39, 0.41, "about two-fifths"),
    SharePhrase(0.41, 0.44, "just over two-fifths"),
    SharePhrase(0.44, 0.465, "less than half"),
    SharePhrase(0.465, 0.49, "just under half"),
    SharePhrase(0.49, 0.51, "about half"),
    SharePhrase(0.51, 0.535, "just over half"),
    SharePhrase(0.535, 0.565, "more than half"),
    SharePhrase(0.565, 0.59, "just under three-fifths"),
    SharePhrase(0.59, 0.61, "about three-fifths"),
    SharePhrase(0.61, 0.635, "just over three-fifths"),
    SharePhrase(0.635, 0.657, "just under two-thirds"),
    SharePhrase(0.657, 0.677, "about two-thirds"),
    SharePhrase(0.677, 0.715, "more than two-thirds"),
    SharePhrase(0.715, 0.74, "just under three-quarters"),
    SharePhrase(0.74, 0.76, "about three-quarters"),
    SharePhrase(0.76, 0.775, "just over three-quarters"),
    SharePhrase(0.775, 0.79, "just under four-fifths"),
    SharePhrase(0.79, 0.81, "about four-fifths"),
    SharePhrase(0.81, 0.84, "just over four-fifths"),
    SharePhrase(0.84, 0.865, "more than four-fifths"),
    SharePhrase(0.865, 0.89, "just under nine-tenths"),
    SharePhrase(0.89, 0.91, "about nine-tenths"),
    SharePhrase(0.91, 0.97, "nearly all"),
    SharePhrase(0.97, 1.0, "all but a sliver"),
    SharePhrase(1.0, 1.0, "all"),
)

_OPEN_LOWS = [p.low for p in SHARE_PHRASES[1:-1]]


def describe_share(x: float) -> str:
    """A share (a fraction from 0 to 1) in the words a newsroom uses.

    The words come from :data:`SHARE_PHRASES` (one table, thresholds in the module docstring)
    and never contradict the number: "just under one-fifth" is only said of shares from 0.17 to
    just below 0.20, "all but a sliver" only of 0.97 and up (below 1). The mapping is monotone:
    a larger share never gets a phrase lower in the table.

    Parameters
    ----------
    x : float
        A fraction from 0 to 1 (``0.1877``, not ``18.77``).

    Returns
    -------
    str

    Raises
    ------
    ValueError
        ``x`` is not a finite number from 0 to 1. A value above 1.5 (up to 100) is read as a
        percentage and the message says to divide it by 100; a value just above 1 (up to 1.5)
        is more likely a share of too small a denominator (a polygon larger than its official
        area), and the message says to check the denominator.

    Examples
    --------
    >>> describe_share(0.1877)
    'just under one-fifth'
    >>> describe_share(0.984)
    'all but a sliver'
    >>> describe_share(0.25), describe_share(0.70), describe_share(0)
    ('about a quarter', 'more than two-thirds', 'none')
    """
    if isinstance(x, bool) or not isinstance(x, int | float | np.integer | np.floating):
        raise ValueError(f"describe_share needs a number from 0 to 1, got {type(x).__name__} {x!r}")
    value = float(x)
    if not math.isfinite(value):
        raise ValueError(f"describe_share needs a finite share from 0 to 1, got {x!r}")
    if value < 0 or value > 1:
        if 1.5 < value <= 100:
            hint = f"; it looks like a percentage: pass {value / 100:g} for {value:g}%"
        elif 1 < value <= 1.5:
            hint = (
                f"; a share above 1 ({value:g}): check the denominator (a polygon larger than "
                "its official area?)"
            )
        else:
            hint = ""
        raise ValueError(f"a share must be a fraction from 0 to 1, got {x!r}{hint}")
    if value == 0.0:
        return SHARE_PHRASES[0].phrase
    if value == 1.0:
        return SHARE_PHRASES[-1].phrase
    return SHARE_PHRASES[bisect.bisect_right(_OPEN_LOWS, value)].phrase
