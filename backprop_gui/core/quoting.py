"""Input echoed in messages: short, on one line, and safe to print or save.

A refusal names what it refuses, but the thing refused may be a megabyte of text, a
list of a million numbers or a string with newlines and lone surrogates. Messages
quote such input through :func:`quoted` or :func:`shown`, which keep about
``QUOTE_LIMIT`` characters and escape anything that would break the line.
"""

from __future__ import annotations

import reprlib

QUOTE_LIMIT = 80  # characters of any input a message echoes

_repr = reprlib.Repr()
_repr.maxstring = QUOTE_LIMIT
_repr.maxother = QUOTE_LIMIT
_repr.maxlong = QUOTE_LIMIT
_repr.maxlist = _repr.maxtuple = _repr.maxdict = 6
_repr.maxlevel = 3
_repr.fillvalue = "…"


def quoted(value) -> str:
    """``repr(value)`` cut to about QUOTE_LIMIT characters, with "…" where it was cut."""
    return _repr.repr(value)


def shown(text: str) -> str:
    """``text`` as it is when it prints on one line, else quoted; cut to about
    QUOTE_LIMIT characters in the middle, so both ends (a path's file name) remain."""
    if not text.isprintable():
        return quoted(text)
    if len(text) <= QUOTE_LIMIT:
        return text
    half = QUOTE_LIMIT // 2
    return f"{text[:half]}…{text[-half:]}"
