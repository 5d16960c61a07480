"""What the app stores about a candidate, where and for how long: the privacy page.

Every figure on the page is read from the settings that enforce it, so the page
cannot drift from what the app does.
"""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

from assessment.limits import rate_window_seconds


def _days(seconds: int) -> int:
    return seconds // (24 * 3600)


def _duration(seconds: int) -> str:
    """ "1 hour", "2 days", "30 minutes": the longest whole unit."""
    for unit, size in (("day", 24 * 3600), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{seconds} seconds"


@require_safe
def privacy(request):
    context = {
        "retention_days": settings.ANONYMOUS_RETENTION_DAYS,
        "session_days": _days(settings.SESSION_COOKIE_AGE),
        "signup_hours": settings.SIGNUP_CONFIRM_HOURS,
        "reset_days": _days(settings.PASSWORD_RESET_TIMEOUT),
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "rate_window": _duration(max(rate_window_seconds(rate) for rate in settings.RATE_LIMITS.values())),
    }
    return render(request, "assessment/privacy.html", context)
