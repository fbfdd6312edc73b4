from django.urls import path

from backend.checkin import views

urlpatterns = [
    path("evenements/<slug:slug>/accueil/", views.desk, name="checkin-desk"),
    path("evenements/<slug:slug>/badges/", views.badges_page, name="checkin-badges"),
    path("evenements/<slug:slug>/badges.pdf", views.badges_pdf, name="checkin-badges-pdf"),
    path("evenements/<slug:slug>/chevalets.pdf", views.table_cards_pdf, name="checkin-table-cards-pdf"),
    path("evenements/<slug:slug>/badges/<int:pk>/reemettre/", views.reissue, name="checkin-reissue"),
    path("evenements/<slug:slug>/mon-badge/", views.my_badge, name="checkin-my-badge"),
    path("evenements/<slug:slug>/presence/", views.attendance, name="checkin-attendance"),
    path("evenements/<slug:slug>/absences/", views.absences, name="checkin-absences"),
    path("evenements/<slug:slug>/absences/replanifier/<int:block_id>/", views.replan, name="checkin-replan"),
]
