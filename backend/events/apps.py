from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EventsConfig(AppConfig):
    name = "backend.events"
    label = "events"
    verbose_name = "Événements et inscriptions"

    def ready(self) -> None:
        from backend.events.groups import on_post_migrate

        post_migrate.connect(on_post_migrate, dispatch_uid="events_organizer_group")
