from django.urls import path, re_path

from backend.agenda import views

app_name = "agenda"

urlpatterns = [
    path("agenda/<slug:event_slug>/", views.agenda_page, name="page"),
    path("agenda/<slug:event_slug>/abonnement/", views.feed_action, name="feed-action"),
    path("agenda/<slug:event_slug>/envois/", views.deliveries_page, name="deliveries"),
    re_path(r"^ical/(?P<token>[A-Za-z0-9_-]{20,64})\.ics$", views.feed, name="feed"),
]
