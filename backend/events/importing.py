"""Import of participants from the organizers' spreadsheets (XLSX, or CSV as Excel writes it).

Every row is checked first and every problem reported (row number as the spreadsheet shows it,
column as the file names it, French reason). The real import runs only on a clean file and writes
all rows in one transaction, or none.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction

from backend.core.errors import AppError
from backend.events.models import Event, Organization, Participant, ProgrammeItem, Registration
from backend.events.services import (
    EMAIL_MAX_LENGTH,
    OrganizationInput,
    check_workshops,
    create_account,
    create_participant,
    register_participant,
)
from backend.events.validators import siret_problem

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000

# Canonical column -> (header written in the template, accepted spellings once normalized).
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "first_name": ("Prénom", ("prenom", "firstname", "givenname")),
    "last_name": ("Nom", ("nom", "nomdefamille", "lastname", "surname", "familyname")),
    "email": ("E-mail", ("email", "mail", "courriel", "adressemail", "adresseemail", "adressecourriel",
                         "emailaddress")),
    "role": ("Rôle", ("role", "profil", "categorie", "typedeparticipant")),
    "organization": ("Organisation", ("organisation", "organization", "structure", "entreprise", "societe",
                                      "raisonsociale", "nomdelorganisation", "nomdelastructure")),
    "organization_kind": ("Type d'organisation", ("typedorganisation", "typeorganisation", "typedestructure",
                                                  "typestructure", "organizationkind")),
    "commune": ("Commune", ("commune", "ville", "city", "localite")),
    "siret": ("SIRET", ("siret", "numerosiret", "nsiret", "nodesiret")),
    "job_title": ("Fonction", ("fonction", "poste", "jobtitle", "titre")),
    "phone": ("Téléphone", ("telephone", "tel", "phone", "portable", "mobile")),
    "website": ("Site web", ("siteweb", "siteinternet", "website", "site")),
    "workshops": ("Ateliers", ("ateliers", "atelier", "workshops")),
    "gdpr_consent": ("Consentement RGPD", ("consentementrgpd", "rgpd", "consentement", "gdprconsent")),
}
REQUIRED = ("first_name", "last_name", "email", "role")
MAX_LENGTH = {"first_name": 150, "last_name": 150, "email": EMAIL_MAX_LENGTH, "organization": 200, "commune": 120,
              "job_title": 120, "phone": 30, "website": 200}
YES = {"oui", "o", "yes", "y", "x", "1", "vrai", "true"}
NO = {"non", "n", "no", "0", "faux", "false", ""}


def normalize(text: Any) -> str:
    """Lower case, no accents, letters and digits only: 'E-mail ' and 'email' are the same header."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


HEADER_ALIASES = {alias: key for key, (_, aliases) in COLUMNS.items() for alias in aliases}
ROLE_SYNONYMS = {
    "porteur": "project_holder", "porteuse": "project_holder", "porteusedeprojet": "project_holder",
    "porteurdeprojets": "project_holder", "financeuse": "funder", "financeurs": "funder",
    "experte": "expert", "acheteuse": "buyer", "acheteurpublic": "buyer", "acheteurprive": "buyer",
    "structuredinsertion": "siae", "collectivitelocale": "local_authority", "collectivites": "local_authority",
    "commune": "local_authority", "ept": "local_authority", "intervenante": "speaker",
    "organisatrice": "organizer",
}
ROLES = {**{normalize(v): v for v in Participant.Role.values},
         **{normalize(label): v for v, label in Participant.Role.choices}, **ROLE_SYNONYMS}
KINDS = {**{normalize(v): v for v in Organization.Kind.values},
         **{normalize(label): v for v, label in Organization.Kind.choices},
         "siae": "siae", "collectivite": "public_body", "financeur": "funder"}


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    dry_run: bool
    rows: int = 0
    created: int = 0
    confirmed: int = 0
    waitlisted: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row=row, column=column, message=message))


class FileProblem(Exception):
    """The file cannot be read as a table at all."""


# ---------------------------------------------------------------------------------------------
# Reading files


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _decode(data: bytes) -> str:
    # Excel writes UTF-8 with a BOM ("CSV UTF-8") or cp1252 ("CSV (séparateur : point-virgule)").
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_csv(data: bytes) -> list[list[str]]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max([";", ",", "\t"], key=first_line.count)
    return [[_cell(v) for v in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on damaged files
        raise FileProblem("le fichier Excel est illisible ou endommagé") from exc
    try:
        sheet = workbook["Participants"] if "Participants" in workbook.sheetnames else workbook.worksheets[0]
        rows = []
        for index, row in enumerate(sheet.iter_rows(values_only=True)):
            if index > MAX_ROWS + 1:
                break
            rows.append([_cell(v) for v in row])
        return rows
    finally:
        workbook.close()


def read_upload(upload) -> bytes:
    """An uploaded file's bytes, never more than one past the limit: read_table then refuses it as too big."""
    return upload.read(MAX_BYTES + 1)


def read_table(data: bytes, filename: str = "") -> list[list[str]]:
    """The file's rows as lists of strings, whatever its format."""
    if not data:
        raise FileProblem("le fichier est vide")
    if len(data) > MAX_BYTES:
        raise FileProblem(f"le fichier dépasse {MAX_BYTES // (1024 * 1024)} Mo")
    if data[:4] == b"PK\x03\x04":
        return read_xlsx(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileProblem("l'ancien format Excel (.xls) n'est pas pris en charge : enregistrez le fichier "
                          "en .xlsx ou en .csv")
    if b"\x00" in data[:2048]:
        raise FileProblem("ce fichier n'est ni un classeur .xlsx ni un fichier .csv")
    return read_csv(data)


# ---------------------------------------------------------------------------------------------
# Checking rows


@dataclass
class ParsedRow:
    row: int
    values: dict[str, str]
    role: str = ""
    kind: str = ""
    siret: str = ""
    consent: bool = False
    workshops: list[ProgrammeItem] = field(default_factory=list)


def _map_headers(headers: list[str], report: ImportReport) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = HEADER_ALIASES.get(normalize(header))
        if key is None:
            if header:
                report.ignored_columns.append(header)
            continue
        if key in columns:
            report.error(1, header, f"colonne en double (même sens que « {headers[columns[key]]} »)")
            continue
        columns[key] = index
    for key in REQUIRED:
        if key not in columns:
            report.error(1, COLUMNS[key][0], "colonne obligatoire absente")
    return columns


def _workshop_lookup(event: Event) -> dict[str, ProgrammeItem]:
    lookup = {}
    for item in event.programme.filter(kind=ProgrammeItem.Kind.WORKSHOP):
        lookup[normalize(item.slug)] = item
        lookup[normalize(item.title)] = item
    return lookup


def _check_row(parsed: ParsedRow, *, headers: dict[str, str], report: ImportReport, event: Event,
               workshops: dict[str, ProgrammeItem]) -> None:
    values, row = parsed.values, parsed.row

    def err(key: str, message: str) -> None:
        report.error(row, headers.get(key, COLUMNS[key][0]), message)

    for key, label in (("first_name", "prénom manquant"), ("last_name", "nom manquant")):
        if not values.get(key):
            err(key, label)
    email = values.get("email", "").lower()
    values["email"] = email
    if not email:
        err("email", "e-mail manquant")
    else:
        try:
            validate_email(email)
        except ValidationError:
            err("email", f"adresse e-mail invalide : « {email} »")
    role_text = values.get("role", "")
    if not role_text:
        err("role", "rôle manquant")
    else:
        parsed.role = ROLES.get(normalize(role_text), "")
        if not parsed.role:
            expected = ", ".join(label for _, label in Participant.Role.choices)
            err("role", f"rôle inconnu « {role_text} » (attendu : {expected})")
    if values.get("organization_kind"):
        parsed.kind = KINDS.get(normalize(values["organization_kind"]), "")
        if not parsed.kind:
            expected = ", ".join(label for _, label in Organization.Kind.choices)
            err("organization_kind", f"type d'organisation inconnu « {values['organization_kind']} » "
                                     f"(attendu : {expected})")
    parsed.siret = values.get("siret", "").replace(" ", "").replace(".", "")
    if parsed.siret:
        problem = siret_problem(parsed.siret)
        if problem:
            err("siret", f"SIRET invalide « {values['siret']} » : {problem}")
        elif not values.get("organization") and not Organization.objects.filter(siret=parsed.siret).exists():
            err("organization", "nom de l'organisation manquant (obligatoire avec un SIRET inconnu)")
    website = values.get("website", "")
    if website:
        if "://" not in website:  # "www.exemple.fr", as people type it
            website = values["website"] = f"https://{website}"
        try:
            URLValidator()(website)
        except ValidationError:
            err("website", f"adresse de site web invalide « {website} »")
    for key, limit in MAX_LENGTH.items():
        if len(values.get(key, "")) > limit:
            err(key, f"texte trop long ({limit} caractères au plus)")
    phone = values.get("phone", "")
    if phone.isdigit() and len(phone) == 9:  # Excel dropped the leading zero of a French number
        values["phone"] = "0" + phone
    consent = normalize(values.get("gdpr_consent", ""))
    if consent not in YES | NO:
        err("gdpr_consent", f"valeur « {values['gdpr_consent']} » : attendu oui ou non")
    parsed.consent = consent in YES
    if values.get("workshops"):
        for name in re.split(r"[;|\n]", values["workshops"]):
            if not name.strip():
                continue
            item = workshops.get(normalize(name))
            if item is None:
                err("workshops", f"atelier inconnu « {name.strip()} »")
            else:
                parsed.workshops.append(item)
        try:
            check_workshops(event=event, workshops=parsed.workshops)
        except AppError as exc:
            err("workshops", exc.message)


def check_rows(*, event: Event, rows: list[list[str]], report: ImportReport) -> list[ParsedRow]:
    if not rows or not any(rows[0]):
        report.error(1, "", "la première ligne doit contenir les noms des colonnes (prénom, nom, e-mail, rôle...)")
        return []
    header_row = rows[0]
    columns = _map_headers(header_row, report)
    headers = {key: header_row[index] for key, index in columns.items()}
    if report.errors:
        return []
    if len(rows) - 1 > MAX_ROWS:
        report.error(0, "", f"trop de lignes : {MAX_ROWS} au plus par import")
        return []
    workshops = _workshop_lookup(event)
    parsed_rows: list[ParsedRow] = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cells):
            continue
        values = {key: (cells[index] if index < len(cells) else "") for key, index in columns.items()}
        parsed = ParsedRow(row=number, values=values)
        _check_row(parsed, headers=headers, report=report, event=event, workshops=workshops)
        parsed_rows.append(parsed)
    report.rows = len(parsed_rows)
    if not parsed_rows:
        report.error(0, "", "aucune ligne de participant dans le fichier")
    _check_across_rows(parsed_rows, headers=headers, report=report, event=event)
    return parsed_rows


def _check_across_rows(parsed_rows: list[ParsedRow], *, headers: dict[str, str], report: ImportReport,
                       event: Event) -> None:
    """Duplicates inside the file, and people already registered to the event."""
    first_email: dict[str, int] = {}
    first_siret: dict[str, ParsedRow] = {}
    for parsed in parsed_rows:
        email = parsed.values.get("email", "")
        if email:
            if email in first_email:
                report.error(parsed.row, headers["email"], f"e-mail en double dans le fichier (déjà ligne "
                                                           f"{first_email[email]})")
            else:
                first_email[email] = parsed.row
        if parsed.siret:
            other = first_siret.setdefault(parsed.siret, parsed)
            if other is not parsed and normalize(other.values.get("organization")) != normalize(
                    parsed.values.get("organization")):
                report.error(parsed.row, headers.get("siret", "SIRET"),
                             f"même SIRET que la ligne {other.row} pour une autre organisation "
                             f"(« {other.values.get('organization', '')} »)")
    registered = set(
        Registration.objects.filter(event=event).exclude(status=Registration.Status.CANCELLED)
        .values_list("participant__user__email", flat=True))
    registered = {email.lower() for email in registered if email}
    for parsed in parsed_rows:
        if parsed.values.get("email") in registered:
            report.error(parsed.row, headers["email"], "déjà inscrit(e) à cet événement")


# ---------------------------------------------------------------------------------------------
# Writing


def _write_row(*, event: Event, parsed: ParsedRow, report: ImportReport) -> None:
    User = get_user_model()
    v = parsed.values
    user = User.objects.filter(email__iexact=v["email"]).first() or User.objects.filter(
        username__iexact=v["email"]).first()
    if user is None:
        user = create_account(email=v["email"], first_name=v["first_name"], last_name=v["last_name"],
                              password=None)
    participant = Participant.objects.filter(user=user).first()
    if participant is None:
        organization = None
        if v.get("organization") or parsed.siret:
            organization = OrganizationInput(name=v.get("organization", ""), kind=parsed.kind,
                                             commune=v.get("commune", ""), siret=parsed.siret,
                                             website=v.get("website", ""))
        participant = create_participant(user=user, role=parsed.role, organization=organization,
                                         job_title=v.get("job_title", ""), phone=v.get("phone", ""),
                                         allow_organizer=True)
    registration = register_participant(event=event, participant=participant, workshops=parsed.workshops,
                                        gdpr_consent=parsed.consent, by_organizer=True)
    report.created += 1
    if registration.status == Registration.Status.CONFIRMED:
        report.confirmed += 1
    elif registration.status == Registration.Status.WAITLISTED:
        report.waitlisted += 1


def import_participants(*, event: Event, data: bytes, filename: str = "", dry_run: bool) -> ImportReport:
    """Checks the file; unless `dry_run`, registers every row (accounts created as needed), all or none."""
    report = ImportReport(dry_run=dry_run)
    try:
        rows = read_table(data, filename)
    except FileProblem as exc:
        report.error(0, "", f"Fichier illisible : {exc}.")
        return report
    parsed_rows = check_rows(event=event, rows=rows, report=report)
    if report.errors or dry_run:
        return report
    current_row = 0
    try:
        with transaction.atomic():
            for parsed in parsed_rows:
                current_row = parsed.row
                _write_row(event=event, parsed=parsed, report=report)
    except AppError as exc:  # something changed since the check (a registration meanwhile): nothing written
        report.created = report.confirmed = report.waitlisted = 0
        report.error(current_row, exc.field or "", exc.message)
    except IntegrityError:
        report.created = report.confirmed = report.waitlisted = 0
        report.error(current_row, "", "conflit avec une donnée enregistrée pendant l'import : réessayez")
    return report


# ---------------------------------------------------------------------------------------------
# Templates offered for download

TEMPLATE_KEYS = ["first_name", "last_name", "email", "role", "organization", "organization_kind", "commune",
                 "siret", "job_title", "phone", "website", "workshops", "gdpr_consent"]
TEMPLATE_EXAMPLE = ["Camille", "Martin", "camille.martin@exemple.fr", "porteur de projet", "BicyclAide",
                    "association", "Nanterre", "", "Présidente", "0601020304", "", "", "oui"]


def template_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([COLUMNS[key][0] for key in TEMPLATE_KEYS])
    writer.writerow(TEMPLATE_EXAMPLE)
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Participants"
    sheet.append([COLUMNS[key][0] for key in TEMPLATE_KEYS])
    sheet.append(TEMPLATE_EXAMPLE)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in "ABCDEFGHIJKLM":
        sheet.column_dimensions[column].width = 22
    sheet.column_dimensions["H"].number_format = "@"  # SIRET as text: Excel keeps every digit
    values = workbook.create_sheet("Valeurs possibles")
    values.append(["Rôle", "Type d'organisation"])
    roles = [label for _, label in Participant.Role.choices]
    kinds = [label for _, label in Organization.Kind.choices]
    for index in range(max(len(roles), len(kinds))):
        values.append([roles[index] if index < len(roles) else None, kinds[index] if index < len(kinds) else None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
