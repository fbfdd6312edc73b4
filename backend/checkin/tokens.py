"""What a scanned or typed code is worth at an event (a read: nothing is written here).

A scanner types the signed token; a person may type the 10-character short code printed
under the QR instead. Either way the signature is checked with the event's public key, then
the badge row says whether this version is still the current one.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.checkin.models import Badge, EventKey, Scan
from backend.events.models import Event, Registration


@dataclass(frozen=True)
class Verdict:
    result: str  # a Scan.Result value; "ok" means "a valid current badge", not yet "admitted"
    message: str
    badge: Badge | None = None


INVALID_MESSAGE = "Badge illisible ou non authentique : scannez à nouveau ou saisissez le code imprimé."


def person(registration: Registration) -> dict:
    participant = registration.participant
    return {
        "registration": registration.pk,
        "name": participant.display_name,
        "organization": participant.organization.name if participant.organization_id else "",
        "role": participant.role,
        "role_label": participant.get_role_display(),
    }


_SCAN_FIELDS = (
    "registration_id", "version", "revoked_at", "revoked_reason",
    "registration__status", "registration__event_id", "registration__participant_id",
    "registration__participant__role", "registration__participant__user_id",
    "registration__participant__organization_id",
    "registration__participant__user__username", "registration__participant__user__first_name",
    "registration__participant__user__last_name", "registration__participant__organization__name",
    "registration__event__badge_key__event_id", "registration__event__badge_key__public_key",
)


def _public_key(event_id: int) -> str | None:
    return EventKey.objects.filter(event_id=event_id).values_list("public_key", flat=True).first()


def resolve(*, event: Event, text: str) -> Verdict:
    import badges

    code = badges.parse_short_code(text)
    if code is not None:
        typed = Badge.objects.filter(short_code=code).select_related("registration").first()
        if typed is None:
            return Verdict(Scan.Result.INVALID, "Code inconnu : vérifiez la saisie ou scannez le QR.")
        if typed.registration.event_id != event.pk:
            return Verdict(Scan.Result.WRONG_EVENT, "Ce badge est celui d'un autre événement.")
        text = typed.token
    try:
        payload = badges.read_token(text)
    except badges.BadTokenError:
        return Verdict(Scan.Result.INVALID, INVALID_MESSAGE)
    if payload.event_id != event.pk:
        # Called "wrong event" only once the other event's key proves the badge genuine.
        other = _public_key(payload.event_id)
        try:
            if other is not None:
                badges.verify_token(text, public_key=other, event_id=payload.event_id)
                return Verdict(Scan.Result.WRONG_EVENT, "Ce badge est celui d'un autre événement.")
        except badges.BadTokenError:
            pass
        return Verdict(Scan.Result.INVALID, INVALID_MESSAGE)
    # The common case in one query: the badge, its person and the event's public key (only
    # the columns used: the private key is never read here).
    badge = (Badge.objects.filter(registration_id=payload.registration_id, version=payload.version,
                                  registration__event=event)
             .select_related("registration__participant__user", "registration__participant__organization",
                             "registration__event__badge_key")
             .only(*_SCAN_FIELDS)
             .order_by()[:1])  # unique (registration, version): no ordering to compile
    badge = badge[0] if badge else None
    if badge is None:
        return Verdict(Scan.Result.INVALID, "Badge inconnu de cet événement.")
    try:
        badges.verify_token(text, public_key=badge.registration.event.badge_key.public_key, event_id=event.pk)
    except badges.BadTokenError:
        return Verdict(Scan.Result.INVALID, INVALID_MESSAGE)
    if badge.revoked_at is not None:
        return Verdict(Scan.Result.REVOKED, f"Badge révoqué ({badge.revoked_reason or 'remplacé'}) : "
                                            "demandez le badge en cours de validité.", badge)
    if badge.registration.status != Registration.Status.CONFIRMED:
        return Verdict(Scan.Result.REVOKED, "Inscription annulée ou non confirmée : "
                                            f"{badge.registration.get_status_display()}.", badge)
    return Verdict(Scan.Result.OK, "Badge valide.", badge)
