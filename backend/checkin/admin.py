from django.contrib import admin

from backend.checkin.models import Badge, CheckIn, Desk, EventKey, MeetingAttendance, Scan


@admin.register(EventKey)
class EventKeyAdmin(admin.ModelAdmin):
    """Shows the public key only: the private key is never rendered (not even read-only)."""

    list_display = ["event", "public_key", "created_at"]
    fields = ["event", "public_key", "created_at"]
    readonly_fields = ["event", "public_key", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False  # keys are created by the badge service

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Badge)
class BadgeAdmin(admin.ModelAdmin):
    list_display = ["registration", "version", "short_code", "issued_at", "revoked_at"]
    list_filter = ["registration__event", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["short_code", "registration__participant__user__last_name",
                     "registration__participant__user__email"]
    readonly_fields = ["registration", "version", "token", "short_code", "issued_at", "issued_by"]
    list_select_related = ["registration__participant__user", "registration__event"]

    def has_add_permission(self, request) -> bool:
        return False  # issued and re-issued by the service (signature, versions)


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    list_display = ["name", "event"]
    list_filter = ["event"]
    filter_horizontal = ["accounts"]


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ["registration", "event", "checked_in_at", "desk", "checked_in_by"]
    list_filter = ["event", "desk"]
    search_fields = ["registration__participant__user__last_name", "registration__participant__user__email"]
    readonly_fields = ["event", "registration", "badge", "desk", "checked_in_by", "checked_in_at"]
    list_select_related = ["registration__participant__user", "event", "desk", "checked_in_by"]

    def has_add_permission(self, request) -> bool:
        return False  # arrivals go through the desk (one per registration, by constraint)


@admin.register(Scan)
class ScanAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event", "result", "registration", "desk", "user"]
    list_filter = ["event", "result", "desk"]
    readonly_fields = ["event", "nonce", "desk", "user", "registration", "result", "answer", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MeetingAttendance)
class MeetingAttendanceAdmin(admin.ModelAdmin):
    list_display = ["block", "slot", "host", "guest", "status", "via_scan", "marked_at"]
    list_filter = ["block", "status"]
    raw_id_fields = ["host", "guest", "slot", "marked_by"]
