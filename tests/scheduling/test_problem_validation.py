import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from scheduling import ProblemError, solve, validate_problem
from tests.scheduling.conftest import problem

ROOT = Path(__file__).resolve().parents[2]


def _broken(change) -> dict:
    doc = problem(n_slots=2, hosts=("h1",), guests=("g1", "g2"), requests=(("h1", "g1", 3), ("h1", "g2", 2)))
    doc = copy.deepcopy(doc)
    change(doc)
    return doc


CASES = {
    "unknown_key": (lambda d: d.update(colour="blue"), "$.colour"),
    "missing_key": (lambda d: d.pop("requests"), "$.requests"),
    "wrong_type": (lambda d: d["requests"][0].update(weight="3"), "$.requests[0].weight"),
    "duplicate_id": (lambda d: d["participants"][2].update(id="g1"), "$.participants[2].id"),
    "unknown_participant": (lambda d: d["requests"][1].update(guest="g9"), "$.requests[1].guest"),
    "slot_ends_before_start": (lambda d: d["slots"][1].update(end="2024-11-13T10:00:00+01:00"), "$.slots[1].end"),
    "locked_unknown_slot": (lambda d: d.update(locked=[{"host": "h1", "guest": "g1", "slot": "s9"}]),
                            "$.locked[0].slot"),
    "overlapping_slots": (lambda d: d["slots"][1].update(start="2024-11-13T10:05:00+01:00"), "$.slots[1].start"),
    "wrong_side": (lambda d: d["requests"][0].update(host="g2"), "$.requests[0].host"),
    "bad_objective": (lambda d: d.update(options={"objective": "fast"}), "$.options.objective"),
    "unknown_table": (lambda d: d["participants"][0].update(table="T9"), "$.participants[0].table"),
    "duplicate_request": (lambda d: d["requests"].append({"host": "h1", "guest": "g1", "weight": 1}),
                          "$.requests[2]"),
    "bad_format": (lambda d: d.update(format="meeting-problem/2"), "$.format"),
    "previous_host_not_an_id": (lambda d: d.update(previous=[{"host": ["h1"], "guest": "g1", "slot": "s1"}]),
                                "$.previous[0].host"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_validate_problem_names_the_path_when_malformed(name):
    change, path = CASES[name]

    faults = validate_problem(_broken(change))

    assert path in [p for p, _ in faults]
    assert all(message for _, message in faults)


def test_validate_problem_empty_when_well_formed(make_problem):
    assert validate_problem(make_problem()) == []


def test_solve_raises_problem_error_with_faults_when_malformed():
    with pytest.raises(ProblemError) as raised:
        solve(_broken(lambda d: d.update(colour="blue")))

    assert raised.value.faults[0][0] == "$.colour"
    assert "$.colour" in str(raised.value)


def test_validate_problem_reports_every_fault_not_just_the_first():
    doc = _broken(lambda d: (d.update(colour="blue"), d["requests"][0].update(weight=0)))

    paths = [p for p, _ in validate_problem(doc)]

    assert "$.colour" in paths and "$.requests[0].weight" in paths


def test_validate_problem_ignores_previous_of_withdrawn_participants():
    doc = _broken(lambda d: d.update(previous=[{"host": "h-gone", "guest": "g1", "slot": "s1", "table": None}]))

    assert validate_problem(doc) == []


@pytest.mark.parametrize("name", ["invalid_json", *sorted(CASES)])
def test_cli_solve_exits_2_with_french_message_when_malformed(tmp_path, name):
    path = tmp_path / "p.json"
    if name == "invalid_json":
        path.write_text("{\"format\": ", encoding="utf-8")
        expected = "JSON invalide"
    else:
        change, expected = CASES[name]
        path.write_text(json.dumps(_broken(change)), encoding="utf-8")

    result = subprocess.run([sys.executable, "-m", "scheduling", "solve", str(path), "--quiet"], cwd=ROOT,
                            capture_output=True, text=True)

    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
