"""The API: every step, with its permissions (guest, host, organizer, stranger, anonymous)."""

import json

import pytest
from rest_framework.test import APIClient

import scheduling
from backend.meetings import services, solving
from backend.meetings.models import SolveRun, Wish
from tests.factories import UserFactory

from .conftest import client_for, url


def solved_run(day):
    run = services.start_solve(block=day.block, user=day.organizer, background=False, time_limit_s=2)
    return solving.execute_run(run_id=run.pk)


def test_wishes_guest_sees_only_their_own(day, wishes):
    data = client_for(day.guests[0].user).get(url(day.block, "wishes/")).json()

    assert {w["guest"]["id"] for w in data} == {day.guests[0].pk}
    assert [w["rank"] for w in data] == [1, 2]


def test_wishes_host_sees_only_those_addressed_to_them(day, wishes):
    data = client_for(day.hosts[1].user).get(url(day.block, "wishes/")).json()

    assert {w["host"]["id"] for w in data} == {day.hosts[1].pk}
    assert len(data) == sum(1 in hosts for hosts in wishes.values())


def test_wishes_organizer_sees_everything(day, wishes):
    data = client_for(day.organizer).get(url(day.block, "wishes/")).json()

    assert len(data) == sum(len(v) for v in wishes.values())


def test_wishes_stranger_sees_nothing_and_anonymous_is_refused(day, wishes):
    assert client_for(UserFactory()).get(url(day.block, "wishes/")).json() == []
    response = APIClient().get(url(day.block, "wishes/"))
    assert response.status_code == 401
    assert response.json()["message"].startswith("Authentification requise")


def test_wish_create_reorder_delete(day):
    api = client_for(day.guests[0].user)
    first = api.post(url(day.block, "wishes/"), {"host": day.hosts[0].pk}, format="json").json()
    second = api.post(url(day.block, "wishes/"), {"host": day.hosts[1].pk}, format="json").json()

    reordered = api.put(url(day.block, "wishes/order/"), {"wishes": [second["id"], first["id"]]}, format="json")
    deleted = api.delete(url(day.block, f"wishes/{second['id']}/"))

    assert reordered.status_code == 200
    assert [w["host"]["id"] for w in reordered.json()] == [day.hosts[1].pk, day.hosts[0].pk]
    assert deleted.status_code == 204
    assert list(Wish.objects.values_list("host_id", "rank")) == [(day.hosts[0].pk, 1)]


@pytest.mark.parametrize(("who", "status", "words"), [
    ("outsider", 400, "ne reçoit pas"), ("self", 400, "vous-même"), ("twice", 409, "déjà un souhait"),
    ("unknown", 404, "introuvable")])
def test_wish_create_bad_input_french_error_nothing_stored(day, who, status, words):
    api = client_for(day.guests[0].user)
    if who == "twice":
        api.post(url(day.block, "wishes/"), {"host": day.hosts[0].pk}, format="json")
    host = {"outsider": day.outsider.pk, "self": day.guests[0].pk, "twice": day.hosts[0].pk, "unknown": 999999}[who]
    before = Wish.objects.count()

    response = api.post(url(day.block, "wishes/"), {"host": host}, format="json")

    assert response.status_code == status
    assert words in response.json()["message"]
    assert Wish.objects.count() == before


def test_wish_create_malformed_body_french_400(day):
    response = client_for(day.guests[0].user).post(url(day.block, "wishes/"), {"host": "abc"}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "host" in response.json()["fields"]


def test_received_wishes_for_host_with_interest_flag(day, wishes):
    api = client_for(day.hosts[0].user)
    api.put(url(day.block, f"interests/{day.guests[0].pk}/"))

    data = api.get(url(day.block, "received-wishes/")).json()

    assert {w["guest"]["id"] for w in data} == {day.guests[g].pk for g, hosts in wishes.items() if 0 in hosts}
    assert [w["interest"] for w in data if w["guest"]["id"] == day.guests[0].pk] == [True]


def test_received_wishes_refused_to_a_guest(day, wishes):
    assert client_for(day.guests[0].user).get(url(day.block, "received-wishes/")).status_code == 403


def test_answer_wish_by_host_where_required(day, wishes):
    day.block.hosts_must_accept = True
    day.block.save()
    wish = Wish.objects.filter(host=day.hosts[0]).first()

    response = client_for(day.hosts[0].user).post(url(day.block, f"wishes/{wish.pk}/answer/"), {"accept": False},
                                                  format="json")

    assert response.status_code == 200 and response.json()["status"] == "declined"


def test_suggestions_ranked_with_french_reasons_and_filters(day):
    api = client_for(day.guests[0].user)  # BicyclAide seeks a prêt d'honneur

    ranked = api.get(url(day.block, "suggestions/")).json()
    filtered = api.get(url(day.block, "suggestions/"), {"term": "accompagnement"}).json()
    compatible = api.get(url(day.block, "suggestions/"), {"compatible": "1"}).json()

    assert ranked[0]["host"]["id"] == day.hosts[0].pk
    assert "prêt d'honneur" in ranked[0]["reasons"][0]
    assert [r["score"] for r in ranked] == sorted((r["score"] for r in ranked), reverse=True)
    assert [r["host"]["id"] for r in filtered] == [day.hosts[2].pk]
    assert all(not r["blocking"] for r in compatible) and len(compatible) < len(ranked)


def test_suggestions_refused_to_a_host(day):
    assert client_for(day.hosts[0].user).get(url(day.block, "suggestions/")).status_code == 403


def test_presence_put_and_bad_time(day):
    api = client_for(day.guests[0].user)

    ok = api.put(url(day.block, "presence/"), {"arrives_at": "2024-11-13T10:30:00+01:00"}, format="json")
    bad = api.put(url(day.block, "presence/"), {"arrives_at": "2024-11-13T08:00:00+01:00"}, format="json")

    assert ok.status_code == 200
    assert bad.status_code == 400 and "arrivée" in bad.json()["message"]
    assert api.get(url(day.block, "presence/")).json()["arrives_at"].startswith("2024-11-13T10:30")


def test_presence_put_max_meetings_beyond_storage_french_400_nothing_stored(day):
    api = client_for(day.guests[0].user)

    response = api.put(url(day.block, "presence/"), {"max_meetings": 40000}, format="json")

    assert response.status_code == 400 and response.json()["message"].startswith("Le nombre de rendez-vous")
    assert not day.block.presences.filter(participant=day.guests[0]).exists()


def test_profile_get_and_put_by_codes(day):
    api = client_for(day.guests[0].user)

    saved = api.put("/api/profiles/me/", {"instruments": ["micro-credit"], "amount_eur": 5000, "stage": "idee",
                                          "themes": ["mobilite"], "commune": "Colombes"}, format="json")
    unknown = api.put("/api/profiles/me/", {"instruments": ["licorne"]}, format="json")

    assert saved.status_code == 200
    assert api.get("/api/profiles/me/").json()["profile"]["instruments"] == ["micro-credit"]
    assert unknown.status_code == 400 and "instruments" in unknown.json()["fields"]


def test_vocabulary_lists_seeded_terms(day):
    data = client_for(day.guests[0].user).get("/api/vocabulary/").json()

    assert {"instrument", "theme", "stage", "purchase_category"} <= set(data)
    assert {"code": "pret-honneur", "label": "prêt d'honneur"} in data["instrument"]


def test_block_patch_by_organizer_regenerates_slots_and_refused_to_others(day):
    body = {"slot_minutes": 30}

    refused = client_for(day.guests[0].user).patch(url(day.block), body, format="json")
    done = client_for(day.organizer).patch(url(day.block), body, format="json")

    assert refused.status_code == 403
    assert done.status_code == 200 and len(done.json()["slots"]) == 3


def test_tables_put_by_organizer(day):
    response = client_for(day.organizer).put(url(day.block, "tables/"), {"tables": [
        {"label": "T1", "accessible": True, "host": day.hosts[0].pk}, {"label": "T2", "accessible": False}]},
        format="json")

    assert response.status_code == 200
    assert [(t["label"], t["host"]) for t in response.json()] == [("T1", day.hosts[0].pk), ("T2", None)]


def test_start_solve_refused_to_participants(day, wishes):
    response = client_for(day.hosts[0].user).post(url(day.block, "runs/"), {}, format="json")

    assert response.status_code == 403
    assert not SolveRun.objects.exists()


def test_start_solve_second_start_gets_409(day, wishes, django_capture_on_commit_callbacks):
    api = client_for(day.organizer)

    first = api.post(url(day.block, "runs/"), {"time_limit_s": 1}, format="json")
    second = api.post(url(day.block, "runs/"), {"time_limit_s": 1}, format="json")

    assert first.status_code == 202
    assert second.status_code == 409
    assert second.json()["code"] == "solve_running"
    assert "déjà en cours" in second.json()["message"]


def test_run_detail_lists_unscheduled_with_french_reasons(day, wishes):
    services.set_presence(block=day.block, participant=day.guests[3], arrives_at=day.block.item.end,
                          leaves_at=None)
    run = solved_run(day)

    data = client_for(day.organizer).get(f"/api/runs/{run.pk}/").json()

    missing = [u for u in data["unscheduled"] if u["guest"] == f"p{day.guests[3].pk}"]
    assert missing and missing[0]["reason"] == "no_common_slot"
    assert missing[0]["reason_label"].startswith("aucun créneau commun")
    assert missing[0]["guest_name"].startswith("Lit uP")
    assert data["metrics"]["coverage"] == len(day.guests) - 1


def test_run_endpoints_hidden_from_non_organizers(day, wishes):
    run = solved_run(day)
    api = client_for(day.guests[0].user)

    for path in ("", "status/", "problem/", "diff/"):
        assert api.get(f"/api/runs/{run.pk}/{path}").status_code == 404
    assert api.post(f"/api/runs/{run.pk}/publish/").status_code == 404


def test_problem_export_is_a_valid_json_download(day, wishes):
    run = solved_run(day)

    response = client_for(day.organizer).get(f"/api/runs/{run.pk}/problem/")

    assert response["Content-Disposition"].startswith("attachment;")
    problem = json.loads(response.content)
    scheduling.validate_problem(problem)
    assert problem == run.problem


def test_diff_then_publish_then_versions(day, wishes):
    run = solved_run(day)
    api = client_for(day.organizer)

    diff = api.get(f"/api/runs/{run.pk}/diff/").json()
    published = api.post(f"/api/runs/{run.pk}/publish/")
    again = api.post(f"/api/runs/{run.pk}/publish/")
    versions = api.get(url(day.block, "versions/")).json()
    detail = api.get(f"/api/versions/{published.json()['id']}/").json()
    vdiff = api.get(f"/api/versions/{published.json()['id']}/diff/").json()

    assert diff["counts"] == {"kept": 0, "moved": 0, "added": run.schedule["metrics"]["meetings"], "cancelled": 0}
    assert diff["added"][0]["host_name"]
    assert published.status_code == 201 and published.json()["number"] == 1
    assert again.status_code == 409
    assert [v["number"] for v in versions] == [1]
    assert len(detail["meetings"]) == run.schedule["metrics"]["meetings"]
    assert detail["meetings"][0]["uid"].startswith("rdv-")
    assert vdiff["counts"]["added"] == len(detail["meetings"]) and vdiff["previous_version"] is None


def test_cancel_run_via_api(day, wishes):
    run = services.start_solve(block=day.block, user=day.organizer, background=False)

    response = client_for(day.organizer).post(f"/api/runs/{run.pk}/cancel/")

    assert response.status_code == 200 and response.json()["status"] == "failed"


def test_unknown_block_404_in_french(day):
    response = client_for(day.organizer).get(f"/api/events/{day.event.slug}/blocks/nope/")

    assert response.status_code == 404
    assert "introuvable" in response.json()["message"]


def _queries(api, path) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert api.get(path).status_code == 200
    return len(ctx)


def _publish_once(day) -> None:
    run = solving.execute_run(run_id=services.start_solve(block=day.block, user=day.organizer, background=False,
                                                          time_limit_s=2, replan=day.block.versions.exists()).pk)
    services.publish_run(run=run, user=day.organizer)


def test_runs_and_versions_lists_queries_do_not_grow_with_rows(day, wishes):
    api = client_for(day.organizer)
    _publish_once(day)
    one = _queries(api, url(day.block, "runs/")), _queries(api, url(day.block, "versions/"))

    _publish_once(day)
    _publish_once(day)
    three = _queries(api, url(day.block, "runs/")), _queries(api, url(day.block, "versions/"))

    versions = api.get(url(day.block, "versions/")).json()
    assert [v["number"] for v in versions] == [3, 2, 1]
    assert all(v["meetings_count"] == day.block.versions.get(number=v["number"]).meetings.count() for v in versions)
    assert three == one
