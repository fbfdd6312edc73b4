import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from backend.events.importing import import_participants, read_table, template_csv, template_xlsx
from backend.events.models import Organization, Participant, Registration
from tests.factories import ParticipantFactory, RegistrationFactory, UserFactory, luhn_complete

pytestmark = pytest.mark.django_db
SIRET = luhn_complete("4420000000001")
HEADER = ["Prénom", "Nom", "E-mail", "Organisation", "Rôle", "Commune", "SIRET", "Téléphone", "Fonction"]
GOOD_ROWS = [
    ["Élise", "Durand", "elise@exemple.fr", "Régie Sud", "SIAE", "Bagneux", SIRET, "612345678", "Directrice"],
    ["Marc", "Petit", "marc@exemple.fr", "Fonds Horizon", "financeur", "Puteaux", "", "", "Analyste"],
    ["Nora", "Haddad", "nora@exemple.fr", "Achats & Cie", "buyer", "Clichy", "", "", ""],
]


def csv_bytes(rows, delimiter=";", encoding="cp1252", bom=False):
    text = "\r\n".join(delimiter.join(f'"{c}"' if delimiter in c else c for c in row) for row in rows) + "\r\n"
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append([int(c) if c.isdigit() else c for c in row])  # Excel turns digits into numbers
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def errors_of(report):
    return [(e.row, e.column, e.message) for e in report.errors]


def test_import_csv_semicolon_cp1252_registers_everyone(event):
    report = import_participants(event=event, data=csv_bytes([HEADER, *GOOD_ROWS]), dry_run=False)
    assert errors_of(report) == []
    assert (report.rows, report.created, report.confirmed) == (3, 3, 3)
    elise = Participant.objects.get(user__email="elise@exemple.fr")
    assert (elise.user.first_name, elise.role, elise.organization.siret) == ("Élise", "siae", SIRET)
    assert elise.phone == "0612345678"
    assert not elise.user.has_usable_password()
    assert event.registrations.filter(status=Registration.Status.CONFIRMED).count() == 3


def test_import_csv_comma_utf8_bom_registers_everyone(event):
    report = import_participants(event=event, data=csv_bytes([HEADER, *GOOD_ROWS], ",", "utf-8", bom=True),
                                 dry_run=False)
    assert report.ok and report.created == 3
    assert Participant.objects.filter(user__first_name="Élise").exists()


def test_import_xlsx_registers_everyone_with_numeric_cells(event):
    report = import_participants(event=event, data=xlsx_bytes([HEADER, *GOOD_ROWS]), dry_run=False)
    assert errors_of(report) == []
    elise = Participant.objects.get(user__email="elise@exemple.fr")
    assert elise.organization.siret == SIRET
    assert elise.phone == "0612345678"


def test_import_dry_run_writes_nothing(event):
    report = import_participants(event=event, data=csv_bytes([HEADER, *GOOD_ROWS]), dry_run=True)
    assert report.ok and report.rows == 3 and report.created == 0
    assert not Registration.objects.exists() and not Organization.objects.exists()


def test_import_english_headers_and_role_codes_accepted(event):
    rows = [["first_name", "last_name", "email", "role", "organization"],
            ["Ann", "Lee", "ann@exemple.fr", "project_holder", "Tiers-lieu"]]
    report = import_participants(event=event, data=csv_bytes(rows, ","), dry_run=False)
    assert report.ok and Participant.objects.get().role == "project_holder"


@pytest.mark.parametrize(("cells", "column", "reason"), [
    ({"E-mail": ""}, "E-mail", "e-mail manquant"),
    ({"E-mail": "pas-un-mail"}, "E-mail", "adresse e-mail invalide"),
    ({"Prénom": ""}, "Prénom", "prénom manquant"),
    ({"Nom": ""}, "Nom", "nom manquant"),
    ({"Rôle": "astronaute"}, "Rôle", "rôle inconnu « astronaute »"),
    ({"Rôle": ""}, "Rôle", "rôle manquant"),
    ({"SIRET": "12345678901234"}, "SIRET", "clé de contrôle"),
    ({"SIRET": "123"}, "SIRET", "14 chiffres"),
])
def test_import_bad_row_reported_with_row_column_reason_and_nothing_written(event, cells, column, reason):
    bad = dict(zip(HEADER, GOOD_ROWS[1], strict=True)) | cells
    rows = [HEADER, GOOD_ROWS[0], [bad[h] for h in HEADER], GOOD_ROWS[2]]
    report = import_participants(event=event, data=csv_bytes(rows), dry_run=False)
    assert len(report.errors) == 1
    error = report.errors[0]
    assert (error.row, error.column) == (3, column)
    assert reason in error.message
    assert not Registration.objects.exists() and not Organization.objects.exists()


def test_import_duplicate_email_in_file_reported_on_second_row(event):
    rows = [HEADER, GOOD_ROWS[0], GOOD_ROWS[1], [*GOOD_ROWS[2][:2], "ELISE@exemple.fr", *GOOD_ROWS[2][3:]]]
    report = import_participants(event=event, data=csv_bytes(rows), dry_run=True)
    assert errors_of(report) == [(4, "E-mail", "e-mail en double dans le fichier (déjà ligne 2)")]


def test_import_already_registered_reported(event):
    RegistrationFactory(event=event, participant=ParticipantFactory(user=UserFactory(email="marc@exemple.fr")))
    report = import_participants(event=event, data=csv_bytes([HEADER, *GOOD_ROWS]), dry_run=False)
    assert errors_of(report) == [(3, "E-mail", "déjà inscrit(e) à cet événement")]
    assert event.registrations.count() == 1


def test_import_existing_account_not_registered_gets_registered(event):
    participant = ParticipantFactory(user=UserFactory(email="marc@exemple.fr"))
    report = import_participants(event=event, data=csv_bytes([HEADER, *GOOD_ROWS]), dry_run=False)
    assert report.ok
    assert event.registrations.filter(participant=participant).exists()


def test_import_missing_required_column_reported_on_header_row(event):
    rows = [[h for h in HEADER if h != "Rôle"], ["A", "B", "a@exemple.fr", "Org", "Nanterre", "", "", ""]]
    report = import_participants(event=event, data=csv_bytes(rows), dry_run=True)
    assert errors_of(report) == [(1, "Rôle", "colonne obligatoire absente")]


def test_import_unknown_workshop_reported(event, workshop):
    rows = [[*HEADER, "Ateliers"], [*GOOD_ROWS[0], "Atelier A"], [*GOOD_ROWS[1], "Atelier Z"]]
    report = import_participants(event=event, data=csv_bytes(rows), dry_run=True)
    assert errors_of(report) == [(3, "Ateliers", "atelier inconnu « Atelier Z »")]


def test_import_workshops_by_title_take_seats(event, workshop):
    rows = [[*HEADER, "Ateliers"], *[[*row, "Atelier A"] for row in GOOD_ROWS]]
    report = import_participants(event=event, data=csv_bytes(rows), dry_run=False)
    assert report.ok
    assert sorted(workshop.seats.values_list("status", flat=True)) == ["confirmed", "confirmed", "waitlisted"]


def test_import_same_siret_for_two_different_organizations_reported(event):
    rows = [HEADER, GOOD_ROWS[0], [*GOOD_ROWS[1][:6], SIRET, *GOOD_ROWS[1][7:]]]
    report = import_participants(event=event, data=csv_bytes(rows), dry_run=True)
    assert [(e.row, e.column) for e in report.errors] == [(3, "SIRET")]


def test_import_unreadable_file_reported(event):
    report = import_participants(event=event, data=b"PK\x03\x04garbage", dry_run=False)
    assert report.errors[0].row == 0 and "illisible" in report.errors[0].message


def test_import_old_xls_reported_with_advice(event):
    report = import_participants(event=event, data=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, dry_run=True)
    assert ".xlsx" in report.errors[0].message


def test_import_empty_file_reported(event):
    assert "vide" in import_participants(event=event, data=b"", dry_run=True).errors[0].message


def test_import_header_only_reported(event):
    report = import_participants(event=event, data=csv_bytes([HEADER]), dry_run=True)
    assert "aucune ligne" in report.errors[0].message


def test_import_reports_every_bad_row_not_only_the_first(event):
    rows = [HEADER, [*GOOD_ROWS[0][:2], "", *GOOD_ROWS[0][3:]], [*GOOD_ROWS[1][:4], "pilote", *GOOD_ROWS[1][5:]]]
    report = import_participants(event=event, data=csv_bytes(rows), dry_run=True)
    assert [(e.row, e.column) for e in report.errors] == [(2, "E-mail"), (3, "Rôle")]


def test_templates_read_back_as_valid_imports(event):
    for data in (template_csv(), template_xlsx()):
        assert read_table(data)[0][:4] == ["Prénom", "Nom", "E-mail", "Rôle"]
        assert import_participants(event=event, data=data, dry_run=True).ok


def test_command_import_then_dry_run_reports_duplicates(event, tmp_path):
    path = tmp_path / "participants.csv"
    path.write_bytes(csv_bytes([HEADER, *GOOD_ROWS]))
    out = io.StringIO()
    call_command("import_participants", "journee", str(path), "--dry-run", stdout=out)
    assert "Vérification réussie" in out.getvalue() and not Registration.objects.exists()
    call_command("import_participants", "journee", str(path), stdout=out)
    assert event.registrations.count() == 3
    with pytest.raises(CommandError, match="aucun participant"):
        call_command("import_participants", "journee", str(path), stdout=out, stderr=io.StringIO())


def test_api_import_organizer_dry_run_then_real(api_client, organizer, event):
    api_client.force_authenticate(organizer)
    upload = io.BytesIO(xlsx_bytes([HEADER, *GOOD_ROWS]))
    upload.name = "participants.xlsx"
    response = api_client.post("/api/events/journee/import/", {"file": upload, "dry_run": "true"}, format="multipart")
    assert response.status_code == 200 and response.json()["rows"] == 3 and response.json()["created"] == 0
    upload.seek(0)
    response = api_client.post("/api/events/journee/import/", {"file": upload}, format="multipart")
    assert response.status_code == 200 and response.json()["created"] == 3


def test_api_import_bad_file_400_with_report(api_client, organizer, event):
    api_client.force_authenticate(organizer)
    upload = io.BytesIO(csv_bytes([HEADER, [*GOOD_ROWS[0][:4], "pilote", *GOOD_ROWS[0][5:]]]))
    upload.name = "participants.csv"
    response = api_client.post("/api/events/journee/import/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "import_invalid"
    assert body["report"]["errors"][0]["row"] == 2 and body["report"]["errors"][0]["column"] == "Rôle"


def test_api_import_without_file_400_on_file(api_client, organizer, event):
    api_client.force_authenticate(organizer)
    response = api_client.post("/api/events/journee/import/", {}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()["fields"]


def test_api_import_participant_403_anonymous_401(api_client, owner_registration):
    assert api_client.post("/api/events/journee/import/", {}, format="multipart").status_code == 401
    api_client.force_authenticate(owner_registration.participant.user)
    assert api_client.post("/api/events/journee/import/", {}, format="multipart").status_code == 403


def test_import_page_organizer_shows_report(client, organizer, event):
    client.force_login(organizer)
    upload = io.BytesIO(csv_bytes([HEADER, [*GOOD_ROWS[0][:2], "", *GOOD_ROWS[0][3:]]]))
    upload.name = "participants.csv"
    response = client.post("/evenements/journee/import/", {"file": upload, "dry_run": "on"})
    assert response.status_code == 400
    assert "e-mail manquant" in response.content.decode()


def test_import_page_participant_403(client, owner_registration):
    client.force_login(owner_registration.participant.user)
    assert client.get("/evenements/journee/import/").status_code == 403


def test_template_download(client):
    response = client.get("/import/modele-participants.xlsx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert client.get("/import/modele-participants.csv").content.startswith(b"\xef\xbb\xbfPr")


def test_import_bad_website_reported_by_dry_run(event):
    rows = [[*HEADER, "Site web"], [*GOOD_ROWS[0], "pas un site"], [*GOOD_ROWS[1], "www.fonds-horizon.fr"]]

    dry = import_participants(event=event, data=csv_bytes(rows), dry_run=True)
    real = import_participants(event=event, data=csv_bytes(rows), dry_run=False)

    assert errors_of(dry) == [(2, "Site web", "adresse de site web invalide « https://pas un site »")]
    assert errors_of(real) == errors_of(dry)
    assert not Registration.objects.exists()


def test_import_website_without_scheme_gets_https(event):
    rows = [[*HEADER, "Site web"], [*GOOD_ROWS[1], "www.fonds-horizon.fr"]]

    report = import_participants(event=event, data=csv_bytes(rows), dry_run=False)

    assert report.ok
    assert Organization.objects.get().website == "https://www.fonds-horizon.fr"


def test_import_email_too_long_reported(event):
    email = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".fr"  # valid, but 311 characters
    rows = [HEADER, [*GOOD_ROWS[0][:2], email, *GOOD_ROWS[0][3:]]]

    report = import_participants(event=event, data=csv_bytes(rows), dry_run=False)

    assert errors_of(report) == [(2, "E-mail", "texte trop long (254 caractères au plus)")]
    assert not Registration.objects.exists()


def test_api_import_file_over_limit_400_with_report(api_client, organizer, event):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from backend.events.importing import MAX_BYTES

    api_client.force_authenticate(organizer)
    upload = SimpleUploadedFile("gros.csv", b"a;" * (MAX_BYTES // 2 + 1), content_type="text/csv")

    response = api_client.post("/api/events/journee/import/", {"file": upload, "dry_run": True}, format="multipart")

    assert response.status_code == 400
    assert response.json()["report"]["errors"][0]["message"] == "Fichier illisible : le fichier dépasse 5 Mo."
