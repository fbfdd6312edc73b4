from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "backend.agenda"
    label = "agenda"
    verbose_name = "Agendas, invitations et courriels"
