from django.urls import path
from rest_framework.routers import SimpleRouter

from backend.events import api_views

router = SimpleRouter()
router.register("events", api_views.EventViewSet, basename="api-event")
router.register("registrations", api_views.RegistrationViewSet, basename="api-registration")

urlpatterns = [
    path("events/<slug:slug>/programme/", api_views.ProgrammeView.as_view(), name="api-event-programme"),
    path("events/<slug:slug>/participants/", api_views.EventParticipantsView.as_view(),
         name="api-event-participants"),
    path("events/<slug:slug>/organizations/", api_views.EventOrganizationsView.as_view(),
         name="api-event-organizations"),
    path("events/<slug:slug>/import/", api_views.ImportView.as_view(), name="api-event-import"),
    path("me/", api_views.MeView.as_view(), name="api-me"),
    *router.urls,
]
