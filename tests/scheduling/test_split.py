"""Solving by parts (split.py): which meetings (flow / aggregated model), then when, then idle."""

import json
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
from tests.scheduling.test_exhaustive import _brute_force, _random_problem

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


def _best(doc) -> tuple[int, int]:
    coverage, weight, _ = _brute_force(doc)  # the lexicographic optimum's first two levels
    return coverage, weight


@pytest.mark.parametrize("seed", range(6))
def test_split_optimum_claims_match_brute_force_on_tiny_problems(seed):
    doc = _random_problem(seed)
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
