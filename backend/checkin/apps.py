from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_desk_group(sender, app_config=None, using="default", **kwargs) -> None:
    """The « Accueil » group exists after every migrate, so desk accounts can be made in the admin."""
    from django.contrib.auth.models import Permission

    from backend.checkin.services import ensure_desk_group

    if Permission.objects.using(using).filter(content_type__app_label="checkin", codename="scan_badges").exists():
        ensure_desk_group()


class CheckinConfig(AppConfig):
    name = "backend.checkin"
    label = "checkin"
    verbose_name = "Badges et accueil"

    def ready(self) -> None:
        post_migrate.connect(_ensure_desk_group, sender=self, dispatch_uid="checkin-desk-group")
