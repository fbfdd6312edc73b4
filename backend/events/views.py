"""French pages: home and programme, registration, "Mon inscription", the organizers' import."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from backend.core.errors import AppError
from backend.events import importing, selectors, services
from backend.events.forms import ImportForm, ProfileForm, RegistrationForm, WorkshopsForm
from backend.events.models import Event, Registration
from backend.events.permissions import is_organizer, participant_of


def _form_error(form, exc: AppError) -> None:
    """Shows a service's refusal next to the field it is about (or above the form)."""
    field = (exc.field or "").replace("organization.", "")
    field = {"name": "organization", "kind": "organization_kind"}.get(field, field)
    form.add_error(field if field in form.fields else None, exc.message)


def home(request):
    event = selectors.upcoming_or_latest_event()
    programme = selectors.public_programme(event=event) if event else []
    registration = selectors.registration_of(user=request.user, event=event) if event else None
    return render(request, "events/home.html", {
        "event": event, "programme": programme, "registration": registration,
        "is_organizer": is_organizer(request.user, event)})


def register(request, slug: str):
    event = get_object_or_404(Event, slug=slug)
    existing = selectors.registration_of(user=request.user, event=event)
    if existing and existing.status != Registration.Status.CANCELLED:
        messages.info(request, "Vous êtes déjà inscrit(e) à cet événement.")
        return redirect("my-registration")
    has_profile = participant_of(request.user) is not None
    form = RegistrationForm(request.POST or None, workshops=selectors.workshops(event=event),
                            has_profile=has_profile, is_authenticated=request.user.is_authenticated)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organization = None
        if data.get("organization") or data.get("siret"):
            organization = services.OrganizationInput(name=data["organization"], kind=data["organization_kind"],
                                                      commune=data["commune"], siret=data["siret"])
        try:
            if request.user.is_authenticated:
                registration = services.register_user(
                    event=event, user=request.user, workshops=list(data["workshops"]),
                    gdpr_consent=data["gdpr_consent"], role=data.get("role", ""), organization=organization,
                    job_title=data.get("job_title", ""), phone=data.get("phone", ""))
            else:
                registration = services.self_register(
                    event=event, email=data["email"], password=data["password"], first_name=data["first_name"],
                    last_name=data["last_name"], role=data["role"], organization=organization,
                    job_title=data["job_title"], phone=data["phone"], workshops=list(data["workshops"]),
                    gdpr_consent=data["gdpr_consent"])
                login(request, registration.participant.user,
                      backend="django.contrib.auth.backends.ModelBackend")
        except AppError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"Inscription enregistrée : {registration.get_status_display()}.")
            return redirect("my-registration")
    return render(request, "events/register.html", {"event": event, "form": form}, status=400 if form.errors else 200)


@login_required
def my_registration(request):
    participant = participant_of(request.user)
    registrations = list(selectors.registrations_of_user(user=request.user))
    for registration in registrations:
        registration.workshops_form = WorkshopsForm(
            workshops=selectors.workshops(event=registration.event), prefix=f"r{registration.pk}",
            initial={"workshops": [seat.item_id for seat in registration.seats.all()]})
    profile_form = ProfileForm(initial={
        "first_name": request.user.first_name, "last_name": request.user.last_name, "email": request.user.email,
        "job_title": participant.job_title if participant else "", "phone": participant.phone if participant else ""})
    if request.method == "POST":
        profile_form = ProfileForm(request.POST)
        if profile_form.is_valid():
            data = profile_form.cleaned_data
            if participant is None:
                data.pop("job_title"), data.pop("phone")
            try:
                services.update_profile(user=request.user, **data)
            except AppError as exc:
                _form_error(profile_form, exc)
            else:
                messages.success(request, "Profil enregistré.")
                return redirect("my-registration")
    return render(request, "events/my_registration.html", {
        "participant": participant, "registrations": registrations, "profile_form": profile_form},
        status=400 if profile_form.errors else 200)


def _own_registration(request, pk: int) -> Registration:
    registration = selectors.registrations_visible_to(user=request.user).filter(pk=pk).first()
    if registration is None:
        raise Http404
    return registration


@login_required
@require_POST
def cancel(request, pk: int):
    try:
        services.cancel_registration(registration=_own_registration(request, pk), by=request.user)
    except AppError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Votre inscription est annulée.")
    return redirect("my-registration")


@login_required
@require_POST
def change_workshops(request, pk: int):
    registration = _own_registration(request, pk)
    form = WorkshopsForm(request.POST, workshops=selectors.workshops(event=registration.event), prefix=f"r{pk}")
    if not form.is_valid():
        messages.error(request, "Choix d'ateliers invalide.")
        return redirect("my-registration")
    try:
        services.set_workshops(registration=registration, workshops=list(form.cleaned_data["workshops"]),
                               by=request.user)
    except AppError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Vos ateliers sont enregistrés.")
    return redirect("my-registration")


@login_required
def import_participants(request, slug: str):
    event = get_object_or_404(Event, slug=slug)
    if not is_organizer(request.user, event):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = importing.import_participants(event=event, data=importing.read_upload(upload), filename=upload.name,
                                               dry_run=form.cleaned_data["dry_run"])
    status = 400 if form.errors or (report and not report.ok) else 200
    return render(request, "events/import.html", {"event": event, "form": form, "report": report}, status=status)


def import_template(request, fmt: str):
    if fmt == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        body = importing.template_xlsx()
    else:
        content_type, body = "text/csv; charset=utf-8", importing.template_csv()
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="modele-participants.{fmt}"'
    return response
