"""Links written into pages: only relative paths, percent-encoded; anything else is text.

A file name given by a user (a report's ``files`` keys, an output named ``run:1.html``)
must never become ``javascript:...`` in an ``href``, nor a link the browser reads as a
scheme (``run:1.html`` is the scheme ``run``). :func:`relative_href` accepts a relative
path without a scheme, host, backslash or control character and percent-encodes each of
its segments (so ``run:1.html`` becomes ``run%3A1.html``, which the browser reads as the
file); it returns None for anything else, which the caller shows as text.
"""

from __future__ import annotations

import re
from urllib.parse import quote

__all__ = ["relative_href"]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def relative_href(path: str, *, encoded: bool = False) -> str | None:
    """``path`` as a percent-encoded relative link, or None when it is not a relative path.

    ``encoded=True`` when the caller built the path itself from names it controls and
    wants a colon inside a segment kept as a file name (it is encoded either way): then a
    leading ``name:`` is not read as a scheme. Without it, a user's string that starts
    like a scheme (``javascript:``, ``http:``, ``data:``) is refused.
    """
    if not isinstance(path, str) or not path or _CONTROL.search(path):
        return None
    text = path.strip()
    if text != path or "\\" in path or path.startswith(("/", "#", "?")):
        return None
    if not encoded and _SCHEME.match(path):
        return None
    return "/".join(quote(part, safe="") for part in path.split("/"))
