"""A quick improvement of a solution, used as the warm start of the next level.

Requests are inserted (guests without a meeting first, then by decreasing weight) at a free
common slot, or by moving one meeting that blocks the slot to another slot. Nothing is ever
removed, so coverage and weight never drop; locked meetings never move.
"""

from __future__ import annotations

import time
from collections import defaultdict

from .problem import Instance, streak_with


class _State:
    def __init__(self, inst: Instance, assignment: dict[int, int], frozen: set[int]):
        self.inst = inst
        self.frozen = frozen
        self.slot_of = dict(assignment)
        self.occupant: dict[tuple[int, int], int] = {}
        self.count: dict[int, int] = defaultdict(int)
        self.total: dict[int, int] = defaultdict(int)
        self.table_use: dict[tuple[int, int], int] = defaultdict(int)
        self.free_acc: dict[int, int] = defaultdict(int)
        self.pinned_acc: dict[int, int] = defaultdict(int)
        self.locked = inst.locked_by_request
        self.n_tables = len(inst.tables)
        self.n_acc = sum(t.accessible for t in inst.tables)
        self.run_of = inst.run_of_slots()
        self.limit = inst.options.max_consecutive
        for r, s in assignment.items():
            self._apply(r, s, +1)

    def _apply(self, r: int, s: int, sign: int) -> None:
        req = self.inst.requests[r]
        for who in (req.host, req.guest):
            self.count[who] += sign
            if sign > 0:
                self.occupant[(who, s)] = r
            else:
                del self.occupant[(who, s)]
        if sign > 0:
            self.slot_of[r] = s
        else:
            del self.slot_of[r]
        if not self.inst.has_tables:
            return
        self.total[s] += sign
        table = self.inst.pinned_table(r)
        if table is not None:
            self.table_use[(table, s)] += sign
            if self.inst.tables[table].accessible:
                self.pinned_acc[s] += sign
        elif self.inst.needs_accessible(r):
            self.free_acc[s] += sign

    def fits(self, r: int, s: int) -> bool:
        inst, req = self.inst, self.inst.requests[r]
        for who in (req.host, req.guest):
            if (who, s) in self.occupant:
                return False
            limit = inst.participants[who].max_meetings
            if limit is not None and self.count[who] >= limit:
                return False
            if self.limit is not None and not self._consecutive_ok(who, s):
                return False
        if inst.has_tables:
            if self.total[s] + 1 > self.n_tables:
                return False
            table = self.inst.pinned_table(r)
            if table is not None:
                if self.table_use[(table, s)] >= 1:
                    return False
                if inst.tables[table].accessible and self.free_acc[s] + self.pinned_acc[s] + 1 > self.n_acc:
                    return False
            elif inst.needs_accessible(r) and self.free_acc[s] + self.pinned_acc[s] + 1 > self.n_acc:
                return False
        return True

    def _consecutive_ok(self, who: int, s: int) -> bool:
        return streak_with(self.run_of[s], s, self.occupant, who) <= self.limit  # type: ignore[operator]

    def insert(self, r: int, slots: list[int], candidates: dict[int, list[int]]) -> bool:
        for s in slots:
            if self.fits(r, s):
                self._apply(r, s, +1)
                return True
        req = self.inst.requests[r]
        for s in slots:  # move the one meeting that blocks slot s elsewhere
            blockers = {self.occupant[(who, s)] for who in (req.host, req.guest) if (who, s) in self.occupant}
            if len(blockers) != 1:
                continue
            b = blockers.pop()
            if b in self.locked or b in self.frozen:
                continue
            self._apply(b, s, -1)
            if self.fits(r, s):
                self._apply(r, s, +1)
                for other in candidates[b]:
                    if other != s and self.fits(b, other):
                        self._apply(b, other, +1)
                        return True
                self._apply(r, s, -1)
            self._apply(b, s, +1)
        return False


def improve(inst: Instance, assignment: dict[int, int], candidates: dict[int, list[int]],
            frozen: set[int] | None = None, deadline: float | None = None) -> dict[int, int]:
    """A solution at least as good on coverage and weight (same hard rules), usually better.
    `frozen` meetings never move (re-planning: the meetings kept in place); `deadline`: a
    time.monotonic() value after which it stops (what is inserted so far stays)."""
    state = _State(inst, assignment, frozen or set())
    covered = {inst.requests[r].guest for r in assignment}
    todo = [r for r in range(len(inst.requests)) if r not in assignment and candidates.get(r)]
    todo.sort(key=lambda r: (inst.requests[r].guest in covered, -inst.requests[r].weight, r))
    for i, r in enumerate(todo):
        if r not in state.slot_of:
            state.insert(r, candidates[r], candidates)
        if deadline is not None and i % 64 == 0 and time.monotonic() > deadline:
            break
    return dict(state.slot_of)
