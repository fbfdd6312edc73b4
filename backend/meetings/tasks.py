"""Background tasks of the meetings app (database backend, run by `manage.py db_worker`)."""

from django.tasks import task


@task
def solve_block(run_id: int) -> str:
    """Solves one SolveRun (by id) and returns its final status."""
    from backend.meetings.solving import execute_run

    run = execute_run(run_id=run_id)
    return run.status if run is not None else "missing"
