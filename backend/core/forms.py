from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm


class ChoosePasswordForm(PasswordResetForm):
    """Django skips accounts without a usable password; imported participants have none yet."""

    def get_users(self, email):
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (user for user in users if user.email.lower() == email.lower())
