"""One test per hard rule: a feasible case met, an infeasible one refused or explained."""

from scheduling import check, solve
from tests.scheduling.conftest import problem


def _solve(doc, **kw):
    schedule = solve(doc, time_limit_s=kw.pop("time_limit_s", 3), workers=1, seed=0)
    assert check(doc, schedule) == []
    return schedule


def _reasons(schedule):
    return {(u["host"], u["guest"]): u["reason"] for u in schedule["unscheduled"]}


def test_availability_meeting_only_in_common_slot():
    doc = problem(n_slots=3)
    doc["participants"][0]["available"] = ["s2", "s3"]
    doc["participants"][1]["available"] = ["s1", "s2"]

    schedule = _solve(doc)

    assert [m["slot"] for m in schedule["meetings"]] == ["s2"]


def test_availability_no_common_slot_is_the_reason():
    doc = problem(n_slots=3)
    doc["participants"][0]["available"] = ["s1"]
    doc["participants"][1]["available"] = ["s3"]

    schedule = _solve(doc)

    assert schedule["meetings"] == []
    assert _reasons(schedule) == {("h1", "g1"): "no_common_slot"}


def test_one_meeting_per_slot_host_full_when_slots_taken():
    doc = problem(n_slots=2, guests=("g1", "g2", "g3"),
                  requests=(("h1", "g1", 5), ("h1", "g2", 4), ("h1", "g3", 1)))

    schedule = _solve(doc)

    assert schedule["metrics"]["meetings"] == 2
    assert _reasons(schedule) == {("h1", "g3"): "host_full"}


def test_max_meetings_guest_full():
    doc = problem(n_slots=3, hosts=("h1", "h2"), requests=(("h1", "g1", 5), ("h2", "g1", 1)))
    doc["participants"][2]["max_meetings"] = 1

    schedule = _solve(doc)

    assert schedule["metrics"]["weight"] == 5
    assert _reasons(schedule) == {("h2", "g1"): "guest_full"}


def test_tables_cap_meetings_per_slot_for_floating_hosts():
    doc = problem(n_slots=1, hosts=("h1", "h2"), guests=("g1", "g2"), requests=(("h1", "g1", 2), ("h2", "g2", 1)),
                  tables=[{"id": "T1"}])

    schedule = _solve(doc)

    assert schedule["meetings"] == [{"host": "h1", "guest": "g1", "slot": "s1", "table": "T1"}]
    assert _reasons(schedule) == {("h2", "g2"): "no_table"}


def test_accessibility_needs_accessible_table():
    doc = problem(n_slots=2, guests=("g1",), tables=[{"id": "T1", "accessible": False}, {"id": "T2", "accessible": True}])
    doc["participants"][1]["needs_accessible"] = True

    schedule = _solve(doc)

    assert schedule["meetings"][0]["table"] == "T2"


def test_accessibility_fixed_table_not_accessible_is_no_table():
    doc = problem(n_slots=2, tables=[{"id": "T1", "accessible": False}, {"id": "T2", "accessible": True}])
    doc["participants"][0]["table"] = "T1"
    doc["participants"][1]["needs_accessible"] = True

    schedule = _solve(doc)

    assert schedule["meetings"] == []
    assert _reasons(schedule) == {("h1", "g1"): "no_table"}


def test_shared_fixed_table_holds_one_meeting_per_slot():
    doc = problem(n_slots=2, hosts=("h1", "h2"), guests=("g1", "g2"),
                  requests=(("h1", "g1", 1), ("h2", "g2", 1)), tables=[{"id": "T1"}])
    doc["participants"][0]["table"] = "T1"
    doc["participants"][1]["table"] = "T1"

    schedule = _solve(doc)

    assert sorted(m["slot"] for m in schedule["meetings"]) == ["s1", "s2"]


def test_max_consecutive_forces_a_pause():
    doc = problem(n_slots=3, hosts=("h1", "h2", "h3"), requests=(("h1", "g1", 1), ("h2", "g1", 1), ("h3", "g1", 1)),
                  options={"max_consecutive": 2})

    schedule = _solve(doc)

    assert schedule["metrics"]["meetings"] == 2
    assert list(_reasons(schedule).values()) == ["max_consecutive"]


def test_max_consecutive_reset_by_a_break():
    doc = problem(n_slots=3, hosts=("h1", "h2", "h3"), requests=(("h1", "g1", 1), ("h2", "g1", 1), ("h3", "g1", 1)),
                  options={"max_consecutive": 2})
    doc["slots"][2]["start"], doc["slots"][2]["end"] = "2024-11-13T11:00:00+01:00", "2024-11-13T11:15:00+01:00"

    schedule = _solve(doc)

    assert schedule["metrics"]["meetings"] == 3


def test_locked_meeting_kept_in_place():
    doc = problem(n_slots=3, guests=("g1", "g2"), requests=(("h1", "g1", 1), ("h1", "g2", 9)),
                  locked=[{"host": "h1", "guest": "g1", "slot": "s2", "table": None}])

    schedule = _solve(doc)

    assert {"host": "h1", "guest": "g1", "slot": "s2", "table": None} in schedule["meetings"]


def test_locked_double_booking_is_infeasible_and_named():
    doc = problem(n_slots=2, guests=("g1", "g2"), requests=(("h1", "g1", 1), ("h1", "g2", 1)),
                  locked=[{"host": "h1", "guest": "g1", "slot": "s1"}, {"host": "h1", "guest": "g2", "slot": "s1"}])

    schedule = solve(doc, time_limit_s=2)

    assert schedule["status"] == "infeasible"
    assert schedule["meetings"] == []
    assert [c["rule"] for c in schedule["conflicts"]] == ["double_booking"]
    assert "h1" in schedule["conflicts"][0]["message"]


def test_locked_on_unavailable_slot_is_infeasible():
    doc = problem(n_slots=2, locked=[{"host": "h1", "guest": "g1", "slot": "s2"}])
    doc["participants"][1]["available"] = ["s1"]

    schedule = solve(doc, time_limit_s=2)

    assert schedule["status"] == "infeasible"
    assert schedule["conflicts"][0]["rule"] == "unavailable"


def test_locked_beyond_max_consecutive_is_infeasible():
    doc = problem(n_slots=2, hosts=("h1", "h2"), requests=(("h1", "g1", 1), ("h2", "g1", 1)),
                  options={"max_consecutive": 1},
                  locked=[{"host": "h1", "guest": "g1", "slot": "s1"}, {"host": "h2", "guest": "g1", "slot": "s2"}])

    schedule = solve(doc, time_limit_s=2)

    assert [c["rule"] for c in schedule["conflicts"]] == ["max_consecutive"]


def test_objective_weight_skips_coverage():
    # coverage first gives g2 its only wish; objective weight prefers the heavier pair of meetings
    doc = problem(n_slots=1, hosts=("h1",), guests=("g1", "g2"), requests=(("h1", "g1", 5), ("h1", "g2", 1)))
    fair = _solve(doc)
    doc["options"] = {"objective": "weight"}

    weighted = _solve(doc)

    assert fair["metrics"]["weight"] == weighted["metrics"]["weight"] == 5
    doc = problem(n_slots=1, hosts=("h1", "h2"), guests=("g1", "g2"),
                  requests=(("h1", "g1", 5), ("h2", "g1", 1), ("h1", "g2", 1)))
    assert _solve(doc)["metrics"]["coverage"] == 2
    doc["options"] = {"objective": "weight"}
    assert _solve(doc)["metrics"] == {"coverage": 1, "weight": 5, "idle": 0, "meetings": 1, "moved": 0}
