"""Signals other apps listen to (the agenda app sends the invitations when a timetable is published)."""

from django.dispatch import Signal

# Sent from transaction.on_commit once a version is stored, with kwargs:
#   version_id: the new TimetableVersion's id;
#   previous_version_id: the block's previous official version's id, or None for a first publication.
timetable_published = Signal()
