from django.urls import path

from backend.agenda import api_views

urlpatterns = [
    path("me/agenda/", api_views.MyAgendaView.as_view(), name="api-my-agenda"),
    path("me/agenda.ics", api_views.MyAgendaCalendarView.as_view(), name="api-my-agenda-ics"),
    path("me/agenda/feed/", api_views.MyFeedView.as_view(), name="api-my-agenda-feed"),
]
