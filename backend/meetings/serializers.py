"""API shapes of the meetings app: inputs are validated here, rules are checked by the services."""

from __future__ import annotations

from rest_framework import serializers

from backend.events.models import Participant
from backend.meetings import matching
from backend.meetings.models import Meeting, MeetingBlock, SolveRun, Table, TimetableVersion, Wish
from backend.meetings.solving import reason_label

ROLE_CHOICES = Participant.Role.choices


class MeetingPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="display_name")
    organization = serializers.CharField(source="organization.name", default="")
    role = serializers.CharField()


class BlockTableSerializer(serializers.ModelSerializer):
    host = serializers.IntegerField(source="host_id", allow_null=True, required=False, default=None)

    class Meta:
        model = Table
        fields = ["id", "label", "accessible", "host"]
        read_only_fields = ["id"]
        extra_kwargs = {"label": {"validators": []}}


class BlockSlotSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class BlockPauseSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class BlockSerializer(serializers.ModelSerializer):
    event = serializers.CharField(source="item.event.slug", read_only=True)
    slug = serializers.CharField(source="item.slug", read_only=True)
    title = serializers.CharField(source="item.title", read_only=True)
    start = serializers.DateTimeField(source="item.start", read_only=True)
    end = serializers.DateTimeField(source="item.end", read_only=True)
    host_roles = serializers.ListField(child=serializers.ChoiceField(choices=ROLE_CHOICES), allow_empty=False)
    guest_roles = serializers.ListField(child=serializers.ChoiceField(choices=ROLE_CHOICES), allow_empty=False)
    pauses = BlockPauseSerializer(many=True, required=False)
    slots = BlockSlotSerializer(many=True, read_only=True)
    tables = BlockTableSerializer(many=True, read_only=True)

    class Meta:
        model = MeetingBlock
        fields = ["id", "event", "slug", "title", "start", "end", "slot_minutes", "host_roles", "guest_roles",
                  "wish_deadline", "max_wishes_per_guest", "max_meetings_per_participant", "max_consecutive",
                  "hosts_must_accept", "solve_time_limit_s", "pauses", "slots", "tables"]


class TablesInputSerializer(serializers.Serializer):
    tables = BlockTableSerializer(many=True)


class WishSerializer(serializers.ModelSerializer):
    guest = MeetingPersonSerializer(read_only=True)
    host = MeetingPersonSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Wish
        fields = ["id", "rank", "status", "status_label", "guest", "host", "created_at"]


class WishCreateSerializer(serializers.Serializer):
    host = serializers.IntegerField(help_text="Identifiant du participant hôte.")


class WishOrderSerializer(serializers.Serializer):
    wishes = serializers.ListField(child=serializers.IntegerField(), allow_empty=False,
                                   help_text="Tous vos souhaits, du préféré au moins souhaité.")


class AnswerSerializer(serializers.Serializer):
    accept = serializers.BooleanField()


class PresenceSerializer(serializers.Serializer):
    arrives_at = serializers.DateTimeField(allow_null=True, required=False, default=None)
    leaves_at = serializers.DateTimeField(allow_null=True, required=False, default=None)
    needs_accessible = serializers.BooleanField(required=False, default=False)
    max_meetings = serializers.IntegerField(allow_null=True, required=False, default=None, min_value=1)


class SuggestionSerializer(serializers.Serializer):
    host = MeetingPersonSerializer()
    score = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())
    blocking = serializers.ListField(child=serializers.CharField())
    wished = serializers.BooleanField()
    wish_status = serializers.CharField(allow_null=True)


class StartSolveSerializer(serializers.Serializer):
    time_limit_s = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=3600)
    replan = serializers.BooleanField(required=False, default=False)
    absent_participant_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class RunSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    schedule_status = serializers.SerializerMethodField()
    metrics = serializers.SerializerMethodField()
    bound = serializers.SerializerMethodField()
    published_version = serializers.SerializerMethodField()

    class Meta:
        model = SolveRun
        fields = ["id", "status", "status_label", "replan", "time_limit_s", "progress", "error", "schedule_status",
                  "metrics", "bound", "published_version", "base_version", "absent_participant_ids", "created_at",
                  "started_at", "finished_at"]

    def get_schedule_status(self, run) -> str | None:
        return (run.schedule or {}).get("status")

    def get_metrics(self, run) -> dict:
        return (run.schedule or {}).get("metrics", {})

    def get_bound(self, run) -> dict:
        return (run.schedule or {}).get("bound", {})

    def get_published_version(self, run) -> int | None:
        version = run.versions.first()
        return version.number if version else None


class RunDetailSerializer(RunSerializer):
    unscheduled = serializers.SerializerMethodField()
    wall_time_s = serializers.SerializerMethodField()

    class Meta(RunSerializer.Meta):
        fields = [*RunSerializer.Meta.fields, "wall_time_s", "unscheduled"]

    def get_wall_time_s(self, run) -> float | None:
        return (run.schedule or {}).get("stats", {}).get("wall_time_s")

    def get_unscheduled(self, run) -> list[dict]:
        names = matching.names_in(run.problem or {})
        return [{"host": item["host"], "host_name": names.get(item["host"], item["host"]),
                 "guest": item["guest"], "guest_name": names.get(item["guest"], item["guest"]),
                 "reason": item.get("reason"), "reason_label": reason_label(item.get("reason", ""))}
                for item in (run.schedule or {}).get("unscheduled", [])]


class MeetingSerializer(serializers.ModelSerializer):
    uid = serializers.CharField(read_only=True)
    host = MeetingPersonSerializer()
    guest = MeetingPersonSerializer()
    slot = BlockSlotSerializer()
    table = serializers.CharField(source="table.label", default=None)

    class Meta:
        model = Meeting
        fields = ["id", "uid", "host", "guest", "slot", "table", "weight", "reasons"]


class VersionSerializer(serializers.ModelSerializer):
    meetings_count = serializers.SerializerMethodField()

    class Meta:
        model = TimetableVersion
        fields = ["id", "number", "run", "published_at", "meetings_count"]

    def get_meetings_count(self, version) -> int:
        # A list annotates `meetings_total` (one query for all versions); a single version counts its rows.
        total = getattr(version, "meetings_total", None)
        return version.meetings.count() if total is None else total
