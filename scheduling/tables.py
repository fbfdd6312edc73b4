"""Tables, given after the solve: a matching inside each slot.

The model only kept Hall's counting condition per slot, so a matching always exists. Order of
placement: meetings whose table is known (host's fixed table, locked table), then meetings that
can keep their previous table (re-planning), then meetings needing an accessible table, then the
rest (non-accessible tables first, to leave accessible ones free).
"""

from __future__ import annotations

from collections import defaultdict

from .problem import Instance


def assign_tables(inst: Instance, assignment: dict[int, int]) -> dict[int, int | None]:
    """Table index (or None without tables) for every scheduled request."""
    if not inst.has_tables:
        return {r: None for r in assignment}
    previous = {r: (p.slot, p.table) for r, p in inst.published.items()}
    by_slot: dict[int, list[int]] = defaultdict(list)
    for r, s in sorted(assignment.items()):
        by_slot[s].append(r)
    result: dict[int, int | None] = {}
    for s, requests in sorted(by_slot.items()):
        result.update(_match_slot(inst, s, requests, previous))
    return result


def _match_slot(inst, s, requests, previous) -> dict[int, int]:
    taken: dict[int, int] = {}
    free_requests = []
    for r in requests:
        table = inst.pinned_table(r)
        if table is None:
            free_requests.append(r)
        else:
            taken[table] = r
    out = {r: t for t, r in taken.items()}

    def accessible_left() -> int:
        return sum(1 for t, tab in enumerate(inst.tables) if tab.accessible and t not in taken)

    waiting = list(free_requests)
    for r in free_requests:  # keep the previous table when it does not starve an accessible need
        slot_table = previous.get(r)
        if slot_table is None or slot_table[0] != s or slot_table[1] is None or slot_table[1] in taken:
            continue
        t = slot_table[1]
        needs = inst.needs_accessible(r)
        if needs and not inst.tables[t].accessible:
            continue
        needing_after = sum(1 for q in waiting if q != r and inst.needs_accessible(q))
        if inst.tables[t].accessible and not needs and needing_after > accessible_left() - 1:
            continue
        taken[t] = r
        out[r] = t
        waiting.remove(r)
    for r in [q for q in waiting if inst.needs_accessible(q)] + [q for q in waiting if not inst.needs_accessible(q)]:
        choices = [t for t in inst.table_order if t not in taken and (inst.tables[t].accessible or not inst.needs_accessible(r))]
        if not choices:
            raise RuntimeError(f"aucune table libre au créneau {inst.slots[s].id} (incohérence du modèle)")
        taken[choices[0]] = r
        out[r] = choices[0]
    return out
