"""Solving by parts (split.py): which meetings (flow / aggregated model), then when, then idle."""

import itertools
import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scheduling import check, parse_problem, solve
from scheduling.baseline import first_come_first_served
from scheduling.compact import compact
from scheduling.generate import generate
from scheduling.model import candidates
from scheduling.solver import Config, _solve_by_parts, evaluate
from tests.scheduling.conftest import problem
from tests.scheduling.test_exhaustive import _breaks_rules

ROOT = Path(__file__).resolve().parents[2]


def _levels(schedule):
    return {lv["level"]: lv for lv in schedule["stats"]["levels"]}


@pytest.mark.parametrize("kind", ["mfi", "business"])
def test_split_proves_coverage_and_weight_on_generated_day(kind):
    doc = generate(kind, 14, 45, seed=3)

    schedule = solve(doc, time_limit_s=5, workers=1, seed=0)

    assert schedule["stats"]["method"] == "split"
    assert check(doc, schedule) == []
    levels = _levels(schedule)
    assert levels["coverage"]["status"] == "optimal"
    assert levels["weight"]["status"] == "optimal"
    assert schedule["metrics"]["weight"] == schedule["bound"]["weight"]


def test_split_idle_at_least_30_percent_below_first_schedule():
    doc = generate("mfi", 20, 70, seed=1)

    schedule = solve(doc, time_limit_s=5, workers=1, seed=0)

    first = schedule["stats"]["start"]["idle"]
    assert first > 0
    assert schedule["metrics"]["idle"] <= 0.7 * first


def test_split_never_below_first_come_on_large_day():
    doc = generate("business", 60, 300, seed=2, wishes=6.5)
    inst = parse_problem(doc)
    booked = first_come_first_served(inst, seed=0)

    started = time.monotonic()
    schedule = solve(doc, time_limit_s=5, seed=0)
    elapsed = time.monotonic() - started

    assert check(doc, schedule) == []
    assert schedule["metrics"]["coverage"] >= len({inst.requests[r].guest for r in booked})
    assert schedule["metrics"]["weight"] >= sum(inst.requests[r].weight for r in booked)
    assert elapsed < 10  # 5 s asked; margin for a loaded CI machine


def test_compact_keeps_meetings_and_never_adds_idle():
    doc = generate("mfi", 10, 30, seed=4)
    inst = parse_problem(doc)
    cand = candidates(inst)
    first = {r: s for r, (s, _) in first_come_first_served(inst, seed=0).items()}

    better = compact(inst, first, cand)

    assert set(better) == set(first)
    assert evaluate(inst, better, "idle") <= evaluate(inst, first, "idle")
    assert all(better[r] in cand[r] for r in better)


def _tiny(seed: int) -> dict:
    rng = random.Random(seed)
    hosts = [f"h{i}" for i in range(rng.randint(1, 3))]
    guests = [f"g{i}" for i in range(rng.randint(2, 4))]
    pairs = rng.sample([(h, g) for h in hosts for g in guests], min(6, len(hosts) * len(guests)))
    doc = problem(n_slots=3, hosts=hosts, guests=guests, requests=[(h, g, rng.randint(1, 9)) for h, g in pairs],
                  options={"max_consecutive": rng.choice([None, 1, 2])})
    for p in doc["participants"]:
        if rng.random() < 0.4:
            p["available"] = sorted(rng.sample(["s1", "s2", "s3"], 2))
        if rng.random() < 0.3:
            p["max_meetings"] = rng.randint(1, 2)
    return doc


def _best(doc) -> tuple[int, int]:
    best = (0, 0)
    for combo in itertools.product([None, "s1", "s2", "s3"], repeat=len(doc["requests"])):
        meetings = [{"host": r["host"], "guest": r["guest"], "slot": s, "table": None}
                    for r, s in zip(doc["requests"], combo, strict=True) if s is not None]
        if not _breaks_rules(doc, meetings):
            weight = sum(r["weight"] for r, s in zip(doc["requests"], combo, strict=True) if s is not None)
            best = max(best, (len({m["guest"] for m in meetings}), weight))
    return best


@pytest.mark.parametrize("seed", range(6))
def test_split_optimum_claims_match_brute_force_on_tiny_problems(seed):
    doc = _tiny(seed)
    inst = parse_problem(doc)

    outcome = _solve_by_parts(inst, Config(time_limit_s=5, workers=1, seed=0), time.monotonic(), None)

    got = (evaluate(inst, outcome.assignment, "coverage"), evaluate(inst, outcome.assignment, "weight"))
    levels = {lv.level: lv for lv in outcome.levels}
    assert got <= _best(doc)
    assert levels["coverage"].bound >= _best(doc)[0]
    if levels["coverage"].status == "optimal" and levels["weight"].status == "optimal":
        assert got == _best(doc)


def test_cli_split_workers_1_is_byte_identical(tmp_path):
    doc = generate("mfi", 14, 45, seed=6)
    (tmp_path / "p.json").write_text(json.dumps(doc))
    cmd = [sys.executable, "-m", "scheduling", "solve", tmp_path / "p.json", "--workers", "1", "--seed", "2",
           "--time-limit", "2", "--quiet"]

    runs = [subprocess.run([*map(str, cmd), "-o", str(tmp_path / f"s{i}.json")], cwd=ROOT, capture_output=True,
                           text=True) for i in range(2)]

    assert [r.returncode for r in runs] == [0, 0]
    assert json.loads((tmp_path / "s0.json").read_text())["stats"]["method"] == "split"
    assert (tmp_path / "s0.json").read_bytes() == (tmp_path / "s1.json").read_bytes()


def test_split_keeps_locked_meetings():
    doc = generate("business", 20, 60, seed=8)
    first = solve(doc, time_limit_s=3, workers=1, seed=0)
    doc["locked"] = first["meetings"][::7]

    schedule = solve(doc, time_limit_s=3, workers=1, seed=0)

    assert schedule["stats"]["method"] == "split"
    assert check(doc, schedule) == []
    for meeting in doc["locked"]:
        assert meeting in schedule["meetings"]
