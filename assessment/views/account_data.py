"""Your data: download everything held about you, or delete your account with all of it."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from assessment import selectors, services
from assessment.forms import AccountDeleteForm
from assessment.views import attachment


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def account_data(request):
    data = selectors.user_data_export(user=request.user)
    if request.method == "GET":
        return render(request, "account/data.html", {"data": data})
    content = json.dumps(data, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder).encode()
    filename = f"skills-gap-data-{timezone.localdate():%Y-%m-%d}.json"
    return attachment(content, content_type="application/json; charset=utf-8", filename=filename)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = AccountDeleteForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_delete(user=request.user)
        logout(request)
        messages.success(request, "Your account and everything in it have been deleted.")
        return redirect("career:home")
    status = 400 if form.errors else 200
    return render(request, "account/delete.html", {"form": form}, status=status)
