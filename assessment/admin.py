"""The curators' view of job ads: the phrases ads ask for that no alias matches, with how many ads used each."""

from django.contrib import admin

from assessment.models import UnrecognisedTerm


@admin.register(UnrecognisedTerm)
class UnrecognisedTermAdmin(admin.ModelAdmin):
    """Read-only counts: add an alias (or a skill) in the catalogue where postings ask for one often."""

    list_display = ("phrase", "ad_count", "last_seen")
    search_fields = ("phrase",)
    ordering = ("-ad_count", "phrase")
    readonly_fields = ("phrase", "ad_count", "last_seen")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
