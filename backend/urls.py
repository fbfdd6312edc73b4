from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Rencontres ESS : administration"
admin.site.site_title = "Rencontres ESS"
admin.site.index_title = "Gestion des rencontres"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("backend.core.api_urls")),
    path("api/", include("backend.events.api_urls")),
    path("api/", include("backend.meetings.api_urls")),
    path("api/", include("backend.agenda.api_urls")),
    path("api/", include("backend.checkin.api_urls")),
    path("", include("backend.core.urls")),
    path("", include("backend.events.urls")),
    path("", include("backend.meetings.urls")),
    path("", include("backend.agenda.urls")),
    path("", include("backend.checkin.urls")),
]

handler404 = "backend.core.views.page_not_found"
handler500 = "backend.core.views.server_error"
handler403 = "backend.core.views.permission_denied"
