import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_badges_bench_prints_figures():
    result = subprocess.run([sys.executable, "-m", "badges", "bench", "--count", "8", "--seconds", "0.2"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)

    assert result.returncode == 0, result.stderr
    assert "8 badges, mise en page a6" in result.stdout
    assert "par seconde" in result.stdout


def test_badges_cli_bad_count_refused_in_french():
    result = subprocess.run([sys.executable, "-m", "badges", "bench", "--count", "0"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)

    assert result.returncode == 2
    assert "au moins 1" in result.stderr
