from django.apps import AppConfig
from django.db.models.signals import post_migrate


def seed_empty_vocabularies(sender, using="default", **kwargs) -> None:
    """The data migration seeds the vocabularies; a database flush (tests) empties them: refill an
    empty table only, so that organizers' edits are never overwritten."""
    from backend.meetings.profile_models import Term
    from matchmaking import vocabulary

    if Term.objects.using(using).exists():
        return
    kinds = {"instrument": vocabulary.INSTRUMENTS, "theme": vocabulary.THEMES, "stage": vocabulary.STAGES,
             "purchase_category": vocabulary.PURCHASE_CATEGORIES}
    Term.objects.using(using).bulk_create(
        Term(kind=kind, code=code, label=label, position=position)
        for kind, values in kinds.items() for position, (code, label) in enumerate(values))


class MeetingsConfig(AppConfig):
    name = "backend.meetings"
    label = "meetings"
    verbose_name = "Rendez-vous et planning"

    def ready(self) -> None:
        post_migrate.connect(seed_empty_vocabularies, sender=self, dispatch_uid="meetings-seed-vocabularies")
