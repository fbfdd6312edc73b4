"""The participant's own agenda: JSON, a calendar download and the subscription secret. Nobody else's."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import renderers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.agenda import ical, selectors, services
from backend.agenda.serializers import AgendaFeedSerializer, AgendaSerializer

EVENT_PARAM = OpenApiParameter("event", str, required=True, description="Identifiant (slug) de l'événement.")


def feed_url(token) -> str:
    return settings.SITE_URL + reverse("agenda:feed", kwargs={"token": token.token})


def calendar_response(agenda, *, filename: str, attachment: bool) -> HttpResponse:
    body = ical.calendar(agenda.calendar_entries(), tzid=agenda.tz.key,
                         name=f"{agenda.event.name} : mon agenda")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
    # A private, changing document: calendar apps must ask again, proxies must not keep it.
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response


class CalendarRenderer(renderers.BaseRenderer):
    """Lets clients ask for `Accept: text/calendar`; errors still come out as JSON."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes | str):
            return data
        return renderers.JSONRenderer().render(data)


def my_agenda(request):
    return selectors.user_agenda(user=request.user, event_slug=request.query_params.get("event"))


class MyAgendaView(APIView):
    @extend_schema(parameters=[EVENT_PARAM], responses=AgendaSerializer,
                   summary="Mon agenda : sessions et rendez-vous (heures de l'événement)")
    def get(self, request):
        agenda = my_agenda(request)
        with timezone.override(agenda.tz):
            return Response(AgendaSerializer(agenda).data)


class MyAgendaCalendarView(APIView):
    renderer_classes = [renderers.JSONRenderer, CalendarRenderer]

    @extend_schema(parameters=[EVENT_PARAM], responses={(200, "text/calendar"): OpenApiTypes.BINARY},
                   summary="Mon agenda au format iCalendar (.ics)")
    def get(self, request):
        agenda = my_agenda(request)
        return calendar_response(agenda, filename=f"agenda-{agenda.event.slug}.ics", attachment=True)


class MyFeedView(APIView):
    """POST: a new secret subscription URL (the old one stops working); DELETE: no URL any more."""

    @extend_schema(parameters=[EVENT_PARAM], request=None, responses={201: AgendaFeedSerializer},
                   summary="Créer ou renouveler mon lien d'abonnement calendrier")
    def post(self, request):
        agenda = my_agenda(request)
        token = services.regenerate_feed_token(participant=agenda.participant, event=agenda.event)
        return Response({"url": feed_url(token), "created_at": token.created_at}, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[EVENT_PARAM], request=None, responses={204: None},
                   summary="Révoquer mon lien d'abonnement calendrier")
    def delete(self, request):
        agenda = my_agenda(request)
        services.revoke_feed_token(participant=agenda.participant, event=agenda.event)
        return Response(status=status.HTTP_204_NO_CONTENT)
