"""First-come-first-served booking, what self-booking platforms give their users.

Guests, in a random (seeded) order, book their wishes by decreasing weight, each at the first
slot where both sides are free and every hard rule still holds. Used by `bench` for comparison
and, by the solver, as the first solution of the search (a warm start).
"""

from __future__ import annotations

import random
from collections import defaultdict

from .model import candidate_slots
from .problem import Instance, streak_with


class _Board:
    """The meetings booked so far, with the counters every rule needs."""

    def __init__(self, inst: Instance):
        self.inst = inst
        self.busy: set[tuple[int, int]] = set()
        self.count: dict[int, int] = defaultdict(int)
        self.tables_used: dict[int, set[int]] = defaultdict(set)
        self.booked: dict[int, tuple[int, int | None]] = {}
        self.run_of = inst.run_of_slots()

    def can_book(self, r: int, s: int) -> int | None | bool:
        """The table to use (None without tables), or False when the meeting does not fit."""
        inst, req = self.inst, self.inst.requests[r]
        if r in self.booked or (req.host, s) in self.busy or (req.guest, s) in self.busy:
            return False
        for who in (req.host, req.guest):
            limit = inst.participants[who].max_meetings
            if limit is not None and self.count[who] >= limit:
                return False
            if not self._consecutive_ok(who, s):
                return False
        return self.free_table(r, s)

    def free_table(self, r: int, s: int) -> int | None | bool:
        """The table r would take in slot s (None without tables), or False when none is free."""
        inst = self.inst
        if not inst.has_tables:
            return None
        used = self.tables_used[s]
        fixed = inst.participants[inst.requests[r].host].table
        if fixed is not None:
            return fixed if fixed not in used else False
        needs = inst.needs_accessible(r)
        for t in inst.table_order:
            if t not in used and (inst.tables[t].accessible or not needs):
                return t
        return False

    def _consecutive_ok(self, who: int, s: int) -> bool:
        limit = self.inst.options.max_consecutive
        return limit is None or streak_with(self.run_of[s], s, self.busy, who) <= limit

    def book(self, r: int, s: int, table: int | None) -> None:
        req = self.inst.requests[r]
        self.busy.add((req.host, s))
        self.busy.add((req.guest, s))
        self.count[req.host] += 1
        self.count[req.guest] += 1
        if table is not None:
            self.tables_used[s].add(table)
        self.booked[r] = (s, table)


def first_come_first_served(inst: Instance, *, seed: int = 0,
                            keep: list[tuple[int, int]] | None = None) -> dict[int, tuple[int, int | None]]:
    """request -> (slot, table). Locked meetings first, then `keep` (request, slot) when they still
    fit (re-planning), then guests in a seeded random order."""
    board = _Board(inst)
    # tables known first; a locked meeting without one still takes a table of its slot
    for p in sorted(inst.locked, key=lambda p: inst.locked_table(p) is None):
        if p.request is not None and p.request not in board.booked:
            table = inst.locked_table(p)
            if table is None:
                free = board.free_table(p.request, p.slot)
                table = None if free is False else free
            board.book(p.request, p.slot, table)
    for r, s in keep or []:
        table = board.can_book(r, s)
        if table is not False:
            board.book(r, s, table)  # type: ignore[arg-type]
    blocked = {(p.host, p.slot) for p in inst.locked} | {(p.guest, p.slot) for p in inst.locked}
    wishes: dict[int, list[int]] = defaultdict(list)
    for r, req in enumerate(inst.requests):
        wishes[req.guest].append(r)
    guests = [g for g, p in enumerate(inst.participants) if p.side == "guest"]
    random.Random(seed).shuffle(guests)
    for g in guests:
        for r in sorted(wishes[g], key=lambda r: (-inst.requests[r].weight, r)):
            for s in candidate_slots(inst, r, blocked, set()):
                table = board.can_book(r, s)
                if table is not False:
                    board.book(r, s, table)  # type: ignore[arg-type]
                    break
    return board.booked
