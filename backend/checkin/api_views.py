"""The check-in API: scans, badges (QR, PDF), revocations, meeting attendance, the no-show loop."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.checkin import documents, selectors, services
from backend.checkin import serializers as s
from backend.checkin.parsing import parse_cutoff, parse_ids
from backend.checkin.permissions import CanCheckIn
from backend.core.errors import forbidden, not_found
from backend.events.models import Registration
from backend.events.permissions import IsEventOrganizer, participant_of
from backend.meetings.models import MeetingBlock

EVENT_PARAM = OpenApiParameter("event", str, required=True, description="Identifiant de l'événement.")


def file_response(content: bytes, content_type: str, filename: str | None = None) -> HttpResponse:
    """A private download (a badge, a PDF with names): never kept by a cache."""
    response = HttpResponse(content, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class CheckInView(APIView):
    """Scan a badge at the desk (organizers of the event and desk accounts)."""

    @extend_schema(request=s.CheckInRequestSerializer, responses=s.CheckInAnswerSerializer)
    def post(self, request):
        data = s.CheckInRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event, desk = selectors.checkin_context(user=request.user, event_slug=data.validated_data.get("event"),
                                                desk_id=data.validated_data.get("desk"))
        answer = services.check_in(event=event, token=data.validated_data["token"],
                                   nonce=data.validated_data["nonce"], desk=desk, user=request.user)
        return Response(answer)


class EventScopedView(APIView):
    """Organizer views under /api/events/<slug>/."""

    permission_classes = [IsAuthenticated, IsEventOrganizer]

    def get_event(self):
        if not hasattr(self, "_event"):
            self._event = selectors.event_by_slug(self.kwargs["slug"])
        return self._event


class CheckInStatusView(EventScopedView):
    """Live figures of the desk: arrivals by role and the last scans."""

    permission_classes = [IsAuthenticated, CanCheckIn]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, slug):
        event = self.get_event()
        counts = selectors.checkin_counts(event=event)
        scans = selectors.recent_scans(event=event, limit=10)
        return Response({
            "counts": [c.__dict__ for c in counts],
            "checked_in": sum(c.checked_in for c in counts),
            "expected": sum(c.expected for c in counts),
            "recent": [{"at": scan.created_at, "result": scan.result, "message": scan.answer.get("message", ""),
                        "name": (scan.answer.get("person") or {}).get("name", ""),
                        "desk": scan.desk.name if scan.desk else ""} for scan in scans],
        })


class RevocationListView(EventScopedView):
    """What an offline check-in device syncs: the public key, current versions, revoked badges."""

    permission_classes = [IsAuthenticated, CanCheckIn]

    @extend_schema(responses=s.RevocationListSerializer)
    def get(self, request, slug):
        return Response(s.RevocationListSerializer(selectors.revocation_list(event=self.get_event())).data)


class MyBadgeView(APIView):
    """The participant's own badge for an event (token, typed code, image links)."""

    @extend_schema(parameters=[EVENT_PARAM], responses=s.BadgeSerializer)
    def get(self, request):
        registration = selectors.own_registration(
            user=request.user, event=selectors.event_by_slug(request.query_params.get("event")))
        badge = services.issue_badge(registration=registration, user=request.user)
        return Response(s.BadgeSerializer(badge, context={"request": request}).data)


class MyBadgeImageView(APIView):
    """GET /api/me/badge.png|svg?event=SLUG: the QR of one's own badge."""

    fmt = "png"

    @extend_schema(parameters=[EVENT_PARAM], responses={(200, "image/png"): OpenApiTypes.BINARY})
    def get(self, request):
        registration = selectors.own_registration(
            user=request.user, event=selectors.event_by_slug(request.query_params.get("event")))
        badge = services.issue_badge(registration=registration, user=request.user)
        content, content_type = documents.badge_image(badge=badge, fmt=self.fmt)
        return file_response(content, content_type)


class BadgesPdfView(EventScopedView):
    """Badges of the event as PDF: all confirmed registrations or `registrations=1,2,3`; A6 or A4."""

    @extend_schema(parameters=[
        OpenApiParameter("layout", str, enum=["a6", "a4"], description="a6 : un badge par page ; a4 : planches "
                                                                       "de quatre avec traits de coupe."),
        OpenApiParameter("registrations", str, description="Identifiants d'inscriptions séparés par des "
                                                           "virgules (par défaut : toutes les confirmées)."),
    ], responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, slug):
        event = self.get_event()
        layout = request.query_params.get("layout", "a6")
        ids = parse_ids(request.query_params.getlist("registrations"), field="registrations")
        pdf = documents.event_badges_pdf(event=event, layout=layout, registration_ids=ids, user=request.user)
        return file_response(pdf, "application/pdf", f"badges-{event.slug}-{layout}.pdf")


class TableCardsPdfView(EventScopedView):
    """Table cards per host (table, host, slots and expected guests of the published timetable)."""

    @extend_schema(parameters=[OpenApiParameter("block", int, description="Un bloc de rendez-vous (par défaut : "
                                                                          "tous ceux de l'événement).")],
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, slug):
        event = self.get_event()
        pdf = documents.event_table_cards_pdf(event=event, block_id=request.query_params.get("block"))
        return file_response(pdf, "application/pdf", f"chevalets-{event.slug}.pdf")


class ReissueBadgeView(APIView):
    """Lost badge or name change: the current version is revoked and the next one issued."""

    @extend_schema(request=s.ReissueSerializer, responses=s.BadgeSerializer)
    def post(self, request, pk):
        registration = get_object_or_404(Registration.objects.select_related("event", "participant"), pk=pk)
        if not IsEventOrganizer().has_object_permission(request, self, registration):
            raise not_found("Inscription introuvable.")
        data = s.ReissueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        badge = services.reissue_badge(registration=registration, user=request.user,
                                       reason=data.validated_data.get("reason", ""))
        return Response(s.BadgeSerializer(badge, context={"request": request}).data, status=status.HTTP_201_CREATED)


class MyMeetingsAttendanceView(APIView):
    """The host's meetings of the published timetable, with their held / no-show marks."""

    @extend_schema(parameters=[EVENT_PARAM], responses=s.HostMeetingSerializer(many=True))
    def get(self, request):
        event = selectors.event_by_slug(request.query_params.get("event"))
        participant = participant_of(request.user)
        if participant is None:
            raise forbidden("Réservé aux participants.")
        rows = selectors.host_meetings(participant=participant, event=event)
        return Response(s.HostMeetingSerializer(rows, many=True).data)


class MeetingAttendanceView(APIView):
    """The host marks one meeting held or no-show."""

    @extend_schema(request=s.AttendanceRequestSerializer, responses=s.AttendanceSerializer)
    def post(self, request, pk):
        meeting = selectors.meeting_for_attendance(meeting_id=pk, user=request.user)
        data = s.AttendanceRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        attendance = services.mark_attendance(meeting=meeting, status=data.validated_data["status"],
                                              user=request.user)
        return Response(s.AttendanceSerializer(attendance).data)


class AttendanceScanView(APIView):
    """The host scans the guest's badge at the table: the meeting is marked held."""

    @extend_schema(request=s.AttendanceScanSerializer, responses=s.AttendanceSerializer)
    def post(self, request):
        data = s.AttendanceScanSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = selectors.event_by_slug(data.validated_data["event"])
        attendance = services.mark_attendance_by_scan(event=event, token=data.validated_data["token"],
                                                      user=request.user)
        return Response(s.AttendanceSerializer(attendance).data)


class NoShowReportView(EventScopedView):
    """Participants not checked in by the cut-off, and meetings marked no-show."""

    @extend_schema(parameters=[OpenApiParameter("cutoff", str, description="HH:MM (jour de l'événement) ou "
                                                                           "date-heure ISO ; par défaut : maintenant.")],
                   responses=s.NoShowReportSerializer)
    def get(self, request, slug):
        event = self.get_event()
        cutoff = parse_cutoff(request.query_params.get("cutoff"), event=event)
        report = {"cutoff": cutoff,
                  "not_checked_in": selectors.absent_registrations(event=event, cutoff=cutoff),
                  "no_show_meetings": selectors.no_show_attendances(event=event)}
        return Response(s.NoShowReportSerializer(report).data)


class ReplanView(APIView):
    """Start a re-plan of a meeting block without the absent participants."""

    @extend_schema(request=s.ReplanRequestSerializer, responses={202: OpenApiTypes.OBJECT})
    def post(self, request, pk):
        block = MeetingBlock.objects.filter(pk=pk).select_related("item__event").first()
        if block is None or not IsEventOrganizer().has_object_permission(request, self, block.item):
            raise not_found("Bloc de rendez-vous introuvable.")
        data = s.ReplanRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run = services.replan_without_absentees(block=block, user=request.user,
                                                participant_ids=data.validated_data["participant_ids"])
        return Response({"run": run.pk, "status": run.status}, status=status.HTTP_202_ACCEPTED)
