"""The dashboard."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from interviews.dashboard.pages import render_dashboard


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render_dashboard(request)
