"""Cheap pre-checks, in French, naming participants: what cannot happen, before any search.

They run in well under a second on the largest problems: counting, one bipartite matching.
"""

from __future__ import annotations

from collections import defaultdict

from .conflicts import locked_conflicts
from .matching import max_coverage_matching
from .problem import Instance, parse_problem

NAMED = 8  # participants named in one message before "..."


def _names(inst: Instance, people: list[int]) -> str:
    labels = [inst.participants[p].label for p in people[:NAMED]]
    more = f" et {len(people) - NAMED} autre(s)" if len(people) > NAMED else ""
    return ", ".join(labels) + more


def explain(problem: dict) -> list[str]:
    """The pre-checks of a problem (raises ProblemError when it is malformed)."""
    inst = parse_problem(problem)
    return precheck(inst)


def precheck(inst: Instance) -> list[str]:
    out: list[str] = []
    out += [f"Conflit : {c['message']}." for c in locked_conflicts(inst)]
    out += _no_common_slot(inst)
    out += _no_accessible_table(inst)
    out += _more_wishes_than_room(inst)
    out += _guests_without_wish(inst)
    out += _table_places(inst)
    out += _hall(inst)
    return out


def _no_common_slot(inst: Instance) -> list[str]:
    out = []
    for req in inst.requests:
        host, guest = inst.participants[req.host], inst.participants[req.guest]
        if not set(host.available) & set(guest.available):
            out.append(f"Aucun créneau commun entre {host.label} et {guest.label} : cette demande ne peut pas "
                       "avoir lieu.")
    return out


def _no_accessible_table(inst: Instance) -> list[str]:
    if not inst.has_tables:
        return []
    out = []
    any_accessible = any(t.accessible for t in inst.tables)
    for r, req in enumerate(inst.requests):
        if not inst.needs_accessible(r):
            continue
        host, guest = inst.participants[req.host], inst.participants[req.guest]
        if host.table is not None and not inst.tables[host.table].accessible:
            out.append(f"{host.label} siège à la table {inst.tables[host.table].id}, non accessible, or la "
                       f"rencontre avec {guest.label} doit être accessible : elle ne peut pas avoir lieu.")
        elif host.table is None and not any_accessible:
            out.append(f"Aucune table accessible : la rencontre {host.label} / {guest.label} ne peut pas avoir lieu.")
    return out


def _more_wishes_than_room(inst: Instance) -> list[str]:
    wishes: dict[int, int] = defaultdict(int)
    for req in inst.requests:
        wishes[req.host] += 1
        wishes[req.guest] += 1
    out = []
    for p, person in enumerate(inst.participants):
        n = wishes.get(p, 0)
        if not n:
            continue
        room = len(person.available)
        why = f"{room} créneau(x) disponible(s)"
        if person.max_meetings is not None and person.max_meetings < room:
            room, why = person.max_meetings, f"un maximum de {person.max_meetings} rencontre(s)"
        if n > room:
            out.append(f"{person.label} a {n} demandes pour {why} : au moins {n - room} ne pourront pas avoir lieu.")
    return out


def _guests_without_wish(inst: Instance) -> list[str]:
    asked = {req.guest for req in inst.requests}
    lonely = [g for g, p in enumerate(inst.participants) if p.side == "guest" and g not in asked]
    if not lonely:
        return []
    return [f"{len(lonely)} invité(s) sans aucune demande, donc sans rendez-vous possible : {_names(inst, lonely)}."]


def _table_places(inst: Instance) -> list[str]:
    if not inst.has_tables:
        return []
    places = len(inst.tables) * len(inst.slots)
    if len(inst.requests) <= places:
        return []
    return [f"{len(inst.requests)} demandes pour {len(inst.tables)} tables × {len(inst.slots)} créneaux = "
            f"{places} places : au moins {len(inst.requests) - places} ne pourront pas avoir lieu."]


def _hall(inst: Instance) -> list[str]:
    """Guests who compete for too few host places (Hall's condition, from a maximum matching)."""
    matching = max_coverage_matching(inst)
    if not matching.starved:
        return []
    places = sum(matching.capacity[h] for h in matching.crowded_hosts)
    return [f"Au plus {matching.size} invité(s) peuvent avoir au moins un rendez-vous : "
            f"{len(matching.crowded_guests)} invité(s) ({_names(inst, matching.crowded_guests)}) ne demandent que "
            f"{_names(inst, matching.crowded_hosts)}, qui n'offrent ensemble que {places} place(s) ; "
            f"au moins {len(matching.starved)} resteront sans rendez-vous (par exemple "
            f"{_names(inst, matching.starved)})."]
