"""The pages: a guest's wishes (reordering without JavaScript), a host's requests, the organizer's pages,
the grid in HTML, CSV, XLSX and PDF, the sheets per host and the statistics."""

import csv
import datetime as dt
import io
import json

import pytest
from django.test import Client

from backend.meetings import services, solving
from backend.meetings.models import SolveRun, Wish
from tests.factories import UserFactory


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(block, suffix=""):
    return f"/rendez-vous/{block.item.event.slug}/{block.item.slug}/{suffix}"


def org(block, suffix=""):
    return f"/organisation/{block.item.event.slug}/{block.item.slug}/{suffix}"


@pytest.fixture
def published(day, wishes):
    run = services.start_solve(block=day.block, user=day.organizer, background=False, time_limit_s=2)
    run = solving.execute_run(run_id=run.pk)
    return services.publish_run(run=run, user=day.organizer)


def test_guest_page_shows_wishes_and_ranked_suggestions_with_reasons(day, wishes):
    html = browser(day.guests[0].user).get(page(day.block)).content.decode()

    assert "Mes souhaits" in html and "France Active Métropole" in html
    assert "propose le prêt d&#x27;honneur que vous cherchez" in html


def test_guest_page_down_button_moves_wish_without_javascript(day, wishes):
    guest = day.guests[0]
    first = Wish.objects.get(guest=guest, rank=1)

    response = browser(guest.user).post(page(day.block, f"souhaits/{first.pk}/descendre/"))

    first.refresh_from_db()
    assert response.status_code == 302 and first.rank == 2


def test_guest_page_add_wish_error_is_shown_in_french(day, wishes):
    client = browser(day.guests[3].user)

    client.post(page(day.block, "souhaits/ajouter/"), {"host": day.outsider.pk})
    html = client.get(page(day.block)).content.decode()

    assert "ne reçoit pas de rendez-vous dans ce bloc" in html
    assert Wish.objects.filter(guest=day.guests[3]).count() == 1


def test_host_page_accepts_a_request_where_the_block_asks(day, wishes):
    day.block.hosts_must_accept = True
    day.block.save()
    wish = Wish.objects.filter(host=day.hosts[0]).first()
    client = browser(day.hosts[0].user)

    assert "Accepter" in client.get(page(day.block)).content.decode()
    client.post(page(day.block, f"souhaits/{wish.pk}/accepter/"))

    wish.refresh_from_db()
    assert wish.status == Wish.Status.ACCEPTED


def test_presence_form_stores_late_arrival(day):
    browser(day.guests[0].user).post(page(day.block, "presence/"), {"arrives_at": "2024-11-13T10:30"})

    assert day.block.presences.get(participant=day.guests[0]).arrives_at.hour == 9  # 10:30 Paris = 09:30 UTC


def test_profile_page_saves_vocabulary_choices(day):
    from backend.meetings.models import Term

    term = Term.objects.get(kind="instrument", code="micro-credit")
    client = browser(day.guests[0].user)

    response = client.post("/profil/", {"instruments": [term.pk], "amount_eur": 4000, "commune": "Sceaux"})

    assert response.status_code == 302
    assert list(day.guests[0].financing_need.instruments.values_list("code", flat=True)) == ["micro-credit"]


def test_organizer_pages_forbidden_to_participants(day, published):
    client = browser(day.guests[0].user)

    for suffix in ("", "planning/", "planning.csv", "statistiques/", "fiches/"):
        assert client.get(org(day.block, suffix)).status_code == 403


def test_organizer_page_calculer_button_starts_a_background_solve(day, wishes, django_capture_on_commit_callbacks):
    client = browser(day.organizer)
    assert "Calculer" in client.get(org(day.block)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(org(day.block, "calculer/"), {"time_limit_s": 2})
    html = client.get(org(day.block)).content.decode()

    run = SolveRun.objects.get()
    assert run.status == SolveRun.Status.QUEUED and run.task_id
    assert f"/api/runs/{run.pk}/status/" in html and "<progress" in html


def test_run_page_shows_diff_then_publishes(day, wishes):
    run = solving.execute_run(run_id=services.start_solve(block=day.block, user=day.organizer, background=False,
                                                          time_limit_s=2).pk)
    client = browser(day.organizer)

    html = client.get(org(day.block, f"calculs/{run.pk}/")).content.decode()
    client.post(org(day.block, f"calculs/{run.pk}/publier/"))

    assert f"{run.schedule['metrics']['meetings']} ajoutés" in html
    assert "Publier ce planning" in html
    assert run.versions.get().number == 1


def test_grid_html_csv_xlsx_pdf_and_host_sheets(day, published):
    from openpyxl import load_workbook

    client = browser(day.organizer)
    meetings = published.meetings.count()

    html = client.get(org(day.block, "planning/")).content.decode()
    rows = list(csv.reader(io.StringIO(client.get(org(day.block, "planning.csv")).content.decode("utf-8-sig")),
                           delimiter=";"))
    book = load_workbook(io.BytesIO(client.get(org(day.block, "planning.xlsx")).content))
    pdf = client.get(org(day.block, "planning.pdf")).content
    sheets = client.get(org(day.block, "fiches/")).content.decode()

    assert "Table 1" in html and "BicyclAide" in html
    assert rows[0] == ["Créneau", "Table 1", "Table 2", "Table 3"] and len(rows) == 1 + day.block.slots.count()
    assert sum(1 for row in rows[1:] for cell in row[1:] if cell) == meetings
    hosts = published.meetings.values("host").distinct().count()
    assert book.sheetnames[0] == "Grille" and len(book.sheetnames) == 1 + hosts
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page>>") >= 1 + hosts
    assert sheets.count('class="sheet card"') == hosts


def test_stats_page_draws_charts(day, published):
    html = browser(day.organizer).get(org(day.block, "statistiques/")).content.decode()

    assert html.count("<svg") >= 4
    assert "Souhaits réalisés" in html and "Invités sans rendez-vous : 0 sur 5" in html


def test_guest_page_lists_published_meetings(day, published):
    html = browser(day.guests[0].user).get(page(day.block)).content.decode()

    assert "Mes rendez-vous (planning publié)" in html


def test_pages_need_login(day):
    response = Client().get(page(day.block))

    assert response.status_code == 302 and "/connexion/" in response["Location"]


def test_stranger_sees_a_notice_not_the_forms(day):
    html = browser(UserFactory()).get(page(day.block)).content.decode()

    assert "Vous ne participez pas à ce bloc" in html


def test_admin_pages_of_the_meetings_app_render_in_french(day, published):
    admin = UserFactory(username="admin-rdv", is_staff=True, is_superuser=True)
    client = browser(admin)
    run = published.run

    pages = ["/admin/meetings/meetingblock/", f"/admin/meetings/meetingblock/{day.block.pk}/change/",
             "/admin/meetings/term/", "/admin/meetings/wish/", f"/admin/meetings/solverun/{run.pk}/change/",
             f"/admin/meetings/timetableversion/{published.pk}/change/", "/admin/meetings/financingneedprofile/",
             "/admin/meetings/financingofferprofile/", "/admin/meetings/presence/"]

    for path in pages:
        assert client.get(path).status_code == 200, path
    assert "Vocabulaires" in client.get("/admin/meetings/").content.decode()


def _block_admin_form(block, **changes):
    data = {"item": block.item_id, "slot_minutes": block.slot_minutes, "host_roles": json.dumps(block.host_roles),
            "guest_roles": json.dumps(block.guest_roles), "wish_deadline_0": "", "wish_deadline_1": "",
            "max_wishes_per_guest": block.max_wishes_per_guest, "max_meetings_per_participant": "",
            "max_consecutive": "", "solve_time_limit_s": block.solve_time_limit_s}
    for prefix, rows in (("pauses", []), ("tables", list(block.tables.all())), ("slots", list(block.slots.all()))):
        data.update({f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": len(rows),
                     f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000})
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = row.pk
            data[f"{prefix}-{i}-block"] = block.pk
            if prefix == "tables":
                data.update({f"{prefix}-{i}-label": row.label, f"{prefix}-{i}-host": row.host_id or "",
                             f"{prefix}-{i}-accessible": "on" if row.accessible else ""})
    data.update(changes)
    return data


def test_admin_block_slot_length_change_regenerates_slots(day):
    client = browser(UserFactory(username="admin-creneaux", is_staff=True, is_superuser=True))

    response = client.post(f"/admin/meetings/meetingblock/{day.block.pk}/change/",
                           _block_admin_form(day.block, slot_minutes=30))

    assert response.status_code == 302
    assert [s.end - s.start for s in day.block.slots.all()] == [dt.timedelta(minutes=30)] * 3


def test_admin_block_slot_length_change_after_a_solve_refused(day, published):
    client = browser(UserFactory(username="admin-creneaux", is_staff=True, is_superuser=True))

    response = client.post(f"/admin/meetings/meetingblock/{day.block.pk}/change/",
                           _block_admin_form(day.block, slot_minutes=30))

    assert response.status_code == 200
    assert "la durée des créneaux ne peut plus changer" in response.content.decode()
    assert day.block.slots.count() == 6


def test_wish_add_page_non_numeric_host_french_message_not_500(day):
    client = browser(day.guests[0].user)

    response = client.post(page(day.block, "souhaits/ajouter/"), {"host": "abc"}, follow=True)

    assert response.status_code == 200 and "Hôte introuvable." in response.content.decode()
    assert not Wish.objects.filter(guest=day.guests[0]).exists()


def test_grid_page_version_not_a_plain_number_shows_the_current_version(day, published):
    response = browser(day.organizer).get(org(day.block, "planning/"), {"version": "²"})

    assert response.status_code == 200 and response.context["version"] == published
