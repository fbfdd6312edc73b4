"""Hall-type counting bound on coverage: a guest needs one meeting, a host offers as many as
its slots (and max_meetings) allow. A maximum b-matching gives the bound; the guests it cannot
serve and the hosts they all compete for are a Hall violator, named by the pre-checks."""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass

from .model import candidates
from .problem import Instance


@dataclass
class Matching:
    size: int
    capacity: dict[int, int]  # host -> places
    starved: list[int]  # guests with wishes but unmatched
    crowded_hosts: list[int]  # the saturated hosts the starved guests can reach
    crowded_guests: list[int]  # every guest competing for those hosts


def _edges(inst: Instance) -> tuple[dict[int, list[int]], dict[int, int]]:
    wishes: dict[int, list[int]] = defaultdict(list)
    host_slots: dict[int, set[int]] = defaultdict(set)
    for r, slots in candidates(inst).items():
        req = inst.requests[r]
        if slots:
            wishes[req.guest].append(req.host)
            host_slots[req.host].update(slots)
    capacity = {}
    for h, offered in host_slots.items():
        limit = inst.participants[h].max_meetings
        capacity[h] = len(offered) if limit is None else min(limit, len(offered))
    return wishes, capacity


def max_coverage_matching(inst: Instance) -> Matching:
    wishes, capacity = _edges(inst)
    # an augmenting path visits each host at most once
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 2 * len(capacity) + 200))
    served: dict[int, list[int]] = defaultdict(list)  # host -> guests
    match: dict[int, int] = {}  # guest -> host

    def augment(g: int, seen: set[int]) -> bool:
        for h in wishes[g]:
            if h in seen:
                continue
            seen.add(h)
            if len(served[h]) < capacity[h]:
                served[h].append(g)
                match[g] = h
                return True
            for other in list(served[h]):
                if augment(other, seen):
                    served[h].remove(other)
                    served[h].append(g)
                    match[g] = h
                    return True
        return False

    guests = sorted(wishes)
    for g in guests:  # greedy pass first: most guests find a free host at once
        for h in wishes[g]:
            if len(served[h]) < capacity[h]:
                served[h].append(g)
                match[g] = h
                break
    for g in guests:
        if g not in match:
            augment(g, set())
    starved = [g for g in guests if g not in match]
    # alternating search from the starved guests: hosts reached are all full (Hall violator)
    hosts_seen: set[int] = set()
    guests_seen = set(starved)
    frontier = list(starved)
    while frontier:
        g = frontier.pop()
        for h in wishes[g]:
            if h not in hosts_seen:
                hosts_seen.add(h)
                for other in served[h]:
                    if other not in guests_seen:
                        guests_seen.add(other)
                        frontier.append(other)
    return Matching(len(match), capacity, starved, sorted(hosts_seen), sorted(guests_seen))


def coverage_upper_bound(inst: Instance) -> int:
    """No schedule covers more guests than this (matching bound and table-places bound)."""
    bound = max_coverage_matching(inst).size
    if inst.has_tables:
        places = 0
        for s in range(len(inst.slots)):
            hosts = sum(1 for p in inst.participants if p.side == "host" and s in p.available)
            places += min(len(inst.tables), hosts)
        bound = min(bound, places)
    return bound
