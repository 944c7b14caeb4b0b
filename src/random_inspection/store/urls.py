"""Store URLs as they may be shown: the one function that masks a URL's password, wherever the URL (or an error
about it) is printed."""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["MASK", "mask_url", "scrub"]

MASK = "***"
"""What stands in a shown URL for a password."""

# userinfo: scheme://user:password@host — the password runs to the last '@' before any whitespace (it may hold '/',
# ':' and, typed unencoded, '@'); masking more than the password (a port and a path, when some later '@' follows) is
# allowed, masking less is not. Query secrets are masked first, so that an '@' in one is gone by then.
_USERINFO = re.compile(r"(?P<pre>[A-Za-z][A-Za-z0-9+.\-]*://[^:/@\s]*:)(?P<secret>\S*)@")
# a query parameter that carries a secret: password=, pass=, passwd=, pwd=, sslpassword=, secret=, token=, …key=
_QUERY = re.compile(r"(?P<pre>[?&;][^=&#;?]*(?:pass|pwd|secret|token|key)[^=&#;?]*=)(?P<secret>[^&#;]*)",
                    re.IGNORECASE)


def _secrets(text: str) -> list[str]:
    found = [m.group("secret") for m in _QUERY.finditer(text)]
    found += [m.group("secret") for m in _USERINFO.finditer(_mask_query(text))]
    return [s for s in found if s and s != MASK]


def _mask_query(text: str) -> str:
    return _QUERY.sub(lambda m: f"{m.group('pre')}{MASK}", text)


def mask_url(url: str | Path) -> str:
    """``url`` with every password replaced by ``***``: the userinfo's (``postgresql+psycopg://u:pw@h/db``) and
    every query parameter that carries one (``?password=…``, ``pass=``, ``pwd=``, ``sslpassword=``, ``secret=``,
    ``token=``, ``…key=``). A path or a URL without a password comes back as it is."""
    return _USERINFO.sub(lambda m: f"{m.group('pre')}{MASK}@", _mask_query(str(url)))


def scrub(message: str, url: str | Path) -> str:
    """``message`` (an error's text, say) with ``url`` shown masked and every password ``url`` holds, wherever
    else it appears in the message (a driver quoting it), replaced by ``***``."""
    text = str(url)
    out = message.replace(text, mask_url(text)) if text else message
    for secret in sorted(_secrets(text), key=len, reverse=True):
        out = out.replace(secret, MASK)
    return mask_url(out)
