"""The events API: parse, call one service, serialize. Permissions from backend.events.permissions."""

from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.core.errors import AppError
from backend.events import importing, selectors, services
from backend.events.models import Event, Organization, Participant, ProgrammeItem, Registration
from backend.events.permissions import IsEventOrganizer, IsOwnerOrEventOrganizer, is_organizer, participant_of
from backend.events.serializers import (
    EventOrganizationSerializer,
    EventParticipantSerializer,
    EventSerializer,
    ImportFailureSerializer,
    ImportInputSerializer,
    ImportReportSerializer,
    ProfileSerializer,
    ProgrammeItemSerializer,
    RegistrationCreateSerializer,
    RegistrationSerializer,
    WorkshopsInputSerializer,
)

SLUG = OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="Identifiant de l'événement.")


def workshops_from_slugs(event: Event, slugs: list[str]) -> list[ProgrammeItem]:
    items = {item.slug: item for item in event.programme.filter(slug__in=slugs)}
    unknown = [slug for slug in slugs if slug not in items]
    if unknown:
        raise AppError(f"Atelier inconnu pour cet événement : « {unknown[0]} ».", field="workshops",
                       code="invalid_workshop")
    return [items[slug] for slug in slugs]


class EventScopedMixin:
    """Views under /api/events/{slug}/: `get_event()` for the permission classes."""

    def get_event(self) -> Event:
        if not hasattr(self, "_event"):
            self._event = get_object_or_404(Event, slug=self.kwargs["slug"])
        return self._event


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Events: public."""

    queryset = Event.objects.order_by("-date", "id")
    serializer_class = EventSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    filterset_fields = ["date"]


@extend_schema(parameters=[SLUG])
class ProgrammeView(EventScopedMixin, generics.ListAPIView):
    """The public programme of an event (organizers also see the items hidden from the public)."""

    serializer_class = ProgrammeItemSerializer
    permission_classes = [AllowAny]
    filterset_fields = ["kind"]
    queryset = ProgrammeItem.objects.none()  # for the schema; get_queryset is the real one

    def get_queryset(self):
        event = self.get_event()
        if is_organizer(self.request.user, event):
            return selectors.programme_with_seats(event=event)
        return selectors.public_programme(event=event)


@extend_schema(parameters=[SLUG])
class EventParticipantsView(EventScopedMixin, generics.ListAPIView):
    """Everyone registered to the event (any status): organizers only."""

    serializer_class = EventParticipantSerializer
    permission_classes = [IsAuthenticated, IsEventOrganizer]
    filterset_fields = ["role"]
    queryset = Participant.objects.none()

    def get_queryset(self):
        event = self.get_event()
        status_of = Registration.objects.filter(event=event, participant=OuterRef("pk")).values("status")[:1]
        return selectors.event_participants(event=event).annotate(registration_status=Subquery(status_of))


@extend_schema(parameters=[SLUG])
class EventOrganizationsView(EventScopedMixin, generics.ListAPIView):
    """Organizations of the people registered to the event: organizers only."""

    serializer_class = EventOrganizationSerializer
    permission_classes = [IsAuthenticated, IsEventOrganizer]
    filterset_fields = ["kind"]
    queryset = Organization.objects.none()

    def get_queryset(self):
        return selectors.event_organizations(event=self.get_event())


@extend_schema(parameters=[SLUG])
class ImportView(EventScopedMixin, APIView):
    """Participants imported from an XLSX or CSV file: organizers only. All rows or none."""

    permission_classes = [IsAuthenticated, IsEventOrganizer]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": ImportInputSerializer},
                   responses={200: ImportReportSerializer,
                              400: OpenApiResponse(ImportFailureSerializer, description="Fichier refusé : "
                                                   "le rapport donne chaque ligne en erreur ; rien n'est écrit.")})
    def post(self, request, slug: str):
        serializer = ImportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        report = importing.import_participants(event=self.get_event(), data=importing.read_upload(upload),
                                               filename=upload.name,
                                               dry_run=serializer.validated_data["dry_run"])
        body = ImportReportSerializer(report_dict(report)).data
        if report.ok:
            return Response(body)
        count = len(report.errors)
        message = (f"Le fichier contient {count} erreur{'s' if count > 1 else ''} : aucun participant n'a été "
                   "importé.")
        return Response({"code": "import_invalid", "message": message, "report": body},
                        status=status.HTTP_400_BAD_REQUEST)


def report_dict(report: importing.ImportReport) -> dict:
    return {"dry_run": report.dry_run, "ok": report.ok, "rows": report.rows, "created": report.created,
            "confirmed": report.confirmed, "waitlisted": report.waitlisted,
            "errors": [vars(error) for error in report.errors], "ignored_columns": report.ignored_columns}


class RegistrationViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet):
    """Registrations: your own, or all those of the events you organize. Creating one is self-registration."""

    serializer_class = RegistrationSerializer
    permission_classes = [IsOwnerOrEventOrganizer]
    filterset_fields = {"status": ["exact"], "event__slug": ["exact"]}
    queryset = Registration.objects.none()

    def get_queryset(self):
        return (selectors.registrations_visible_to(user=self.request.user)
                .prefetch_related("seats__item").order_by("created_at", "id"))

    def get_permissions(self):
        if self.action == "create":
            return [AllowAny()]
        return super().get_permissions()

    @extend_schema(request=RegistrationCreateSerializer, responses={201: RegistrationSerializer})
    def create(self, request, *args, **kwargs):
        serializer = RegistrationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        event = selectors.event_by_slug(slug=data["event"])
        if event is None:
            raise AppError(f"Événement inconnu : « {data['event']} ».", field="event", code="unknown_event")
        workshops = workshops_from_slugs(event, data["workshops"])
        organization = services.OrganizationInput(**data["organization"]) if data.get("organization") else None
        if request.user.is_authenticated:
            registration = services.register_user(
                event=event, user=request.user, workshops=workshops, gdpr_consent=data["gdpr_consent"],
                role=data.get("role", ""), organization=organization, job_title=data["job_title"],
                phone=data["phone"])
        else:
            for field in ("email", "password", "first_name", "last_name", "role"):
                if not data.get(field):
                    raise AppError("Ce champ est obligatoire pour créer votre compte.", field=field,
                                   code="required")
            registration = services.self_register(
                event=event, email=data["email"], password=data["password"], first_name=data["first_name"],
                last_name=data["last_name"], role=data["role"], organization=organization,
                job_title=data["job_title"], phone=data["phone"], workshops=workshops,
                gdpr_consent=data["gdpr_consent"])
        return Response(self._fresh(registration), status=status.HTTP_201_CREATED)

    def _fresh(self, registration: Registration) -> dict:
        registration = Registration.objects.select_related("event", "participant__user").prefetch_related(
            "seats__item").get(pk=registration.pk)
        return RegistrationSerializer(registration).data

    @extend_schema(request=None, responses={200: RegistrationSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancels the registration (its owner or an organizer); freed places go to the waitlists."""
        registration = services.cancel_registration(registration=self.get_object(), by=request.user)
        return Response(self._fresh(registration))

    @extend_schema(request=None, responses={200: RegistrationSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Accepts a pending registration (organizers of the event only)."""
        registration = services.approve_registration(registration=self.get_object(), by=request.user)
        return Response(self._fresh(registration))

    @extend_schema(request=WorkshopsInputSerializer, responses={200: RegistrationSerializer})
    @action(detail=True, methods=["put"])
    def workshops(self, request, pk=None):
        """Replaces the workshops chosen (places taken or waitlisted in order of arrival)."""
        registration = self.get_object()
        serializer = WorkshopsInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        items = workshops_from_slugs(registration.event, serializer.validated_data["workshops"])
        registration = services.set_workshops(registration=registration, workshops=items, by=request.user)
        return Response(self._fresh(registration))


class MeView(APIView):
    """Your profile: account, participant profile, events you organize. Role and organization are read-only."""

    permission_classes = [IsAuthenticated]
    serializer_class = ProfileSerializer

    def _body(self, user) -> dict:
        participant = participant_of(user)
        return ProfileSerializer({
            "username": user.get_username(), "first_name": user.first_name, "last_name": user.last_name,
            "email": user.email, "job_title": participant.job_title if participant else "",
            "phone": participant.phone if participant else "", "participant": participant,
            "organized_events": list(selectors.organized_events(user=user).values_list("slug", flat=True)),
        }).data

    @extend_schema(responses={200: ProfileSerializer})
    def get(self, request):
        return Response(self._body(request.user))

    @extend_schema(request=ProfileSerializer, responses={200: ProfileSerializer})
    def patch(self, request):
        serializer = ProfileSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.update_profile(user=request.user, **serializer.validated_data)
        request.user.refresh_from_db()
        return Response(self._body(request.user))
