from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "backend.core"
    verbose_name = "Socle"
    label = "core"
