from django.urls import path

from backend.meetings import views

BLOCK = "rendez-vous/<slug:event>/<slug:block>/"
ORG = "organisation/<slug:event>/<slug:block>/"

urlpatterns = [
    path("profil/", views.profile_page, name="meetings-profile"),
    path(BLOCK, views.block_page, name="meetings-block"),
    path(BLOCK + "souhaits/ajouter/", views.wish_add, name="meetings-wish-add"),
    path(BLOCK + "souhaits/<int:wish_id>/<slug:action>/", views.wish_action, name="meetings-wish-action"),
    path(BLOCK + "invites/<int:guest_id>/interet/", views.interest_toggle, name="meetings-interest"),
    path(BLOCK + "presence/", views.presence_save, name="meetings-presence"),
    path(ORG, views.organizer_page, name="meetings-organizer"),
    path(ORG + "calculer/", views.solve_start, name="meetings-solve"),
    path(ORG + "calculs/<int:run_id>/", views.run_page, name="meetings-run"),
    path(ORG + "calculs/<int:run_id>/publier/", views.run_publish, name="meetings-run-publish"),
    path(ORG + "calculs/<int:run_id>/annuler/", views.run_cancel, name="meetings-run-cancel"),
    path(ORG + "planning/", views.grid_page, name="meetings-grid"),
    path(ORG + "planning.csv", views.grid_page, {"fmt": "csv"}, name="meetings-grid-csv"),
    path(ORG + "planning.xlsx", views.grid_page, {"fmt": "xlsx"}, name="meetings-grid-xlsx"),
    path(ORG + "planning.pdf", views.grid_page, {"fmt": "pdf"}, name="meetings-grid-pdf"),
    path(ORG + "fiches/", views.host_sheets_page, name="meetings-host-sheets"),
    path(ORG + "statistiques/", views.stats_page, name="meetings-stats"),
]
