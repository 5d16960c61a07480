"""Reference pages that measure the framework's own cost on this machine.

- `bare`: a minimal template, no database: the fastest page Django serves here.
- `plain_form`: a plain Django form with as many radio fields as the largest
  questionnaire step (the same five choices each), rendered with `{{ form }}`:
  what Django alone spends on that form, without our anchors, layout or progress.
"""

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

from career.enums import Proficiency


class PlainRatingsForm(forms.Form):
    def __init__(self, *args, field_count: int, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, field_count + 1):
            self.fields[f"question_{number}"] = forms.TypedChoiceField(
                choices=Proficiency.choices, coerce=int, widget=forms.RadioSelect, label=f"Question {number}"
            )


@require_safe
def bare(request):
    return render(request, "bench/bare.html")


@require_safe
def plain_form(request):
    form = PlainRatingsForm(field_count=settings.BENCH_RADIO_FIELDS)
    return render(request, "bench/plain_form.html", {"form": form})
