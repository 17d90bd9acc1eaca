"""Escaping for untrusted text on its way into a Leaflet/Folium page.

Claim summaries, claimants, responses, place names and URLs come from sources nobody controls.
Folium puts such text into the page in four ways, and each needs care (checked against folium
0.20):

* ``folium.Popup(html)`` inserts ``html`` *unescaped* into a JavaScript template literal,
  ``$(`<div ...>HTML</div>`)[0]``: the text is parsed as HTML (``<script>``, ``onerror=`` run)
  and ``${...}`` inside it is evaluated as JavaScript. folium's own ``escape_backticks`` skips a
  backtick preceded by a backslash, so ``\\\\``` still closes the literal.
* ``folium.Tooltip(text)`` inserts ``text`` unescaped into a template literal too, and does not
  even escape backticks.
* ``GeoJsonTooltip`` / ``GeoJsonPopup`` build ``<td>${value}</td>`` strings at run time from
  feature properties and assign them to ``innerHTML``: property values are parsed as HTML (but not
  evaluated as JavaScript, ``${`` in a value is inert).
* ``LayerControl`` layer names end up in Leaflet's ``innerHTML``.

So everything from data goes through :func:`escape_html` before it reaches any of them. It
returns an :class:`SafeHTML` string in which ``& < > " '`` are HTML entities *and* the characters
that matter inside a JavaScript template literal or a Jinja template, a backtick, ``$``,
a backslash and ``{ }``, are entities too, as are line breaks (``\\n \\r``, U+2028, U+2029).
Browsers decode the entities back to the original characters when they show the text, so the
reader sees exactly what the source wrote, and nothing of it is markup or code.

Stable API (used by the day and history maps and :mod:`frontline.render._legend`):

``SafeHTML``
    ``str`` subclass marking text that is already safe HTML; :func:`escape_html` passes it
    through unchanged and every helper here returns it.
``escape_html(value) -> SafeHTML``
    Escape any value (``None``/NaN -> ``""``) for HTML text or a quoted attribute, safe inside a
    JS template literal and a Jinja template as well.
``escape_template(html) -> SafeHTML``
    For HTML you built yourself (trusted markup): neutralise only backtick, ``${``, backslash so
    it can sit inside a JS template literal (e.g. ``folium.Popup``).
``js_literal(value) -> str``
    A JSON/JavaScript literal of ``value`` safe inside ``<script>`` and inside HTML (``< > & ' ` $``
    and line separators as ``\\uXXXX``).
``safe_url(url) -> str | None``
    The URL if it is an absolute ``http``/``https`` URL with a host and no whitespace or control
    characters, else ``None`` (``javascript:``, ``data:``, relative, malformed...).
``link(url, text=None) -> SafeHTML``
    ``<a href=... target="_blank" rel="noopener noreferrer">text</a>`` for a safe URL, else the
    escaped text alone (never an ``href``).
``popup_html(title, rows, *, source=None, footer=None) -> SafeHTML``
    A small popup: a bold title, a table of ``(label, value)`` rows (values escaped unless
    ``SafeHTML``; lists become ``<ul>``), and an optional source link.
``escape_columns(frame, columns=None) -> DataFrame``
    A copy whose text columns (or the given ones) are escaped, for ``GeoJsonTooltip``/``Popup``.
"""

from __future__ import annotations

import html
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "SafeHTML",
    "escape_columns",
    "escape_html",
    "escape_template",
    "js_literal",
    "link",
    "popup_html",
    "safe_url",
]


class SafeHTML(str):
    """A string that is already safe to put into the page as HTML."""

    __slots__ = ()

    def __html__(self) -> str:  # the markupsafe/Jinja protocol: do not escape again
        return str(self)


# html.escape(quote=True) handles & < > " ' ; these follow it.
_EXTRA = str.maketrans(
    {
        "`": "&#96;",
        "$": "&#36;",
        "\\": "&#92;",
        "{": "&#123;",
        "}": "&#125;",
        "\n": "&#10;",
        "\r": "&#13;",
        "\u2028": "&#8232;",
        "\u2029": "&#8233;",
    }
)


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:  # pandas NA / NaT without importing pandas
        return bool(value != value)
    except (TypeError, ValueError):
        return False


def escape_html(value: Any) -> SafeHTML:
    """Escape any value for HTML text, a quoted attribute, a JS template literal or Jinja.

    ``None``, NaN, ``pd.NA`` and ``NaT`` give ``""``; a :class:`SafeHTML` is returned unchanged;
    anything else is ``str()``-ed and escaped.

    Examples
    --------
    >>> escape_html("<img src=x onerror=alert(1)>")
    '&lt;img src=x onerror=alert(1)&gt;'
    >>> escape_html("${alert(1)} `x` \\\\")
    '&#36;&#123;alert(1)&#125; &#96;x&#96; &#92;'
    >>> escape_html(None)
    ''
    """
    if isinstance(value, SafeHTML):
        return value
    if _is_missing(value):
        return SafeHTML("")
    return SafeHTML(html.escape(str(value), quote=True).translate(_EXTRA))


_TEMPLATE = str.maketrans({"\\": "&#92;", "`": "&#96;", "$": "&#36;"})


def escape_template(markup: str) -> SafeHTML:
    """Make trusted HTML safe inside a JavaScript template literal.

    Only for markup you wrote yourself: it neutralises backslash, backtick and ``$`` (hence
    ``${``) as HTML entities and leaves tags alone. Untrusted text needs :func:`escape_html`.

    Examples
    --------
    >>> escape_template("<b>${x}</b> `y`")
    '<b>&#36;{x}</b> &#96;y&#96;'
    """
    return SafeHTML(str(markup).translate(_TEMPLATE))


_JS = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "'": "\\u0027",
    "`": "\\u0060",
    "$": "\\u0024",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JS_RE = re.compile("[<>&'`$\u2028\u2029]")


def js_literal(value: Any) -> str:
    """A JavaScript literal of a JSON-able value, safe inside ``<script>`` and HTML.

    Examples
    --------
    >>> js_literal("</script><b>${x}</b>")
    '"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0024{x}\\\\u003c/b\\\\u003e"'
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, default=str)
    return _JS_RE.sub(lambda m: _JS[m.group(0)], text)


_BAD_URL_CHARS = re.compile(r"[\x00-\x20\x7f-\x9f\"'<>`\\\u2028\u2029]")


def safe_url(url: Any) -> str | None:
    """The URL if it is an absolute http(s) URL, else ``None``.

    Leading and trailing whitespace is stripped. Rejected: other schemes (``javascript:``,
    ``data:``, ``vbscript:``, ``file:``), relative or scheme-relative URLs, URLs without a host,
    and URLs containing whitespace (Unicode too), control or format characters, quotes,
    angle brackets, backticks or backslashes (which browsers may "repair" into something else).

    Examples
    --------
    >>> safe_url("https://example.org/a?b=1")
    'https://example.org/a?b=1'
    >>> safe_url("javascript:alert(1)") is None
    True
    >>> safe_url(" JaVaScRiPt:alert(1)") is None
    True
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or _BAD_URL_CHARS.search(url):
        return None
    # any other control, format, separator or space character (NBSP, zero-width joiner...)
    if any(unicodedata.category(ch)[0] in "CZ" for ch in url):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or not host:
        return None
    return url


def link(url: Any, text: Any = None) -> SafeHTML:
    """An ``<a>`` that opens ``url`` in a new tab, or the escaped text if the URL is unsafe.

    Examples
    --------
    >>> link("https://example.org", "Example & co")
    '<a href="https://example.org" target="_blank" rel="noopener noreferrer">Example &amp; co</a>'
    >>> link("javascript:alert(1)", "x")
    'x'
    """
    good = safe_url(url)
    label = escape_html(text if text is not None and not _is_missing(text) else (good or ""))
    if good is None:
        return label
    return SafeHTML(
        f'<a href="{escape_html(good)}" target="_blank" rel="noopener noreferrer">{label}</a>'
    )


def _cell(value: Any) -> SafeHTML:
    if isinstance(value, SafeHTML):
        return value
    if isinstance(value, (list, tuple)):
        if not value:
            return SafeHTML("")
        items = "".join(f"<li>{_cell(v)}</li>" for v in value)
        return SafeHTML(f'<ul style="margin:0;padding-left:1.1em">{items}</ul>')
    return escape_html(value)


def popup_html(
    title: Any,
    rows: Mapping[str, Any] | Iterable[tuple[str, Any]],
    *,
    source: tuple[Any, Any] | None = None,
    footer: Any = None,
) -> SafeHTML:
    """Popup HTML: a bold title, a table of label/value rows, an optional source link.

    Values are escaped unless they are :class:`SafeHTML`; lists and tuples become bullet lists;
    rows whose value is missing or empty are left out. ``source`` is ``(name, url)``: the name
    links to the URL when it is http(s), otherwise it is shown as plain text.

    Examples
    --------
    >>> popup_html("<b>x</b>", {"Claimant": "A & B", "Note": None},
    ...            source=("Site", "javascript:alert(1)"))  # doctest: +NORMALIZE_WHITESPACE
    '<div class="fl-popup"><b>&lt;b&gt;x&lt;/b&gt;</b><table><tr><th>Claimant</th><td>A &amp;
    B</td></tr></table><div>Source: Site</div></div>'
    """
    items: Sequence[tuple[str, Any]] = list(rows.items() if isinstance(rows, Mapping) else rows)
    body = []
    for label, value in items:
        cell = _cell(value)
        if cell == "":
            continue
        body.append(f"<tr><th>{escape_html(label)}</th><td>{cell}</td></tr>")
    out = [f'<div class="fl-popup"><b>{escape_html(title)}</b>']
    if body:
        out.append("<table>" + "".join(body) + "</table>")
    if source is not None:
        name, url = source
        shown = link(url, name if not _is_missing(name) and name != "" else None)
        if shown:
            out.append(f"<div>Source: {shown}</div>")
    if footer is not None and not _is_missing(footer) and footer != "":
        out.append(f"<div>{escape_html(footer)}</div>")
    out.append("</div>")
    return SafeHTML("".join(out))


def escape_columns(frame: Any, columns: Iterable[str] | None = None) -> Any:
    """A copy of ``frame`` whose text columns (or ``columns``) hold escaped HTML.

    For feature properties shown with ``GeoJsonTooltip``/``GeoJsonPopup``, which assign them
    to ``innerHTML``. The geometry column is never touched.

    Examples
    --------
    >>> import pandas as pd
    >>> escape_columns(pd.DataFrame({"name": ["<i>a</i>"], "n": [1]}))["name"].tolist()
    ['&lt;i&gt;a&lt;/i&gt;']
    """
    out = frame.copy()
    geom = getattr(frame, "_geometry_column_name", None)
    if columns is None:
        columns = [
            c
            for c in out.columns
            if c != geom and (out[c].dtype == object or str(out[c].dtype).startswith("str"))
        ]
    for col in columns:
        out[col] = [str(escape_html(v)) for v in out[col]]
    return out
