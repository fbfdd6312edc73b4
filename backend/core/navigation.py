"""The header's links: what this person can do on the current event, by role."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Link:
    label: str
    url: str


def _meeting_blocks(event) -> list:
    from backend.meetings.models import MeetingBlock

    return list(MeetingBlock.objects.filter(item__event=event).select_related("item").order_by("item__start"))


def _participant_links(event, participant, blocks) -> list[Link]:
    links = [Link("Mon inscription", reverse("my-registration")),
             Link("Mon profil", reverse("meetings-profile"))]
    for block in blocks:
        if participant.role in block.host_roles or participant.role in block.guest_roles:
            links.append(Link(f"Rendez-vous : {block.item.title}",
                              reverse("meetings-block", kwargs={"event": event.slug, "block": block.item.slug})))
            if participant.role in block.host_roles:
                links.append(Link("Présence à ma table", reverse("checkin-attendance", kwargs={"slug": event.slug})))
    links += [Link("Mon agenda", reverse("agenda:page", kwargs={"event_slug": event.slug})),
              Link("Mon badge", reverse("checkin-my-badge", kwargs={"slug": event.slug}))]
    return list(dict.fromkeys(links))


def _organizer_links(event, blocks) -> list[Link]:
    links = [Link(f"Planning : {block.item.title}",
                  reverse("meetings-organizer", kwargs={"event": event.slug, "block": block.item.slug}))
             for block in blocks]
    return links + [
        Link("Accueil", reverse("checkin-desk", kwargs={"slug": event.slug})),
        Link("Badges", reverse("checkin-badges", kwargs={"slug": event.slug})),
        Link("Absences", reverse("checkin-absences", kwargs={"slug": event.slug})),
        Link("Import", reverse("import-participants", kwargs={"slug": event.slug})),
        Link("E-mails envoyés", reverse("agenda:deliveries", kwargs={"event_slug": event.slug})),
    ]


def navigation(request) -> dict:
    """Template context: `nav_event`, `nav_links` (own space) and `nav_organizer_links`."""
    from backend.events.permissions import is_organizer, participant_of
    from backend.events.selectors import upcoming_or_latest_event

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    event = upcoming_or_latest_event()
    if event is None:
        return {}
    from backend.checkin.permissions import is_desk_account

    participant = participant_of(user)
    organizer = is_organizer(user, event)
    blocks = _meeting_blocks(event) if participant or organizer else []  # one query for both lists
    organizer_links = _organizer_links(event, blocks) if organizer else []
    if not organizer_links and is_desk_account(user, event):  # a desk account only scans badges
        organizer_links = [Link("Accueil", reverse("checkin-desk", kwargs={"slug": event.slug}))]
    return {
        "nav_event": event,
        "nav_links": _participant_links(event, participant, blocks) if participant else [],
        "nav_organizer_links": organizer_links,
    }
