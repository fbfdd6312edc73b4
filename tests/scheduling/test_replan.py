from scheduling import check, diff, solve
from scheduling.generate import generate


def _no_show(doc, schedule, absent):
    replan = dict(doc)
    replan["participants"] = [p for p in doc["participants"] if p["id"] != absent]
    replan["requests"] = [r for r in doc["requests"] if r["host"] != absent]
    replan["previous"] = schedule["meetings"]
    return replan


def test_diff_sorts_kept_moved_added_cancelled():
    previous = [{"host": "h1", "guest": "g1", "slot": "s1", "table": "T1"},
                {"host": "h1", "guest": "g2", "slot": "s2", "table": "T1"},
                {"host": "h2", "guest": "g3", "slot": "s1", "table": "T2"}]
    meetings = [{"host": "h1", "guest": "g1", "slot": "s1", "table": "T1"},
                {"host": "h1", "guest": "g2", "slot": "s3", "table": "T1"},
                {"host": "h2", "guest": "g4", "slot": "s1", "table": "T2"}]

    changes = diff(previous, meetings)

    assert [m["guest"] for m in changes["kept"]] == ["g1"]
    assert changes["moved"] == [{"host": "h1", "guest": "g2", "from": {"slot": "s2", "table": "T1"},
                                 "to": {"slot": "s3", "table": "T1"}}]
    assert [m["guest"] for m in changes["added"]] == ["g4"]
    assert [m["guest"] for m in changes["cancelled"]] == ["g3"]


def test_replan_after_no_show_moves_nothing_that_need_not_move():
    doc = generate("mfi", 8, 24, seed=2)
    first = solve(doc, time_limit_s=3, workers=1, seed=0)
    absent = first["meetings"][0]["host"]
    replan = _no_show(doc, first, absent)

    schedule = solve(replan, time_limit_s=3, workers=1, seed=0)

    assert check(replan, schedule) == []
    changes = schedule["changes"]
    cancelled = {(m["host"], m["guest"]) for m in changes["cancelled"]}
    assert cancelled == {(m["host"], m["guest"]) for m in first["meetings"] if m["host"] == absent}
    # a move is only allowed for a guest who lost a meeting with the absent funder
    affected = {m["guest"] for m in first["meetings"] if m["host"] == absent}
    for moved in changes["moved"]:
        assert moved["guest"] in affected or moved["host"] in {
            m["host"] for m in schedule["meetings"] if m["guest"] in affected}
    assert schedule["metrics"]["moved"] == len(changes["moved"])
    assert schedule["metrics"]["coverage"] >= first["metrics"]["coverage"] - len(affected)


def test_replan_with_unchanged_problem_keeps_everything():
    doc = generate("business", 6, 16, seed=1)
    first = solve(doc, time_limit_s=3, workers=1, seed=0)
    doc["previous"] = first["meetings"]

    schedule = solve(doc, time_limit_s=3, workers=1, seed=0)

    assert schedule["metrics"]["moved"] == 0
    assert schedule["changes"]["moved"] == [] and schedule["changes"]["cancelled"] == []
    assert len(schedule["changes"]["kept"]) == len(first["meetings"])


def test_replan_by_parts_with_unchanged_problem_keeps_tables_valid():
    # large enough for the split path, whose locked meetings have no table yet
    doc = generate("business", 14, 45, seed=0)
    first = solve(doc, time_limit_s=2, workers=1, seed=0)
    doc["previous"] = first["meetings"]

    schedule = solve(doc, time_limit_s=2, workers=1, seed=0)

    assert schedule["stats"]["method"] == "split-replan"
    assert check(doc, schedule) == []
    assert schedule["metrics"]["moved"] == 0
