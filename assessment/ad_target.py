"""A job ad's target profile, built from what recognition found: plain functions over plain data.

1. The base is the nearest role × seniority profile. The role is the one the ad's
   title names; without one, the role whose profile's weight the recognised items
   cover best (ties to the earlier role in the catalogue). The seniority is the ad's
   cue (title words, years of experience, words in the text), mid-level when it gives none.
2. Every requirement of the base the ad mentions is kept: in a required context its
   weight rises by one (at most WEIGHT_MAX) and a must-have stays one; where the ad
   only asks nicely ("nice to have", "a plus") its weight drops to 1 and it is no
   must-have. A requirement the ad never mentions drops out.
3. An item the ad asks for that the base lacks is added at the target the same
   seniority asks for it in the profile that asks most of it (the role it defines),
   or, when no profile at that seniority has it, at min(rank, 3); its weight is
   NEW_WEIGHT (1 when asked nicely), never a must-have.
4. The degree asked for sets the degree's target (2 Bachelor's, 3 Master's, 4 PhD);
   "or equivalent experience" makes it no must-have. A certification the ad names
   sets the certification qualification's target to that certificate's level.

The candidate may then change any target (0–4) or weight (1–5), leave an item out,
or reset to what was derived. No Django: the selectors pass the catalogue in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from assessment import scoring

WEIGHT_MAX = 5  # mirrors career.enums, which this module may not import
NEW_WEIGHT = 3
NICE_WEIGHT = 1
DEFAULT_SENIORITY = "mid"
DEGREE, CERTIFICATION_QUALIFICATION = "degree", "ai-certification"
REQUIRED, NICE = "required", "nice"


@dataclass(frozen=True)
class AdItem:
    """One requirement of the ad's target: the item, its terms and the ad's words for it."""

    kind: str
    key: str
    label: str
    target: int
    weight: int
    essential: bool
    strength: str  # REQUIRED or NICE, as the ad asks for it
    in_base: bool  # False: the base profile does not ask for it; the ad added it
    excerpts: tuple[dict, ...]  # {"before", "match", "after"}: the ad's words, shown highlighted
    expectation: str = ""
    removed: bool = False  # the candidate left it out


@dataclass(frozen=True)
class Mentioned:
    """What recognition found for one item, as plain data (career.recognition.Mention)."""

    kind: str
    key: str
    strength: str
    excerpts: tuple[dict, ...]


def nearest_base(
    *,
    profiles: Sequence[scoring.Profile],
    mentioned: set[tuple[str, str]],
    title_roles: Sequence[str],
    seniority: str | None,
) -> scoring.Profile:
    """The profile the ad's target starts from (see the module docstring, step 1)."""
    wanted = seniority or DEFAULT_SENIORITY
    at_seniority = [p for p in profiles if p.seniority == wanted] or list(profiles)
    by_role = {p.role: p for p in at_seniority}
    for role in title_roles:
        if role in by_role:
            return by_role[role]

    def coverage(profile: scoring.Profile) -> tuple[float, int]:
        total = sum(r.weight for r in profile.requirements) or 1
        covered = sum(r.weight for r in profile.requirements if (r.kind, r.key) in mentioned)
        return covered / total, -at_seniority.index(profile)

    return max(at_seniority, key=coverage)


def derive_items(
    *,
    base: scoring.Profile,
    mentions: Sequence[Mentioned],
    same_seniority: Sequence[scoring.Profile],
    labels: Mapping[tuple[str, str], str],
    degree_level: int | None,
    equivalent_experience: bool,
    certification_levels: Sequence[int],
) -> tuple[AdItem, ...]:
    """The ad's target requirements, base requirements first, in the base's order (steps 2–4)."""
    by_item = {(m.kind, m.key): m for m in mentions if m.kind in scoring.KINDS}
    items = []
    for requirement in base.requirements:
        mention = by_item.get((requirement.kind, requirement.key))
        if mention is None:
            continue
        asked = mention.strength == REQUIRED
        items.append(
            AdItem(
                kind=requirement.kind,
                key=requirement.key,
                label=requirement.label,
                target=requirement.target,
                weight=min(WEIGHT_MAX, requirement.weight + 1) if asked else NICE_WEIGHT,
                essential=requirement.essential and asked,
                strength=mention.strength,
                in_base=True,
                excerpts=mention.excerpts,
                expectation=requirement.expectation,
            )
        )
    in_base = {(r.kind, r.key) for r in base.requirements}
    for mention in mentions:
        item = (mention.kind, mention.key)
        if mention.kind not in scoring.KINDS or item in in_base or item not in labels:
            continue
        asked = mention.strength == REQUIRED
        items.append(
            AdItem(
                kind=mention.kind,
                key=mention.key,
                label=labels[item],
                target=_usual_target(item, same_seniority, base.seniority_rank),
                weight=NEW_WEIGHT if asked else NICE_WEIGHT,
                essential=False,
                strength=mention.strength,
                in_base=False,
                excerpts=mention.excerpts,
            )
        )
    return tuple(_formal(item, degree_level, equivalent_experience, certification_levels) for item in items)


def _usual_target(item: tuple[str, str], profiles: Sequence[scoring.Profile], rank: int) -> int:
    targets = [r.target for p in profiles for r in p.requirements if (r.kind, r.key) == item]
    return max(targets) if targets else max(1, min(rank, 3))


def _formal(item: AdItem, degree_level: int | None, equivalent: bool, certification_levels: Sequence[int]) -> AdItem:
    if item.kind == scoring.KIND_EDUCATION and item.key == DEGREE and degree_level is not None:
        return replace(item, target=degree_level, essential=item.essential and not equivalent)
    if item.kind == scoring.KIND_EDUCATION and item.key == CERTIFICATION_QUALIFICATION and certification_levels:
        return replace(item, target=max(certification_levels))
    return item


def profile_of(*, base: dict, items: Sequence[dict]) -> scoring.Profile:
    """The profile a candidate is scored against: the ad's items the candidate kept, with their terms.

    `base` is the stored base ({"role", "role_name", "seniority", "seniority_name", "seniority_rank"}).
    """
    return scoring.Profile(
        role=base["role"],
        role_name=base["role_name"],
        seniority=base["seniority"],
        seniority_name=base["seniority_name"],
        seniority_rank=base["seniority_rank"],
        requirements=tuple(
            scoring.Requirement(
                kind=item["kind"],
                key=item["key"],
                label=item["label"],
                target=item["target"],
                weight=item["weight"],
                essential=item["essential"],
                expectation=item.get("expectation", ""),
            )
            for item in items
            if not item.get("removed")
        ),
    )


def items_edit(*, items: Sequence[dict], changes: Mapping[tuple[str, str], dict]) -> list[dict]:
    """The items with the candidate's changes: a new target or weight, or removed (True/False).

    Only the keys "target", "weight" and "removed" are taken from a change; an item
    without a change stays as it was.
    """
    edited = []
    for item in items:
        change = changes.get((item["kind"], item["key"]), {})
        edited.append(item | {name: change[name] for name in ("target", "weight", "removed") if name in change})
    return edited
