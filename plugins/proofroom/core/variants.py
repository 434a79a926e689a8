"""Channel variants among a brief's deliverables: which one is derived from which.

Pure over the deliverable specs, so the gallery can group variants under their master
without loading the image code that makes renditions.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import DeliverableSpec


def variant_parents(specs: Iterable[DeliverableSpec]) -> dict[str, str]:
    """``{variant id: master id}`` for every usable ``derived_from``.

    Names that are not deliverables, a deliverable derived from itself and loops are left
    out (the brief reports them), so walking up from any id always ends.
    """
    specs = list(specs)
    ids = {s.id for s in specs}
    raw: dict[str, str] = {}
    for s in specs:
        source = s.extra.get("derived_from")
        if isinstance(source, str) and source in ids and source != s.id and s.id not in raw:
            raw[s.id] = source
    out: dict[str, str] = {}
    for did in raw:
        seen, node = {did}, raw[did]
        while node in raw and node not in seen:
            seen.add(node)
            node = raw[node]
        if node not in seen:  # the chain ends at a master: no loop
            out[did] = raw[did]
    return out


def depth_of(did: str, parents: dict[str, str]) -> int:
    depth = 0
    while did in parents:
        did = parents[did]
        depth += 1
    return depth
