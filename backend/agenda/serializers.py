"""Output shapes of the agenda API (read only; times in the event's zone, ISO 8601 with offset)."""

from rest_framework import serializers


class AgendaPersonSerializer(serializers.Serializer):
    name = serializers.CharField()
    organization = serializers.CharField()
    role = serializers.CharField()
    job_title = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()


class AgendaItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["meeting", "session"])
    uid = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    title = serializers.CharField()
    location = serializers.CharField()
    description = serializers.CharField()
    sequence = serializers.IntegerField()
    table = serializers.CharField(required=False, help_text="Rendez-vous : libellé de la table.")
    block = serializers.CharField(required=False, help_text="Rendez-vous : titre du bloc.")
    role_in_meeting = serializers.SerializerMethodField(help_text="Rendez-vous : host (reçoit) ou guest.")
    reasons = serializers.CharField(required=False, help_text="Rendez-vous : raisons de la compatibilité.")

    MEETING_ONLY = ("table", "block", "reasons", "with", "role_in_meeting")

    def get_role_in_meeting(self, entry) -> str:
        return "host" if entry.as_host else "guest"

    def to_representation(self, entry):
        data = super().to_representation(entry)
        if entry.kind != "meeting":
            for key in self.MEETING_ONLY:
                data.pop(key)
        return data


# `with` is a Python keyword: the field gets that name after the class is built.
AgendaItemSerializer._declared_fields["with"] = AgendaPersonSerializer(
    source="partner", required=False, help_text="Rendez-vous : la personne rencontrée.")


class AgendaHostRowSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    guest = AgendaPersonSerializer(allow_null=True)
    reasons = serializers.CharField()


class AgendaHostBlockSerializer(serializers.Serializer):
    title = serializers.CharField()
    table = serializers.CharField()
    rows = AgendaHostRowSerializer(many=True)


class AgendaEventSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    date = serializers.DateField()
    venue = serializers.CharField()
    address = serializers.CharField()
    timezone = serializers.CharField()


class AgendaSerializer(serializers.Serializer):
    event = AgendaEventSerializer()
    items = AgendaItemSerializer(many=True, source="entries")
    host_blocks = AgendaHostBlockSerializer(many=True)


class AgendaFeedSerializer(serializers.Serializer):
    url = serializers.CharField()
    created_at = serializers.DateTimeField()
