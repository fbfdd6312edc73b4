import pytest
from hypothesis import given
from hypothesis import strategies as st

from matchmaking import WEIGHT_MAX, WEIGHT_MIN, request_weight

scores = st.integers(0, 100)
flags = st.booleans()


@st.composite
def ranked(draw):
    count = draw(st.integers(1, 60))
    return draw(st.integers(1, count)), count


@given(ranked(), flags, flags, scores)
def test_request_weight_in_range(rank_count, mutual, host_flagged, score):
    rank, count = rank_count

    weight = request_weight(rank=rank, wishes_count=count, mutual=mutual, host_flagged=host_flagged, score=score)

    assert WEIGHT_MIN <= weight <= WEIGHT_MAX
    assert isinstance(weight, int)


@given(st.integers(2, 60), flags, flags, scores, st.data())
def test_request_weight_decreases_strictly_with_rank(count, mutual, host_flagged, score, data):
    rank = data.draw(st.integers(1, count - 1))

    better = request_weight(rank=rank, wishes_count=count, mutual=mutual, host_flagged=host_flagged, score=score)
    worse = request_weight(rank=rank + 1, wishes_count=count, mutual=mutual, host_flagged=host_flagged, score=score)

    assert better > worse


@given(st.one_of(st.none(), st.integers(1, 20)), flags, scores)
def test_request_weight_raised_by_mutual_interest(rank, host_flagged, score):
    count = 20

    alone = request_weight(rank=rank, wishes_count=count, mutual=False, host_flagged=host_flagged, score=score)
    mutual = request_weight(rank=rank, wishes_count=count, mutual=True, host_flagged=host_flagged, score=score)

    assert mutual > alone


@given(ranked(), flags, st.integers(0, 99))
def test_request_weight_never_lowered_by_compatibility(rank_count, mutual, score):
    rank, count = rank_count

    lower = request_weight(rank=rank, wishes_count=count, mutual=mutual, host_flagged=False, score=score)
    higher = request_weight(rank=rank, wishes_count=count, mutual=mutual, host_flagged=False, score=score + 1)

    assert higher >= lower


def test_request_weight_host_flag_alone_counts():
    unranked = request_weight(rank=None, wishes_count=0, mutual=False, host_flagged=False, score=50)
    flagged = request_weight(rank=None, wishes_count=0, mutual=False, host_flagged=True, score=50)

    assert WEIGHT_MIN <= unranked < flagged


def test_request_weight_first_wish_same_whatever_the_number_of_wishes():
    weights = {request_weight(rank=1, wishes_count=n, mutual=False, host_flagged=False, score=70) for n in (1, 5, 30)}

    assert len(weights) == 1


def test_request_weight_extremes():
    assert request_weight(rank=1, wishes_count=10, mutual=True, host_flagged=True, score=100) == WEIGHT_MAX
    assert request_weight(rank=None, wishes_count=0, mutual=False, host_flagged=False, score=0) == 100


@pytest.mark.parametrize("bad", [{"rank": 0}, {"rank": 6}, {"score": 101}, {"score": -1}, {"rank": True}])
def test_request_weight_bad_input_rejected(bad):
    arguments = {"rank": 1, "wishes_count": 5, "mutual": False, "host_flagged": False, "score": 50} | bad

    with pytest.raises(ValueError):
        request_weight(**arguments)
