"""Locked meetings that cannot hold together.

Every rule of the format is an upper bound, so the locked meetings alone are a valid schedule
exactly when the whole problem is feasible: checking them here, rule by rule, both decides
feasibility and names the contradicting meetings (no solver needed).
"""

from __future__ import annotations

from collections import defaultdict

from .problem import Instance, Placed


def _m(inst: Instance, p: Placed) -> str:
    table = f", table {inst.tables[p.table].id}" if p.table is not None else ""
    return (f"{inst.participants[p.host].label} / {inst.participants[p.guest].label} "
            f"au créneau {inst.slots[p.slot].id}{table}")


def _conflict(rule: str, message: str, meetings: list[Placed]) -> dict:
    return {"rule": rule, "message": message, "meetings": [dict(p.raw) for p in meetings]}


def locked_conflicts(inst: Instance) -> list[dict]:
    """Each contradiction among the locked meetings, with a French message naming them."""
    out: list[dict] = []
    out += _without_request(inst)
    out += _duplicates(inst)
    out += _unavailable(inst)
    out += _double_booked(inst)
    out += _table_rules(inst)
    out += _slot_capacity(inst)
    out += _max_meetings(inst)
    out += _max_consecutive(inst)
    return out


def _without_request(inst: Instance) -> list[dict]:
    return [_conflict("no_request", f"rencontre verrouillée sans demande correspondante : {_m(inst, p)}", [p])
            for p in inst.locked if p.request is None]


def _duplicates(inst: Instance) -> list[dict]:
    seen: dict[tuple[int, int], Placed] = {}
    out = []
    for p in inst.locked:
        key = (p.host, p.guest)
        if key in seen:
            out.append(_conflict("duplicate", f"la même demande est verrouillée deux fois : {_m(inst, seen[key])} "
                                              f"et {_m(inst, p)}", [seen[key], p]))
        else:
            seen[key] = p
    return out


def _unavailable(inst: Instance) -> list[dict]:
    out = []
    for p in inst.locked:
        for who in (p.host, p.guest):
            if p.slot not in inst.participants[who].available:
                out.append(_conflict("unavailable", f"{inst.participants[who].label} n'est pas disponible au "
                                                    f"créneau {inst.slots[p.slot].id} : {_m(inst, p)}", [p]))
    return out


def _double_booked(inst: Instance) -> list[dict]:
    by_person_slot: dict[tuple[int, int], list[Placed]] = defaultdict(list)
    for p in inst.locked:
        by_person_slot[(p.host, p.slot)].append(p)
        by_person_slot[(p.guest, p.slot)].append(p)
    out = []
    for (who, slot), group in by_person_slot.items():
        if len(group) > 1:
            out.append(_conflict("double_booking", f"{inst.participants[who].label} a {len(group)} rencontres "
                                                   f"verrouillées au créneau {inst.slots[slot].id} : "
                                                   + " ; ".join(_m(inst, p) for p in group), group))
    return out


def _table_rules(inst: Instance) -> list[dict]:
    out = []
    by_table_slot: dict[tuple[int, int], list[Placed]] = defaultdict(list)
    for p in inst.locked:
        host = inst.participants[p.host]
        if host.table is not None and p.table is not None and p.table != host.table:
            out.append(_conflict("table_mismatch", f"{host.label} siège à la table {inst.tables[host.table].id}, "
                                                   f"pas à la table {inst.tables[p.table].id} : {_m(inst, p)}", [p]))
            continue
        table = inst.locked_table(p)
        if table is None:
            continue
        by_table_slot[(table, p.slot)].append(p)
        needs = host.needs_accessible or inst.participants[p.guest].needs_accessible
        if needs and not inst.tables[table].accessible:
            out.append(_conflict("not_accessible", f"la table {inst.tables[table].id} n'est pas accessible, or la "
                                                   f"rencontre doit l'être : {_m(inst, p)}", [p]))
    for (table, slot), group in by_table_slot.items():
        if len(group) > 1:
            out.append(_conflict("table_clash", f"{len(group)} rencontres verrouillées à la table "
                                                f"{inst.tables[table].id} au créneau {inst.slots[slot].id} : "
                                                + " ; ".join(_m(inst, p) for p in group), group))
    return out


def _slot_capacity(inst: Instance) -> list[dict]:
    """Locked meetings without a table must still find free (accessible) tables in their slot."""
    if not inst.has_tables:
        return []
    out = []
    by_slot: dict[int, list[Placed]] = defaultdict(list)
    for p in inst.locked:
        by_slot[p.slot].append(p)
    n_all = len(inst.tables)
    n_acc = sum(t.accessible for t in inst.tables)
    for slot, group in sorted(by_slot.items()):
        placed = {inst.locked_table(p) for p in group} - {None}
        free = [p for p in group if inst.locked_table(p) is None]
        free_acc = [p for p in free if inst.participants[p.host].needs_accessible
                    or inst.participants[p.guest].needs_accessible]
        acc_left = n_acc - sum(1 for t in placed if t is not None and inst.tables[t].accessible)
        if len(free) > n_all - len(placed) or len(free_acc) > acc_left:
            out.append(_conflict("slot_capacity", f"pas assez de tables (accessibles) au créneau "
                                                  f"{inst.slots[slot].id} pour les rencontres verrouillées : "
                                                  + " ; ".join(_m(inst, p) for p in free), free))
    return out


def _max_meetings(inst: Instance) -> list[dict]:
    by_person: dict[int, list[Placed]] = defaultdict(list)
    for p in inst.locked:
        by_person[p.host].append(p)
        by_person[p.guest].append(p)
    out = []
    for who, group in by_person.items():
        limit = inst.participants[who].max_meetings
        if limit is not None and len(group) > limit:
            out.append(_conflict("max_meetings", f"{inst.participants[who].label} a {len(group)} rencontres "
                                                 f"verrouillées pour un maximum de {limit}", group))
    return out


def _max_consecutive(inst: Instance) -> list[dict]:
    limit = inst.options.max_consecutive
    if limit is None:
        return []
    by_person_slot: dict[tuple[int, int], Placed] = {}
    for p in inst.locked:
        by_person_slot.setdefault((p.host, p.slot), p)
        by_person_slot.setdefault((p.guest, p.slot), p)
    people = sorted({who for who, _ in by_person_slot})
    out = []
    for who in people:
        for run in inst.runs():
            streak: list[Placed] = []
            for slot in run + [-1]:
                meeting = by_person_slot.get((who, slot))
                if meeting is not None:
                    streak.append(meeting)
                    continue
                if len(streak) > limit:
                    out.append(_conflict("max_consecutive", f"{inst.participants[who].label} a {len(streak)} "
                                                            f"rencontres verrouillées d'affilée pour un maximum de "
                                                            f"{limit}", streak))
                streak = []
    return out
