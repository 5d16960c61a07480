"""A plan item with its form, written here rather than in a template.

A plan may hold hundreds of items, each with a status, a note, an evidence link and a date;
rendering them node by node in a template was most of the cost of the plan page. Every text
is escaped by format_html.
"""

from django import template
from django.utils.dateformat import format as date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from assessment.models import PlanItemKind, PlanItemStatus
from career.templatetags.navigation import page_url

register = template.Library()

BADGES = {
    PlanItemStatus.DONE: "success",
    PlanItemStatus.DOING: "primary",
    PlanItemStatus.SKIPPED: "secondary",
    PlanItemStatus.TODO: "light",
}
STATUS_NAMES = dict(PlanItemStatus.choices)

ITEM_HTML = """<li class="card mb-2{overdue_class}" id="item-{pk}" data-testid="plan-item">
  <div class="card-body py-2">
    <div class="d-flex flex-wrap justify-content-between gap-2">
      <h3 class="h6 mb-1">{title}</h3>
      <span class="small"><span class="badge text-bg-{badge}"
        data-testid="item-status">{status_name}</span>{overdue_badge}</span>
    </div>
    <p class="small text-body-secondary mb-2">{facts}</p>
    {shown}
    <form method="post" action="{action}" novalidate>
      <input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">
      {non_field_errors}
      <div class="row g-2 align-items-end">
        <div class="col-auto">
          <label class="form-label small mb-0" for="status-{pk}">Status</label>
          <select name="status" id="status-{pk}" class="form-select form-select-sm">{options}</select>
        </div>
        <div class="col-auto"><button type="submit" class="btn btn-sm btn-outline-primary">Save<span
          class="visually-hidden"> {title}</span></button></div>
      </div>
      <details class="mt-2"{open}>
        <summary class="small">Note, evidence and finished date</summary>
        <div class="row g-2 mt-1">
          <div class="col-md-6">
            <label class="form-label small mb-0" for="note-{pk}">Note</label>
            <textarea name="note" id="note-{pk}" rows="2" maxlength="2000"
              class="form-control form-control-sm{note_invalid}">{note}</textarea>{note_errors}
          </div>
          <div class="col-md-4">
            <label class="form-label small mb-0" for="evidence-{pk}">Evidence link (https)</label>
            <input type="url" name="evidence_url" id="evidence-{pk}" maxlength="300"
              class="form-control form-control-sm{evidence_invalid}" value="{evidence}">{evidence_errors}
          </div>
          <div class="col-md-2">
            <label class="form-label small mb-0" for="finished-{pk}">Finished on</label>
            <input type="date" name="finished_on" id="finished-{pk}"
              class="form-control form-control-sm{finished_invalid}" value="{finished}">{finished_errors}
          </div>
        </div>{status_errors}
      </details>
    </form>
  </div>
</li>"""


def _errors(form, name: str, css: str = "invalid-feedback") -> SafeString | str:
    if form is None or not form.errors.get(name):
        return ""
    return format_html('<div class="{}">{}</div>', css, " ".join(form.errors[name]))


def _value(form, name: str, stored) -> str:
    if form is None:
        return stored
    value = form.data.get(name)
    return "" if value is None else value


def _facts(item, scheduled) -> str:
    facts = []
    if item.target_label:
        facts.append(f"{item.target_label}: level {item.level_from} → {item.target_level}")
    facts.append(f"{item.hours} h")
    if scheduled.planned_week:
        facts.append(f"week {scheduled.planned_week}, due {date_format(scheduled.due_on, 'j M Y')}")
    if item.finished_on:
        facts.append(f"finished {date_format(item.finished_on, 'j M Y')}")
    if item.kind == PlanItemKind.CERTIFICATION:
        facts.append("certification")
    return " · ".join(facts)


def _shown(item) -> SafeString | str:
    parts = []
    if item.note:
        lines = format_html_join(SafeString("<br>"), "{}", ((line,) for line in item.note.splitlines()))
        parts.append(format_html('<p class="small mb-1">{}</p>', lines))
    if item.evidence_url:
        parts.append(
            format_html(
                '<p class="small mb-1"><a href="{}" rel="noopener noreferrer nofollow" '
                'target="_blank">Evidence</a></p>',
                item.evidence_url,
            )
        )
    return SafeString("".join(parts))


@register.simple_tag(takes_context=True)
def plan_item(context, row, form=None) -> SafeString:
    """One plan item (a selectors.PlanRow) with its form; `form` is the item's refused form, to show again."""
    item, scheduled = row.item, row.scheduled
    stored_finished = item.finished_on.isoformat() if item.finished_on else ""
    return format_html(
        ITEM_HTML,
        pk=item.pk,
        overdue_class=" border-danger" if scheduled.overdue else "",
        title=item.title,
        badge=BADGES[item.status],
        status_name=STATUS_NAMES[item.status],
        overdue_badge=SafeString(' <span class="badge text-bg-danger">Overdue</span>') if scheduled.overdue else "",
        facts=_facts(item, scheduled),
        shown="" if form is not None else _shown(item),
        action=page_url("assessment:plan-item", pk=item.plan_id, item_id=item.pk),
        csrf=context.get("csrf_token", ""),
        non_field_errors=_errors(form, "__all__", "text-danger small"),
        options=format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, SafeString(" selected") if value == item.status else "", name)
                for value, name in STATUS_NAMES.items()
            ),
        ),
        open=SafeString(" open") if form is not None else "",
        note=_value(form, "note", item.note),
        note_invalid=" is-invalid" if form is not None and form.errors.get("note") else "",
        note_errors=_errors(form, "note"),
        evidence=_value(form, "evidence_url", item.evidence_url),
        evidence_invalid=" is-invalid" if form is not None and form.errors.get("evidence_url") else "",
        evidence_errors=_errors(form, "evidence_url"),
        finished=_value(form, "finished_on", stored_finished),
        finished_invalid=" is-invalid" if form is not None and form.errors.get("finished_on") else "",
        finished_errors=_errors(form, "finished_on"),
        status_errors=_errors(form, "status", "text-danger small"),
    )
