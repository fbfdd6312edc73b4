"""API shapes of the event domain. Input serializers only parse; services decide."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.events.models import Event, Organization, Participant, ProgrammeItem, Registration, WorkshopSeat


@extend_schema_field({"type": "string", "description": "Valeurs : " + ", ".join(
    f"`{value}` ({label})" for value, label in ProgrammeItem.Kind.choices)})
class ProgrammeKindField(serializers.ChoiceField):
    """Described, not an enum: `kind` also names the organizations' kinds and the two enums would collide."""


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = ["slug", "name", "date", "venue", "address", "timezone", "description", "capacity",
                  "requires_approval", "registration_open"]


class ProgrammeItemSerializer(serializers.ModelSerializer):
    kind = ProgrammeKindField(choices=ProgrammeItem.Kind.choices, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    seats_taken = serializers.IntegerField(read_only=True, help_text="Places confirmées (ateliers).")
    waitlist_size = serializers.IntegerField(read_only=True, help_text="Personnes en liste d'attente.")

    class Meta:
        model = ProgrammeItem
        fields = ["slug", "kind", "kind_label", "title", "description", "start", "end", "room", "capacity",
                  "seats_taken", "waitlist_size"]


class OrganizationSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "kind", "kind_label", "commune", "siret", "website"]


class EventOrganizationSerializer(OrganizationSerializer):
    members_count = serializers.IntegerField(read_only=True, help_text="Membres inscrits à l'événement.")

    class Meta(OrganizationSerializer.Meta):
        fields = [*OrganizationSerializer.Meta.fields, "members_count"]


class ParticipantSerializer(serializers.ModelSerializer):
    first_name = serializers.CharField(source="user.first_name", read_only=True)
    last_name = serializers.CharField(source="user.last_name", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    organization = OrganizationSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Participant
        fields = ["id", "first_name", "last_name", "email", "role", "role_label", "organization", "job_title",
                  "phone"]


class EventParticipantSerializer(ParticipantSerializer):
    registration_status = serializers.CharField(read_only=True, help_text="Statut de l'inscription à l'événement.")

    class Meta(ParticipantSerializer.Meta):
        fields = [*ParticipantSerializer.Meta.fields, "registration_status"]


class WorkshopSeatSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="item.slug", read_only=True)
    title = serializers.CharField(source="item.title", read_only=True)
    start = serializers.DateTimeField(source="item.start", read_only=True)
    end = serializers.DateTimeField(source="item.end", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = WorkshopSeat
        fields = ["slug", "title", "start", "end", "status", "status_label"]


class RegistrationSerializer(serializers.ModelSerializer):
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    event_name = serializers.CharField(source="event.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    participant = ParticipantSerializer(read_only=True)
    workshops = WorkshopSeatSerializer(source="seats", many=True, read_only=True)

    class Meta:
        model = Registration
        fields = ["id", "event", "event_name", "status", "status_label", "gdpr_consent", "consent_at",
                  "created_at", "updated_at", "participant", "workshops"]


class OrganizationInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=Organization.Kind.choices, required=False, allow_blank=True, default="")
    commune = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    siret = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    website = serializers.URLField(required=False, allow_blank=True, default="")


class RegistrationCreateSerializer(serializers.Serializer):
    """Self-registration. Anonymous: the account fields are required and the account is created.
    Logged in: only `event`, `workshops` and `gdpr_consent` (and `role` if the account has no profile)."""

    event = serializers.SlugField(help_text="Identifiant (slug) de l'événement.")
    workshops = serializers.ListField(child=serializers.SlugField(), required=False, default=list,
                                      help_text="Identifiants des ateliers choisis.")
    gdpr_consent = serializers.BooleanField(help_text="Consentement au traitement des données (obligatoire).")
    email = serializers.EmailField(required=False)
    password = serializers.CharField(required=False, write_only=True, style={"input_type": "password"})
    first_name = serializers.CharField(max_length=150, required=False)
    last_name = serializers.CharField(max_length=150, required=False)
    role = serializers.ChoiceField(choices=Participant.Role.choices, required=False,
                                   help_text="Tous les rôles sauf « organizer », attribué par un administrateur.")
    organization = OrganizationInputSerializer(required=False)
    job_title = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")


class WorkshopsInputSerializer(serializers.Serializer):
    workshops = serializers.ListField(child=serializers.SlugField(), allow_empty=True,
                                      help_text="Identifiants des ateliers choisis (remplace le choix actuel).")


class ProfileSerializer(serializers.Serializer):
    username = serializers.CharField(read_only=True)
    first_name = serializers.CharField(max_length=150, required=False)
    last_name = serializers.CharField(max_length=150, required=False)
    email = serializers.EmailField(required=False)
    job_title = serializers.CharField(max_length=120, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    participant = ParticipantSerializer(read_only=True, allow_null=True)
    organized_events = serializers.ListField(child=serializers.SlugField(), read_only=True,
                                             help_text="Événements dont vous êtes organisateur.")


class ImportInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Classeur .xlsx ou fichier .csv (séparateur ; ou ,).")
    dry_run = serializers.BooleanField(required=False, default=False,
                                       help_text="Vérifier seulement, sans rien enregistrer.")


class ImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Numéro de ligne dans le tableur (1 : en-têtes ; 0 : le fichier).")
    column = serializers.CharField()
    message = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    ok = serializers.BooleanField()
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    confirmed = serializers.IntegerField()
    waitlisted = serializers.IntegerField()
    errors = ImportErrorSerializer(many=True)
    ignored_columns = serializers.ListField(child=serializers.CharField())


class ImportFailureSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    report = ImportReportSerializer()
