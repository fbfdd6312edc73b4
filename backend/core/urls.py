from django.contrib.auth import views as auth_views
from django.urls import path

from backend.core.forms import ChoosePasswordForm

urlpatterns = [
    path("connexion/", auth_views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    # Imported participants get an account without a password: they choose one here.
    path("mot-de-passe/", auth_views.PasswordResetView.as_view(form_class=ChoosePasswordForm), name="password_reset"),
    path("mot-de-passe/envoye/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("mot-de-passe/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("mot-de-passe/termine/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
]
