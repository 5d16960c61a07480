"""The annotated job-ad corpus and how well recognition does on it: plain Python, no Django.

Each ad is a text file: a header of `name: value` lines, a line `---`, then the
ad. The header gives the title, company, the role and seniority a hiring manager
would file the post under, and `expect`: the catalogue items (kind:slug) the ad
asks for, as a reader annotated them; `note` says why a borderline item is in or
out. `set: held-out` marks an ad written after the aliases and never used to choose
them. Precision and recall are micro-averaged over every (ad, item) pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from career.recognition import Matcher


@dataclass(frozen=True)
class AnnotatedAd:
    name: str
    title: str
    company: str
    role: str
    seniority: str
    expected: frozenset[tuple[str, str]]
    text: str
    # Written and annotated after the aliases were curated, and never used to choose them: its
    # figures are the honest estimate of how recognition does on ads nobody tuned it for.
    held_out: bool = False
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

    def part(self, *, held_out: bool) -> CorpusScore:
        """The score over the held-out ads only, or over the others (the development set)."""
        return CorpusScore(results=tuple(r for r in self.results if r.ad.held_out == held_out))


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
        held_out=fields.get("set", "") == "held-out",
        note=fields.get("note", ""),
    )


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
