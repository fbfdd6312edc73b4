"""API of the meetings app: thin views that parse, call one service or selector, and serialize."""

from __future__ import annotations

import json

from django.db.models import Count
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.core.errors import forbidden, not_found
from backend.events.models import Participant
from backend.events.permissions import IsEventOrganizer, is_organizer, participant_of
from backend.meetings import selectors, serializers, services, solving
from backend.meetings.models import SolveRun


def _me(request) -> Participant:
    participant = participant_of(request.user)
    if participant is None:
        raise forbidden("Votre compte n'a pas de profil de participant.")
    return participant


class BlockView(APIView):
    """Base: the block named by the URL (event slug, block slug)."""

    permission_classes = [IsAuthenticated]

    def get_block(self):
        if not hasattr(self, "_block"):
            self._block = selectors.block_by_slugs(event_slug=self.kwargs["event"], block_slug=self.kwargs["block"])
        return self._block

    def get_event(self):
        return self.get_block().item.event


class OrganizerBlockView(BlockView):
    permission_classes = [IsAuthenticated, IsEventOrganizer]


class BlockListView(APIView):
    @extend_schema(responses=serializers.BlockSerializer(many=True), summary="Blocs de rendez-vous d'un événement")
    def get(self, request, event):
        blocks = selectors.event_blocks(event=_event_or_404(event)).prefetch_related("slots", "tables", "pauses")
        return Response(serializers.BlockSerializer(blocks, many=True).data)


def _event_or_404(slug):
    from backend.events.models import Event

    event = Event.objects.filter(slug=slug).first()
    if event is None:
        raise not_found("Événement introuvable.")
    return event


class BlockDetailView(BlockView):
    @extend_schema(responses=serializers.BlockSerializer, summary="Réglages d'un bloc")
    def get(self, request, event, block):
        return Response(serializers.BlockSerializer(self.get_block()).data)

    @extend_schema(request=serializers.BlockSerializer, responses=serializers.BlockSerializer,
                   summary="Modifier les réglages d'un bloc (organisateurs) ; les créneaux sont recalculés")
    def patch(self, request, event, block):
        block = self.get_block()
        if not is_organizer(request.user, block.item.event):
            raise forbidden("Réservé aux organisateurs de cet événement.")
        serializer = serializers.BlockSerializer(block, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        current = {f: getattr(block, f) for f in ("host_roles", "guest_roles", "slot_minutes", "wish_deadline",
                                                  "max_wishes_per_guest", "max_meetings_per_participant",
                                                  "max_consecutive", "hosts_must_accept", "solve_time_limit_s")}
        current.update({k: v for k, v in data.items() if k in current})
        pauses = ([(p["start"], p["end"]) for p in data["pauses"]] if "pauses" in data
                  else [(p.start, p.end) for p in block.pauses.all()])
        block = services.configure_block(item=block.item, pauses=pauses, **current)
        return Response(serializers.BlockSerializer(block).data)


class TablesView(OrganizerBlockView):
    @extend_schema(responses=serializers.BlockTableSerializer(many=True), summary="Tables du bloc")
    def get(self, request, event, block):
        return Response(serializers.BlockTableSerializer(self.get_block().tables.all(), many=True).data)

    @extend_schema(request=serializers.TablesInputSerializer, responses=serializers.BlockTableSerializer(many=True),
                   summary="Remplacer les tables du bloc (libellé, accessible, hôte fixé ou partagée)")
    def put(self, request, event, block):
        serializer = serializers.TablesInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        tables = [{"label": t["label"], "accessible": t.get("accessible", True), "host": t.get("host_id")}
                  for t in serializer.validated_data["tables"]]
        rows = services.set_tables(block=self.get_block(), tables=tables)
        return Response(serializers.BlockTableSerializer(rows, many=True).data)


class SuggestionsView(BlockView):
    @extend_schema(parameters=[OpenApiParameter("q", str), OpenApiParameter("term", str),
                               OpenApiParameter("role", str), OpenApiParameter("compatible", bool)],
                   responses=serializers.SuggestionSerializer(many=True),
                   summary="Hôtes classés par compatibilité avec mon profil (invités du bloc)")
    def get(self, request, event, block):
        block, me = self.get_block(), _me(request)
        if selectors.side_of(block=block, participant=me) != selectors.GUEST:
            raise forbidden("Les suggestions sont réservées aux invités de ce bloc.")
        params = request.query_params
        rows = selectors.suggestions(block=block, guest=me, q=params.get("q", ""), term=params.get("term", ""),
                                     role=params.get("role", ""),
                                     compatible_only=params.get("compatible") in ("1", "true", "oui"))
        return Response(serializers.SuggestionSerializer(rows, many=True).data)


class WishListView(BlockView):
    @extend_schema(responses=serializers.WishSerializer(many=True),
                   summary="Souhaits visibles : les miens (invité), ceux qui me sont adressés (hôte), tous (organisateur)")
    def get(self, request, event, block):
        wishes = selectors.wishes_visible_to(user=request.user, block=self.get_block())
        return Response(serializers.WishSerializer(wishes, many=True).data)

    @extend_schema(request=serializers.WishCreateSerializer, responses={201: serializers.WishSerializer},
                   summary="Ajouter un souhait (à la fin de mon classement)")
    def post(self, request, event, block):
        serializer = serializers.WishCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        host = Participant.objects.select_related("user").filter(pk=serializer.validated_data["host"]).first()
        if host is None:
            raise not_found("Hôte introuvable.")
        wish = services.add_wish(block=self.get_block(), guest=_me(request), host=host)
        return Response(serializers.WishSerializer(wish).data, status=status.HTTP_201_CREATED)


class WishDetailView(BlockView):
    @extend_schema(responses={204: None}, summary="Retirer un de mes souhaits")
    def delete(self, request, event, block, wish_id):
        services.remove_wish(block=self.get_block(), guest=_me(request), wish_id=wish_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WishOrderView(BlockView):
    @extend_schema(request=serializers.WishOrderSerializer, responses=serializers.WishSerializer(many=True),
                   summary="Reclasser tous mes souhaits")
    def put(self, request, event, block):
        serializer = serializers.WishOrderSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        wishes = services.reorder_wishes(block=self.get_block(), guest=_me(request),
                                         wish_ids=serializer.validated_data["wishes"])
        return Response(serializers.WishSerializer(wishes, many=True).data)


class WishAnswerView(BlockView):
    @extend_schema(request=serializers.AnswerSerializer, responses=serializers.WishSerializer,
                   summary="Accepter ou décliner une demande (hôtes, si le bloc le prévoit)")
    def post(self, request, event, block, wish_id):
        serializer = serializers.AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        wish = services.answer_wish(block=self.get_block(), host=_me(request), wish_id=wish_id,
                                    accept=serializer.validated_data["accept"])
        return Response(serializers.WishSerializer(wish).data)


class ReceivedWishesView(BlockView):
    @extend_schema(responses=serializers.WishSerializer(many=True), summary="Demandes reçues (hôtes)")
    def get(self, request, event, block):
        block, me = self.get_block(), _me(request)
        if selectors.side_of(block=block, participant=me) != selectors.HOST:
            raise forbidden("Réservé aux hôtes de ce bloc.")
        flagged = selectors.host_interests(block=block, host=me)
        data = serializers.WishSerializer(selectors.received_wishes(block=block, host=me), many=True).data
        for row in data:
            row["interest"] = row["guest"]["id"] in flagged
        return Response(data)


class InterestView(BlockView):
    @extend_schema(request=None, responses={204: None}, summary="Signaler un invité que je souhaite rencontrer")
    def put(self, request, event, block, guest_id):
        return self._set(request, guest_id, True)

    @extend_schema(responses={204: None}, summary="Retirer mon signalement")
    def delete(self, request, event, block, guest_id):
        return self._set(request, guest_id, False)

    def _set(self, request, guest_id, interested):
        guest = Participant.objects.select_related("user").filter(pk=guest_id).first()
        if guest is None:
            raise not_found("Invité introuvable.")
        services.set_interest(block=self.get_block(), host=_me(request), guest=guest, interested=interested)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PresenceView(BlockView):
    @extend_schema(responses=serializers.PresenceSerializer, summary="Ma présence (arrivée, départ, accessibilité)")
    def get(self, request, event, block):
        presence = self.get_block().presences.filter(participant=_me(request)).first()
        return Response(serializers.PresenceSerializer(presence).data if presence else
                        serializers.PresenceSerializer({}).data)

    @extend_schema(request=serializers.PresenceSerializer, responses=serializers.PresenceSerializer,
                   summary="Déclarer une arrivée tardive ou un départ anticipé")
    def put(self, request, event, block):
        serializer = serializers.PresenceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        presence = services.set_presence(block=self.get_block(), participant=_me(request), **serializer.validated_data)
        return Response(serializers.PresenceSerializer(presence).data)


class RunListView(OrganizerBlockView):
    @extend_schema(responses=serializers.RunSerializer(many=True), summary="Calculs du bloc")
    def get(self, request, event, block):
        runs = selectors.runs(block=self.get_block()).prefetch_related("versions")[:50]
        return Response(serializers.RunSerializer(runs, many=True).data)

    @extend_schema(request=serializers.StartSolveSerializer, responses={202: serializers.RunSerializer},
                   summary="Lancer le calcul du planning en tâche de fond (409 si un calcul est en cours)")
    def post(self, request, event, block):
        serializer = serializers.StartSolveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        run = services.start_solve(block=self.get_block(), user=request.user, **serializer.validated_data)
        return Response(serializers.RunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class RunView(APIView):
    permission_classes = [IsAuthenticated]

    def get_run(self) -> SolveRun:
        return selectors.run_for_user(user=self.request.user, run_id=self.kwargs["run_id"])


class RunDetailView(RunView):
    @extend_schema(responses=serializers.RunDetailSerializer,
                   summary="Détail d'un calcul : métriques, bornes, demandes non planifiées et leurs raisons")
    def get(self, request, run_id):
        return Response(serializers.RunDetailSerializer(self.get_run()).data)


class RunStatusView(RunView):
    @extend_schema(responses=serializers.RunSerializer, summary="État et progression d'un calcul")
    def get(self, request, run_id):
        run = self.get_run()
        if run.status in (SolveRun.Status.QUEUED, SolveRun.Status.RUNNING):
            solving.reap_stale_runs(block=run.block)
            run.refresh_from_db()
        return Response(serializers.RunSerializer(run).data)


class RunProblemView(RunView):
    @extend_schema(responses={(200, "application/json"): dict}, summary="Le problème (meeting-problem/1) à télécharger")
    def get(self, request, run_id):
        run = self.get_run()
        return _json_download(run.problem, f"probleme-{run.block.item.slug}-{run.pk}.json")


class RunScheduleView(RunView):
    @extend_schema(responses={(200, "application/json"): dict}, summary="Le planning calculé (meeting-schedule/1)")
    def get(self, request, run_id):
        run = self.get_run()
        if run.schedule is None:
            raise not_found("Ce calcul n'a pas encore de planning.")
        return _json_download(run.schedule, f"planning-{run.block.item.slug}-{run.pk}.json")


def _json_download(document: dict, filename: str) -> HttpResponse:
    response = HttpResponse(json.dumps(document, ensure_ascii=False, indent=1),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class RunDiffView(RunView):
    @extend_schema(responses={200: dict}, summary="Ce que la publication changerait : gardés, déplacés, ajoutés, annulés")
    def get(self, request, run_id):
        from backend.meetings import presenting

        return Response(presenting.run_diff_payload(self.get_run()))


class RunPublishView(RunView):
    @extend_schema(request=None, responses={201: serializers.VersionSerializer},
                   summary="Publier ce calcul comme nouvelle version du planning")
    def post(self, request, run_id):
        version = services.publish_run(run=self.get_run(), user=request.user)
        return Response(serializers.VersionSerializer(version).data, status=status.HTTP_201_CREATED)


class RunCancelView(RunView):
    @extend_schema(request=None, responses=serializers.RunSerializer, summary="Annuler un calcul en cours")
    def post(self, request, run_id):
        run = solving.cancel_run(run=self.get_run(), user=request.user)
        return Response(serializers.RunSerializer(run).data)


class VersionListView(OrganizerBlockView):
    @extend_schema(responses=serializers.VersionSerializer(many=True), summary="Versions publiées du planning")
    def get(self, request, event, block):
        versions = self.get_block().versions.annotate(meetings_total=Count("meetings")).order_by("-number")
        return Response(serializers.VersionSerializer(versions, many=True).data)


class VersionDetailView(APIView):
    @extend_schema(responses=serializers.MeetingSerializer(many=True), summary="Rendez-vous d'une version publiée")
    def get(self, request, version_id):
        version = selectors.version_for_user(user=request.user, version_id=version_id)
        data = serializers.VersionSerializer(version).data
        data["meetings"] = serializers.MeetingSerializer(selectors.version_meetings(version=version), many=True).data
        return Response(data)


class VersionDiffView(APIView):
    @extend_schema(responses={200: dict}, summary="Différences avec la version précédente")
    def get(self, request, version_id):
        from backend.meetings import presenting

        version = selectors.version_for_user(user=request.user, version_id=version_id)
        return Response(presenting.version_diff(version=version))


class ProfileView(APIView):
    """My matchmaking profile: its fields depend on my role (need or offer, financing or purchases)."""

    def _serializer_class(self, participant):
        from backend.meetings.matching import PROFILE_OF_ROLE
        from backend.meetings.profile_serializers import SERIALIZER_OF_MODEL

        model = PROFILE_OF_ROLE.get(participant.role)
        if model is None:
            raise not_found("Votre rôle n'a pas de profil de mise en relation.")
        return model, SERIALIZER_OF_MODEL[model]

    @extend_schema(responses={200: dict}, summary="Mon profil de mise en relation")
    def get(self, request):
        me = _me(request)
        model, serializer_class = self._serializer_class(me)
        profile = model.objects.filter(participant=me).first() or model(participant=me)
        data = serializer_class(profile).data if profile.pk else {k: None for k in serializer_class.Meta.fields}
        return Response({"role": me.role, "profile": data})

    @extend_schema(request=dict, responses={200: dict}, summary="Enregistrer mon profil de mise en relation")
    def put(self, request):
        me = _me(request)
        model, serializer_class = self._serializer_class(me)
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        profile = services.save_profile(participant=me, **serializer.validated_data)
        return Response({"role": me.role, "profile": serializer_class(profile).data})


class VocabularyView(APIView):
    @extend_schema(responses={200: dict}, summary="Vocabulaires contrôlés (instruments, thèmes, stades, achats)")
    def get(self, request):
        from backend.meetings.profile_models import Term
        from backend.meetings.profile_serializers import TermSerializer

        terms = Term.objects.filter(active=True).order_by("kind", "position", "label")
        grouped: dict[str, list] = {}
        for row in TermSerializer(terms, many=True).data:
            grouped.setdefault(row["kind"], []).append({"code": row["code"], "label": row["label"]})
        return Response(grouped)
