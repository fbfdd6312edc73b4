from django.urls import path

from backend.meetings import api_views as v

BLOCK = "events/<slug:event>/blocks/<slug:block>/"

urlpatterns = [
    path("events/<slug:event>/blocks/", v.BlockListView.as_view(), name="api-blocks"),
    path(BLOCK, v.BlockDetailView.as_view(), name="api-block"),
    path(BLOCK + "tables/", v.TablesView.as_view(), name="api-block-tables"),
    path(BLOCK + "suggestions/", v.SuggestionsView.as_view(), name="api-block-suggestions"),
    path(BLOCK + "wishes/", v.WishListView.as_view(), name="api-block-wishes"),
    path(BLOCK + "wishes/order/", v.WishOrderView.as_view(), name="api-block-wish-order"),
    path(BLOCK + "wishes/<int:wish_id>/", v.WishDetailView.as_view(), name="api-block-wish"),
    path(BLOCK + "wishes/<int:wish_id>/answer/", v.WishAnswerView.as_view(), name="api-block-wish-answer"),
    path(BLOCK + "received-wishes/", v.ReceivedWishesView.as_view(), name="api-block-received"),
    path(BLOCK + "interests/<int:guest_id>/", v.InterestView.as_view(), name="api-block-interest"),
    path(BLOCK + "presence/", v.PresenceView.as_view(), name="api-block-presence"),
    path(BLOCK + "runs/", v.RunListView.as_view(), name="api-block-runs"),
    path(BLOCK + "versions/", v.VersionListView.as_view(), name="api-block-versions"),
    path("runs/<int:run_id>/", v.RunDetailView.as_view(), name="api-run"),
    path("runs/<int:run_id>/status/", v.RunStatusView.as_view(), name="api-run-status"),
    path("runs/<int:run_id>/problem/", v.RunProblemView.as_view(), name="api-run-problem"),
    path("runs/<int:run_id>/schedule/", v.RunScheduleView.as_view(), name="api-run-schedule"),
    path("runs/<int:run_id>/diff/", v.RunDiffView.as_view(), name="api-run-diff"),
    path("runs/<int:run_id>/publish/", v.RunPublishView.as_view(), name="api-run-publish"),
    path("runs/<int:run_id>/cancel/", v.RunCancelView.as_view(), name="api-run-cancel"),
    path("versions/<int:version_id>/", v.VersionDetailView.as_view(), name="api-version"),
    path("versions/<int:version_id>/diff/", v.VersionDiffView.as_view(), name="api-version-diff"),
    path("profiles/me/", v.ProfileView.as_view(), name="api-my-profile"),
    path("vocabulary/", v.VocabularyView.as_view(), name="api-vocabulary"),
]
