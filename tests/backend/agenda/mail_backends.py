"""A test double of Django's e-mail transport (not of our code): fails a given number of times, then delivers."""

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    failures_left = 0

    def send_messages(self, messages):
        if FlakyBackend.failures_left > 0:
            FlakyBackend.failures_left -= 1
            raise ConnectionRefusedError("serveur SMTP injoignable")
        return super().send_messages(messages)
