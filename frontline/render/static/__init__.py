"""Static maps and charts for print and PDF (matplotlib): one day, the change between two days,
and charts of the front over time (held area, monthly gains, distance to a place).

:func:`plot_day` and :func:`plot_change` draw with the same palette, legend and footnote as
:func:`frontline.map_day`, in a Lambert conformal conic projection fitted to Ukraine
(:data:`PROJECTION`: standard parallels 45° N and 52° N, so scale is within about 1% of true
across the country and shapes are kept; never plate carrée). They build a
:class:`matplotlib.figure.Figure` directly, without ``pyplot``, so no global figure state is
created or leaked: ``fig.savefig("day.pdf")`` works with any backend, and Jupyter shows the
figure when it is the last value of a cell.

Parts: ``_draw`` (projection, geometry to matplotlib, shared layout), ``day``
(:func:`plot_day`), ``change`` (:func:`plot_change`), ``charts`` (:func:`plot_held_area`,
:func:`plot_monthly`, :func:`plot_distance`), ``scorecard`` (:func:`plot_scorecard`, a chart
of :func:`frontline.scorecard`, not a map); the legend is :mod:`frontline.render._legend`.
"""

from __future__ import annotations

from frontline.render.static._draw import PROJECTION
from frontline.render.static.change import plot_change
from frontline.render.static.charts import plot_distance, plot_held_area, plot_monthly
from frontline.render.static.day import plot_day
from frontline.render.static.scorecard import plot_scorecard

__all__ = [
    "PROJECTION",
    "plot_change",
    "plot_day",
    "plot_distance",
    "plot_held_area",
    "plot_monthly",
    "plot_scorecard",
]
