"""French pages: the check-in desk, badge printing, the host's attendance marks, the no-show loop.

Every page works without JavaScript (plain form posts); the desk page adds a small script
that calls the API so that a USB scanner can chain badges without reloading.
"""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from backend.checkin import documents, selectors, services
from backend.checkin.api_views import file_response
from backend.checkin.models import Badge, Desk, MeetingAttendance
from backend.checkin.parsing import parse_cutoff, parse_ids
from backend.checkin.permissions import can_check_in
from backend.core.errors import AppError
from backend.events.models import Event, Registration
from backend.events.permissions import is_organizer, participant_of
from backend.meetings.models import MeetingBlock


def _organized_event(request, slug: str) -> Event:
    event = get_object_or_404(Event, slug=slug)
    if not is_organizer(request.user, event):
        raise PermissionDenied
    return event


# --- the desk -------------------------------------------------------------------------------

def _visible_desks(user, event: Event):
    """Every desk of the event for an organizer; their own desks for a desk account."""
    desks = Desk.objects.filter(event=event)
    return desks if is_organizer(user, event) else desks.filter(accounts=user)


def _desk_for(request, desks) -> Desk | None:
    """The desk chosen in the URL (?poste=) among `desks`, else the account's only desk among them."""
    chosen = request.GET.get("poste") or request.POST.get("poste")
    if chosen:
        return desks.filter(pk=chosen).first() if chosen.isdigit() else None
    own = list(desks.filter(accounts=request.user)[:2])
    return own[0] if len(own) == 1 else None


@login_required
def desk(request, slug: str):
    event = get_object_or_404(Event, slug=slug)
    if not can_check_in(request.user, event):
        raise PermissionDenied
    desks = _visible_desks(request.user, event)
    current_desk = _desk_for(request, desks)
    answer, status = None, 200
    if request.method == "POST":
        try:
            answer = services.check_in(event=event, token=request.POST.get("token", ""),
                                       nonce=request.POST.get("nonce", ""), desk=current_desk, user=request.user)
        except AppError as exc:
            messages.error(request, exc.message)
            status = exc.status
    counts = selectors.checkin_counts(event=event)
    return render(request, "checkin/desk.html", {
        "event": event, "desk": current_desk, "answer": answer, "nonce": uuid.uuid4().hex,
        "desks": desks,
        "counts": counts, "checked_in": sum(c.checked_in for c in counts),
        "expected": sum(c.expected for c in counts),
        "recent": selectors.recent_scans(event=event, limit=10),
    }, status=status)


# --- badges and table cards -----------------------------------------------------------------

@login_required
def badges_page(request, slug: str):
    event = _organized_event(request, slug)
    registrations = (event.registrations.filter(status=Registration.Status.CONFIRMED)
                     .select_related("participant__user", "participant__organization")
                     .order_by("participant__user__last_name", "participant__user__first_name", "pk"))
    active = {b.registration_id: b for b in
              Badge.objects.filter(registration__event=event, revoked_at__isnull=True)}
    rows = [(registration, active.get(registration.pk)) for registration in registrations]
    blocks = MeetingBlock.objects.filter(item__event=event).select_related("item").order_by("item__start")
    return render(request, "checkin/badges.html", {"event": event, "rows": rows, "blocks": blocks,
                                                    "issued": len(active)})


@login_required
def badges_pdf(request, slug: str):
    event = _organized_event(request, slug)
    layout = request.GET.get("format", "a6")
    try:
        ids = parse_ids(request.GET.getlist("inscriptions"), field="inscriptions")
        if request.GET.get("selection") == "choix" and ids is None:
            raise AppError("Cochez au moins une personne, ou choisissez « tout l'événement ».")
        if request.GET.get("selection") != "choix":
            ids = None
        pdf = documents.event_badges_pdf(event=event, layout=layout, registration_ids=ids, user=request.user)
    except AppError as exc:
        messages.error(request, exc.message)
        return redirect("checkin-badges", slug=event.slug)
    return file_response(pdf, "application/pdf", f"badges-{event.slug}-{layout}.pdf")


@login_required
def table_cards_pdf(request, slug: str):
    event = _organized_event(request, slug)
    try:
        pdf = documents.event_table_cards_pdf(event=event, block_id=request.GET.get("bloc"))
    except AppError as exc:
        messages.error(request, exc.message)
        return redirect("checkin-badges", slug=event.slug)
    return file_response(pdf, "application/pdf", f"chevalets-{event.slug}.pdf")


@login_required
@require_POST
def reissue(request, slug: str, pk: int):
    event = _organized_event(request, slug)
    registration = get_object_or_404(Registration, pk=pk, event=event)
    try:
        badge = services.reissue_badge(registration=registration, user=request.user,
                                       reason=request.POST.get("motif", "").strip())
    except AppError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Nouveau badge (version {badge.version}) pour {registration.participant} : "
                                  "l'ancien est révoqué. Imprimez-le depuis cette page.")
    return redirect("checkin-badges", slug=event.slug)


@login_required
def my_badge(request, slug: str):
    event = get_object_or_404(Event, slug=slug)
    badge, error = None, None
    try:
        registration = selectors.own_registration(user=request.user, event=event)
        badge = services.issue_badge(registration=registration, user=request.user)
    except AppError as exc:
        error = exc.message
    return render(request, "checkin/my_badge.html", {"event": event, "badge": badge, "error": error})


# --- the host's attendance marks ------------------------------------------------------------

@login_required
def attendance(request, slug: str):
    event = get_object_or_404(Event, slug=slug)
    participant = participant_of(request.user)
    if participant is None:
        raise PermissionDenied
    if request.method == "POST":
        try:
            if "token" in request.POST:
                mark = services.mark_attendance_by_scan(event=event, token=request.POST["token"], user=request.user)
            else:
                meeting = selectors.meeting_for_attendance(meeting_id=int(request.POST.get("meeting", "0") or 0),
                                                           user=request.user)
                mark = services.mark_attendance(meeting=meeting, status=request.POST.get("status", ""),
                                                user=request.user)
        except (AppError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", "Rendez-vous : identifiant numérique attendu."))
        else:
            messages.success(request, f"{mark.guest} : {mark.get_status_display()}.")
        return redirect("checkin-attendance", slug=event.slug)
    rows = selectors.host_meetings(participant=participant, event=event)
    return render(request, "checkin/attendance.html", {
        "event": event, "rows": rows, "HELD": MeetingAttendance.Status.HELD,
        "NO_SHOW": MeetingAttendance.Status.NO_SHOW})


# --- the no-show loop -----------------------------------------------------------------------

@login_required
def absences(request, slug: str):
    event = _organized_event(request, slug)
    try:
        cutoff = parse_cutoff(request.GET.get("heure"), event=event)
    except AppError as exc:
        messages.error(request, exc.message)
        cutoff = timezone.now()
    return render(request, "checkin/absences.html", {
        "event": event, "cutoff": cutoff, "cutoff_value": request.GET.get("heure", ""),
        "absent": selectors.absent_registrations(event=event, cutoff=cutoff),
        "no_shows": selectors.no_show_attendances(event=event),
        "blocks": selectors.absences_by_block(event=event, cutoff=cutoff),
    })


@login_required
@require_POST
def replan(request, slug: str, block_id: int):
    event = _organized_event(request, slug)
    block = get_object_or_404(MeetingBlock.objects.select_related("item__event"), pk=block_id, item__event=event)
    back = reverse("checkin-absences", kwargs={"slug": event.slug})
    if request.POST.get("heure"):
        back += "?" + urlencode({"heure": request.POST["heure"]})
    try:
        ids = parse_ids(request.POST.getlist("participants"), field="participants") or []
        run = services.replan_without_absentees(block=block, user=request.user, participant_ids=ids)
    except AppError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Re-planification de « {block.item.title} » lancée (calcul n° {run.pk}) "
                                  "sans les absents cochés : relisez puis publiez le résultat.")
    return redirect(back)
