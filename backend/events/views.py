from django.shortcuts import render

from backend.events import selectors


def home(request):
    event = selectors.upcoming_or_latest_event()
    programme = selectors.public_programme(event=event) if event else []
    return render(request, "events/home.html", {"event": event, "programme": programme})
