"""Lexicographic solve: the levels of the objective in order, each warm-started from the previous
solution, whose value is then fixed as a constraint; the time left is shared between the levels."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ortools.sat.python import cp_model

from . import model as parts
from .baseline import first_come_first_served
from .compact import compact, cover_by_replacement
from .conflicts import locked_conflicts
from .flow import flow_selection
from .heuristic import improve
from .matching import coverage_upper_bound
from .problem import Instance, Placed, parse_problem
from .reasons import unscheduled_reasons
from .replan import diff
from .tables import assign_tables

SCHEDULE_FORMAT = "meeting-schedule/1"
# share of the remaining time given to each level (normalised over the levels still to solve)
SHARES = {"coverage": 0.2, "moved": 0.1, "weight": 0.55, "idle": 0.15}
MIN_LEVEL_S = 0.05
LARGE_MODEL = 20_000  # decision variables
# below this many (request, slot) pairs the full model is solved level by level (fast, and it
# proves every level, idle included); above, and without `previous`, solve by parts (split.py)
SPLIT_FROM = 1_500
OUTPUT_RESERVE = 0.1  # of the time limit, kept for tables, reasons and the document

Progress = Callable[[dict], None]


@dataclass(frozen=True)
class Config:
    time_limit_s: float
    workers: int
    seed: int

    @property
    def deterministic(self) -> bool:
        return self.workers == 1


@dataclass
class LevelResult:
    level: str
    status: str
    value: int
    bound: int
    wall_time_s: float
    deterministic_time: float


@dataclass
class Outcome:
    assignment: dict[int, int]
    levels: list[LevelResult] = field(default_factory=list)
    values: dict[str, int] = field(default_factory=dict)
    first_values: dict[str, int] = field(default_factory=dict)  # metrics of the solution before each level
    known_bounds: dict[str, int] = field(default_factory=dict)
    method: str = "levels"
    notes: dict = field(default_factory=dict)


def solve(problem: dict, *, time_limit_s: float | None = None, workers: int | None = None,
          seed: int | None = None, on_progress: Progress | None = None) -> dict:
    """Solve a meeting-problem/1 document; returns a meeting-schedule/1 document.

    Raises ProblemError (with `.faults`) when the document is malformed.
    """
    started = time.monotonic()
    inst = parse_problem(problem)
    config = Config(time_limit_s=float(time_limit_s if time_limit_s is not None else inst.options.time_limit_s),
                    workers=int(workers) if workers else max(1, os.cpu_count() or 1),
                    seed=int(seed if seed is not None else inst.options.seed))
    conflicts = locked_conflicts(inst)
    if conflicts:
        return _infeasible(inst, conflicts, config, started)
    if sum(len(c) for c in parts.candidates(inst).values()) >= SPLIT_FROM:
        if not inst.has_previous:
            return _schedule(inst, _solve_by_parts(inst, config, started, on_progress), config, started)
        outcome, start, least_moved = _replan_by_parts(inst, config, started, on_progress)
        if outcome is not None:
            return _schedule(inst, outcome, config, started)
    else:
        start, least_moved = None, 0
    v = parts.build(inst)
    outcome = _solve_levels(inst, v, config, started, on_progress, start, least_moved)
    if outcome is None:
        conflict = {"rule": "solver", "message": "le solveur a prouvé le problème infaisable (règles contradictoires)",
                    "meetings": []}
        return _infeasible(inst, [conflict], config, started)
    return _schedule(inst, outcome, config, started)


def _solve_by_parts(inst: Instance, config: Config, started: float, on_progress: Progress | None) -> Outcome:
    from .split import solve_split

    def emit(level: str, values: dict[str, int], bounds: dict[str, int]) -> None:
        if on_progress is not None:
            on_progress(_progress(config, started, level, values.get("coverage"), values.get("weight"), bounds))

    result = solve_split(inst, config, started, emit, evaluate, weight_upper_bound)
    outcome = Outcome(assignment=result["assignment"], method="split", notes=result["notes"])
    for level, status, value, bound, at in result["levels"]:
        outcome.levels.append(LevelResult(level, status, value, bound, at, 0.0))
        outcome.values[level] = value
    outcome.first_values = result["start"]
    levels = {lv.level: lv for lv in outcome.levels}
    outcome.known_bounds = {"coverage": levels["coverage"].bound if "coverage" in levels
                            else coverage_upper_bound(inst)}
    final = {"coverage": evaluate(inst, outcome.assignment, "coverage"),
             "weight": evaluate(inst, outcome.assignment, "weight")}
    emit("idle", final, {k: levels[k].bound for k in ("coverage", "weight") if k in levels})
    return outcome


def _replan_by_parts(inst: Instance, config: Config, started: float,
                     on_progress: Progress | None) -> tuple[Outcome | None, dict[int, int] | None, int]:
    """Re-planning when nothing has to move: every published meeting that can stay is locked and
    the rest is solved by parts. Kept only when that reaches the coverage bound of the problem
    without locks (so no move could serve more guests) and every published meeting that was not
    kept could not stay on its own (its slot no longer possible): then moved is minimal, and the
    weight of the locked problem is the weight level's. Otherwise (None, a start for the full
    model, a lower bound on moved): guests left without a meeting take the place of another
    guest's meeting, a published one only when nothing else works, and the full model goes on
    from there. When the locked relaxation (the flow) cannot reach the coverage bound, at least
    one more published meeting has to go."""
    cand = parts.candidates(inst)
    keep, unavoidable = [], 0
    for r, p in inst.published.items():
        if p.slot not in cand[r] or inst.host_changed_table(p):
            unavoidable += 1
        else:
            keep.append(p)
    booked = first_come_first_served(inst, seed=config.seed, keep=[(p.request, p.slot) for p in keep if p.request is not None])
    if any(p.request is None or (b := booked.get(p.request)) is None or b[0] != p.slot for p in keep):
        return None, None, unavoidable  # published meetings that cannot all stay together: a real choice
    locked = {q.request for q in inst.locked}

    def pinned_solve(pinned_keep: list[Placed]) -> Outcome:
        pins = [Placed(p.host, p.guest, p.slot, inst.participants[p.host].table, p.request, p.raw)
                for p in pinned_keep if p.request not in locked]
        pinned = replace(inst, locked=list(inst.locked) + pins, previous=[], has_previous=False)
        return _solve_by_parts(pinned, config, started, on_progress)

    outcome = pinned_solve(keep)
    fair = inst.options.objective == "fair"
    coverage = evaluate(inst, outcome.assignment, "coverage")
    if fair:
        free = flow_selection(inst, cand, fair=True)
        bound = min(coverage_upper_bound(inst), len({inst.requests[r].guest for r in free}) if free is not None
                    else len(inst.participants))
        if coverage < bound:
            start = cover_by_replacement(inst, outcome.assignment, cand, frozen=set(),
                                         costly={p.request for p in keep if p.request is not None})
            relaxed = outcome.levels[0].bound  # coverage bound with every keepable meeting locked
            return None, start, unavoidable + (1 if relaxed < bound else 0)
    moved = moved_count(inst, outcome.assignment, None)
    if moved != unavoidable:
        return None, outcome.assignment, unavoidable
    outcome.method = "split-replan"
    level = LevelResult("moved", "optimal", moved, moved, outcome.levels[0].wall_time_s, 0.0)
    outcome.levels.insert(1 if fair else 0, level)
    outcome.values["moved"] = moved
    outcome.first_values["moved"] = moved
    return outcome, None, unavoidable


def _levels(inst: Instance) -> list[str]:
    levels = ["coverage"] if inst.options.objective == "fair" else []
    if inst.has_previous:
        levels.append("moved")
    return levels + ["weight", "idle"]


def _expr(v: parts.Variables, level: str):
    return {"coverage": parts.coverage_expr, "moved": parts.moved_expr, "weight": parts.weight_expr,
            "idle": parts.idle_expr}[level](v)


MAXIMISED = {"coverage", "weight"}


def _start(inst: Instance, v: parts.Variables, config: Config) -> dict[int, int]:
    """First solution: previous meetings that still fit, then first-come booking."""
    keep = [(p.request, p.slot) for p in inst.previous if p.request is not None and (p.request, p.slot) in v.x]
    booked = first_come_first_served(inst, seed=config.seed, keep=keep)
    return {r: s for r, (s, _) in booked.items()}


def _improved(inst: Instance, candidates: dict[int, list[int]], assignment: dict[int, int]) -> dict[int, int]:
    frozen = {p.request for p in inst.previous if p.request is not None and assignment.get(p.request) == p.slot}
    better = improve(inst, assignment, candidates, frozen)
    if frozen and inst.options.objective == "fair":
        # coverage comes before moves: guests still without a meeting may displace published ones
        covered = {inst.requests[r].guest for r in better}
        starving = {r: c for r, c in candidates.items() if inst.requests[r].guest not in covered}
        better = improve(inst, better, {**starving, **{r: candidates[r] for r in better}})
    return better


def _solve_levels(inst: Instance, v: parts.Variables, config: Config, started: float,
                  on_progress: Progress | None, start: dict[int, int] | None = None,
                  least_moved: int = 0) -> Outcome | None:
    outcome = Outcome(assignment=start if start is not None else _start(inst, v, config))
    levels = _levels(inst)
    spent = 0.0  # deterministic time under workers 1 (reproducible), else wall time since the start
    reporter = _Reporter(inst, config, started, on_progress, outcome)
    slots_of = {r: [s for s, _ in options] for r, options in v.by_request.items()}  # the model's candidates
    known = {"coverage": coverage_upper_bound(inst), "weight": weight_upper_bound(inst, slots_of),
             "moved": least_moved, "idle": 0}
    outcome.known_bounds = known
    for i, level in enumerate(levels):
        expr = _expr(v, level)
        if not config.deterministic:
            spent = time.monotonic() - started
        outcome.first_values[level] = evaluate(inst, outcome.assignment, level)
        left = max(0.0, config.time_limit_s * (1 - OUTPUT_RESERVE) - spent)
        budget = max(MIN_LEVEL_S, left * SHARES[level] / sum(SHARES[name] for name in levels[i:]))
        if i == 0:  # a better first hint; later levels start from the previous level's solution
            outcome.assignment = _improved(inst, slots_of, outcome.assignment)
        if level == "idle":  # swap slots to close gaps first (published and locked meetings stay)
            stay = {p.request for p in inst.previous
                    if p.request is not None and outcome.assignment.get(p.request) == p.slot}
            outcome.assignment = compact(inst, outcome.assignment, slots_of, frozen=stay)
        if evaluate(inst, outcome.assignment, level) == known[level]:
            # the incoming solution already meets the level's bound: a search could only move
            # meetings for nothing (re-planning: the kept meetings would be lost to the hint)
            _fix_level(v, outcome, reporter, level, expr, known[level])
            continue
        if level in MAXIMISED:
            v.model.maximize(expr)
        else:
            v.model.minimize(expr)
        v.hint(outcome.assignment)
        solver = cp_model.CpSolver()
        _parameters(solver, config, budget, len(v.x) > LARGE_MODEL)
        reporter.level = level
        status = solver.solve(v.model, reporter.callback(level, known[level]))
        wall = solver.wall_time
        if config.deterministic:
            spent += solver.deterministic_time
        if status == cp_model.INFEASIBLE:
            return None
        if status == cp_model.MODEL_INVALID:
            raise RuntimeError(f"modèle CP-SAT invalide : {v.model.validate()}")
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found = v.extract(solver)
            if _better_or_equal(level, evaluate(inst, found, level), evaluate(inst, outcome.assignment, level)):
                outcome.assignment = found
        value = evaluate(inst, outcome.assignment, level)
        bound = _bound(level, status, solver, value, known[level])
        proven = status == cp_model.OPTIMAL or value == known[level]
        name = "optimal" if proven else ("feasible" if status == cp_model.FEASIBLE else "unknown")
        outcome.levels.append(LevelResult(level, name, value, bound, round(wall, 3),
                                          round(solver.deterministic_time, 3)))
        outcome.values[level] = value
        # fix the level: later levels may not make it worse
        v.model.add(expr >= value if level in MAXIMISED else expr <= value)
        reporter.level_done(level, value, bound)
    return outcome


def _fix_level(v: parts.Variables, outcome: Outcome, reporter, level: str, expr, value: int) -> None:
    outcome.levels.append(LevelResult(level, "optimal", value, value, 0.0, 0.0))
    outcome.values[level] = value
    v.model.add(expr >= value if level in MAXIMISED else expr <= value)
    reporter.level_done(level, value, value)


def _bound(level: str, status, solver: cp_model.CpSolver, value: int, known: int) -> int:
    """The proven bound of a level: the solver's when it has one, else the cheap one."""
    if status == cp_model.OPTIMAL or value == known:
        return value
    cp_bound = solver.best_objective_bound
    if status == cp_model.FEASIBLE and abs(cp_bound) < 1e15:
        cp_bound = int(round(cp_bound))
        return min(cp_bound, known) if level in MAXIMISED else max(cp_bound, known)
    return known


def weight_upper_bound(inst: Instance, candidates: dict[int, list[int]]) -> int:
    """No schedule weighs more: each host (and each guest) keeps at best its heaviest possible wishes."""
    sides = []
    for side in ("host", "guest"):
        weights: dict[int, list[int]] = {}
        slots: dict[int, set[int]] = {}
        for r, options in candidates.items():
            if not options:
                continue
            who = getattr(inst.requests[r], side)
            weights.setdefault(who, []).append(inst.requests[r].weight)
            slots.setdefault(who, set()).update(options)
        total = 0
        for who, ws in weights.items():
            limit = inst.participants[who].max_meetings
            room = len(slots[who]) if limit is None else min(limit, len(slots[who]))
            total += sum(sorted(ws, reverse=True)[:room])
        sides.append(total)
    return min(sides)


def _better_or_equal(level: str, new: int, old: int) -> bool:
    return new >= old if level in MAXIMISED else new <= old


def _parameters(solver: cp_model.CpSolver, config: Config, budget: float, large: bool) -> None:
    p = solver.parameters
    p.random_seed = config.seed
    p.num_workers = config.workers
    if large:
        # on large models the presolve eats the whole budget before even using the hint
        p.cp_model_presolve = False
    if config.deterministic:
        # a wall-clock limit would cut the search at a different point on every run
        p.max_deterministic_time = budget
        p.max_time_in_seconds = budget * 10 + 10
    else:
        p.max_time_in_seconds = budget


def evaluate(inst: Instance, assignment: dict[int, int], level: str) -> int:
    """The value of one level for a solution (slot level: tables do not change these numbers)."""
    if level == "coverage":
        return len({inst.requests[r].guest for r in assignment})
    if level == "weight":
        return sum(inst.requests[r].weight for r in assignment)
    if level == "moved":
        return moved_count(inst, assignment, None)
    return idle_count(inst, assignment)


def moved_count(inst: Instance, assignment: dict[int, int], tables: dict[int, int | None] | None) -> int:
    moved = 0
    for r, p in inst.published.items():
        if assignment.get(r) != p.slot:
            moved += 1
            continue
        if tables is not None:
            table = tables.get(r)
        else:
            table = inst.participants[p.host].table
        if inst.has_tables and p.table is not None and table is not None and table != p.table:
            moved += 1
    return moved


def idle_count(inst: Instance, assignment: dict[int, int]) -> int:
    busy: dict[int, set[int]] = {}
    for r, s in assignment.items():
        busy.setdefault(inst.requests[r].host, set()).add(s)
        busy.setdefault(inst.requests[r].guest, set()).add(s)
    total = 0
    for p, slots in busy.items():
        first, last = min(slots), max(slots)
        total += sum(1 for s in inst.participants[p].available if first < s < last and s not in slots)
    return total


def _progress(config: Config, started: float, level: str, coverage: int | None, weight: int | None,
              bound: dict[str, int]) -> dict:
    """One progress report; `fraction` stays below 1 until the schedule is returned."""
    elapsed = time.monotonic() - started
    return {"level": level, "coverage": coverage, "weight": weight, "bound": bound, "elapsed_s": round(elapsed, 2),
            "fraction": round(min(0.99, elapsed / max(config.time_limit_s, 1e-6)), 3)}


class _Reporter:
    """Progress for the caller (a progress bar): one call per improving solution and per level."""

    def __init__(self, inst, config, started, on_progress, outcome):
        self.inst, self.config, self.started, self.on_progress = inst, config, started, on_progress
        self.outcome = outcome
        self.level = ""
        self.bounds: dict[str, int] = {}

    def emit(self, level: str, values: dict[str, int]) -> None:
        if self.on_progress is None:
            return
        current = dict(self.outcome.values)
        current.update(values)
        self.on_progress(_progress(
            self.config, self.started, level,
            current.get("coverage", evaluate(self.inst, self.outcome.assignment, "coverage")),
            current.get("weight", evaluate(self.inst, self.outcome.assignment, "weight")),
            {k: self.bounds[k] for k in ("coverage", "weight") if k in self.bounds}))

    def callback(self, level: str, known: int):
        """Reports progress, and stops the search once a level reaches its cheap bound."""
        reporter = self

        class _Callback(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(self) -> None:
                value = int(round(self.objective_value))
                if level in MAXIMISED:
                    reporter.bounds[level] = min(known, int(round(self.best_objective_bound)))
                reporter.emit(level, {level: value})
                if value == known:
                    self.stop_search()

        return _Callback()

    def level_done(self, level: str, value: int, bound: int) -> None:
        if level in MAXIMISED:
            self.bounds[level] = bound
        self.emit(level, {level: value})


# -- output ------------------------------------------------------------------------------------

def _schedule(inst: Instance, outcome: Outcome, config: Config, started: float) -> dict:
    assignment = outcome.assignment
    tables = assign_tables(inst, assignment)
    order = sorted(assignment, key=lambda r: (assignment[r], inst.participants[inst.requests[r].host].id,
                                              inst.participants[inst.requests[r].guest].id))
    meetings = [inst.meeting_dict(r, assignment[r], tables[r]) for r in order]
    reasons = unscheduled_reasons(inst, assignment)
    levels = {lv.level: lv for lv in outcome.levels}
    matching = outcome.known_bounds["coverage"]
    coverage_bound = min(levels["coverage"].bound, matching) if "coverage" in levels else matching
    metrics = {
        "coverage": evaluate(inst, assignment, "coverage"),
        "weight": evaluate(inst, assignment, "weight"),
        "idle": idle_count(inst, assignment),
        "meetings": len(meetings),
        "moved": moved_count(inst, assignment, tables),
    }
    proven = all(lv.status == "optimal" for lv in outcome.levels)
    schedule = {
        "format": SCHEDULE_FORMAT,
        "problem": inst.name,
        "status": "optimal" if proven else "feasible",
        "meetings": meetings,
        "unscheduled": [{"host": inst.participants[inst.requests[r].host].id,
                         "guest": inst.participants[inst.requests[r].guest].id, "reason": reasons[r]}
                        for r in sorted(reasons)],
        "conflicts": [],
        "metrics": metrics,
        "bound": {"coverage": max(coverage_bound, metrics["coverage"]),
                  "weight": max(levels["weight"].bound, metrics["weight"])},
    }
    if inst.has_previous:
        schedule["changes"] = diff(list(inst.raw.get("previous") or []), meetings)
    schedule["stats"] = _stats(outcome, config, started)
    return schedule


def _stats(outcome: Outcome, config: Config, started: float) -> dict:
    stats = {
        "solver": "cp-sat",
        "method": outcome.method,
        "wall_time_s": round(time.monotonic() - started, 3),
        "time_limit_s": config.time_limit_s,
        "workers": config.workers,
        "seed": config.seed,
        "start": dict(outcome.first_values),
        "levels": [{"level": lv.level, "status": lv.status, "value": lv.value, "bound": lv.bound,
                    "wall_time_s": lv.wall_time_s} for lv in outcome.levels],
    }
    if outcome.notes:
        stats["parts"] = dict(outcome.notes)
    return stats


def _infeasible(inst: Instance, conflicts: list[dict], config: Config, started: float) -> dict:
    return {
        "format": SCHEDULE_FORMAT,
        "problem": inst.name,
        "status": "infeasible",
        "meetings": [],
        "unscheduled": [{"host": inst.participants[req.host].id, "guest": inst.participants[req.guest].id,
                         "reason": "infeasible"} for req in inst.requests],
        "conflicts": conflicts,
        "metrics": {"coverage": 0, "weight": 0, "idle": 0, "meetings": 0, "moved": 0},
        "bound": {"coverage": 0, "weight": 0},
        "stats": {"solver": "cp-sat", "wall_time_s": round(time.monotonic() - started, 3),
                  "time_limit_s": config.time_limit_s, "workers": config.workers, "seed": config.seed,
                  "levels": []},
    }
