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

    ``encoded=True`` when the caller built the path itself from the names of files it
    wrote (a page beside a user's file name) and wants every character kept as part of a
    file name: a leading ``name:``, spaces at either end, a backslash or a control
    character are percent-encoded like the rest (``" map_periods/p.html"`` links to that
    folder). Without it, a user's string that starts like a scheme (``javascript:``,
    ``http:``, ``data:``) or holds such characters is refused.
    """
    if not isinstance(path, str) or not path or path.startswith(("/", "#", "?")):
        return None
    if not encoded and (_CONTROL.search(path) or path.strip() != path or "\\" in path
                        or _SCHEME.match(path)):
        return None
    return "/".join(quote(part, safe="") for part in path.split("/"))
