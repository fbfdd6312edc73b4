from django.urls import path, re_path

from backend.events import views

urlpatterns = [
    path("", views.home, name="home"),
    path("evenements/<slug:slug>/inscription/", views.register, name="register"),
    path("evenements/<slug:slug>/import/", views.import_participants, name="import-participants"),
    re_path(r"^import/modele-participants\.(?P<fmt>xlsx|csv)$", views.import_template, name="import-template"),
    path("mon-inscription/", views.my_registration, name="my-registration"),
    path("inscriptions/<int:pk>/annuler/", views.cancel, name="registration-cancel"),
    path("inscriptions/<int:pk>/ateliers/", views.change_workshops, name="registration-workshops"),
]
