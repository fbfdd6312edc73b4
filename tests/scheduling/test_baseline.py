import time

import pytest

from scheduling import check, explain, parse_problem, solve
from scheduling.baseline import first_come_first_served
from scheduling.generate import generate


@pytest.mark.parametrize("kind", ["mfi", "business"])
def test_solve_at_least_first_come_on_generated_day(kind):
    doc = generate(kind, 10, 35, seed=5)
    inst = parse_problem(doc)
    booked = first_come_first_served(inst, seed=0)

    schedule = solve(doc, time_limit_s=4)

    assert check(doc, schedule) == []
    assert schedule["metrics"]["coverage"] >= len({inst.requests[r].guest for r in booked})
    assert schedule["metrics"]["weight"] >= sum(inst.requests[r].weight for r in booked)


def test_explain_is_fast_on_1200_participants():
    doc = generate("mfi", 200, 1000, seed=0, wishes=5.5)

    started = time.monotonic()
    lines = explain(doc)
    elapsed = time.monotonic() - started

    assert elapsed < 3.0  # about 0.3 s on an idle 2-core machine; margin for a loaded CI
    assert any("demandes pour" in line for line in lines)


def test_progress_reported_with_fraction():
    seen = []

    solve(generate("mfi", 6, 20, seed=1), time_limit_s=2, on_progress=seen.append)

    assert seen and all(0 <= p["fraction"] <= 1 for p in seen)
    assert {"level", "coverage", "weight", "bound", "elapsed_s"} <= set(seen[-1])


def test_first_come_counts_a_table_for_locked_meeting_without_table(make_problem):
    doc = make_problem(n_slots=2, hosts=("h1", "h2"), guests=("g1", "g2"),
                       requests=(("h1", "g1", 1), ("h2", "g2", 1)), tables=[{"id": "T1"}],
                       locked=[{"host": "h1", "guest": "g1", "slot": "s1", "table": None}])
    inst = parse_problem(doc)

    booked = first_come_first_served(inst, seed=0)

    assert sorted(s for s, _ in booked.values()) == [0, 1]  # the one table is taken in s1
