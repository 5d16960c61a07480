"""Comparing saved reports, and progress over time, from their snapshots alone.

Pure functions over the snapshot dictionaries that `services.report_snapshot_build`
stores: no Django, no queries. A comparison therefore reads exactly what each
report showed when it was made, even if the catalogue changed in between.
"""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ItemChange:
    kind: str
    key: str
    label: str
    rating_before: int | None  # None: the item was not in the earlier profile
    rating_after: int | None
    gap_before: int | None
    gap_after: int | None
    target: int | None = None  # the later profile's target (the earlier one's when the later has none)

    @property
    def rating_delta(self) -> int | None:
        if self.rating_before is None or self.rating_after is None:
            return None
        return self.rating_after - self.rating_before

    @property
    def gap_delta(self) -> int | None:
        if self.gap_before is None or self.gap_after is None:
            return None
        return self.gap_after - self.gap_before


@dataclass(frozen=True)
class RequirementChange:
    """A requirement whose target or weight differs between the two profiles as used."""

    kind: str
    key: str
    label: str
    before: tuple[int, int] | None  # (target, weight); None: not required before
    after: tuple[int, int] | None


@dataclass(frozen=True)
class Comparison:
    days_between: int
    readiness_before: float
    readiness_after: float
    readiness_delta: float
    same_target: bool
    items: tuple[ItemChange, ...]
    gaps_closed: tuple[ItemChange, ...]
    gaps_new: tuple[ItemChange, ...]
    profile_changes: tuple[RequirementChange, ...]

    @property
    def profile_changed(self) -> bool:
        return bool(self.profile_changes)


def compare_snapshots(*, before: dict, after: dict, before_at: datetime, after_at: datetime) -> Comparison:
    """Readiness delta, per-item rating and gap deltas, gaps closed and new, and
    the requirement changes between the two profiles as each report used it."""
    items_before = {(i["kind"], i["key"]): i for i in before["score"]["items"]}
    items_after = {(i["kind"], i["key"]): i for i in after["score"]["items"]}
    keys = list(items_after) + [k for k in items_before if k not in items_after]
    changes = tuple(_item_change(items_before.get(key), items_after.get(key)) for key in keys)
    readiness_before = before["score"]["readiness"]
    readiness_after = after["score"]["readiness"]
    return Comparison(
        days_between=abs((after_at.date() - before_at.date()).days),
        readiness_before=readiness_before,
        readiness_after=readiness_after,
        readiness_delta=round(readiness_after - readiness_before, 1),
        same_target=target_key(before) == target_key(after),
        items=changes,
        gaps_closed=tuple(c for c in changes if (c.gap_before or 0) > 0 and c.gap_after == 0),
        gaps_new=tuple(c for c in changes if (c.gap_after or 0) > 0 and not c.gap_before),
        profile_changes=_requirement_changes(items_before, items_after),
    )


def target_key(snapshot: dict) -> tuple[str, ...]:
    """What a report was scored against: the same job ad (by its id), or the same role and seniority."""
    job_ad = snapshot.get("job_ad")
    if job_ad:
        return ("job-ad", job_ad["id"])
    return (snapshot["target"]["role"], snapshot["target"]["seniority"])


def target_label(snapshot: dict) -> str:
    """The target as pages name it: the job ad's title and company, or "NLP Engineer · Senior"."""
    job_ad = snapshot.get("job_ad")
    if job_ad:
        return job_ad["heading"]
    return f"{snapshot['target']['role_name']} · {snapshot['target']['seniority_name']}"


def _item_change(before: dict | None, after: dict | None) -> ItemChange:
    either = after or before
    return ItemChange(
        kind=either["kind"],
        key=either["key"],
        label=either["label"],
        rating_before=before["rating"] if before else None,
        rating_after=after["rating"] if after else None,
        gap_before=before["gap"] if before else None,
        gap_after=after["gap"] if after else None,
        target=either["target"],
    )


def _requirement_changes(items_before: dict, items_after: dict) -> tuple[RequirementChange, ...]:
    changes = []
    for key in list(items_after) + [k for k in items_before if k not in items_after]:
        old, new = items_before.get(key), items_after.get(key)
        old_terms = (old["target"], old["weight"]) if old else None
        new_terms = (new["target"], new["weight"]) if new else None
        if old_terms != new_terms:
            either = new or old
            changes.append(RequirementChange(either["kind"], either["key"], either["label"], old_terms, new_terms))
    return tuple(changes)


@dataclass(frozen=True)
class ChangeGroup:
    key: str  # improved | narrowed | unchanged | new
    title: str
    items: tuple[ItemChange, ...]


CHANGE_GROUP_TITLES = {
    "improved": "Improved: gap closed, or a met target exceeded further",
    "narrowed": "Narrowed: closer to the target, not there yet",
    "new": "New or wider gaps",
    "unchanged": "Unchanged",
}


def change_groups(items: tuple[ItemChange, ...]) -> tuple[ChangeGroup, ...]:
    """The later profile's requirements grouped by how their gap moved, in CHANGE_GROUP_TITLES order.

    With g₀ the gap before (0 when the earlier profile lacked the item) and g₁ the gap after:
    improved when g₁ = 0 and either g₀ > 0 or the rating rose; narrowed when 0 < g₁ < g₀; new
    when g₁ > g₀; unchanged otherwise. Items only the earlier profile had are left out (no gap now).
    """
    grouped: dict[str, list[ItemChange]] = {key: [] for key in CHANGE_GROUP_TITLES}
    for item in items:
        if item.gap_after is None:
            continue
        before, after = item.gap_before or 0, item.gap_after
        if after == 0 and (before > 0 or (item.rating_delta or 0) > 0):
            grouped["improved"].append(item)
        elif 0 < after < before:
            grouped["narrowed"].append(item)
        elif after > before:
            grouped["new"].append(item)
        else:
            grouped["unchanged"].append(item)
    return tuple(ChangeGroup(key, CHANGE_GROUP_TITLES[key], tuple(grouped[key])) for key in CHANGE_GROUP_TITLES)


@dataclass(frozen=True)
class ProgressPoint:
    report_id: str
    created_at: datetime
    label: str  # the target, e.g. "NLP Engineer · Senior", or a job ad's title and company
    readiness: float


@dataclass(frozen=True)
class SkillTrend:
    key: str
    label: str
    ratings: tuple[int | None, ...]  # one per report, oldest first; None where the skill was not rated


def progress(*, reports: list[tuple[str, datetime, dict]]) -> tuple[tuple[ProgressPoint, ...], tuple[SkillTrend, ...]]:
    """Readiness per report and each skill's rating per report, oldest first.

    `reports` are (id, created_at, snapshot) in any order.
    """
    ordered = sorted(reports, key=lambda row: row[1])
    points = tuple(
        ProgressPoint(
            report_id=str(report_id),
            created_at=created_at,
            label=target_label(snapshot),
            readiness=snapshot["score"]["readiness"],
        )
        for report_id, created_at, snapshot in ordered
    )
    labels: dict[str, str] = {}
    ratings_by_report = []
    for _, _, snapshot in ordered:
        for fit in snapshot["role_fit"]:
            for item in fit["items"]:
                if item["kind"] == "skill":
                    labels.setdefault(item["key"], item["label"])
        ratings_by_report.append({a["key"]: a["rating"] for a in snapshot["answers"] if a["kind"] == "skill"})
    trends = tuple(
        SkillTrend(key=key, label=label, ratings=tuple(r.get(key) for r in ratings_by_report))
        for key, label in sorted(labels.items(), key=lambda pair: pair[1])
    )
    return points, trends


# --- The knowledge check over time --------------------------------------------------------


@dataclass(frozen=True)
class CheckedLevel:
    claimed: int
    checked: int
    settled: bool = True  # False: the answers did not settle the rating, and checked keeps it


@dataclass(frozen=True)
class CheckedTrend:
    """A skill's claimed and checked level in each report, oldest first; None where it was not checked."""

    key: str
    label: str
    levels: tuple[CheckedLevel | None, ...]


def checked_levels(snapshot: dict) -> dict[str, tuple[str, CheckedLevel]]:
    """The report's checked skills: {slug: (name, claimed and checked)}; empty for an unchecked report."""
    skills = (snapshot.get("knowledge_check") or {}).get("skills", [])
    return {
        row["skill"]: (row["name"], CheckedLevel(row["claimed"], row["checked"], row["outcome"] != "unsettled"))
        for row in skills
    }


def checked_comparison(*, before: dict, after: dict) -> tuple[CheckedTrend, ...]:
    """Every skill checked in either report, with its claimed and checked level in both."""
    return checked_trends(snapshots=[before, after])


def checked_trends(*, snapshots: list[dict]) -> tuple[CheckedTrend, ...]:
    """Each skill checked in any of the snapshots (given oldest first), by name."""
    per_report = [checked_levels(snapshot) for snapshot in snapshots]
    labels = {key: name for levels in per_report for key, (name, _) in levels.items()}
    return tuple(
        CheckedTrend(
            key=key, label=label, levels=tuple(levels[key][1] if key in levels else None for levels in per_report)
        )
        for key, label in sorted(labels.items(), key=lambda pair: pair[1])
    )
