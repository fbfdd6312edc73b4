"""Organizers read in French which levels of the objective a schedule has proven."""

from backend.meetings.solving import quality_label


def test_quality_label_optimal_says_everything_proven():
    assert quality_label({"status": "optimal"}) == "optimal, prouvé à tous les niveaux"


def test_quality_label_feasible_names_proven_levels():
    schedule = {"status": "feasible", "stats": {"levels": [
        {"level": "coverage", "status": "optimal"}, {"level": "weight", "status": "optimal"},
        {"level": "idle", "status": "feasible"}]}}

    assert quality_label(schedule) == "valide ; optimal prouvé pour : invités servis, valeur des rendez-vous"


def test_quality_label_feasible_without_proof_says_so():
    schedule = {"status": "feasible", "stats": {"levels": [{"level": "coverage", "status": "feasible"}]}}

    assert quality_label(schedule) == "valide, sans preuve d'optimalité dans le temps imparti"


def test_block_roles_label_in_french():
    from backend.meetings.models import MeetingBlock

    block = MeetingBlock(host_roles=["funder", "expert"], guest_roles=["project_holder"])

    assert block.host_roles_label == "financeur, expert"
    assert block.guest_roles_label == "porteur de projet"
