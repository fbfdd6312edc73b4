"""The aggregated model: which meetings, not when.

y[r] = request r is met (in some slot). Every hard rule becomes a counting condition on a set of
slots C: the meetings of a "resource" (a participant, a fixed table, all tables, the accessible
tables) whose candidate slots all lie inside C are at most the room of the resource in C (|C|,
max_meetings, max_consecutive, number of tables). These Hall-type cuts are necessary, not
sufficient: the model is a relaxation, so its optimum is an upper bound; when a slot assignment
of its chosen meetings exists (checked by the slot model on those meetings only), that schedule
is optimal for the full problem. It has |requests| variables instead of |requests| x |slots|, and
none of the symmetry between the interchangeable slots of a participant.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from ortools.sat.python import cp_model

from .problem import Instance

MAX_UNION_SETS = 6  # all unions of up to this many distinct candidate sets per resource, else pairs


@dataclass
class Aggregate:
    inst: Instance
    model: cp_model.CpModel
    y: dict[int, cp_model.IntVar] = field(default_factory=dict)
    cover: dict[int, cp_model.IntVar] = field(default_factory=dict)
    constraints: list[tuple[tuple[int, ...], int]] = field(default_factory=list)  # (members, room)

    def coverage_expr(self):
        return sum(self.cover.values())

    def weight_expr(self):
        return sum(self.inst.requests[r].weight * var for r, var in self.y.items())

    def hint(self, chosen: set[int]) -> None:
        self.model.clear_hints()
        for r, var in self.y.items():
            self.model.add_hint(var, r in chosen)
        guests = {self.inst.requests[r].guest for r in chosen}
        for g, var in self.cover.items():
            self.model.add_hint(var, g in guests)

    def violated(self, chosen: set[int]) -> list[tuple[tuple[int, ...], int]]:
        """The counting conditions a selection breaks (empty: it is a solution of this model)."""
        return [(members, room) for members, room in self.constraints
                if sum(1 for r in members if r in chosen) > room]

    def repair(self, chosen: set[int]) -> set[int]:
        """A selection within every counting condition: the lightest members of a broken one go."""
        chosen = set(chosen)
        locked = {p.request for p in self.inst.locked if p.request is not None}
        for members, room in self.constraints:
            inside = [r for r in members if r in chosen]
            excess = len(inside) - room
            if excess > 0:
                inside.sort(key=lambda r: (r in locked, self.inst.requests[r].weight, -r))
                chosen -= set(inside[:excess])
        return chosen

    def extract(self, solver: cp_model.CpSolver) -> set[int]:
        values = solver.response_proto.solution
        return {r for r, var in self.y.items() if values[var.index]}


def room_of(inst: Instance, slots: frozenset[int], per_slot: int, limit: int | None, consecutive: bool) -> int:
    """At most how many meetings a resource holds in these slots."""
    room = len(slots) * per_slot
    if consecutive and inst.options.max_consecutive is not None:
        k = inst.options.max_consecutive
        room = 0
        for run in inst.runs():
            block = 0
            for s in run + [-1]:
                if s in slots:
                    block += 1
                else:
                    room += block - block // (k + 1)
                    block = 0
    return room if limit is None else min(room, limit)


def _closure(sets: list[frozenset[int]]) -> set[frozenset[int]]:
    if len(sets) <= MAX_UNION_SETS:
        out = set()
        for k in range(1, len(sets) + 1):
            for combo in combinations(sets, k):
                out.add(frozenset().union(*combo))
        return out
    return set(sets) | {a | b for a, b in combinations(sets, 2)}


def build_aggregate(inst: Instance, candidates: dict[int, list[int]]) -> Aggregate:
    """`candidates`: request -> its possible slots (locked requests: their slot only)."""
    model = cp_model.CpModel()
    agg = Aggregate(inst, model)
    locked = inst.locked_by_request
    for r in sorted(candidates):
        if candidates[r]:
            agg.y[r] = model.new_bool_var(f"y_{r}")
    for r in locked:
        model.add(agg.y[r] == 1)
    cand = {r: frozenset(candidates[r]) for r in agg.y}
    # resources: (members, per-slot room, max_meetings, max_consecutive applies)
    resources: list[tuple[list[int], int, int | None, bool]] = []
    by_person: dict[int, list[int]] = defaultdict(list)
    by_table: dict[int, list[int]] = defaultdict(list)
    accessible: list[int] = []
    for r in agg.y:
        req = inst.requests[r]
        by_person[req.host].append(r)
        by_person[req.guest].append(r)
        if inst.has_tables:
            table = inst.pinned_table(r)
            if table is not None:
                by_table[table].append(r)
                if inst.tables[table].accessible:
                    accessible.append(r)
            elif inst.needs_accessible(r):
                accessible.append(r)
    for p, members in by_person.items():
        resources.append((members, 1, inst.participants[p].max_meetings, True))
    if inst.has_tables:
        for members in by_table.values():
            hosts = {inst.requests[r].host for r in members}
            if len(hosts) > 1:  # a single host is already its own resource
                resources.append((members, 1, None, False))
        n_acc = sum(t.accessible for t in inst.tables)
        resources.append((list(agg.y), len(inst.tables), None, False))
        if accessible:
            resources.append((accessible, n_acc, None, False))
    for members, per_slot, limit, consecutive in resources:
        _add_cuts(agg, members, cand, per_slot, limit, consecutive)
    options: dict[int, list] = defaultdict(list)
    for r, var in agg.y.items():
        options[inst.requests[r].guest].append(var)
    for g in sorted(options):
        var = model.new_bool_var(f"cover_{g}")
        model.add(sum(options[g]) >= var)  # linear (not a clause): the LP relaxation sees it
        agg.cover[g] = var
    return agg


def _add_cuts(agg: Aggregate, members: list[int], cand: dict[int, frozenset[int]], per_slot: int,
              limit: int | None, consecutive: bool) -> None:
    inst = agg.inst
    groups: dict[frozenset[int], list[int]] = defaultdict(list)
    for r in members:
        groups[cand[r]].append(r)
    distinct = sorted(groups, key=lambda c: (len(c), sorted(c)))
    sets = _closure(distinct) if per_slot == 1 else set(distinct) | {frozenset().union(*distinct)}
    tightest: dict[tuple[int, ...], int] = {}
    for c in sets:
        inside = tuple(sorted(r for key in distinct if key <= c for r in groups[key]))
        room = room_of(inst, c, per_slot, limit, consecutive)
        if len(inside) > room and room < tightest.get(inside, len(inside)):
            tightest[inside] = room
    for inside, room in sorted(tightest.items()):
        vars_ = [agg.y[r] for r in inside]
        if room == 1:
            agg.model.add_at_most_one(vars_)
        else:
            agg.model.add(sum(vars_) <= room)
        agg.constraints.append((inside, room))
