"""Server-rendered pages: a participant's block page (wishes, requests, presence), the profile, and the
organizer's pages (solve with live progress, results, publish with the diff, grid, exports, statistics).

Every form posts, calls one service, and redirects with a French message (the service's AppError
when it says no): the pages work without JavaScript; the progress bar is the only script.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from backend.core.errors import AppError
from backend.events.models import Participant
from backend.events.permissions import is_organizer, participant_of
from backend.meetings import exports, matching, presenting, selectors, services, solving, stats
from backend.meetings.forms import PresenceForm, ReplanForm, SolveForm, profile_form_class
from backend.meetings.models import SolveRun, TimetableVersion


def block_view(*, organizer: bool = False):
    """Loads the block from the URL; organizer pages answer 403 to anybody else."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, event, block, *args, **kwargs):
            try:
                block_obj = selectors.block_by_slugs(event_slug=event, block_slug=block)
            except AppError as exc:
                raise Http404(exc.message) from exc
            if organizer and not is_organizer(request.user, block_obj.item.event):
                raise PermissionDenied
            return view(request, block_obj, *args, **kwargs)

        return wrapper

    return decorator


def _attempt(request, action, success: str | None = None) -> bool:
    try:
        action()
    except AppError as exc:
        messages.error(request, exc.message)
        return False
    if success:
        messages.success(request, success)
    return True


def _number(value: str | None) -> int | None:
    """A number posted by a form or given in the query string; None for anything else (never a 500)."""
    return int(value) if value and value.isdecimal() else None


def _block_url(block, name="meetings-block", **kwargs) -> str:
    return reverse(name, kwargs={"event": block.item.event.slug, "block": block.item.slug, **kwargs})


# --- Participants ---------------------------------------------------------------------------------------------

@block_view()
def block_page(request, block):
    me = participant_of(request.user)
    side = selectors.side_of(block=block, participant=me)
    context = {"mb": block, "side": side, "me": me, "organizer": is_organizer(request.user, block.item.event)}
    if side == selectors.GUEST:
        params = request.GET
        context.update({
            "wishes": list(selectors.guest_wishes(block=block, guest=me)),
            "suggestions": selectors.suggestions(block=block, guest=me, q=params.get("q", ""),
                                                 term=params.get("term", ""),
                                                 compatible_only=params.get("compatible") == "1"),
            "filters": params, "terms": _filter_terms(block),
        })
    elif side == selectors.HOST:
        flagged = selectors.host_interests(block=block, host=me)
        received = list(selectors.received_wishes(block=block, host=me))
        asked = {w.guest_id for w in received}
        guests = selectors.members(block=block, side=selectors.GUEST)
        profiles = matching.profiles_for([me, *guests])
        labels = matching.term_labels()
        others = [{"guest": g, "match": matching.score(profiles.get(me.pk), profiles.get(g.pk), viewer="host",
                                                       labels=labels),
                   "flagged": g.pk in flagged} for g in guests if g.pk not in asked]
        others.sort(key=lambda r: (-r["match"].score, matching.label(r["guest"]).casefold()))
        context.update({"received": [{"wish": w, "flagged": w.guest_id in flagged} for w in received],
                        "others": others})
    if side:
        presence = block.presences.filter(participant=me).first()
        context["presence_form"] = PresenceForm(initial=presence.__dict__ if presence else None)
        context["meetings"] = [m for m in selectors.participant_meetings(participant=me, event=block.item.event)
                               if m.version.block_id == block.pk]
    return render(request, "meetings/block.html", context)


def _filter_terms(block):
    from backend.meetings.profile_models import Term

    kinds = (["purchase_category"] if "buyer" in block.host_roles or "siae" in block.guest_roles
             else ["instrument", "theme"])
    return Term.objects.filter(kind__in=kinds, active=True).order_by("kind", "position")


@require_POST
@block_view()
def wish_add(request, block):
    me = participant_of(request.user)
    host_id = _number(request.POST.get("host"))
    host = Participant.objects.select_related("user").filter(pk=host_id).first() if host_id else None
    if me is None or host is None:
        messages.error(request, "Hôte introuvable.")
    else:
        _attempt(request, lambda: services.add_wish(block=block, guest=me, host=host),
                 f"{host.display_name} ajouté à vos souhaits.")
    return redirect(_block_url(block))


@require_POST
@block_view()
def wish_action(request, block, wish_id, action):
    me = participant_of(request.user)
    if me is None:
        raise PermissionDenied
    if action == "monter":
        _attempt(request, lambda: services.move_wish(block=block, guest=me, wish_id=wish_id, offset=-1))
    elif action == "descendre":
        _attempt(request, lambda: services.move_wish(block=block, guest=me, wish_id=wish_id, offset=1))
    elif action == "retirer":
        _attempt(request, lambda: services.remove_wish(block=block, guest=me, wish_id=wish_id), "Souhait retiré.")
    elif action in ("accepter", "decliner"):
        _attempt(request, lambda: services.answer_wish(block=block, host=me, wish_id=wish_id,
                                                       accept=action == "accepter"),
                 "Demande acceptée." if action == "accepter" else "Demande déclinée.")
    else:
        raise Http404
    return redirect(_block_url(block) + "#souhaits")


@require_POST
@block_view()
def interest_toggle(request, block, guest_id):
    me = participant_of(request.user)
    guest = Participant.objects.select_related("user").filter(pk=guest_id).first()
    if me is None or guest is None:
        raise Http404
    wanted = request.POST.get("interested") == "1"
    _attempt(request, lambda: services.set_interest(block=block, host=me, guest=guest, interested=wanted),
             f"{guest.display_name} : {'signalé' if wanted else 'signalement retiré'}.")
    return redirect(_block_url(block) + "#invites")


@require_POST
@block_view()
def presence_save(request, block):
    me = participant_of(request.user)
    form = PresenceForm(request.POST)
    if me is None:
        raise PermissionDenied
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else field
            messages.error(request, f"{label} : {errors[0]}")
    else:
        _attempt(request, lambda: services.set_presence(block=block, participant=me, **form.cleaned_data),
                 "Présence enregistrée.")
    return redirect(_block_url(block) + "#presence")


@login_required
def profile_page(request):
    me = participant_of(request.user)
    model = matching.PROFILE_OF_ROLE.get(me.role) if me else None
    if model is None:
        return render(request, "meetings/profile.html", {"form": None, "me": me})
    form_class = profile_form_class(model)
    instance = model.objects.filter(participant=me).first()
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.fields}
        if _attempt(request, lambda: services.save_profile(participant=me, **fields), "Profil enregistré."):
            return redirect("meetings-profile")
    return render(request, "meetings/profile.html",
                  {"form": form, "me": me, "blocks": selectors.event_blocks_of(participant=me)})


# --- Organizers -------------------------------------------------------------------------------------------------

@block_view(organizer=True)
def organizer_page(request, block):
    solving.reap_stale_runs(block=block)
    version = selectors.current_version(block=block)
    hosts = list(selectors.members(block=block, side=selectors.HOST))
    guests = list(selectors.members(block=block, side=selectors.GUEST))
    context = {
        "mb": block, "version": version, "runs": list(selectors.runs(block=block)[:15]),
        "active": selectors.active_run(block=block), "solve_form": SolveForm(),
        "replan_form": ReplanForm(people=hosts + guests) if version else None,
        "counts": {"hosts": len(hosts), "guests": len(guests),
                   "wishes": block.wishes.count(), "slots": block.slots.count(), "tables": block.tables.count()},
    }
    return render(request, "meetings/organizer.html", context)


@require_POST
@block_view(organizer=True)
def solve_start(request, block):
    replan = request.POST.get("replan") == "1"
    # Any participant id is accepted here: the service says in French which ones are not in the block.
    form = (ReplanForm(request.POST, people=Participant.objects.select_related("user")) if replan
            else SolveForm(request.POST))
    if not form.is_valid():
        messages.error(request, "Durée du calcul : un nombre de secondes entre 1 et 3600.")
        return redirect(_block_url(block, "meetings-organizer"))
    absent = [int(pk) for pk in form.cleaned_data.get("absent", [])]
    _attempt(request, lambda: services.start_solve(block=block, user=request.user, replan=replan,
                                                   time_limit_s=form.cleaned_data.get("time_limit_s"),
                                                   absent_participant_ids=absent),
             "Calcul lancé : la barre de progression suit son avancement.")
    return redirect(_block_url(block, "meetings-organizer"))


def _run_of(block, run_id) -> SolveRun:
    run = block.runs.filter(pk=run_id).first()
    if run is None:
        raise Http404
    return run


@block_view(organizer=True)
def run_page(request, block, run_id):
    run = _run_of(block, run_id)
    context = {"mb": block, "run": run, "published": run.versions.first(),
               "current": selectors.current_version(block=block)}
    if run.schedule:
        context["unscheduled"] = presenting.unscheduled_rows(run)
        context["quality"] = solving.quality_label(run.schedule)
    if run.status == SolveRun.Status.DONE:
        context["diff"] = presenting.run_diff_payload(run)
    return render(request, "meetings/run.html", context)


@require_POST
@block_view(organizer=True)
def run_publish(request, block, run_id):
    run = _run_of(block, run_id)
    holder = {}

    def publish():
        holder["version"] = services.publish_run(run=run, user=request.user)

    if _attempt(request, publish):
        messages.success(request, f"Version {holder['version'].number} publiée : les participants sont prévenus.")
        return redirect(_block_url(block, "meetings-organizer"))
    return redirect(_block_url(block, "meetings-run", run_id=run.pk))


@require_POST
@block_view(organizer=True)
def run_cancel(request, block, run_id):
    run = _run_of(block, run_id)
    _attempt(request, lambda: solving.cancel_run(run=run, user=request.user), "Calcul annulé.")
    return redirect(_block_url(block, "meetings-organizer"))


def _version(request, block) -> TimetableVersion:
    number = _number(request.GET.get("version"))
    versions = block.versions.order_by("-number")
    version = versions.filter(number=number).first() if number is not None else versions.first()
    if version is None:
        raise Http404("Aucun planning publié pour ce bloc.")
    return version


@block_view(organizer=True)
def grid_page(request, block, fmt="html"):
    version = _version(request, block)
    grid = exports.Grid(version)
    if fmt == "csv":
        return _download(exports.grid_csv(grid), "text/csv; charset=utf-8", block, version, "csv")
    if fmt == "xlsx":
        return _download(exports.grid_xlsx(grid),
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", block, version, "xlsx")
    if fmt == "pdf":
        return _download(exports.grid_pdf(grid), "application/pdf", block, version, "pdf")
    return render(request, "meetings/grid.html", {"mb": block, "version": version, "grid": grid})


@block_view(organizer=True)
def host_sheets_page(request, block):
    version = _version(request, block)
    return render(request, "meetings/host_sheets.html",
                  {"mb": block, "version": version, "grid": exports.Grid(version)})


def _download(content: bytes, content_type: str, block, version, ext: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="planning-{block.item.slug}-v{version.number}.{ext}"'
    return response


@block_view(organizer=True)
def stats_page(request, block):
    version = _version(request, block)
    return render(request, "meetings/stats.html", {"mb": block, "version": version,
                                                   "stats": stats.version_stats(version)})
