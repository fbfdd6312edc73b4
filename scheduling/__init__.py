"""Rencontres ESS scheduling engine (pure Python, no Django).

Reads a meeting-problem/1 document and returns a meeting-schedule/1 document (see
docs/scheduling.md and the formats README).
"""

from .errors import ProblemError
from .precheck import explain
from .problem import parse_problem, validate_problem
from .replan import diff
from .solver import solve
from .validator import check

__all__ = ["ProblemError", "check", "diff", "explain", "parse_problem", "solve", "validate_problem"]
