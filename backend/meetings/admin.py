"""The Django admin of the meetings app, in French, for organizers."""

from django import forms
from django.contrib import admin, messages

from backend.core.errors import AppError
from backend.events.admin import OrganizedChoicesMixin
from backend.meetings import services
from backend.meetings.models import (
    FinancingNeedProfile,
    FinancingOfferProfile,
    HostInterest,
    Meeting,
    MeetingBlock,
    Pause,
    Presence,
    PurchaseNeedProfile,
    SiaeOfferProfile,
    Slot,
    SolveRun,
    Table,
    Term,
    TimetableVersion,
    Wish,
)


class OrganizedBlocksMixin(OrganizedChoicesMixin):
    """Staff organizers (not superusers) see the rows of the events they organize only, and may point a row
    only at the blocks (or programme items) of those events."""

    choice_paths = {**OrganizedChoicesMixin.choice_paths, MeetingBlock: ("item__event__organizers", "item")}
    event_path = "block__item__event"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.event_path}__organizers": request.user}).distinct()


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "kind", "position", "active"]
    list_filter = ["kind", "active"]
    list_editable = ["position", "active"]
    search_fields = ["label", "code"]


class PauseInline(admin.TabularInline):
    model = Pause
    extra = 0


class TableInline(admin.TabularInline):
    model = Table
    extra = 0
    autocomplete_fields = ["host"]


class SlotInline(admin.TabularInline):
    model = Slot
    extra = 0
    readonly_fields = ["index", "start", "end"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class MeetingBlockForm(forms.ModelForm):
    class Meta:
        model = MeetingBlock
        fields = ["item", "slot_minutes", "host_roles", "guest_roles", "wish_deadline", "max_wishes_per_guest",
                  "max_meetings_per_participant", "max_consecutive", "hosts_must_accept", "solve_time_limit_s"]

    def clean_slot_minutes(self):
        minutes = self.cleaned_data["slot_minutes"]
        block = self.instance
        if (block.pk and minutes != MeetingBlock.objects.get(pk=block.pk).slot_minutes
                and (block.runs.exists() or block.versions.exists())):
            raise forms.ValidationError("Des calculs ou un planning existent déjà pour ce bloc : la durée des "
                                        "créneaux ne peut plus changer.")
        return minutes


@admin.register(MeetingBlock)
class MeetingBlockAdmin(OrganizedBlocksMixin, admin.ModelAdmin):
    event_path = "item__event"
    form = MeetingBlockForm
    list_display = ["__str__", "slot_minutes", "max_wishes_per_guest", "hosts_must_accept", "wish_deadline"]
    list_select_related = ["item"]
    inlines = [PauseInline, TableInline, SlotInline]

    def save_related(self, request, form, formsets, change):
        """Slots follow the block's times, slot length and pauses, as with the API and the service."""
        super().save_related(request, form, formsets, change)
        try:
            slots = services.generate_slots(block=form.instance)
        except AppError as exc:
            messages.warning(request, f"Créneaux inchangés : {exc.message}")
        else:
            messages.info(request, f"{len(slots)} créneaux de {form.instance.slot_minutes} minutes.")


@admin.register(Wish)
class WishAdmin(OrganizedBlocksMixin, admin.ModelAdmin):
    list_display = ["guest", "host", "rank", "status", "block"]
    list_select_related = ["guest__user", "host__user", "block__item"]
    list_filter = ["block", "status"]
    search_fields = ["guest__user__last_name", "host__user__last_name", "guest__organization__name",
                     "host__organization__name"]
    autocomplete_fields = ["guest", "host"]


@admin.register(HostInterest)
class HostInterestAdmin(OrganizedBlocksMixin, admin.ModelAdmin):
    list_display = ["host", "guest", "block"]
    list_select_related = ["guest__user", "host__user", "block__item"]
    list_filter = ["block"]
    autocomplete_fields = ["guest", "host"]


@admin.register(Presence)
class PresenceAdmin(OrganizedBlocksMixin, admin.ModelAdmin):
    list_display = ["participant", "block", "arrives_at", "leaves_at", "needs_accessible", "max_meetings"]
    list_select_related = ["participant__user", "block__item"]
    list_filter = ["block", "needs_accessible"]
    autocomplete_fields = ["participant"]


@admin.register(SolveRun)
class SolveRunAdmin(OrganizedBlocksMixin, admin.ModelAdmin):
    list_display = ["id", "block", "status", "replan", "created_at", "finished_at", "created_by"]
    list_select_related = ["block__item", "created_by"]
    list_filter = ["block", "status"]
    readonly_fields = ["problem", "schedule", "progress", "requests_info", "task_id", "error", "started_at",
                       "finished_at", "base_version", "absent_participant_ids"]


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0
    readonly_fields = ["slot", "table", "host", "guest", "weight", "reasons"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("slot", "table", "host__user", "guest__user")


@admin.register(TimetableVersion)
class TimetableVersionAdmin(OrganizedBlocksMixin, admin.ModelAdmin):
    list_display = ["block", "number", "published_at", "published_by"]
    list_select_related = ["block__item", "published_by"]
    list_filter = ["block"]
    readonly_fields = ["block", "number", "run", "published_by"]
    inlines = [MeetingInline]


class ProfileAdmin(admin.ModelAdmin):
    list_display = ["participant"]
    search_fields = ["participant__user__last_name", "participant__organization__name"]
    autocomplete_fields = ["participant"]


for model, filters in ((FinancingNeedProfile, ["instruments", "themes", "stage"]),
                       (FinancingOfferProfile, ["instruments", "themes"]),
                       (PurchaseNeedProfile, ["categories"]),
                       (SiaeOfferProfile, ["categories"])):
    admin.site.register(model, type(f"{model.__name__}Admin", (ProfileAdmin,), {
        "list_filter": filters,
        "filter_horizontal": [f.name for f in model._meta.many_to_many],
    }))
