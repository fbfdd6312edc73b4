"""Small problem builders for the engine tests (plain dicts: the engine's own input format)."""

import pytest


def slots(n: int, *, gap_after: int | None = None) -> list[dict]:
    out, minute = [], 0
    for i in range(n):
        start = 10 * 60 + minute
        out.append({"id": f"s{i + 1}", "start": f"2024-11-13T{start // 60:02d}:{start % 60:02d}:00+01:00",
                    "end": f"2024-11-13T{(start + 15) // 60:02d}:{(start + 15) % 60:02d}:00+01:00"})
        minute += 15 + (15 if gap_after is not None and i == gap_after else 0)
    return out


def problem(*, n_slots=3, hosts=("h1",), guests=("g1",), requests=(("h1", "g1", 1),), **extra) -> dict:
    doc = {
        "format": "meeting-problem/1",
        "name": "test",
        "slots": slots(n_slots),
        "participants": [{"id": h, "side": "host"} for h in hosts] + [{"id": g, "side": "guest"} for g in guests],
        "requests": [{"host": h, "guest": g, "weight": w} for h, g, w in requests],
    }
    doc.update(extra)
    return doc


@pytest.fixture
def make_problem():
    return problem
