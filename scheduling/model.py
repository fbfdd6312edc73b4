"""The CP-SAT model, built by small parts: one function per hard rule and per objective level.

Decision variables: x[r, s] = request r is met in slot s, only for the slots both participants can
attend (and only where a compatible table can exist). Tables are not variables: a per-slot count
keeps a table matching possible (see `add_tables`); tables are given after the solve (tables.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .problem import Instance

Assignment = dict[int, int]  # request index -> slot index


@dataclass
class Variables:
    """The model and its variables, able to hint a solution and to read one back."""

    inst: Instance
    model: cp_model.CpModel
    x: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    by_request: dict[int, list[tuple[int, cp_model.IntVar]]] = field(default_factory=lambda: defaultdict(list))
    by_person_slot: dict[tuple[int, int], list[cp_model.IntVar]] = field(default_factory=lambda: defaultdict(list))
    cover: dict[int, cp_model.IntVar] = field(default_factory=dict)
    kept: list[cp_model.IntVar] = field(default_factory=list)
    n_previous: int = 0  # previous meetings whose request still exists
    idle_vars: list[tuple[int, list[int], list, list, list]] = field(default_factory=list)

    def extract(self, solver: cp_model.CpSolver) -> Assignment:
        values = solver.response_proto.solution
        return {r: s for (r, s), var in self.x.items() if values[var.index]}

    def hint(self, assignment: Assignment) -> None:
        """Warm start: the hint is a full solution (objective auxiliaries included)."""
        self.model.clear_hints()
        for (r, s), var in self.x.items():
            self.model.add_hint(var, assignment.get(r) == s)
        busy_at: set[tuple[int, int]] = set()
        for r, s in assignment.items():
            busy_at.add((self.inst.requests[r].host, s))
            busy_at.add((self.inst.requests[r].guest, s))
        guests = {self.inst.requests[r].guest for r in assignment}
        for g, var in self.cover.items():
            self.model.add_hint(var, g in guests)
        for p, slots, before, after, idle in self.idle_vars:
            busy = [(p, s) in busy_at for s in slots]
            for i in range(len(slots)):
                b, a = any(busy[:i]), any(busy[i + 1:])
                self.model.add_hint(before[i], b)
                self.model.add_hint(after[i], a)
                self.model.add_hint(idle[i], b and a and not busy[i])

    def person_slot_sum(self, p: int, s: int):
        return sum(self.by_person_slot.get((p, s), []))


def candidate_slots(inst: Instance, r: int, blocked: set[tuple[int, int]],
                    table_blocked: set[tuple[int | None, int]]) -> list[int]:
    """Slots where request r could be met, before any choice: both available, a table possible."""
    req = inst.requests[r]
    host, guest = inst.participants[req.host], inst.participants[req.guest]
    if inst.no_table_for(r):
        return []
    guest_slots = set(guest.available)
    slots = [s for s in host.available if s in guest_slots
             and (req.host, s) not in blocked and (req.guest, s) not in blocked]
    if host.table is not None:
        slots = [s for s in slots if (host.table, s) not in table_blocked]
    return slots


def candidates(inst: Instance) -> dict[int, list[int]]:
    """request -> the slots where it could be met (a locked request: its locked slot only)."""
    # slots taken by a locked meeting: nobody involved may have another meeting there
    blocked = {(p.host, p.slot) for p in inst.locked} | {(p.guest, p.slot) for p in inst.locked}
    table_blocked = {(inst.locked_table(p), p.slot) for p in inst.locked if inst.locked_table(p) is not None}
    out = {}
    for r in range(len(inst.requests)):
        lock = inst.locked_by_request.get(r)
        out[r] = [lock.slot] if lock is not None else candidate_slots(inst, r, blocked, table_blocked)
    return out


def build(inst: Instance, only: set[int] | None = None, slots_of: dict[int, list[int]] | None = None) -> Variables:
    """Variables and every hard rule; objectives are set level by level by the solver.
    `only`: the requests that may be met (the others get no variable); `slots_of`: their
    candidate slots when already computed."""
    model = cp_model.CpModel()
    v = Variables(inst, model)
    _add_variables(v, only, slots_of or candidates(inst))
    add_one_meeting_per_person_and_slot(v)
    add_request_at_most_once(v)
    add_max_meetings(v)
    add_max_consecutive(v)
    add_tables(v)
    add_locked(v)
    _add_cover(v)
    _add_kept(v)
    return v


def _add_variables(v: Variables, only: set[int] | None, slots_of: dict[int, list[int]]) -> None:
    inst = v.inst
    for r, req in enumerate(inst.requests):
        if only is not None and r not in only:
            continue
        for s in slots_of[r]:
            var = v.model.new_bool_var(f"x_{r}_{s}")
            v.x[(r, s)] = var
            v.by_request[r].append((s, var))
            v.by_person_slot[(req.host, s)].append(var)
            v.by_person_slot[(req.guest, s)].append(var)


def add_one_meeting_per_person_and_slot(v: Variables) -> None:
    """Rule 1: a participant is in at most one meeting per slot (availability is in the domains)."""
    for group in v.by_person_slot.values():
        if len(group) > 1:
            v.model.add_at_most_one(group)


def add_request_at_most_once(v: Variables) -> None:
    """Rule 3a: each request is scheduled at most once."""
    for options in v.by_request.values():
        if len(options) > 1:
            v.model.add_at_most_one(var for _, var in options)


def _meetings_of(v: Variables, p: int) -> list:
    return [var for s in range(len(v.inst.slots)) for var in v.by_person_slot.get((p, s), [])]


def add_max_meetings(v: Variables) -> None:
    """Rule 3b: max_meetings per participant."""
    for p, person in enumerate(v.inst.participants):
        if person.max_meetings is None:
            continue
        meetings = _meetings_of(v, p)
        if len(meetings) > person.max_meetings:
            v.model.add(sum(meetings) <= person.max_meetings)


def add_max_consecutive(v: Variables) -> None:
    """Rule 3c: at most K meetings in any K+1 back-to-back slots (a break resets the count)."""
    limit = v.inst.options.max_consecutive
    if limit is None:
        return
    runs = [run for run in v.inst.runs() if len(run) > limit]
    for p in range(len(v.inst.participants)):
        for run in runs:
            for i in range(len(run) - limit):
                window = [var for s in run[i:i + limit + 1] for var in v.by_person_slot.get((p, s), [])]
                if len({s for s in run[i:i + limit + 1] if v.by_person_slot.get((p, s))}) > limit:
                    v.model.add(sum(window) <= limit)


def add_tables(v: Variables) -> None:
    """Rule 2, without table variables.

    Per slot: a table holds one meeting (fixed hosts sharing a table, or a locked meeting pinned to
    it); all meetings fit the tables; meetings needing access fit the accessible tables left by
    meetings pinned to accessible tables. These counts are exactly Hall's condition for the
    matching of floating meetings to free tables (accessible tables are a subset of all tables).
    """
    inst = v.inst
    if not inst.has_tables:
        return
    n_all, n_acc = len(inst.tables), sum(t.accessible for t in inst.tables)
    per_slot: dict[int, list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
    for (r, s), var in v.x.items():
        per_slot[s].append((r, var))
    for s in sorted(per_slot):
        on_table: dict[int, list] = defaultdict(list)
        everything, free_acc, pinned_acc = [], [], []
        for r, var in per_slot[s]:
            everything.append(var)
            table = inst.pinned_table(r)
            if table is not None:
                on_table[table].append(var)
                if inst.tables[table].accessible:
                    pinned_acc.append(var)
            elif inst.needs_accessible(r):
                free_acc.append(var)
        for group in on_table.values():
            if len(group) > 1:
                v.model.add_at_most_one(group)
        # each host meets at most once per slot: the number of hosts involved bounds the count
        if len({inst.requests[r].host for r, _ in per_slot[s]}) > n_all:
            v.model.add(sum(everything) <= n_all)
        if free_acc and len(free_acc) + len(pinned_acc) > n_acc:
            v.model.add(sum(free_acc) + sum(pinned_acc) <= n_acc)


def add_locked(v: Variables) -> None:
    """Rule 4: locked meetings are in the schedule (their request has only the locked slot)."""
    for p in v.inst.locked:
        if p.request is not None:
            v.model.add(v.x[(p.request, p.slot)] == 1)


def _add_cover(v: Variables) -> None:
    options: dict[int, list] = defaultdict(list)
    for (r, _), var in v.x.items():
        options[v.inst.requests[r].guest].append(var)
    for g in sorted(options):
        var = v.model.new_bool_var(f"cover_{g}")
        v.model.add_bool_or(options[g]).only_enforce_if(var)
        v.cover[g] = var


def _add_kept(v: Variables) -> None:
    inst = v.inst
    v.n_previous = len(inst.published)
    for r, p in inst.published.items():
        if inst.host_changed_table(p):
            continue
        var = v.x.get((r, p.slot))
        if var is not None:
            v.kept.append(var)


# -- objective levels ----------------------------------------------------------------------------

def coverage_expr(v: Variables):
    """Level 1 (maximised): guests with at least one meeting."""
    return sum(v.cover.values())


def moved_expr(v: Variables):
    """Level 2 (minimised): previous meetings dropped or moved to another slot."""
    return v.n_previous - sum(v.kept)


def weight_expr(v: Variables):
    """Level 3 (maximised): the sum of the weights of the scheduled requests."""
    return sum(v.inst.requests[r].weight * var for (r, _), var in v.x.items())


def idle_expr(v: Variables):
    """Level 4 (minimised): available slots left empty between a participant's first and last meeting.

    before[i] / after[i] are lower-bounded by the prefix / suffix "has a meeting"; minimising the
    idle sum pulls them down to their exact value.
    """
    model, terms = v.model, []
    for p, person in enumerate(v.inst.participants):
        slots = [s for s in person.available if (p, s) in v.by_person_slot]
        if len(slots) < 3:
            continue
        busy = [v.person_slot_sum(p, s) for s in slots]
        n = len(slots)
        before = [model.new_bool_var(f"before_{p}_{i}") for i in range(n)]
        after = [model.new_bool_var(f"after_{p}_{i}") for i in range(n)]
        idle = [model.new_bool_var(f"idle_{p}_{i}") for i in range(n)]
        model.add(before[0] == 0)
        model.add(after[n - 1] == 0)
        for i in range(1, n):
            model.add(before[i] >= before[i - 1])
            model.add(before[i] >= busy[i - 1])
        for i in range(n - 2, -1, -1):
            model.add(after[i] >= after[i + 1])
            model.add(after[i] >= busy[i + 1])
        for i in range(1, n - 1):
            model.add(idle[i] >= before[i] + after[i] - 1 - busy[i])
        model.add(idle[0] == 0)
        model.add(idle[n - 1] == 0)
        v.idle_vars.append((p, slots, before, after, idle))
        terms.extend(idle[1:n - 1])
    return sum(terms)
