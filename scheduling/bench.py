"""`python -m scheduling bench`: generated problems of every size, solved and checked, beside the
first-come-first-served baseline. Each solve runs in a child process (its own peak memory).
Prints a Markdown table (medians when --repeat > 1)."""

from __future__ import annotations

import multiprocessing
import resource
import statistics
import sys
import time

from .baseline import first_come_first_served
from .generate import generate
from .problem import parse_problem
from .solver import solve
from .validator import check

# name -> (kind, hosts, guests, mean wishes, time limit)
CASES = {
    "mfi130": ("mfi", 30, 100, None, 10.0),
    "busi140": ("business", 40, 100, None, 10.0),
    "mfi190": ("mfi", 40, 150, None, 10.0),
    "replan190": ("mfi", 40, 150, None, 2.0),
    "mfi1200@5s": ("mfi", 200, 1000, 5.5, 5.0),
    "mfi1200@30s": ("mfi", 200, 1000, 5.5, 30.0),
    "busi2400": ("business", 400, 2000, 6.5, 60.0),
}
GROUPS = {"mfi130": ["mfi130"], "busi140": ["busi140"], "mfi190": ["mfi190"], "replan190": ["replan190"],
          "mfi1200": ["mfi1200@5s", "mfi1200@30s"], "busi2400": ["busi2400"]}


def _baseline(problem: dict) -> dict:
    inst = parse_problem(problem)
    booked = first_come_first_served(inst, seed=0)
    guests = {inst.requests[r].guest for r in booked}
    with_wish = {req.guest for req in inst.requests}
    return {"coverage": len(guests), "weight": sum(inst.requests[r].weight for r in booked),
            "uncovered_pct": round(100 * (len(with_wish) - len(guests)) / max(1, len(with_wish)), 1)}


def _no_show(problem: dict, schedule: dict) -> dict:
    """The most requested funder does not come: remove it, keep the published meetings as previous."""
    counts: dict[str, int] = {}
    for m in schedule["meetings"]:
        counts[m["host"]] = counts.get(m["host"], 0) + 1
    absent = max(sorted(counts), key=lambda h: counts[h])
    replan = dict(problem)
    replan["participants"] = [p for p in problem["participants"] if p["id"] != absent]
    replan["requests"] = [r for r in problem["requests"] if r["host"] != absent]
    replan["previous"] = schedule["meetings"]
    return replan


def _one(name: str, seed: int, workers: int | None, queue) -> None:
    kind, hosts, guests, wishes, limit = CASES[name]
    problem = generate(kind, hosts, guests, seed, wishes)
    if name.startswith("replan"):
        first = solve(problem, time_limit_s=10.0, workers=workers, seed=seed)
        problem = _no_show(problem, first)
    started = time.monotonic()
    schedule = solve(problem, time_limit_s=limit, workers=workers, seed=seed)
    wall = time.monotonic() - started
    breaches = check(problem, schedule)
    levels = {lv["level"]: lv["status"] for lv in schedule["stats"]["levels"]}
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put({
        "participants": len(problem["participants"]), "requests": len(problem["requests"]),
        "status": schedule["status"], "wall": wall, "valid": not breaches,
        "coverage": schedule["metrics"]["coverage"], "coverage_bound": schedule["bound"]["coverage"],
        "weight": schedule["metrics"]["weight"], "weight_bound": schedule["bound"]["weight"],
        "proven": "+".join(lv[0] for lv in ("coverage", "moved", "weight") if levels.get(lv) == "optimal"),
        "idle_first": schedule["stats"]["start"].get("idle"), "idle": schedule["metrics"]["idle"],
        "moved": schedule["metrics"]["moved"] if "changes" in schedule else None,
        "peak_mb": peak_mb, "baseline": _baseline(problem),
    })


def _measure(name: str, seed: int, workers: int | None) -> dict:
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_one, args=(name, seed, workers, queue))
    child.start()
    result = queue.get()
    child.join()
    return result


def _median(rows: list[dict], key: str):
    values = [r[key] for r in rows if r[key] is not None]
    return statistics.median(values) if values else None


def run(sizes: str | None = None, repeat: int = 1, workers: int | None = None) -> int:
    names: list[str] = []
    for size in (sizes.split(",") if sizes else list(GROUPS)):
        if size.strip() not in GROUPS:
            print(f"Taille inconnue « {size} » (choix : {', '.join(GROUPS)})", file=sys.stderr)
            return 2
        names += GROUPS[size.strip()]
    print("| cas | part. | demandes | statut | prouvé | temps (s) | couverture / borne | poids / borne (écart) "
          "| attente 1er → final | déplacées | 1er arrivé : couv. / poids (sans RDV) | mémoire (Mo) | valide |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name in names:
        rows = [_measure(name, seed, workers) for seed in range(repeat)]
        r0 = rows[0]
        gap = 100 * (1 - _median(rows, "weight") / max(1, _median(rows, "weight_bound")))
        base = [r["baseline"] for r in rows]
        moved = _median(rows, "moved")
        print(f"| {name} | {r0['participants']} | {r0['requests']} | {'/'.join(sorted({r['status'] for r in rows}))} "
              f"| {'/'.join(sorted({r['proven'] or '-' for r in rows}))} | {_median(rows, 'wall'):.1f} "
              f"| {_median(rows, 'coverage')} / {_median(rows, 'coverage_bound')} "
              f"| {_median(rows, 'weight')} / {_median(rows, 'weight_bound')} ({gap:.2f} %) "
              f"| {_median(rows, 'idle_first')} → {_median(rows, 'idle')} "
              f"| {'-' if moved is None else moved} "
              f"| {statistics.median(b['coverage'] for b in base)} / {statistics.median(b['weight'] for b in base)} "
              f"({statistics.median(b['uncovered_pct'] for b in base)} %) "
              f"| {_median(rows, 'peak_mb'):.0f} | {'oui' if all(r['valid'] for r in rows) else 'NON'} |", flush=True)
    return 0
