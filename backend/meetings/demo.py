"""The meetings part of the demo day: two meeting blocks, profiles, wishes, solved and published.

Called by `manage.py demo` after the base day (`build(event=..., stdout=...)`). Seeded: the same
profiles and wishes on every machine. Idempotent: each step only fills what is missing, and a block
that already has a published version is not solved again.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from backend.env import env_int
from backend.events.models import Participant, ProgrammeItem
from backend.meetings import matching, selectors, services, solving
from backend.meetings.models import (
    FinancingNeedProfile,
    FinancingOfferProfile,
    HostInterest,
    MeetingBlock,
    Presence,
    PurchaseNeedProfile,
    SiaeOfferProfile,
    SolveRun,
    Term,
    Wish,
)

SEED = 20241113
# Per block; RENCONTRES_DEMO_SOLVE_S shortens it (tests, slow machines).
TIME_LIMIT_S = env_int("RENCONTRES_DEMO_SOLVE_S", 10)

# Real funders of the programme: what they offer (codes of matchmaking.vocabulary), tickets, stages.
REAL_OFFERS = {
    "France Active Métropole": (["garantie", "pret-honneur", "fonds-propres", "accompagnement"], 5_000, 300_000,
                                ["creation", "developpement", "changement-echelle"], "idf"),
    "Les Cigales": (["fonds-propres", "love-money", "finance-solidaire"], 1_000, 30_000, ["idee", "creation"], "idf"),
    "Villyz": (["crowdlending", "crowdfunding"], 10_000, 500_000, ["developpement", "changement-echelle"], "france"),
    "Base Commune": (["fonds-investissement", "fonds-propres"], 50_000, 1_000_000,
                     ["developpement", "changement-echelle"], "idf"),
    "KPMG": (["accompagnement"], None, None, [], "idf"),
}
# Synthetic funders: the instruments their name announces.
KEYWORD_OFFERS = [
    ("Horizon", ["fonds-investissement", "fonds-propres"], 30_000, 500_000),
    ("business angels", ["business-angels", "fonds-propres"], 20_000, 200_000),
    ("Finance Locale", ["finance-solidaire", "epargne-solidaire", "pret-bancaire"], 5_000, 100_000),
    ("Prêts d'honneur", ["pret-honneur"], 3_000, 50_000),
    ("Microcrédit", ["micro-credit"], 1_000, 12_000),
    ("Affacturage", ["affacturage", "accompagnement"], 10_000, 300_000),
    ("Lease-back", ["lease-back"], 20_000, 400_000),
    ("Épargne Citoyenne", ["epargne-solidaire", "crowdfunding"], 2_000, 80_000),
    ("Troc", ["troc", "accompagnement"], None, None),
]
# Themes suggested by a project's activity.
ACTIVITY_THEMES = {
    "Recyclerie": ["economie-circulaire", "emploi-insertion"], "Épicerie solidaire": ["alimentation", "lien-social"],
    "Tiers-lieu": ["lien-social", "art-culture-tourisme"], "Atelier vélo": ["mobilite", "economie-circulaire"],
    "Ressourcerie": ["economie-circulaire", "developpement-durable"], "Café associatif": ["lien-social"],
    "Jardin partagé": ["developpement-durable", "alimentation"], "Conciergerie solidaire": ["emploi-insertion"],
    "Cuisine partagée": ["alimentation", "emploi-insertion"], "Friperie solidaire": ["economie-circulaire"],
    "Fablab": ["numerique", "jeunesse-education"], "Coopérative culturelle": ["art-culture-tourisme"],
    "Garage solidaire": ["mobilite", "emploi-insertion"], "Crèche associative": ["jeunesse-education", "egalite"],
    "Repair café": ["economie-circulaire", "lien-social"], "Ludothèque": ["jeunesse-education", "lien-social"],
}
LAUREATE_NEEDS = {
    "BicyclAide": (["pret-honneur", "garantie", "crowdfunding"], 25_000, "developpement",
                   ["mobilite", "economie-circulaire", "emploi-insertion"]),
    "Les petites cantines": (["fonds-propres", "crowdlending", "subvention"], 80_000, "changement-echelle",
                             ["alimentation", "lien-social"]),
    "ECOLAU": (["business-angels", "fonds-propres", "pret-honneur"], 150_000, "creation",
               ["developpement-durable", "energie"]),
    "Lit uP": (["pret-honneur", "micro-credit", "love-money"], 15_000, "creation", ["seniors", "sante"]),
}
# SIAE trades (from their names) -> purchase categories.
TRADE_CATEGORIES = {
    "Espaces verts": ["espaces-verts"], "Propreté": ["nettoyage"], "Bâtiment": ["travaux-batiment"],
    "Restauration": ["restauration-traiteur", "evenementiel"], "Logistique": ["logistique", "transport-livraison"],
    "Textile": ["textile"], "Numérique": ["reemploi-informatique"], "Second œuvre": ["travaux-batiment"],
    "Recyclage": ["collecte-recyclage", "demenagement"], "Blanchisserie": ["textile", "nettoyage"],
}


def build(*, event, stdout) -> None:
    blocks = {item.slug: item for item in event.programme.filter(kind=ProgrammeItem.Kind.MEETING_BLOCK)}
    mfi = next((i for s, i in blocks.items() if "speed" in s or "financement" in s), None)
    business = next((i for s, i in blocks.items() if "business" in s or "convention" in s), None)
    if mfi is None and business is None:
        stdout.write("Rendez-vous : aucun bloc de rendez-vous dans cet événement.")
        return
    rng = random.Random(SEED)
    people = list(Participant.objects.filter(registrations__event=event).select_related("user", "organization")
                  .order_by("user__username"))
    _profiles(people, rng)
    for item, setup in ((mfi, _setup_mfi), (business, _setup_business)):
        if item is None:
            continue
        block = setup(item, rng)
        _solve_and_publish(block, event, stdout)


# --- Blocks ------------------------------------------------------------------------------------------------------

def _configured(item) -> MeetingBlock | None:
    return MeetingBlock.objects.filter(item=item).first()


def _setup_mfi(item, rng: random.Random) -> MeetingBlock:
    block = _configured(item)
    if block is None:
        # 10:00-13:30: 14 slots of 15 minutes, funders and experts at fixed tables.
        block = services.configure_block(item=item, host_roles=["funder", "expert"], guest_roles=["project_holder"],
                                         slot_minutes=15, max_wishes_per_guest=6, max_meetings_per_participant=None,
                                         max_consecutive=None, hosts_must_accept=False, solve_time_limit_s=TIME_LIMIT_S)
    hosts = list(selectors.members(block=block, side=selectors.HOST).order_by("user__username"))
    if not block.tables.exists():
        services.set_tables(block=block, tables=[{"label": f"Table {i + 1}", "accessible": i < 6, "host": h.pk}
                                                 for i, h in enumerate(_hosts_in_table_order(hosts))])
    if not block.wishes.exists():
        _wishes(block, rng, per_guest=(3, 6), first_choice={"porteur": "financeur"})
        _interests(block, rng, must={"financeur": "porteur"})
        _presences(block, rng)
    return block


def _hosts_in_table_order(hosts: list[Participant]) -> list[Participant]:
    # The demo login sits at Table 1: easy to find on the grid.
    return sorted(hosts, key=lambda h: (h.user.username != "financeur", h.organization.name if h.organization_id
                                        else "", h.user.username))


def _setup_business(item, rng: random.Random) -> MeetingBlock:
    block = _configured(item)
    if block is None:
        # Buyers host SIAE; qualified appointments: buyers accept or decline. 20-minute slots and a pause.
        start = item.start
        pause = (start + dt.timedelta(minutes=60), start + dt.timedelta(minutes=70))
        block = services.configure_block(item=item, host_roles=["buyer"], guest_roles=["siae"], slot_minutes=20,
                                         pauses=[pause] if pause[1] < item.end else [], max_wishes_per_guest=5,
                                         max_meetings_per_participant=5, hosts_must_accept=True,
                                         solve_time_limit_s=TIME_LIMIT_S)
    if not block.tables.exists():
        # Shared tables: buyers are seated slot by slot; fewer tables than buyers.
        count = max(1, int(selectors.members(block=block, side=selectors.HOST).count() * 0.8))
        services.set_tables(block=block, tables=[{"label": f"Table B{i + 1}", "accessible": i < 4, "host": None}
                                                 for i in range(count)])
    if not block.wishes.exists():
        _wishes(block, rng, per_guest=(2, 5))
        accepted = [w.pk for w in block.wishes.order_by("pk") if rng.random() < 0.88]
        block.wishes.filter(pk__in=accepted).update(status=Wish.Status.ACCEPTED)
        block.wishes.exclude(pk__in=accepted).update(status=Wish.Status.DECLINED)
        _presences(block, rng)
    return block


# --- Profiles ----------------------------------------------------------------------------------------------------

def _terms() -> dict[tuple[str, str], Term]:
    return {(t.kind, t.code): t for t in Term.objects.all()}


@transaction.atomic
def _profiles(people: list[Participant], rng: random.Random) -> None:
    terms = _terms()

    def pick(kind: str, codes) -> list[Term]:
        return [terms[(kind, c)] for c in codes if (kind, c) in terms]

    theme_codes = [code for (kind, code) in terms if kind == "theme"]
    category_codes = [code for (kind, code) in terms if kind == "purchase_category"]
    have = {model: set(model.objects.values_list("participant_id", flat=True))
            for model in (FinancingNeedProfile, FinancingOfferProfile, PurchaseNeedProfile, SiaeOfferProfile)}
    for person in people:
        model = matching.PROFILE_OF_ROLE.get(person.role)
        # Draw for everyone in the same order, so that one existing profile does not shift the others.
        draws = random.Random(rng.random())
        if model is None or person.pk in have[model]:
            continue
        org = person.organization.name if person.organization_id else ""
        commune = person.organization.commune if person.organization_id else ""
        if model is FinancingOfferProfile:
            real = next((v for k, v in REAL_OFFERS.items() if org.startswith(k)), None)
            if real:
                instruments, low, high, stages, territory = real
            else:
                _, instruments, low, high = next((k for k in KEYWORD_OFFERS if k[0].lower() in org.lower()),
                                                 ("", ["accompagnement"], None, None))
                stages, territory = draws.sample(["idee", "creation", "developpement", "changement-echelle"], 2), "92"
            services.save_profile(participant=person, instruments=pick("instrument", instruments),
                                  ticket_min_eur=low, ticket_max_eur=high, stages=pick("stage", stages),
                                  themes=pick("theme", draws.sample(theme_codes, draws.randint(3, 6))),
                                  territory=territory, summary=f"{org} : offre de financement et d'accompagnement.")
        elif model is FinancingNeedProfile:
            laureate = LAUREATE_NEEDS.get(org)
            if laureate:
                instruments, amount, stage, themes = laureate
            else:
                activity = next((a for a in ACTIVITY_THEMES if org.startswith(a)), "")
                themes = ACTIVITY_THEMES.get(activity, draws.sample(theme_codes, 2))
                instruments = draws.sample([c for (k, c) in terms if k == "instrument"], draws.randint(1, 3))
                amount = draws.choice([3_000, 5_000, 8_000, 10_000, 15_000, 20_000, 30_000, 50_000, 80_000, 120_000])
                stage = draws.choice(["idee", "creation", "creation", "developpement", "changement-echelle"])
            services.save_profile(participant=person, instruments=pick("instrument", instruments), amount_eur=amount,
                                  stage=terms.get(("stage", stage)), themes=pick("theme", themes), commune=commune,
                                  summary=f"{org} : projet de l'économie sociale et solidaire à {commune}.")
        elif model is PurchaseNeedProfile:
            services.save_profile(participant=person,
                                  categories=pick("purchase_category", draws.sample(category_codes, draws.randint(2, 4))),
                                  commune=commune, summary=f"{org} : achats responsables en 2025.")
        else:
            trade = next((t for t in TRADE_CATEGORIES if t in org), None)
            categories = TRADE_CATEGORIES.get(trade) or draws.sample(category_codes, 2)
            services.save_profile(participant=person, categories=pick("purchase_category", categories),
                                  commune=commune, territory=draws.choice(["92", "92, 75", "idf"]),
                                  summary=f"{org} : structure d'insertion par l'activité économique.")


# --- Wishes, interests, presence --------------------------------------------------------------------------------

@transaction.atomic
def _wishes(block: MeetingBlock, rng: random.Random, *, per_guest: tuple[int, int],
            first_choice: dict[str, str] | None = None) -> None:
    """Each guest ranks hosts drawn among their best matches (popular hosts get more requests)."""
    hosts = list(selectors.members(block=block, side=selectors.HOST).order_by("user__username"))
    guests = list(selectors.members(block=block, side=selectors.GUEST).order_by("user__username"))
    by_username = {p.user.username: p for p in hosts + guests}
    profiles = matching.profiles_for(hosts + guests)
    labels = matching.term_labels()
    rows = []
    for guest in guests:
        scored = sorted(((matching.score(profiles.get(h.pk), profiles.get(guest.pk), labels=labels).score, h.pk, h)
                         for h in hosts), key=lambda t: (-t[0], t[1]))
        pool = [h for _, _, h in scored[:18]]
        count = min(rng.randint(*per_guest), len(pool), block.max_wishes_per_guest)
        chosen = rng.sample(pool, count)
        forced = (first_choice or {}).get(guest.user.username)
        if forced and forced in by_username:
            favourite = by_username[forced]
            chosen = [favourite] + [h for h in chosen if h.pk != favourite.pk][:count - 1]
        rows += [Wish(block=block, guest=guest, host=host, rank=rank) for rank, host in enumerate(chosen, start=1)]
    Wish.objects.bulk_create(rows)


def _interests(block: MeetingBlock, rng: random.Random, *, must: dict[str, str]) -> None:
    """Hosts flag about one in five of the guests who asked them; the demo funder flags the demo holder."""
    rows = {(w.host_id, w.guest_id) for w in block.wishes.order_by("pk") if rng.random() < 0.2}
    for host_name, guest_name in must.items():
        pair = block.wishes.filter(host__user__username=host_name, guest__user__username=guest_name).first()
        if pair:
            rows.add((pair.host_id, pair.guest_id))
    HostInterest.objects.bulk_create(HostInterest(block=block, host_id=h, guest_id=g) for h, g in sorted(rows))


def _presences(block: MeetingBlock, rng: random.Random) -> None:
    """A few late arrivals and early departures, some accessibility needs (demo logins excluded)."""
    start, end, step = block.item.start, block.item.end, dt.timedelta(minutes=block.slot_minutes)
    rows = []
    people = list(selectors.members(block=block, side=selectors.GUEST).order_by("user__username")) + list(
        selectors.members(block=block, side=selectors.HOST).order_by("user__username"))
    for person in people:
        draw = rng.random()
        if person.user.username in ("porteur", "financeur"):
            continue
        if draw < 0.06:
            rows.append(Presence(block=block, participant=person, arrives_at=start + 2 * step))
        elif draw < 0.12:
            rows.append(Presence(block=block, participant=person, leaves_at=end - 3 * step))
        elif draw < 0.15:
            rows.append(Presence(block=block, participant=person, needs_accessible=True))
    Presence.objects.bulk_create(rows)


# --- Solving -------------------------------------------------------------------------------------------------------

def _solve_and_publish(block: MeetingBlock, event, stdout) -> None:
    title = block.item.title
    version = selectors.current_version(block=block)
    if version is not None:
        stdout.write(f"Rendez-vous « {title} » : version {version.number} déjà publiée ({version.meetings.count()} "
                     "rendez-vous), rien à recalculer.")
        return
    organizer = event.organizers.order_by("pk").first()
    if organizer is None:
        stdout.write(f"Rendez-vous « {title} » : pas d'organisateur pour lancer le calcul.")
        return
    # A run left over by an interrupted demo would block the new one.
    SolveRun.objects.filter(block=block, status__in=[SolveRun.Status.QUEUED, SolveRun.Status.RUNNING]).update(
        status=SolveRun.Status.FAILED, error="Démonstration interrompue.")
    run = services.start_solve(block=block, user=organizer, background=False)
    run = solving.execute_run(run_id=run.pk)
    if run.status != SolveRun.Status.DONE:
        stdout.write(f"Rendez-vous « {title} » : calcul en échec ({run.error}).")
        return
    version = services.publish_run(run=run, user=organizer)
    metrics, bound = run.schedule["metrics"], run.schedule["bound"]
    stdout.write(f"Rendez-vous « {title} » : {metrics['meetings']} rendez-vous publiés (version {version.number}, "
                 f"{solving.quality_label(run.schedule)}) ; {metrics['coverage']} invités sur {bound['coverage']} possibles "
                 f"ont au moins un rendez-vous ; {len(run.problem['requests'])} demandes.")
