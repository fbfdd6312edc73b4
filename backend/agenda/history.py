"""Each meeting's life across the published versions of its block: current state and SEQUENCE.

A meeting is identified by (block, host, guest), the same pair `Meeting.uid` is built from. Walking
the versions of a block in order, its SEQUENCE starts at 0 when it first appears and goes up by one
each time a version changes it (other slot, other table) or removes it (cancelled) or brings it back.
Deriving it from the history, instead of storing "what was sent", keeps the feed, the API and the
e-mails in agreement by construction, and publishing an identical timetable changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from backend.meetings.models import Meeting, MeetingBlock


@dataclass(frozen=True)
class MeetingState:
    """What a calendar needs to know about a meeting's place in time and space."""

    start: dt.datetime
    end: dt.datetime
    table: str


@dataclass
class MeetingTrack:
    meeting: Meeting  # the latest row of this pair (partner, reasons, last known slot and table)
    sequence: int
    state: MeetingState | None  # None: removed by a later version (cancelled)
    changed_at: dt.datetime  # publication of the version that last changed it

    @property
    def uid(self) -> str:
        return self.meeting.uid

    @property
    def cancelled(self) -> bool:
        return self.state is None

    @property
    def last_state(self) -> MeetingState:
        return state_of(self.meeting)


def state_of(meeting: Meeting) -> MeetingState:
    return MeetingState(start=meeting.slot.start, end=meeting.slot.end,
                        table=meeting.table.label if meeting.table_id else "")


def track_meetings(*, block: MeetingBlock, participant_id: int | None = None,
                   up_to_number: int | None = None) -> dict[tuple[int, int], MeetingTrack]:
    """Tracks of the block's meetings (of one participant if given), as of version `up_to_number`."""
    versions = block.versions.order_by("number")
    if up_to_number is not None:
        versions = versions.filter(number__lte=up_to_number)
    versions = list(versions)
    if not versions:
        return {}
    meetings = (Meeting.objects.filter(version__in=versions)
                .select_related("version", "slot", "table", "host__user", "host__organization",
                                "guest__user", "guest__organization"))
    if participant_id is not None:
        meetings = meetings.filter(Q(host_id=participant_id) | Q(guest_id=participant_id))
    by_version: dict[int, dict[tuple[int, int], Meeting]] = {version.pk: {} for version in versions}
    for meeting in meetings:
        by_version[meeting.version_id][(meeting.host_id, meeting.guest_id)] = meeting

    tracks: dict[tuple[int, int], MeetingTrack] = {}
    for version in versions:
        present = by_version[version.pk]
        for pair, meeting in present.items():
            state = state_of(meeting)
            track = tracks.get(pair)
            if track is None:
                tracks[pair] = MeetingTrack(meeting=meeting, sequence=0, state=state, changed_at=version.published_at)
                continue
            if track.state != state:
                track.sequence += 1
                track.state = state
                track.changed_at = version.published_at
            track.meeting = meeting
        for pair, track in tracks.items():
            if pair not in present and track.state is not None:
                track.sequence += 1
                track.state = None
                track.changed_at = version.published_at
    return tracks
