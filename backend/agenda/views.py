"""Pages: my printable agenda (with the calendar subscription), the secret feed, the organizers' e-mail log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from backend.agenda import selectors, services
from backend.agenda.api_views import calendar_response, feed_url
from backend.agenda.models import Delivery
from backend.core.errors import AppError
from backend.events.permissions import is_organizer


def error_page(request, exc: AppError):
    titles = {404: "Introuvable", 403: "Accès refusé"}
    return render(request, "error.html", {"title": titles.get(exc.status, "Erreur"), "message": exc.message},
                  status=exc.status)


@login_required
@require_GET
def agenda_page(request, event_slug: str):
    try:
        agenda = selectors.user_agenda(user=request.user, event_slug=event_slug)
    except AppError as exc:
        return error_page(request, exc)
    event, participant = agenda.event, agenda.participant
    token = selectors.active_feed_token(participant=participant, event=event)
    hosted_blocks = {block.title for block in agenda.host_blocks}
    # A host's meetings are shown in their block's table (every slot), not twice.
    entries = [entry for entry in agenda.entries if not (entry.as_host and entry.block in hosted_blocks)]
    return render(request, "agenda/page.html", {
        "event": event, "participant": participant, "agenda": agenda, "entries": entries, "tz": agenda.tz,
        "feed_url": feed_url(token) if token else "", "feed_token": token,
    })


@login_required
@require_POST
def feed_action(request, event_slug: str):
    try:  # only people with an agenda get a feed
        agenda = selectors.user_agenda(user=request.user, event_slug=event_slug)
    except AppError as exc:
        return error_page(request, exc)
    event, participant = agenda.event, agenda.participant
    if request.POST.get("action") == "revoke":
        services.revoke_feed_token(participant=participant, event=event)
        messages.success(request, "Lien d'abonnement révoqué : les calendriers abonnés ne se mettront plus à jour.")
    else:
        services.regenerate_feed_token(participant=participant, event=event)
        messages.success(request, "Nouveau lien d'abonnement créé ; l'ancien ne fonctionne plus.")
    return redirect("agenda:page", event_slug=event.slug)


@require_GET
def feed(request, token: str):
    """The subscription feed: no login, the secret is the URL. Revoked or unknown: 404."""
    try:
        found = selectors.feed_token(token=token)
        agenda = selectors.agenda(participant=found.participant, event=found.event)
    except AppError as exc:
        raise Http404(exc.message) from exc
    return calendar_response(agenda, filename=f"agenda-{found.event.slug}.ics", attachment=False)


@login_required
@require_GET
def deliveries_page(request, event_slug: str):
    try:
        event = selectors.event_from_param(event_slug)
    except AppError as exc:
        return error_page(request, exc)
    if not is_organizer(request.user, event):
        return error_page(request, AppError("Réservé aux organisateurs de cet événement.", status=403))
    rows = selectors.deliveries(event=event)
    status = request.GET.get("statut", "")
    if status in Delivery.Status.values:
        rows = rows.filter(status=status)
    counts = selectors.delivery_counts(event=event)
    return render(request, "agenda/deliveries.html", {
        "event": event, "rows": rows[:500], "counts": counts, "status": status,
        "statuses": Delivery.Status.choices,
    })
