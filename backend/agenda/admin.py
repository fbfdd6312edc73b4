from django.contrib import admin, messages

from backend.agenda import services
from backend.agenda.models import Delivery, FeedToken


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "participant", "recipient", "kind", "status", "attempts", "sent_at", "event"]
    list_filter = ["status", "kind", "event"]
    search_fields = ["recipient", "subject", "participant__user__last_name", "participant__user__email"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Delivery._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Renvoyer les courriels en échec sélectionnés")
    def retry(self, request, queryset):
        count = 0
        for delivery in queryset.filter(status=Delivery.Status.FAILED):
            services.retry_delivery(delivery=delivery)
            count += 1
        self.message_user(request, f"{count} courriel(s) remis en file d'envoi.", messages.SUCCESS)


@admin.register(FeedToken)
class FeedTokenAdmin(admin.ModelAdmin):
    list_display = ["participant", "event", "created_at", "revoked_at"]
    list_filter = ["event"]
    search_fields = ["participant__user__last_name", "participant__user__email"]
    readonly_fields = ["token", "created_at"]
    raw_id_fields = ["participant"]
