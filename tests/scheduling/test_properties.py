"""Hypothesis: random small problems, every schedule passes the independent validator."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduling import check, solve
from tests.scheduling.conftest import slots


@st.composite
def problems(draw):
    n_slots = draw(st.integers(2, 5))
    slot_ids = [f"s{i + 1}" for i in range(n_slots)]
    n_tables = draw(st.integers(0, 3))
    tables = [{"id": f"T{i}", "accessible": draw(st.booleans())} for i in range(n_tables)]
    hosts = [f"h{i}" for i in range(draw(st.integers(1, 4)))]
    guests = [f"g{i}" for i in range(draw(st.integers(1, 6)))]
    participants = []
    for pid in hosts + guests:
        p = {"id": pid, "side": "host" if pid.startswith("h") else "guest"}
        if draw(st.booleans()):
            p["available"] = sorted(draw(st.sets(st.sampled_from(slot_ids), min_size=1)))
        if draw(st.integers(0, 4)) == 0:
            p["max_meetings"] = draw(st.integers(0, 3))
        if draw(st.integers(0, 5)) == 0:
            p["needs_accessible"] = True
        if p["side"] == "host" and tables and draw(st.booleans()):
            p["table"] = draw(st.sampled_from(tables))["id"]
        participants.append(p)
    pairs = draw(st.sets(st.tuples(st.sampled_from(hosts), st.sampled_from(guests)), min_size=1, max_size=12))
    requests = [{"host": h, "guest": g, "weight": draw(st.integers(1, 20))} for h, g in sorted(pairs)]
    doc = {"format": "meeting-problem/1", "slots": slots(n_slots, gap_after=draw(st.sampled_from([None, 1]))),
           "participants": participants, "requests": requests,
           "options": {"max_consecutive": draw(st.sampled_from([None, 1, 2]))}}
    if tables:
        doc["tables"] = tables
    return doc


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_solve_schedule_always_passes_check_on_random_problems(doc):
    schedule = solve(doc, time_limit_s=2, workers=1, seed=0)

    assert schedule["status"] == "optimal"
    assert check(doc, schedule) == []
    assert schedule["metrics"]["coverage"] <= schedule["bound"]["coverage"]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.randoms(use_true_random=False))
def test_solve_keeps_locked_meetings_on_random_problems(doc, rng):
    first = solve(doc, time_limit_s=2, workers=1, seed=0)
    locked = rng.sample(first["meetings"], min(2, len(first["meetings"])))
    doc["locked"] = locked

    schedule = solve(doc, time_limit_s=2, workers=1, seed=0)

    assert check(doc, schedule) == []
    for meeting in locked:
        assert meeting in schedule["meetings"]
    assert schedule["metrics"]["coverage"] <= first["metrics"]["coverage"]
