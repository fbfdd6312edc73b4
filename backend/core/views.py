"""Error pages: French, in the site's layout, JSON under /api/."""

from django.http import JsonResponse
from django.shortcuts import render

from backend.core.api import error_body


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or request.path.endswith(".ics")


def page_not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse(error_body("not_found", "Introuvable."), status=404)
    return render(request, "error.html", {"title": "Page introuvable",
                                          "message": "Cette page n'existe pas ou plus."}, status=404)


def permission_denied(request, exception=None):
    if _wants_json(request):
        return JsonResponse(error_body("permission_denied", "Vous n'avez pas le droit de faire cela."), status=403)
    return render(request, "error.html", {"title": "Accès refusé",
                                          "message": "Vous n'avez pas le droit d'accéder à cette page."},
                  status=403)


def server_error(request):
    if _wants_json(request):
        return JsonResponse(error_body("server_error", "Erreur interne : l'équipe a été prévenue."), status=500)
    return render(request, "error.html", {"title": "Erreur interne",
                                          "message": "Une erreur est survenue ; réessayez dans un instant."},
                  status=500)
