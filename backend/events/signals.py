"""Signals of the event domain, sent by the services on commit with the kwarg `registration_id`."""

from django.dispatch import Signal

registration_confirmed = Signal()
waitlist_promoted = Signal()
