"""The demo day: *Rencontres ESS et Territoire*, 13 November 2024, Workstation, Courbevoie.

Real names from the programme (PROGR'ESS laureates, funders and partners) and seeded synthetic
participants for volume. Every row has a natural key (slug, SIRET, username...): a second run finds
everything in place and writes nothing. Real organizations get no SIRET (we do not invent one for
them); synthetic ones get generated SIRETs with a valid Luhn key.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from backend.events.groups import ensure_organizer_group
from backend.events.models import Event, Organization, Participant, ProgrammeItem, Registration, WorkshopSeat
from backend.events.validators import luhn_ok
from matchmaking.vocabulary import COMMUNES_92

PARIS = ZoneInfo("Europe/Paris")
DAY = dt.date(2024, 11, 13)
EVENT_SLUG = "rencontres-ess-2024"
DEMO_PASSWORD = "rencontres-demo"
EMAIL_DOMAIN = "example.org"  # reserved for examples: no demo e-mail reaches a real person
CONSENT_AT = dt.datetime(2024, 10, 15, 9, 0, tzinfo=PARIS)
SEED = 13112024

FIRST_NAMES = [
    "Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Emma", "Julie", "Claire", "Anaïs", "Nadia", "Aïcha",
    "Sophie", "Lucie", "Amandine", "Fatou", "Hélène", "Marion", "Élodie", "Yasmine", "Thomas", "Nicolas",
    "Julien", "Antoine", "Maxime", "Hugo", "Karim", "Mehdi", "Lucas", "Romain", "Mathieu", "Pierre", "Olivier",
    "Samuel", "Youssef", "Baptiste", "Clément", "Vincent", "Amadou", "François",
]
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
    "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel",
    "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier",
    "Faure", "Rousseau", "Blanc", "Guerin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Benali",
    "Diallo", "Nguyen", "Traoré", "Haddad", "Kone", "Mendes", "Ferreira", "Chevalier", "Gauthier",
]

# (name, kind, commune, website): organizations named by the day's programme.
REAL_FUNDERS = [
    ("France Active Métropole", Organization.Kind.FUNDER, "Paris", "https://www.franceactive-metropole.org"),
    ("Les Cigales", Organization.Kind.FUNDER, "Paris", "https://www.cigales.asso.fr"),
    ("Villyz", Organization.Kind.FUNDER, "Paris", "https://www.villyz.fr"),
    ("Base Commune", Organization.Kind.FUNDER, "Paris", "https://www.basecommune.fr"),
    ("KPMG", Organization.Kind.COMPANY, "Courbevoie", "https://kpmg.com/fr"),
]
LAUREATES = [
    ("BicyclAide", Organization.Kind.ASSOCIATION, "Nanterre"),
    ("Les petites cantines", Organization.Kind.ASSOCIATION, "Asnières-sur-Seine"),
    ("ECOLAU", Organization.Kind.COMPANY, "Gennevilliers"),
    ("Lit uP", Organization.Kind.COMPANY, "Boulogne-Billancourt"),
]
SYNTHETIC_FUNDERS = [
    "Fonds Horizon Solidaire", "Club des business angels Seine-Ouest", "Coopérative Finance Locale 92",
    "Prêts d'honneur Rive Gauche", "Microcrédit Seine Solidaire", "Affacturage Solidaire Conseil",
    "Lease-back Coop", "Épargne Citoyenne des Hauts-de-Seine", "Troc'Entreprises (barter)",
]
PROJECT_ACTIVITIES = [
    "Recyclerie", "Épicerie solidaire", "Tiers-lieu", "Atelier vélo", "Ressourcerie", "Café associatif",
    "Jardin partagé", "Conciergerie solidaire", "Cuisine partagée", "Friperie solidaire", "Fablab",
    "Coopérative culturelle", "Garage solidaire", "Crèche associative", "Repair café", "Ludothèque",
]
SIAE_TYPES = ["Régie de quartier", "Entreprise d'insertion", "Atelier chantier d'insertion",
              "Association intermédiaire", "ETTI"]
SIAE_TRADES = ["Espaces verts", "Propreté", "Bâtiment", "Restauration", "Logistique", "Textile", "Numérique",
               "Second œuvre", "Recyclage", "Blanchisserie"]
BUYER_ROOTS = ["Arche", "Horizon", "Pléiade", "Vauban", "Colbert", "Cèdre", "Atlas", "Boréal", "Orion", "Quartz"]
BUYER_SECTORS = ["Facility Services", "Immobilier", "Restauration collective", "Logistique", "Énergie",
                 "Ingénierie", "Assurances", "Hôtellerie", "Distribution", "Santé"]
LOCAL_AUTHORITIES = [
    ("Ville de Nanterre", "Nanterre"), ("Ville de Gennevilliers", "Gennevilliers"),
    ("Ville de Colombes", "Colombes"), ("Ville de Bagneux", "Bagneux"), ("Ville de Malakoff", "Malakoff"),
    ("EPT Paris Ouest La Défense", "Puteaux"), ("EPT Grand Paris Seine Ouest", "Issy-les-Moulineaux"),
    ("EPT Boucle Nord de Seine", "Gennevilliers"),
]
ORGANIZER_ORG = ("Département des Hauts-de-Seine, mission ESS", Organization.Kind.PUBLIC_BODY, "Nanterre")


def _at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(hour, minute), tzinfo=PARIS)


# (slug, kind, title, start, end, room, capacity, description)
PROGRAMME = [
    ("accueil", ProgrammeItem.Kind.OTHER, "Accueil café", _at(8, 0), _at(8, 30), "Hall", None,
     "Retrait des badges."),
    ("atelier-outils-financement", ProgrammeItem.Kind.WORKSHOP,
     "Atelier 1 : panorama des financements à impact", _at(8, 30), _at(10, 0), "Salle Seine", 40,
     "Microcrédit, prêt d'honneur, subventions, garanties : quel outil à quel moment du projet."),
    ("atelier-finance-participative", ProgrammeItem.Kind.WORKSHOP,
     "Atelier 2 : finance participative et solidaire", _at(8, 30), _at(10, 0), "Salle Défense", 40,
     "Crowdfunding, crowdlending, love money, finance solidaire, Cigales."),
    ("atelier-haut-de-bilan", ProgrammeItem.Kind.WORKSHOP,
     "Atelier 3 : fonds propres et trésorerie", _at(8, 30), _at(10, 0), "Salle Jatte", 40,
     "Business angels, fonds d'investissement, affacturage, lease-back, troc interentreprises (bartering)."),
    ("speed-meetings", ProgrammeItem.Kind.MEETING_BLOCK,
     "Matinée des Financements à Impact : speed meetings", _at(10, 0), _at(13, 30), "Grande salle", None,
     "14 rendez-vous de 15 minutes entre financeurs ou experts et porteurs de projet, sur rendez-vous."),
    ("buffet", ProgrammeItem.Kind.NETWORKING, "Buffet networking", _at(13, 30), _at(14, 30), "Espace bar", None,
     ""),
    ("atelier-collectivites", ProgrammeItem.Kind.WORKSHOP,
     "Atelier technique des collectivités : soutenir l'ESS sur son territoire", _at(14, 30), _at(15, 30),
     "Salle Seine", 30, "Pour les communes et les établissements publics territoriaux (EPT). Horaire "
     "indicatif : l'après-midi n'a pas d'horaire publié."),
    ("temoignages-laureats", ProgrammeItem.Kind.PLENARY, "Témoignages des lauréats PROGR'ESS",
     _at(15, 30), _at(16, 15), "Grande salle", None,
     "BicyclAide, Les petites cantines, ECOLAU, Lit uP. Horaire indicatif (non publié)."),
    ("convention-business-92", ProgrammeItem.Kind.MEETING_BLOCK,
     "Convention d'affaires du Club Busin'ESS 92", _at(16, 30), _at(18, 30), "Grande salle", None,
     "Rendez-vous d'affaires qualifiés entre acheteurs et SIAE. Horaire indicatif : le programme de "
     "l'après-midi n'est pas publié, nous avons retenu 16 h 30 - 18 h 30."),
    ("cocktail", ProgrammeItem.Kind.NETWORKING, "Cocktail networking", _at(18, 30), _at(20, 0), "Espace bar",
     None, "Horaire indicatif (non publié)."),
]


@dataclass
class PersonSpec:
    username: str
    first_name: str
    last_name: str
    email: str
    role: str
    org_key: str  # SIRET, or "name:<name>" for organizations without one
    job_title: str
    workshops: list[str] = field(default_factory=list)
    password: str | None = None
    staff: bool = False


@dataclass
class OrgSpec:
    key: str
    name: str
    kind: str
    commune: str
    siret: str | None
    website: str = ""


@dataclass
class DemoData:
    organizations: list[OrgSpec]
    people: list[PersonSpec]


def _siret(rng: random.Random, used: set[str]) -> str:
    while True:
        prefix = f"{rng.randrange(100_000_000, 999_999_999)}{rng.randrange(1, 100):05d}"[:13]
        for check in range(10):
            candidate = f"{prefix}{check}"
            if luhn_ok(candidate) and candidate not in used:
                used.add(candidate)
                return candidate


def build_data() -> DemoData:
    """The whole demo population, from a fixed seed: the same lists on every run."""
    rng = random.Random(SEED)
    used_sirets: set[str] = set()
    orgs: list[OrgSpec] = []
    people: list[PersonSpec] = []
    used_names: set[tuple[str, str]] = set()

    def org(name: str, kind: str, commune: str, *, real: bool, website: str = "") -> str:
        siret = None if real else _siret(rng, used_sirets)
        key = siret or f"name:{name}"
        orgs.append(OrgSpec(key=key, name=name, kind=kind, commune=commune, siret=siret, website=website))
        return key

    def person(role: str, org_key: str, job: str, *, username: str | None = None, first: str = "",
               last: str = "", password: str | None = None, staff: bool = False) -> PersonSpec:
        while not first:
            candidate = (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
            if candidate not in used_names:
                first, last = candidate
        used_names.add((first, last))
        slug = _ascii(f"{first}.{last}")
        username = username or f"{slug}.{len(people) + 1:03d}"
        email = f"{username}@{EMAIL_DOMAIN}"
        spec = PersonSpec(username=username, first_name=first, last_name=last, email=email, role=role,
                          org_key=org_key, job_title=job, password=password, staff=staff)
        people.append(spec)
        return spec

    # Organizers and the three demo logins first: their names never change with the volume below.
    department = org(*ORGANIZER_ORG, real=True)
    person(Participant.Role.ORGANIZER, department, "Chargée de mission ESS", username="organisateur",
           first="Claire", last="Morel", password=DEMO_PASSWORD, staff=True)
    real = {name: org(name, kind, commune, real=True, website=site) for name, kind, commune, site in REAL_FUNDERS}
    laureates = {name: org(name, kind, commune, real=True) for name, kind, commune in LAUREATES}
    person(Participant.Role.FUNDER, real["France Active Métropole"], "Chargé d'investissement solidaire",
           username="financeur", first="Julien", last="Lefort", password=DEMO_PASSWORD)
    person(Participant.Role.PROJECT_HOLDER, laureates["BicyclAide"], "Cofondatrice", username="porteur",
           first="Inès", last="Bakari", password=DEMO_PASSWORD)

    # 30 funders and experts.
    for name, count in (("France Active Métropole", 2), ("Les Cigales", 2), ("Villyz", 2), ("Base Commune", 2)):
        for _ in range(count):
            person(Participant.Role.FUNDER, real[name], rng.choice(["Chargé(e) d'affaires", "Analyste",
                                                                    "Responsable partenariats"]))
    for _ in range(3):
        person(Participant.Role.EXPERT, real["KPMG"], "Expert(e) ESS et impact")
    for name in SYNTHETIC_FUNDERS:
        key = org(name, Organization.Kind.FUNDER, rng.choice(COMMUNES_92), real=False)
        person(Participant.Role.FUNDER, key, "Chargé(e) d'investissement")
        person(Participant.Role.EXPERT if name.startswith(("Affacturage", "Troc")) else Participant.Role.FUNDER,
               key, "Analyste financier(ère)")

    # 120 project holders: the laureates, then synthetic associations and young companies.
    for name in ("Les petites cantines", "ECOLAU", "Lit uP"):
        person(Participant.Role.PROJECT_HOLDER, laureates[name], "Fondateur(rice)")
    pairs = [(a, c) for a in PROJECT_ACTIVITIES for c in COMMUNES_92]
    rng.shuffle(pairs)
    for activity, commune in pairs[:116]:
        kind = rng.choice([Organization.Kind.ASSOCIATION, Organization.Kind.ASSOCIATION, Organization.Kind.COMPANY])
        key = org(f"{activity} de {commune}", kind, commune, real=False)
        person(Participant.Role.PROJECT_HOLDER, key, rng.choice(["Président(e)", "Porteur(se) de projet",
                                                                 "Directeur(rice)", "Cofondateur(rice)"]))

    # 40 buyers.
    buyer_names = [f"{root} {sector}" for root in BUYER_ROOTS for sector in BUYER_SECTORS]
    rng.shuffle(buyer_names)
    for name in buyer_names[:40]:
        key = org(name, Organization.Kind.COMPANY, rng.choice(COMMUNES_92), real=False)
        person(Participant.Role.BUYER, key, rng.choice(["Acheteur(se)", "Responsable achats responsables",
                                                        "Directeur(rice) des achats"]))

    # 80 SIAE.
    siae_names = [f"{kind} {trade} {commune}" for kind in SIAE_TYPES for trade in SIAE_TRADES
                  for commune in COMMUNES_92]
    rng.shuffle(siae_names)
    for name in siae_names[:80]:
        commune = next(c for c in COMMUNES_92 if name.endswith(c))
        key = org(name, Organization.Kind.SIAE, commune, real=False)
        person(Participant.Role.SIAE, key, rng.choice(["Directeur(rice)", "Chargé(e) de développement",
                                                       "Encadrant(e) technique"]))

    # Local authorities, for the afternoon technical workshop.
    for name, commune in LOCAL_AUTHORITIES:
        key = org(name, Organization.Kind.PUBLIC_BODY, commune, real=True)
        person(Participant.Role.LOCAL_AUTHORITY, key, "Chargé(e) de mission ESS", ).workshops.append(
            "atelier-collectivites")

    # Morning workshops: about 30 project holders and a few funders each, drawn once.
    morning = ["atelier-outils-financement", "atelier-finance-participative", "atelier-haut-de-bilan"]
    holders = [p for p in people if p.role == Participant.Role.PROJECT_HOLDER]
    rng.shuffle(holders)
    for index, holder in enumerate(holders[:90]):
        holder.workshops.append(morning[index % 3])
    funders = [p for p in people if p.role in (Participant.Role.FUNDER, Participant.Role.EXPERT)]
    for index, funder in enumerate(rng.sample(funders, 9)):
        funder.workshops.append(morning[index % 3])
    return DemoData(organizations=orgs, people=people)


def _ascii(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(ch if ch.isalnum() or ch == "." else "-" for ch in plain)


@dataclass
class BuildCounts:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, count: int) -> None:
        self.created[name] = self.created.get(name, 0) + count

    def summary(self) -> str:
        done = [f"{count} {name}" for name, count in self.created.items() if count]
        return "créés : " + ", ".join(done) if done else "rien à créer : la démonstration est déjà en place"


@transaction.atomic
def build_base_day() -> tuple[Event, BuildCounts]:
    """Creates what is missing of the demo day; leaves what exists untouched."""
    counts = BuildCounts()
    event, created = Event.objects.get_or_create(slug=EVENT_SLUG, defaults={
        "name": "Rencontres ESS et Territoire", "date": DAY, "venue": "Workstation",
        "address": "Courbevoie (Hauts-de-Seine)", "timezone": "Europe/Paris",
        "description": "Matinée des Financements à Impact et de l'ESS (ateliers thématiques, speed meetings "
                       "financeurs / porteurs de projet, buffet networking), puis l'après-midi : atelier "
                       "technique des collectivités, témoignages des lauréats PROGR'ESS et convention "
                       "d'affaires du Club Busin'ESS 92 entre acheteurs et SIAE. Les horaires de l'après-midi "
                       "ne sont pas publiés : ceux affichés sont indicatifs.",
        "registration_open": True, "requires_approval": False})
    counts.add("événement", int(created))
    items = {item.slug: item for item in event.programme.all()}
    missing = [ProgrammeItem(event=event, slug=slug, kind=kind, title=title, start=start, end=end, room=room,
                             capacity=capacity, description=description)
               for slug, kind, title, start, end, room, capacity, description in PROGRAMME if slug not in items]
    ProgrammeItem.objects.bulk_create(missing)
    counts.add("éléments de programme", len(missing))
    items = {item.slug: item for item in event.programme.all()}

    data = build_data()
    orgs_by_key = _ensure_organizations(data, counts)
    users = _ensure_users(data, counts)
    participants = _ensure_participants(data, users, orgs_by_key, counts)
    registrations = _ensure_registrations(event, data, participants, counts)
    _ensure_seats(data, registrations, items, counts)

    group = ensure_organizer_group()
    organizer = users["organisateur"]
    if not organizer.groups.filter(pk=group.pk).exists():
        organizer.groups.add(group)
    if not event.organizers.filter(pk=organizer.pk).exists():
        event.organizers.add(organizer)
        counts.add("organisateur de l'événement", 1)
    return event, counts


def _ensure_organizations(data: DemoData, counts: BuildCounts) -> dict[str, Organization]:
    by_siret = {o.siret: o for o in Organization.objects.filter(siret__in=[s.siret for s in data.organizations
                                                                            if s.siret])}
    named = {o.name: o for o in Organization.objects.filter(
        siret__isnull=True, name__in=[s.name for s in data.organizations if not s.siret])}
    missing = [Organization(name=s.name, kind=s.kind, commune=s.commune, siret=s.siret, website=s.website)
               for s in data.organizations if (by_siret if s.siret else named).get(s.siret or s.name) is None]
    Organization.objects.bulk_create(missing)
    counts.add("organisations", len(missing))
    result = {}
    for o in Organization.objects.filter(siret__in=[s.siret for s in data.organizations if s.siret]):
        result[o.siret] = o
    for o in Organization.objects.filter(siret__isnull=True,
                                         name__in=[s.name for s in data.organizations if not s.siret]):
        result.setdefault(f"name:{o.name}", o)
    return result


def _ensure_users(data: DemoData, counts: BuildCounts) -> dict:
    User = get_user_model()
    existing = {u.username: u for u in User.objects.filter(username__in=[p.username for p in data.people])}
    missing = []
    for spec in data.people:
        if spec.username in existing:
            continue
        user = User(username=spec.username, first_name=spec.first_name, last_name=spec.last_name,
                    email=spec.email, is_staff=spec.staff)
        if spec.password:
            user.set_password(spec.password)
        else:
            user.set_unusable_password()  # synthetic people cannot log in
        missing.append(user)
    User.objects.bulk_create(missing)
    counts.add("comptes", len(missing))
    return {u.username: u for u in User.objects.filter(username__in=[p.username for p in data.people])}


def _ensure_participants(data: DemoData, users: dict, orgs: dict, counts: BuildCounts) -> dict[str, Participant]:
    existing = {p.user_id: p for p in Participant.objects.filter(user__in=users.values())}
    missing = [Participant(user=users[s.username], organization=orgs[s.org_key], role=s.role, job_title=s.job_title)
               for s in data.people if users[s.username].pk not in existing]
    Participant.objects.bulk_create(missing)
    counts.add("participants", len(missing))
    by_user = {p.user_id: p for p in Participant.objects.filter(user__in=users.values())}
    return {s.username: by_user[users[s.username].pk] for s in data.people}


def _ensure_registrations(event: Event, data: DemoData, participants: dict[str, Participant],
                          counts: BuildCounts) -> dict[str, Registration]:
    existing = set(event.registrations.values_list("participant_id", flat=True))
    missing = [Registration(event=event, participant=participants[s.username], status=Registration.Status.CONFIRMED,
                            gdpr_consent=True, consent_at=CONSENT_AT)
               for s in data.people if participants[s.username].pk not in existing]
    Registration.objects.bulk_create(missing)
    counts.add("inscriptions", len(missing))
    by_participant = {r.participant_id: r for r in event.registrations.all()}
    return {s.username: by_participant[participants[s.username].pk] for s in data.people}


def _ensure_seats(data: DemoData, registrations: dict[str, Registration], items: dict[str, ProgrammeItem],
                  counts: BuildCounts) -> None:
    existing = set(WorkshopSeat.objects.filter(item__in=items.values()).values_list("registration_id", "item_id"))
    taken = {item.pk: sum(1 for _, i in existing if i == item.pk) for item in items.values()}
    missing = []
    for spec in data.people:
        registration = registrations[spec.username]
        for slug in spec.workshops:
            item = items[slug]
            if (registration.pk, item.pk) in existing:
                continue
            full = item.capacity is not None and taken[item.pk] >= item.capacity
            status = WorkshopSeat.Status.WAITLISTED if full else WorkshopSeat.Status.CONFIRMED
            taken[item.pk] += 0 if full else 1
            missing.append(WorkshopSeat(registration=registration, item=item, status=status))
    WorkshopSeat.objects.bulk_create(missing)
    counts.add("places en atelier", len(missing))
