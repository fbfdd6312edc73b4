"""Idle post-pass: the set of meetings is fixed (coverage and weight unchanged), only their slots
move, to close the gaps in the participants' days.

Move: a participant p with a gap at slot a (available, free, between its first and last meeting)
takes its first or last meeting (slot b) into the gap. The partner may be busy at a: its meeting
there goes to b, and so on: the alternating chain of meetings between slots a and b (a Kempe
chain) is swapped as a whole. Every participant inside the chain keeps both slots busy, so only
the two ends change their day: the move is kept when the ends' idle time drops, and when every
rule still holds (availability, tables, max_consecutive, checked by the heuristic's state).
Deterministic: participants and slots in index order, a bounded number of passes.
"""

from __future__ import annotations

import time

from .heuristic import _State
from .problem import Instance

MAX_CHAIN = 60
MAX_PASSES = 12


class _Compactor:
    def __init__(self, inst: Instance, assignment: dict[int, int], candidates: dict[int, list[int]],
                 frozen: set[int]):
        self.inst = inst
        self.state = _State(inst, assignment, frozen)
        self.allowed = {r: set(candidates[r]) for r in assignment}
        self.fixed = frozen | {p.request for p in inst.locked if p.request is not None}
        self.avail = [p.available for p in inst.participants]

    def other(self, r: int, who: int) -> int:
        req = self.inst.requests[r]
        return req.guest if who == req.host else req.host

    def busy(self, who: int) -> list[int]:
        occ = self.state.occupant
        return [s for s in self.avail[who] if (who, s) in occ]

    def idle(self, who: int, busy: list[int] | None = None) -> int:
        busy = self.busy(who) if busy is None else busy
        if len(busy) < 2:
            return 0
        first, last = busy[0], busy[-1]
        return sum(1 for s in self.avail[who] if first < s < last) - (len(busy) - 2)

    def chain(self, p: int, a: int, b: int) -> tuple[list[tuple[int, int, int]], int] | None:
        """(request, from, to) of the a/b chain that starts with p's meeting at b, and its far end."""
        occ = self.state.occupant
        out: list[tuple[int, int, int]] = []
        who, here, there = p, b, a
        while (who, here) in occ:
            r = occ[(who, here)]
            if r in self.fixed or there not in self.allowed[r] or len(out) >= MAX_CHAIN:
                return None
            out.append((r, here, there))
            who = self.other(r, who)
            here, there = there, here
        return out, who

    def swap(self, moves: list[tuple[int, int, int]]) -> bool:
        """Moves every meeting of a chain, or none when a rule would break (False)."""
        state = self.state
        for r, frm, _ in moves:
            state._apply(r, frm, -1)
        for i, (r, _, to) in enumerate(moves):
            if not state.fits(r, to):
                self.unswap(moves[:i], moves)
                return False
            state._apply(r, to, +1)
        return True

    def unswap(self, placed: list[tuple[int, int, int]], moves: list[tuple[int, int, int]]) -> None:
        """Undoes a (partial) swap: `placed` are the moves already made, `moves` the whole chain."""
        for r, _, to in placed:
            self.state._apply(r, to, -1)
        for r, frm, _ in moves:
            self.state._apply(r, frm, +1)

    def try_move(self, p: int, a: int, b: int) -> bool:
        found = self.chain(p, a, b)
        if not found or not found[0]:
            return False
        moves, z = found
        before = self.idle(p) + self.idle(z)
        if not self.swap(moves):
            return False
        if self.idle(p) + self.idle(z) < before:
            return True
        self.unswap(moves, moves)
        return False

    def improve_person(self, p: int) -> bool:
        busy = self.busy(p)
        if len(busy) < 2:
            return False
        gaps = [s for s in self.avail[p] if busy[0] < s < busy[-1] and (p, s) not in self.state.occupant]
        for a in gaps:
            for b in (busy[0], busy[-1]):
                if self.try_move(p, a, b):
                    return True
        return False


def compact(inst: Instance, assignment: dict[int, int], candidates: dict[int, list[int]], *,
            frozen: set[int] | None = None, deadline: float | None = None) -> dict[int, int]:
    """The same meetings, with less idle time (never more). `deadline`: time.monotonic() limit."""
    work = _Compactor(inst, assignment, candidates, frozen or set())
    people = sorted({who for r in assignment for who in (inst.requests[r].host, inst.requests[r].guest)})
    for _ in range(MAX_PASSES):
        changed = False
        for p in people:
            while work.improve_person(p):
                changed = True
            if deadline is not None and time.monotonic() > deadline:
                return dict(work.state.slot_of)
        if not changed:
            break
    return dict(work.state.slot_of)


def insert_by_chains(inst: Instance, assignment: dict[int, int], wanted: list[int],
                     candidates: dict[int, list[int]], *, frozen: set[int] | None = None,
                     deadline: float | None = None) -> dict[int, int]:
    """Places more of `wanted` (never removes a meeting): for a request (h, g) with h free at a
    and g free at b, the a/b chain from g's meeting at a is swapped, which frees g at a."""
    work = _Compactor(inst, assignment, {**candidates}, frozen or set())
    work.allowed.update({r: set(candidates[r]) for r in wanted})
    state = work.state
    for r in wanted:
        if r in state.slot_of:
            continue
        req = inst.requests[r]
        free_h = [s for s in candidates[r] if (req.host, s) not in state.occupant]
        free_g = [s for s in candidates[r] if (req.guest, s) not in state.occupant]
        done = False
        for s in free_h:
            if s in free_g and state.fits(r, s):
                state._apply(r, s, +1)
                done = True
                break
        for a in free_h:
            if done:
                break
            for b in free_g:
                if a != b and _swap_then_place(work, r, req.guest, a, b):
                    done = True
                    break
        for s in free_h:  # both free but the slot's tables are all taken: move another meeting out
            if done:
                break
            if s in free_g and _make_room(work, r, s):
                done = True
        if deadline is not None and time.monotonic() > deadline:
            break
    return dict(state.slot_of)


def _make_room(work: _Compactor, r: int, s: int) -> bool:
    state = work.state
    for m in sorted(q for q, t in state.slot_of.items() if t == s and q not in work.fixed):
        state._apply(m, s, -1)
        if state.fits(r, s):
            for t in sorted(work.allowed.get(m, ())):
                if t != s and state.fits(m, t):
                    state._apply(m, t, +1)
                    state._apply(r, s, +1)
                    return True
        state._apply(m, s, +1)
    return False


def _swap_then_place(work: _Compactor, r: int, g: int, a: int, b: int) -> bool:
    found = work.chain(g, b, a)
    if not found or not found[0]:
        return False
    moves = found[0]
    if not work.swap(moves):
        return False
    if work.state.fits(r, a):
        work.state._apply(r, a, +1)
        return True
    work.unswap(moves, moves)
    return False


def cover_by_replacement(inst: Instance, assignment: dict[int, int], candidates: dict[int, list[int]], *,
                         frozen: set[int], costly: set[int]) -> dict[int, int]:
    """Serves guests left without a meeting by taking the place of a meeting whose guest has
    others (coverage before weight): the cheapest such replacement, a `costly` one (a published
    meeting) last; `frozen` and locked meetings never go."""
    state = _State(inst, assignment, frozen)
    fixed = frozen | {p.request for p in inst.locked if p.request is not None}
    wishes: dict[int, list[int]] = {}
    for r, req in enumerate(inst.requests):
        if candidates.get(r):
            wishes.setdefault(req.guest, []).append(r)
    covered = {inst.requests[r].guest for r in assignment}
    for g in sorted(set(wishes) - covered):
        best: tuple[tuple[bool, int, int, int], int, int, int | None] | None = None
        for r in wishes[g]:
            host = inst.requests[r].host
            for s in candidates[r]:
                blocker = state.occupant.get((host, s))
                if blocker is None:
                    if state.fits(r, s):
                        best = ((False, -inst.requests[r].weight, r, s), r, s, None)
                    continue
                other = inst.requests[blocker].guest
                if blocker in fixed or state.count[other] < 2:
                    continue
                state._apply(blocker, s, -1)
                if state.fits(r, s):
                    cost = (blocker in costly, inst.requests[blocker].weight - inst.requests[r].weight, r, s)
                    if best is None or cost < best[0]:
                        best = (cost, r, s, blocker)
                state._apply(blocker, s, +1)
            if best is not None and best[3] is None:
                break
        if best is not None:
            _, r, s, blocker = best
            if blocker is not None:
                state._apply(blocker, s, -1)
            state._apply(r, s, +1)
    return dict(state.slot_of)
