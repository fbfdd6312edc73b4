"""Solve by parts (problems without `previous`, above a small size): which meetings, then when.

1. Which meetings: a min-cost flow gives the lexicographic optimum (coverage, then weight) of a
   relaxation; if it also meets every counting condition of the aggregated model (aggregate.py),
   it is that model's optimum. Otherwise CP-SAT solves the aggregated model, warm-started from the
   repaired flow selection.
2. When: the chosen meetings are placed by the insertion heuristic from the first-come schedule,
   then by Kempe-chain swaps; if some still do not fit, CP-SAT places them on a model holding only
   the chosen requests. When all are placed, the schedule reaches the relaxation's values: coverage
   and weight are proven optimal for the full problem.
3. Never worse than first-come booking on (coverage, weight): the better of the two is kept.
4. Idle: the meetings fixed, slots are swapped to close gaps (compact.py).
"""

from __future__ import annotations

import time
from dataclasses import replace

from ortools.sat.python import cp_model

from . import model as parts
from .aggregate import build_aggregate
from .baseline import first_come_first_served
from .compact import compact, cover_by_replacement, insert_by_chains
from .flow import flow_selection
from .heuristic import improve
from .matching import coverage_upper_bound
from .problem import Instance, Placed

SHARE_SELECT = 0.4  # of the time left, for the aggregated CP-SAT model (only when the flow is not enough)
SHARE_PLACE = 0.7  # of the time left, to place the chosen meetings
PLACE_ROUNDS = 4
RESERVE = 0.15  # of the time limit: idle pass and output
MIN_COMPACT_S = 0.3
NEIGHBOURHOOD_HOPS = (1, 2, None)  # None: every chosen meeting free


class Split:
    def __init__(self, inst: Instance, config, started: float, emit):
        self.inst, self.config, self.started, self.emit = inst, config, started, emit
        self.spent = 0.0  # deterministic time under workers 1, else wall time
        self.notes: dict[str, object] = {}
        self.bounds: dict[str, int] = {}  # of the selection, for progress reports

    def left(self) -> float:
        """Search time left; a part of the limit stays for the idle pass, tables, reasons, output."""
        spent = self.spent if self.config.deterministic else time.monotonic() - self.started
        return max(0.0, self.config.time_limit_s * (1 - RESERVE) - spent)

    def deadline(self, share: float) -> float | None:
        return None if self.config.deterministic else time.monotonic() + self.left() * share

    def run_cp(self, model: cp_model.CpModel, budget: float, stop_at: int | None, large: bool):
        from .solver import _parameters  # shared parameters (seed, workers, deterministic budget)

        solver = cp_model.CpSolver()
        _parameters(solver, self.config, max(0.05, budget), large)

        class _Stop(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(self) -> None:
                if stop_at is not None and int(round(self.objective_value)) == stop_at:
                    self.stop_search()

        status = solver.solve(model, _Stop())
        if self.config.deterministic:
            self.spent += solver.deterministic_time
        return solver, status


def coverage_of(inst: Instance, chosen) -> int:
    return len({inst.requests[r].guest for r in chosen})


def weight_of(inst: Instance, chosen) -> int:
    return sum(inst.requests[r].weight for r in chosen)


def solve_split(inst: Instance, config, started: float, emit, evaluate, weight_bound) -> dict:
    """Returns {"assignment", "levels": [(level, status, value, bound, at_s)], "start", "notes"}."""
    run = Split(inst, config, started, emit)
    fair = inst.options.objective == "fair"
    cand = parts.candidates(inst)
    booked = first_come_first_served(inst, seed=config.seed)
    first = {r: s for r, (s, _) in booked.items()}

    def key(assignment) -> tuple[int, int]:
        return (coverage_of(inst, assignment) if fair else 0, weight_of(inst, assignment))

    # 1. which meetings
    chosen, sel_cov, sel_w, cov_bound, w_bound, proven = _select(run, cand, first, fair)
    run.bounds = {"coverage": cov_bound, "weight": w_bound}
    run.emit("weight", {"coverage": sel_cov, "weight": sel_w}, run.bounds)
    # 2. when
    base = {r: s for r, s in first.items() if r in chosen}
    chosen_cand = {r: cand[r] for r in chosen}
    placed = improve(inst, base, chosen_cand)
    for _ in range(PLACE_ROUNDS):  # each round only adds meetings
        missing = sorted(chosen - set(placed), key=lambda r: (-inst.requests[r].weight, r))
        if not missing:
            break
        before = len(placed)
        placed = improve(inst, insert_by_chains(inst, placed, missing, cand, deadline=run.deadline(0.2)),
                         chosen_cand)
        if len(placed) == before:
            break
    run.notes["placed_by_heuristics"] = f"{len(placed)}/{len(chosen)}"
    if len(placed) < len(chosen):
        placed = _place_cp(run, chosen, cand, placed, sel_w)
    run.notes["placed"] = f"{sum(1 for r in placed if r in chosen)}/{len(chosen)}"
    if len(placed) < len(chosen):
        if fair and coverage_of(inst, placed) < sel_cov:  # a guest lost its only meeting: take a place
            placed = cover_by_replacement(inst, placed, cand, frozen=set(), costly=set())
        placed = improve(inst, placed, cand, deadline=run.deadline(1.0))  # room left: any other request
    # 3. never worse than first-come booking
    if key(first) > key(placed):
        placed = improve(inst, first, cand, deadline=run.deadline(1.0))
        run.notes["kept_first_come"] = True
    cov, weight = key(placed)
    placed_at = round(time.monotonic() - started, 3)
    start = {"coverage": cov, "weight": weight, "idle": evaluate(inst, placed, "idle")}
    # 4. idle
    ends = None if config.deterministic else max(started + config.time_limit_s * (1 - RESERVE / 2),
                                                 time.monotonic() + MIN_COMPACT_S)
    placed = compact(inst, placed, cand, deadline=ends)
    idle = evaluate(inst, placed, "idle")
    idle_at = round(time.monotonic() - started, 3)
    levels = []
    if fair:
        cov_bound = max(cov_bound, cov)
        levels.append(("coverage", "optimal" if cov == cov_bound else "feasible", cov, cov_bound, placed_at))
    same = (not fair or cov == sel_cov) and weight == sel_w
    if fair and cov < sel_cov:  # the weight bound held for coverage sel_cov only
        w_bound = weight_bound(inst, cand)
    levels.append(("weight", "optimal" if proven and same else "feasible", weight, max(w_bound, weight), placed_at))
    levels.append(("idle", "optimal" if idle == 0 else "feasible", idle, 0, idle_at))
    return {"assignment": placed, "levels": levels, "start": start, "notes": run.notes}


def _select(run: Split, cand, first, fair: bool):
    """(chosen, coverage, weight, coverage bound, weight bound, proven) of the aggregated model."""
    inst = run.inst
    matching = coverage_upper_bound(inst) if fair else 0
    flow = flow_selection(inst, cand, fair=fair)
    agg = build_aggregate(inst, cand)
    if flow is not None and not agg.violated(flow):
        run.notes["selection"] = "flow"
        cov, weight = coverage_of(inst, flow), weight_of(inst, flow)
        return flow, cov, weight, cov, weight, True
    run.notes["selection"] = "aggregate"
    chosen = agg.repair(flow if flow is not None else set(first))
    if _key(inst, set(first), "coverage" if fair else "weight") > _key(inst, chosen, "coverage" if fair else "weight") \
            and not agg.violated(set(first)):
        chosen = set(first)
    flow_cov = coverage_of(inst, flow) if flow is not None else matching
    flow_w = weight_of(inst, flow) if flow is not None else None
    proven = True
    cov_bound = w_bound = 0
    cov_value = None
    levels = (["coverage"] if fair else []) + ["weight"]
    known: int | None
    for i, level in enumerate(levels):
        expr = agg.coverage_expr() if level == "coverage" else agg.weight_expr()
        if level == "coverage":
            known = min(flow_cov, matching)
        else:  # the flow's weight bounds the weight only at the flow's coverage
            known = flow_w if (not fair or cov_value == flow_cov) else None
        value = coverage_of(inst, chosen) if level == "coverage" else weight_of(inst, chosen)
        if value == known:  # the repaired flow already reaches the bound: nothing to search
            done, bound = True, value
        else:
            agg.model.maximize(expr)
            agg.hint(chosen)
            budget = run.left() * SHARE_SELECT / (len(levels) - i)
            solver, status = run.run_cp(agg.model, budget, known, large=False)
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                found = agg.extract(solver)
                # lexicographic: at the coverage level, a tie keeps the heavier selection
                if (_key(inst, found, level) >= _key(inst, chosen, level)):
                    chosen = found
                    value = coverage_of(inst, chosen) if level == "coverage" else weight_of(inst, chosen)
            done = status == cp_model.OPTIMAL or value == known
            bound = value if done else int(round(min(solver.best_objective_bound, known or 1e18)))
        proven = proven and done
        if level == "coverage":
            cov_bound, cov_value = bound, value
        else:
            w_bound = bound
        agg.model.add(expr >= value)
    cov = coverage_of(inst, chosen)
    if not fair:
        cov_bound = cov
    return chosen, cov, weight_of(inst, chosen), cov_bound, w_bound, proven


def _key(inst: Instance, chosen, level: str) -> tuple[int, int]:
    weight = weight_of(inst, chosen)
    return (coverage_of(inst, chosen), weight) if level == "coverage" else (weight, 0)


def _place_cp(run: Split, chosen: set[int], cand, placed: dict[int, int], target: int) -> dict[int, int]:
    """CP-SAT on the chosen requests only, place as much weight as possible: first on a
    neighbourhood of the missing meetings (the meetings of their participants and of those
    participants' partners; every other meeting locked where it is), widened once, then on all."""
    inst = run.inst
    from .solver import LARGE_MODEL

    for hops in NEIGHBOURHOOD_HOPS:
        missing = chosen - set(placed)
        if not missing or run.left() < 0.1:
            break
        if hops is None:
            free, sub, slots_of = set(chosen), inst, cand
        else:
            free = _neighbourhood(inst, placed, missing, hops)
            pins = [Placed(inst.requests[r].host, inst.requests[r].guest, s, None, r, {})
                    for r, s in sorted(placed.items()) if r not in free]
            pinned = {p.request for p in pins}
            sub = replace(inst, locked=[p for p in inst.locked if p.request not in pinned] + pins)
            slots_of = parts.candidates(sub)
        v = parts.build(sub, only=chosen & (free | set(placed)), slots_of=slots_of)
        v.model.maximize(parts.weight_expr(v))
        v.hint(placed)
        share = SHARE_PLACE if hops is None else SHARE_PLACE / 3
        solver, status = run.run_cp(v.model, run.left() * share, target, large=len(v.x) > LARGE_MODEL)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found = v.extract(solver)
            if weight_of(inst, found) > weight_of(inst, placed):
                placed = found
        run.emit("weight", {"coverage": coverage_of(inst, placed), "weight": weight_of(inst, placed)}, run.bounds)
    return placed


def _neighbourhood(inst: Instance, placed: dict[int, int], missing: set[int], hops: int) -> set[int]:
    people = {who for r in missing for who in (inst.requests[r].host, inst.requests[r].guest)}
    by_person: dict[int, list[int]] = {}
    for r in placed:
        for who in (inst.requests[r].host, inst.requests[r].guest):
            by_person.setdefault(who, []).append(r)
    free = set(missing)
    for _ in range(hops):
        ring = {r for p in people for r in by_person.get(p, [])} - free
        free |= ring
        people |= {who for r in ring for who in (inst.requests[r].host, inst.requests[r].guest)}
    return free
