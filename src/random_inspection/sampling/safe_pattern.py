"""The safe subset of draw-v1's ``public_input_format`` (docs/spec/draw-v1.md §3): the patterns a verifier runs
without the risk of catastrophic backtracking. A manifest read from its published text is refused when its
pattern lies outside (:func:`~random_inspection.sampling.published.read_published_manifest`)."""

from __future__ import annotations

import re

from random_inspection.messages import tr

__all__ = ["MAX_PATTERN_LENGTH", "pattern_problem"]

MAX_PATTERN_LENGTH = 256
"""The longest pattern, in characters, by default."""

_QUANTIFIER = re.compile(r"[*+?]|\{(\d*)(,(\d*))?\}")


def pattern_problem(pattern: str, max_length: int = MAX_PATTERN_LENGTH) -> str | None:
    """What puts a draw-v1 ``public_input_format`` outside the safe subset a verifier runs, or ``None``.

    The safe subset: at most ``max_length`` characters; character classes, escapes, literals, ``^``, ``$``, ``|``
    and groups ``(…)`` or ``(?:…)``; no back-reference, look-around, named group or inline flag; repetition counts
    at most 1000; at most one quantifier of variable length (``*``, ``+``, ``?``, ``{m,n}``), every other one a
    fixed count ``{n}``; and no quantifier on a group that holds a quantifier of variable length or a ``|``. A
    match of such a pattern cannot backtrack catastrophically (``(a+)+$``, ``(a|a)*$``, ``\\d*\\d*\\d*x``).
    """
    if len(pattern) > max_length:
        return tr("{length} characters, more than {max_length}", length=len(pattern), max_length=max_length)
    variable = 0
    stack = [False]  # per open group: does it hold a variable quantifier or a '|'?
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        risky_atom = False
        if c == "\\":
            if i + 1 < n and pattern[i + 1] in "123456789":
                return tr("a back-reference at character {i}", i=i)
            i += 2
        elif c == "[":
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":
                i += 1
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
            i += 1
        elif c == "(":
            if pattern.startswith("(?", i):
                if not pattern.startswith("(?:", i):
                    return tr("a look-around, named group or inline flag at character {i}", i=i)
                i += 3
            else:
                i += 1
            stack.append(False)
            continue
        elif c == ")":
            if len(stack) == 1:
                return tr("an unbalanced ')' at character {i}", i=i)
            risky_atom = stack.pop()
            stack[-1] = stack[-1] or risky_atom
            i += 1
        elif c == "|":
            stack[-1] = True
            i += 1
            continue
        else:
            i += 1
        q = _QUANTIFIER.match(pattern, i)
        if q is None:
            continue
        counts = [int(g) for g in (q.group(1), q.group(3)) if g]
        if any(k > 1000 for k in counts):
            return tr("a repetition count above 1000 at character {i}", i=i)
        fixed = q.group(0).startswith("{") and q.group(2) is None
        if risky_atom:
            return tr("a quantifier at character {i} on a group that holds a variable quantifier or '|'", i=i)
        if not fixed:
            variable += 1
            if variable > 1:
                return tr("a second quantifier of variable length at character {i}", i=i)
            stack[-1] = True
        i = q.end()
        if i < n and pattern[i] in "?+":  # a lazy or possessive mark
            i += 1
    return None
