from django.urls import path

from backend.checkin import api_views as v

urlpatterns = [
    path("checkin/", v.CheckInView.as_view(), name="api-checkin"),
    path("me/badge/", v.MyBadgeView.as_view(), name="api-my-badge"),
    path("me/badge.png", v.MyBadgeImageView.as_view(fmt="png"), name="api-my-badge-png"),
    path("me/badge.svg", v.MyBadgeImageView.as_view(fmt="svg"), name="api-my-badge-svg"),
    path("me/meetings/attendance/", v.MyMeetingsAttendanceView.as_view(), name="api-my-attendance"),
    path("meetings/<int:pk>/attendance/", v.MeetingAttendanceView.as_view(), name="api-meeting-attendance"),
    path("attendance/scan/", v.AttendanceScanView.as_view(), name="api-attendance-scan"),
    path("events/<slug:slug>/checkin/status/", v.CheckInStatusView.as_view(), name="api-checkin-status"),
    path("events/<slug:slug>/checkin/revocations/", v.RevocationListView.as_view(), name="api-revocations"),
    path("events/<slug:slug>/badges.pdf", v.BadgesPdfView.as_view(), name="api-badges-pdf"),
    path("events/<slug:slug>/table-cards.pdf", v.TableCardsPdfView.as_view(), name="api-table-cards-pdf"),
    path("events/<slug:slug>/no-shows/", v.NoShowReportView.as_view(), name="api-no-shows"),
    path("registrations/<int:pk>/badge/reissue/", v.ReissueBadgeView.as_view(), name="api-badge-reissue"),
    path("meeting-blocks/<int:pk>/replan-absentees/", v.ReplanView.as_view(), name="api-replan-absentees"),
]
