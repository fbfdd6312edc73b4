"""API plumbing shared by every app: pagination and the single exception handler."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from backend.core.errors import AppError

MESSAGES = {
    "not_authenticated": "Authentification requise : connectez-vous ou fournissez un jeton valide.",
    "authentication_failed": "Identifiants ou jeton invalides.",
    "no_active_account": "Identifiant ou mot de passe incorrect.",  # simplejwt's message is not translated
    "permission_denied": "Vous n'avez pas le droit de faire cela.",
    "not_found": "Introuvable.",
    "method_not_allowed": "Méthode non autorisée.",
    "not_acceptable": "Format de réponse non disponible.",
    "unsupported_media_type": "Format de la requête non pris en charge.",
    "throttled": "Trop de requêtes : réessayez plus tard.",
    "parse_error": "Le corps de la requête n'est pas un JSON valide.",
    "token_not_valid": "Jeton invalide ou expiré.",
}


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF nests errors (lists, dicts); the API answers a flat {field path: [messages]}."""
    fields: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            for sub, messages in _flatten(value, path).items():
                fields.setdefault(sub, []).extend(messages)
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            fields.setdefault(prefix or "non_field_errors", []).extend(str(item) for item in detail)
        else:
            for index, value in enumerate(detail):
                for sub, messages in _flatten(value, f"{prefix}[{index}]").items():
                    fields.setdefault(sub, []).extend(messages)
    else:
        fields.setdefault(prefix or "non_field_errors", []).append(str(detail))
    return fields


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict:
    body: dict = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return body


def exception_handler(exc, context):
    if isinstance(exc, AppError):
        fields = {exc.field: [exc.message]} if exc.field else None
        return Response(error_body(exc.code, exc.message, fields), status=exc.status)
    if isinstance(exc, DjangoValidationError):
        fields = _flatten(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
        first = next(iter(fields.values()))[0]
        return Response(error_body("invalid", first, fields), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        first_field, messages = next(iter(fields.items()))
        message = messages[0] if first_field == "non_field_errors" else f"{first_field} : {messages[0]}"
        response.data = error_body("invalid", message, fields)
        return response
    code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    if isinstance(code, dict) and isinstance(code.get("code"), str):
        code = code["code"]  # simplejwt's InvalidToken: {"detail", "code", "messages"}
    if not isinstance(code, str):
        code = "error"
    detail = getattr(exc, "detail", "")
    message = MESSAGES.get(code) or str(detail)
    response.data = error_body(code, message)
    return response
