"""The admin, in French, for organizers: a staff member of the "Organisateurs" group sees the events
they organize (superusers see everything); organizations and participants form a shared directory."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q

from backend.core.errors import AppError
from backend.events import services
from backend.events.models import Event, Organization, Participant, ProgrammeItem, Registration, WorkshopSeat


class OrganizedChoicesMixin:
    """Foreign keys to event-bound rows offer only those of the staff member's events (a raw id typed by
    hand is checked against the same list). Apps add their own models to `choice_paths`."""

    # model -> (how it reaches its event's organizers, the relation that names a choice, if any)
    choice_paths = {Event: ("organizers", None), ProgrammeItem: ("event__organizers", "event"),
                    Registration: ("event__organizers", None), WorkshopSeat: ("item__event__organizers", None)}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        model = db_field.related_model
        if model in self.choice_paths:
            path, named_by = self.choice_paths[model]
            queryset = model._default_manager.all()
            if named_by:
                queryset = queryset.select_related(named_by)
            if not request.user.is_superuser:
                queryset = queryset.filter(**{path: request.user}).distinct()
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class OrganizedEventsMixin(OrganizedChoicesMixin):
    """Limits rows (and event choices) to the events the staff member organizes."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{self.choice_paths[self.model][0]: request.user}).distinct()


class ProgrammeItemInline(admin.TabularInline):
    model = ProgrammeItem
    extra = 0
    fields = ["start", "end", "kind", "title", "slug", "room", "capacity", "public"]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event")  # str(item), each row's title, names it


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["participant", "status", "gdpr_consent", "consent_at", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["participant"]
    show_change_link = True
    classes = ["collapse"]

    def get_queryset(self, request):
        # Every row names its participant (the row's title and the autocomplete's selected option).
        return super().get_queryset(request).select_related("participant__user", "event")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "participant":
            kwargs["queryset"] = Participant.objects.select_related("user")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Event)
class EventAdmin(OrganizedEventsMixin, admin.ModelAdmin):
    list_display = ["name", "date", "venue", "capacity", "requires_approval", "registration_open", "confirmed"]
    list_filter = ["date", "requires_approval", "registration_open"]
    search_fields = ["name", "slug", "venue"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["organizers"]
    inlines = [ProgrammeItemInline, RegistrationInline]
    date_hierarchy = "date"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            confirmed_count=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)))

    @admin.display(description="inscrits confirmés", ordering="confirmed_count")
    def confirmed(self, event):
        return event.confirmed_count


class WorkshopSeatInline(OrganizedChoicesMixin, admin.TabularInline):
    model = WorkshopSeat
    extra = 0
    fields = ["item", "status", "created_at"]
    readonly_fields = ["created_at"]

    def get_queryset(self, request):
        # Each row is titled with str(seat): its participant and workshop.
        return super().get_queryset(request).select_related("registration__participant__user", "item")


@admin.register(ProgrammeItem)
class ProgrammeItemAdmin(OrganizedEventsMixin, admin.ModelAdmin):
    list_display = ["title", "event", "kind", "start", "end", "room", "capacity", "public"]
    list_filter = ["event", "kind", "public"]
    search_fields = ["title", "slug", "room"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "commune", "siret", "members_count"]
    list_filter = ["kind", "commune"]
    search_fields = ["name", "siret", "commune"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(members_total=Count("members"))

    @admin.display(description="membres", ordering="members_total")
    def members_count(self, organization):
        return organization.members_total


class ParticipantAdminForm(forms.ModelForm):
    """Adding a participant creates their account from a name and an e-mail (no password yet)."""

    first_name = forms.CharField(label="Prénom", max_length=150, required=False)
    last_name = forms.CharField(label="Nom", max_length=150, required=False)
    email = forms.EmailField(label="Adresse e-mail", required=False, max_length=services.EMAIL_MAX_LENGTH)

    class Meta:
        model = Participant
        fields = ["user", "organization", "role", "job_title", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].required = False
        self.fields["user"].help_text = "Laisser vide pour créer le compte à partir du nom et de l'e-mail."
        if self.instance.pk:
            user = self.instance.user
            self.initial.update(first_name=user.first_name, last_name=user.last_name, email=user.email)

    def clean(self):
        data = super().clean()
        if not data.get("user") and not self.instance.pk:
            for name, label in (("first_name", "prénom"), ("last_name", "nom"), ("email", "e-mail")):
                if not data.get(name):
                    self.add_error(name, f"Indiquez le {label} pour créer le compte (ou choisissez un compte).")
            if data.get("email") and services.email_taken(services.normalize_email(data["email"])):
                self.add_error("email", "Un compte existe déjà avec cette adresse : choisissez-le dans « compte ».")
        elif self.instance.pk and data.get("email") and services.email_taken(
                services.normalize_email(data["email"]), exclude_user=data.get("user") or self.instance.user):
            self.add_error("email", "Cette adresse e-mail est déjà utilisée par un autre compte.")
        return data

    def save(self, commit=True):
        data = self.cleaned_data
        if not self.instance.user_id and not data.get("user"):
            self.instance.user = services.create_account(email=data["email"], first_name=data["first_name"],
                                                         last_name=data["last_name"], password=None)
        elif self.instance.pk:
            # As the participant's own profile change: the login follows an e-mail used as username.
            services.update_profile(user=self.instance.user, **{
                name: data[name] for name in ("first_name", "last_name", "email") if data.get(name)})
        return super().save(commit=commit)


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    form = ParticipantAdminForm
    list_display = ["display_name", "email", "organization", "role", "job_title"]
    list_filter = ["role", "organization__kind"]
    search_fields = ["user__first_name", "user__last_name", "user__email", "organization__name"]
    autocomplete_fields = ["organization"]
    raw_id_fields = ["user"]
    list_select_related = ["user", "organization"]
    fieldsets = [
        ("Personne", {"fields": ["first_name", "last_name", "email", "user"]}),
        ("Participation", {"fields": ["organization", "role", "job_title", "phone"]}),
    ]

    @admin.display(description="e-mail", ordering="user__email")
    def email(self, participant):
        return participant.user.email


@admin.register(Registration)
class RegistrationAdmin(OrganizedEventsMixin, admin.ModelAdmin):
    list_display = ["participant", "organization", "role", "event", "status", "gdpr_consent", "created_at"]
    list_filter = ["event", "status", "participant__role", "gdpr_consent"]
    search_fields = ["participant__user__first_name", "participant__user__last_name", "participant__user__email",
                     "participant__organization__name"]
    autocomplete_fields = ["participant"]
    list_select_related = ["participant__user", "participant__organization", "event"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [WorkshopSeatInline]
    actions = ["approve", "cancel"]
    date_hierarchy = "created_at"

    @admin.display(description="organisation", ordering="participant__organization__name")
    def organization(self, registration):
        return registration.participant.organization

    @admin.display(description="rôle", ordering="participant__role")
    def role(self, registration):
        return registration.participant.get_role_display()

    def _apply(self, request, queryset, service, done: str) -> None:
        count, refused = 0, []
        for registration in queryset.select_related("event", "participant__user"):
            try:
                service(registration=registration, by=request.user)
                count += 1
            except AppError as exc:
                refused.append(f"{registration.participant} : {exc.message}")
        if count:
            self.message_user(request, f"{count} inscription(s) {done}.", messages.SUCCESS)
        for message in refused:
            self.message_user(request, message, messages.WARNING)

    @admin.action(description="Valider les inscriptions sélectionnées (en attente)",
                  permissions=["change"])
    def approve(self, request, queryset):
        self._apply(request, queryset, services.approve_registration, "validée(s)")

    @admin.action(description="Annuler les inscriptions sélectionnées (places libérées pour la liste d'attente)",
                  permissions=["change"])
    def cancel(self, request, queryset):
        self._apply(request, queryset, services.cancel_registration, "annulée(s)")


@admin.register(WorkshopSeat)
class WorkshopSeatAdmin(OrganizedEventsMixin, admin.ModelAdmin):
    list_display = ["registration", "item", "status", "created_at"]
    list_filter = ["item__event", "item", "status"]
    search_fields = ["registration__participant__user__last_name", "item__title"]
    raw_id_fields = ["registration"]
    list_select_related = ["registration__participant__user", "registration__event", "item__event"]
