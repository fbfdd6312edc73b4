"""The most specific reason why a request got no meeting.

Static reasons first (no common slot, no compatible table), then the participant's own limit
(max_meetings), then what blocks the common slots in the final schedule: the host busy in all of
them, the guest busy in all of them, or, in the slots where both are free, max_consecutive or the
tables full. When different things block different slots, the meeting lost to better ones:
`lower_priority`. A slot blocked by nothing means the search stopped
before it could add the meeting: `time_limit` (never with a proven optimal weight).
"""

from __future__ import annotations

from collections import defaultdict

from .problem import Instance, streak_with


def unscheduled_reasons(inst: Instance, assignment: dict[int, int]) -> dict[int, str]:
    """reason for each request index not in `assignment`."""
    ctx = _Context(inst, assignment)
    return {r: ctx.reason(r) for r in range(len(inst.requests)) if r not in assignment}


class _Context:
    def __init__(self, inst: Instance, assignment: dict[int, int]):
        self.inst = inst
        self.busy: set[tuple[int, int]] = set()
        self.count: dict[int, int] = defaultdict(int)
        self.in_slot: dict[int, list[int]] = defaultdict(list)
        for r, s in assignment.items():
            req = inst.requests[r]
            self.busy |= {(req.host, s), (req.guest, s)}
            self.count[req.host] += 1
            self.count[req.guest] += 1
            self.in_slot[s].append(r)
        self.n_acc = sum(t.accessible for t in inst.tables)
        self.pinned_acc: dict[int, int] = {}  # per slot, computed once
        self.run_of = inst.run_of_slots()
        # per-slot table counts of the final schedule (Hall's condition, see model.add_tables)
        self.pinned: dict[int, set[int]] = defaultdict(set)
        self.free_acc: dict[int, int] = defaultdict(int)
        for s, requests in self.in_slot.items():
            for r in requests:
                table = inst.pinned_table(r)
                if table is not None:
                    self.pinned[s].add(table)
                elif inst.needs_accessible(r):
                    self.free_acc[s] += 1

    def reason(self, r: int) -> str:
        inst, req = self.inst, self.inst.requests[r]
        host, guest = inst.participants[req.host], inst.participants[req.guest]
        guest_slots = set(guest.available)
        common = [s for s in host.available if s in guest_slots]
        if not common:
            return "no_common_slot"
        if inst.no_table_for(r):
            return "no_table"
        if host.max_meetings is not None and self.count[req.host] >= host.max_meetings:
            return "host_full"
        if guest.max_meetings is not None and self.count[req.guest] >= guest.max_meetings:
            return "guest_full"
        blockers = [self.blockers(r, s) for s in common]
        if any(not b for b in blockers):
            return "time_limit"
        # slots where both are free: what blocks those is the real obstacle
        open_slots = [b for b in blockers if not b & {"host_full", "guest_full"}]
        if not open_slots:
            for reason in ("host_full", "guest_full"):
                if all(reason in b for b in blockers):
                    return reason
            return "lower_priority"
        for reason in ("max_consecutive", "no_table"):
            if all(reason in b for b in open_slots):
                return reason
        return "lower_priority"

    def blockers(self, r: int, s: int) -> set[str]:
        req = self.inst.requests[r]
        found = set()
        if (req.host, s) in self.busy:
            found.add("host_full")
        if (req.guest, s) in self.busy:
            found.add("guest_full")
        if not (self._consecutive_ok(req.host, s) and self._consecutive_ok(req.guest, s)):
            found.add("max_consecutive")
        if self.inst.has_tables and not self._tables_fit(s, r):
            found.add("no_table")
        return found

    def _consecutive_ok(self, who: int, s: int) -> bool:
        limit = self.inst.options.max_consecutive
        return limit is None or streak_with(self.run_of[s], s, self.busy, who) <= limit

    def _tables_fit(self, s: int, r: int) -> bool:
        """Would the tables of slot s still have a matching with r added?"""
        inst = self.inst
        if len(self.in_slot[s]) + 1 > len(inst.tables):
            return False
        table = inst.pinned_table(r)
        if s not in self.pinned_acc:
            self.pinned_acc[s] = sum(1 for t in self.pinned[s] if inst.tables[t].accessible)
        pinned_acc = self.pinned_acc[s]
        free_acc = self.free_acc[s]
        if table is not None:
            if table in self.pinned[s]:
                return False
            pinned_acc += inst.tables[table].accessible
        elif inst.needs_accessible(r):
            free_acc += 1
        return free_acc + pinned_acc <= self.n_acc
