from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "backend.agenda"
    label = "agenda"
    verbose_name = "Agendas, invitations et courriels"

    def ready(self) -> None:
        from backend.agenda import receivers
        from backend.events.signals import registration_confirmed, waitlist_promoted
        from backend.meetings.signals import timetable_published

        timetable_published.connect(receivers.on_timetable_published, dispatch_uid="agenda_timetable_published")
        registration_confirmed.connect(receivers.on_registration_confirmed, dispatch_uid="agenda_registration")
        waitlist_promoted.connect(receivers.on_waitlist_promoted, dispatch_uid="agenda_waitlist_promoted")
