"""The API documentation works without any CDN: Swagger UI is served from our own static files."""

import pytest


@pytest.mark.django_db(transaction=True)
def test_api_docs_render_from_own_static_files(live_server, page):
    outside = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith(live_server.url) else None)

    page.goto(live_server.url + "/api/docs/")

    page.wait_for_selector(".swagger-ui .info .title")
    assert "API Rencontres ESS" in page.inner_text(".swagger-ui .info .title")
    assert page.locator(".opblock-summary-path", has_text="/api/events/").count() >= 1
    assert outside == []
