"""Which meetings, by a min-cost flow: coverage then weight, exactly and in milliseconds, under
the counting rules that a flow can express (each participant's room over all its candidate
slots, the room of all tables). Locked meetings are forced by a bonus larger than everything.

guest g <- source: one arc of capacity 1 with a bonus M > total weight (a guest's first meeting
counts for coverage), one arc for the rest of its room; g -> host h: one arc per request, gain
its weight; h -> sink: the host's room; source -> sink: a free bypass (meetings are optional).
Minimising cost = maximising M x coverage + weight: the lexicographic optimum of the relaxation.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.graph.python import min_cost_flow

from .aggregate import room_of
from .problem import Instance


def flow_selection(inst: Instance, candidates: dict[int, list[int]], *, fair: bool) -> set[int] | None:
    """The requests of an optimal flow (None if the solver fails, e.g. cost overflow)."""
    requests = [r for r in sorted(candidates) if candidates[r]]
    if not requests:
        return set()
    slots_of: dict[int, set[int]] = defaultdict(set)
    for r in requests:
        req = inst.requests[r]
        slots_of[req.host].update(candidates[r])
        slots_of[req.guest].update(candidates[r])
    locked = {p.request for p in inst.locked if p.request is not None}
    total_weight = sum(inst.requests[r].weight for r in requests)
    bonus = total_weight + 1 if fair else 0
    forced = (bonus + 1) * (len(slots_of) + 1) + total_weight + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink, hub = 0, 1, 2
    node = {p: 3 + i for i, p in enumerate(sorted(slots_of))}
    room = {p: room_of(inst, frozenset(slots), 1, inst.participants[p].max_meetings, True)
            for p, slots in slots_of.items()}
    guests = sorted({inst.requests[r].guest for r in requests})
    supply = sum(room[g] for g in guests)
    hub_room = supply
    if inst.has_tables:
        used = frozenset().union(*(slots_of[g] for g in guests))
        hub_room = min(supply, room_of(inst, used, len(inst.tables), None, False))
    flow.add_arc_with_capacity_and_unit_cost(source, hub, hub_room, 0)
    flow.add_arc_with_capacity_and_unit_cost(source, sink, supply, 0)
    for g in guests:
        flow.add_arc_with_capacity_and_unit_cost(hub, node[g], 1, -bonus)
        if room[g] > 1:
            flow.add_arc_with_capacity_and_unit_cost(hub, node[g], room[g] - 1, 0)
    arcs = {}
    for r in requests:
        req = inst.requests[r]
        gain = inst.requests[r].weight + (forced if r in locked else 0)
        arcs[r] = flow.add_arc_with_capacity_and_unit_cost(node[req.guest], node[req.host], 1, -gain)
    for h in sorted({inst.requests[r].host for r in requests}):
        flow.add_arc_with_capacity_and_unit_cost(node[h], sink, room[h], 0)
    flow.set_node_supply(source, supply)
    flow.set_node_supply(sink, -supply)
    if flow.solve() != flow.OPTIMAL:
        return None
    chosen = {r for r, arc in arcs.items() if flow.flow(arc) > 0}
    return chosen if locked <= chosen else None
