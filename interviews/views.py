from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.access import current_membership


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    membership = current_membership(request)
    return render(request, "interviews/dashboard.html", {"membership": membership})
