from rest_framework import serializers

from backend.checkin.models import Badge, MeetingAttendance
from backend.checkin.parsing import MAX_ID


class CheckInRequestSerializer(serializers.Serializer):
    token = serializers.CharField(allow_blank=True, trim_whitespace=False,
                                  help_text="Le contenu du QR, ou le code de 10 caractères imprimé dessous.")
    nonce = serializers.CharField(max_length=64, help_text="Identifiant unique du scan (un rejeu rend la même "
                                                           "réponse et n'enregistre rien de plus).")
    event = serializers.SlugField(required=False, help_text="Identifiant de l'événement (facultatif pour un "
                                                           "compte d'accueil rattaché à un seul poste).")
    desk = serializers.IntegerField(required=False, help_text="Poste d'accueil (facultatif).")


class PersonSerializer(serializers.Serializer):
    registration = serializers.IntegerField()
    name = serializers.CharField()
    organization = serializers.CharField()
    role = serializers.CharField()
    role_label = serializers.CharField()


class CheckInAnswerSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=["ok", "already_checked_in", "revoked", "wrong_event", "invalid"])
    message = serializers.CharField()
    person = PersonSerializer(required=False)
    checked_in_at = serializers.DateTimeField(required=False)
    desk = serializers.CharField(required=False)


class BadgeSerializer(serializers.ModelSerializer):
    event = serializers.SlugField(source="registration.event.slug")
    png = serializers.SerializerMethodField()
    svg = serializers.SerializerMethodField()

    class Meta:
        model = Badge
        fields = ["event", "registration", "version", "token", "short_code", "issued_at", "png", "svg"]

    def _url(self, badge: Badge, ext: str) -> str:
        request = self.context.get("request")
        path = f"/api/me/badge.{ext}?event={badge.registration.event.slug}"
        return request.build_absolute_uri(path) if request else path

    def get_png(self, badge: Badge) -> str:
        return self._url(badge, "png")

    def get_svg(self, badge: Badge) -> str:
        return self._url(badge, "svg")


class ReissueSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200)


class RevocationSerializer(serializers.Serializer):
    registration = serializers.IntegerField()
    version = serializers.IntegerField()


class RevocationListSerializer(serializers.Serializer):
    event = serializers.SlugField()
    event_id = serializers.IntegerField()
    public_key = serializers.CharField(help_text="Clé publique Ed25519 (base64) : vérifie les badges hors ligne.")
    current_versions = serializers.DictField(child=serializers.IntegerField(),
                                             help_text="Version en cours du badge, par inscription.")
    revoked = RevocationSerializer(many=True)


class AttendanceRequestSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=MeetingAttendance.Status.choices)


class AttendanceScanSerializer(serializers.Serializer):
    token = serializers.CharField(allow_blank=True, trim_whitespace=False)
    event = serializers.SlugField()


class AttendanceSerializer(serializers.ModelSerializer):
    host = serializers.CharField(source="host.display_name")
    guest = serializers.CharField(source="guest.display_name")
    slot_start = serializers.DateTimeField(source="slot.start", default=None)

    class Meta:
        model = MeetingAttendance
        fields = ["id", "block", "host", "guest", "slot_start", "status", "via_scan", "marked_at"]


class HostMeetingSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(source="meeting.pk")
    block = serializers.IntegerField(source="meeting.version.block_id")
    slot_start = serializers.DateTimeField(source="meeting.slot.start")
    slot_end = serializers.DateTimeField(source="meeting.slot.end")
    table = serializers.CharField(source="meeting.table.label", default="")
    guest = serializers.CharField(source="meeting.guest.display_name")
    guest_organization = serializers.CharField(source="meeting.guest.organization.name", default="")
    status = serializers.CharField(source="attendance.status", default=None, allow_null=True)


class AbsentSerializer(serializers.Serializer):
    registration = serializers.IntegerField(source="pk")
    participant = serializers.IntegerField(source="participant_id")
    name = serializers.CharField(source="participant.display_name")
    organization = serializers.CharField(source="participant.organization.name", default="")
    role = serializers.CharField(source="participant.role")


class NoShowMeetingSerializer(serializers.Serializer):
    block = serializers.IntegerField(source="block_id")
    host = serializers.IntegerField(source="host_id")
    host_name = serializers.CharField(source="host.display_name")
    guest = serializers.IntegerField(source="guest_id")
    guest_name = serializers.CharField(source="guest.display_name")
    slot_start = serializers.DateTimeField(source="slot.start", default=None)
    marked_at = serializers.DateTimeField()


class NoShowReportSerializer(serializers.Serializer):
    cutoff = serializers.DateTimeField()
    not_checked_in = AbsentSerializer(many=True)
    no_show_meetings = NoShowMeetingSerializer(many=True)


class ReplanRequestSerializer(serializers.Serializer):
    participant_ids = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
                                            allow_empty=False)
