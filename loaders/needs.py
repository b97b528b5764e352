"""Propose the criminogenic needs an action addresses, with the words that suggest them.

The rules live in ``cjgraph/data/needs.toml``; the proposal is a starting point that the
planner reviews in the ``needs`` column of the workbook.

Examples
--------
>>> propose_needs("Ensure people leaving prison have suitable accommodation and a GP.")
(('housing', 'health'), 'housing: accommodation; health: gp')
>>> propose_needs("Improve access to mental health services")
(('mental-health',), 'mental-health: mental health')
"""

from __future__ import annotations

import re

from cjgraph.framework import Need, load_needs

__all__ = ["propose_needs"]


def propose_needs(text: str, needs: tuple[Need, ...] | None = None) -> tuple[tuple[str, ...], str]:
    """``(need keys, evidence)`` for an action text; evidence is ``key: word, word; ...``."""
    low = " " + " ".join(text.lower().replace("&", " and ").split()) + " "
    keys: list[str] = []
    evidence: list[str] = []
    for need in needs if needs is not None else load_needs():
        t = low
        for phrase in need.exclude:
            if phrase in t:  # a plain look first: the pattern only where the words are there at all
                t = re.sub(rf"\b{re.escape(phrase)}\b", " ", t)
        hits = [w for w in need.words if w in t and re.search(rf"\b{re.escape(w)}\b", t)]
        if hits:
            keys.append(need.key)
            evidence.append(f"{need.key}: {', '.join(dict.fromkeys(hits))}")
    return tuple(keys), "; ".join(evidence)
