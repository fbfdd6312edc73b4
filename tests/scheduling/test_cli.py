import json
import subprocess
import sys
from pathlib import Path

from scheduling import check, solve

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"


def _run(*args):
    return subprocess.run([sys.executable, "-m", "scheduling", *map(str, args)], cwd=ROOT, capture_output=True, text=True)


def test_cli_solve_workers_1_is_byte_identical(tmp_path):
    _run("generate", "--kind", "business", "--hosts", "8", "--guests", "20", "--seed", "4", "-o", tmp_path / "p.json")

    runs = [_run("solve", tmp_path / "p.json", "-o", tmp_path / f"s{i}.json", "--workers", "1", "--seed", "3",
                 "--time-limit", "1") for i in range(2)]

    assert [r.returncode for r in runs] == [0, 0]
    assert (tmp_path / "s0.json").read_bytes() == (tmp_path / "s1.json").read_bytes()
    assert "Planning" in runs[0].stderr


def test_cli_check_accepts_valid_and_names_breaches(tmp_path):
    problem = json.loads((DATA / "tiny-mfi.json").read_text())
    schedule = solve(problem, time_limit_s=3)
    (tmp_path / "ok.json").write_text(json.dumps(schedule))
    schedule["meetings"].append(dict(schedule["meetings"][0], guest="g0011"))
    (tmp_path / "bad.json").write_text(json.dumps(schedule))

    ok = _run("check", DATA / "tiny-mfi.json", tmp_path / "ok.json")
    bad = _run("check", DATA / "tiny-mfi.json", tmp_path / "bad.json")

    assert ok.returncode == 0
    assert bad.returncode == 1
    assert "deux rencontres" in bad.stderr


def test_cli_explain_names_participants(tmp_path):
    doc = json.loads((DATA / "tiny-mfi.json").read_text())
    doc["participants"][0]["available"] = ["s01"]
    (tmp_path / "p.json").write_text(json.dumps(doc))

    result = _run("explain", tmp_path / "p.json")

    assert result.returncode == 0
    assert "financeur 0 (h0000) a 3 demandes pour 1 créneau(x)" in result.stdout


def test_cli_solve_infeasible_exits_1_and_names_conflict(tmp_path):
    doc = json.loads((DATA / "tiny-mfi.json").read_text())
    doc["locked"] = [{"host": "h0004", "guest": "g0000", "slot": "s01"}, {"host": "h0004", "guest": "g0001", "slot": "s01"}]
    (tmp_path / "p.json").write_text(json.dumps(doc))

    result = _run("solve", tmp_path / "p.json", "-o", tmp_path / "s.json", "--quiet")

    assert result.returncode == 1
    assert "financeur 4 (h0004)" in result.stderr
    assert json.loads((tmp_path / "s.json").read_text())["status"] == "infeasible"


def test_regression_tiny_mfi_coverage_and_weight_proven():
    problem = json.loads((DATA / "tiny-mfi.json").read_text())

    schedule = solve(problem, time_limit_s=5)

    assert check(problem, schedule) == []
    assert schedule["metrics"]["coverage"] == schedule["bound"]["coverage"] == 12
    assert schedule["metrics"]["weight"] == schedule["bound"]["weight"]


def test_check_names_unknown_slot_and_participant_without_crashing(make_problem):
    doc = make_problem(n_slots=3)
    schedule = solve(doc, time_limit_s=2, workers=1)
    bad_slot = dict(schedule, meetings=[dict(schedule["meetings"][0], slot="s99")])
    bad_host = dict(schedule, meetings=[dict(schedule["meetings"][0], host="h-unknown")])

    slot_breaches = check(doc, bad_slot)
    host_breaches = check(doc, bad_host)

    assert any("créneau inconnu" in b for b in slot_breaches)
    assert any("aucune demande" in b for b in host_breaches)


def test_cli_solve_exits_2_in_french_when_workers_or_time_limit_invalid():
    results = [_run("solve", DATA / "tiny-mfi.json", "--quiet", *args)
               for args in (("--workers", "-2"), ("--time-limit", "0"))]

    assert [r.returncode for r in results] == [2, 2]
    assert "entier ≥ 1 attendu" in results[0].stderr
    assert "strictement positif" in results[1].stderr
    assert all("Traceback" not in r.stderr for r in results)
