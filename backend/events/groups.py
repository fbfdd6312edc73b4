"""The "Organisateurs" group: the model permissions a staff organizer (not superuser) needs in the admin.

Kept up to date after every migration (post_migrate, see apps.py) and by `manage.py demo`, so the
models other apps add are covered as soon as they exist.
"""

from django.contrib.auth.models import Group, Permission

ORGANIZERS_GROUP = "Organisateurs"
# Every model permission of these apps; what organizers manage day to day.
ORGANIZER_APPS = ["events", "meetings", "agenda", "checkin"]
# Read-only on accounts: changing users would let a staff member make themselves superuser.
EXTRA_PERMISSIONS = [("auth", "view_user")]


def ensure_organizer_group() -> Group:
    group, _ = Group.objects.get_or_create(name=ORGANIZERS_GROUP)
    wanted = set(Permission.objects.filter(content_type__app_label__in=ORGANIZER_APPS).values_list("pk", flat=True))
    for app_label, codename in EXTRA_PERMISSIONS:
        wanted |= set(Permission.objects.filter(content_type__app_label=app_label, codename=codename)
                      .values_list("pk", flat=True))
    current = set(group.permissions.values_list("pk", flat=True))
    if wanted - current:
        group.permissions.add(*(wanted - current))
    return group


def on_post_migrate(sender, app_config=None, using="default", **kwargs) -> None:
    label = getattr(app_config, "label", None) or getattr(sender, "label", None)
    if label in ORGANIZER_APPS or label == "auth":
        ensure_organizer_group()
