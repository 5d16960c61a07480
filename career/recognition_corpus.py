"""The annotated job-ad corpus and how well recognition does on it: plain Python, no Django.

Each ad is a text file: a header of `name: value` lines, a line `---`, then the
ad. The header gives the title, company, the role and seniority a hiring manager
would file the post under, and `expect`: the catalogue items (kind:slug) the ad
asks for, as a reader annotated them; `note` says why a borderline item is in or
out. `set` names the set the ad belongs to: `development` (the default) for the ads the
aliases were curated against, `held-out-1`, `held-out-2`... for ads written later and
measured apart (docs/job-ad-recognition.md tells each set's history). Precision and
recall are micro-averaged over every (ad, item) pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from career.recognition import Matcher

DEVELOPMENT = "development"
HELD_OUT = "held-out"


@dataclass(frozen=True)
class AnnotatedAd:
    name: str
    title: str
    company: str
    role: str
    seniority: str
    expected: frozenset[tuple[str, str]]
    text: str
    # The set the ad was written for: DEVELOPMENT, or a held-out set written after the aliases and
    # measured apart from the ads they were curated against.
    set: str = "development"
    # Why a borderline item is expected or left out, as a hiring manager decided it.
    note: str = ""


@dataclass(frozen=True)
class AdResult:
    ad: AnnotatedAd
    found: frozenset[tuple[str, str]]
    seniority: str | None
    role: str | None

    @property
    def missed(self) -> frozenset[tuple[str, str]]:
        return self.ad.expected - self.found

    @property
    def extra(self) -> frozenset[tuple[str, str]]:
        return self.found - self.ad.expected


@dataclass(frozen=True)
class CorpusScore:
    results: tuple[AdResult, ...]

    @property
    def true_positives(self) -> int:
        return sum(len(r.found & r.ad.expected) for r in self.results)

    @property
    def precision(self) -> float:
        found = sum(len(r.found) for r in self.results)
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = sum(len(r.ad.expected) for r in self.results)
        return self.true_positives / expected if expected else 1.0

    @property
    def seniority_right(self) -> int:
        return sum(1 for r in self.results if r.seniority == r.ad.seniority)

    @property
    def role_right(self) -> int:
        return sum(1 for r in self.results if r.role == r.ad.role)

    def part(self, name: str) -> CorpusScore:
        """The score over the ads of one set."""
        return CorpusScore(results=tuple(r for r in self.results if r.ad.set == name))

    def set_names(self) -> list[str]:
        """The sets the ads belong to: the development set first, then the held-out sets in order."""
        return sorted({r.ad.set for r in self.results}, key=_set_order)


def corpus_read(directory: Path) -> list[AnnotatedAd]:
    return [_parse(path) for path in sorted(directory.glob("*.txt"))]


def _parse(path: Path) -> AnnotatedAd:
    header, _, text = path.read_text(encoding="utf-8").partition("\n---\n")
    fields = dict(line.split(": ", 1) for line in header.splitlines() if line.strip())
    expected = frozenset(
        tuple(item.strip().split(":", 1)) for item in fields.get("expect", "").split(",") if item.strip()
    )
    return AnnotatedAd(
        name=path.stem,
        title=fields.get("title", ""),
        company=fields.get("company", ""),
        role=fields["role"],
        seniority=fields["seniority"],
        expected=expected,
        text=text,
        set=_set_name(fields.get("set", DEVELOPMENT).strip(), path),
        note=fields.get("note", ""),
    )


def _set_order(name: str) -> tuple[int, int]:
    return (0, 0) if name == DEVELOPMENT else (1, int(name.removeprefix(f"{HELD_OUT}-")))


def _set_name(name: str, path: Path) -> str:
    """The set named in an ad's header: the development set, or a numbered held-out set ("held-out-2")."""
    number = name.removeprefix(f"{HELD_OUT}-")
    if name == DEVELOPMENT or (name != number and number.isdigit()):
        return name
    raise ValueError(f"{path.name}: set must be {DEVELOPMENT!r} or {HELD_OUT}-N, not {name!r}")


def corpus_score(*, matcher: Matcher, ads: list[AnnotatedAd], seniorities: list[tuple[str, int]]) -> CorpusScore:
    results = []
    for ad in ads:
        recognised = matcher.recognise(ad.text, title=ad.title, seniorities=seniorities)
        results.append(
            AdResult(
                ad=ad,
                found=frozenset(recognised.item_keys()),
                seniority=recognised.cues.seniority,
                role=recognised.cues.roles[0] if recognised.cues.roles else None,
            )
        )
    return CorpusScore(results=tuple(results))
