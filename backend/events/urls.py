from django.urls import path

from backend.events import views

urlpatterns = [
    path("", views.home, name="home"),
]
