"""Translation coverage: how many texts have a version in the site's second language, and how
many were reviewed.

The build prints it, and the site has a page listing it, so that readers and editors can see
what is still English-only and what still awaits a native speaker's review.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from scripts import guide, problems
from scripts.i18n import FALLBACK, interface_coverage, language_name
from scripts.model import Dataset, Text


@dataclass(frozen=True)
class FileCoverage:
    name: str
    texts: int
    translated: int
    reviewed: int


@dataclass(frozen=True)
class Coverage:
    """Coverage per file and in total, and the texts still missing a translation."""

    rows: tuple[FileCoverage, ...]
    missing: tuple[tuple[str, str], ...] = field(default=())
    lang: str = ""

    @property
    def editors(self) -> bool:
        """True when the last rows count what editors are told (problem words, the guide's tables)."""
        return any("/codes/" in r.name for r in self.rows)

    @property
    def texts(self) -> int:
        return sum(r.texts for r in self.rows)

    @property
    def translated(self) -> int:
        return sum(r.translated for r in self.rows)

    @property
    def reviewed(self) -> int:
        return sum(r.reviewed for r in self.rows)


def coverage(data: Dataset, lang: str = "", interface_name: str = "scripts/locale") -> Coverage:
    """Count every editor-written text by file, plus the site's interface strings, the problem
    messages and the editors' guide's tables, for one language (the site's second unless given)."""
    lang = lang or (data.site.languages[1:] or data.site.languages)[0]
    rows, missing = [], []
    for name, texts in _texts_by_file(data):
        present = [t for t in texts if t.default]
        if not present:
            continue
        translated = [t for t in present if t.translation(lang)]
        reviewed = [t for t in translated if lang in t.reviewed]
        rows.append(FileCoverage(name, len(present), len(translated), len(reviewed)))
        missing += [(name, t.default if len(t.default) <= 80 else t.default[:77] + "...") for t in present
                    if not t.translation(lang)]  # fmt: skip
    rows.append(FileCoverage(f"{interface_name}/{lang}.yml", *interface_coverage(lang)))
    if lang != FALLBACK:  # what editors are told, written in English: problem messages and hints, the guide's tables
        rows.append(FileCoverage(f"{interface_name}/codes/{lang}.yml", *problems.coverage(lang)))
        rows.append(FileCoverage(f"{interface_name}/schemas/{lang}.yml", *guide.coverage(lang)))
    return Coverage(tuple(rows), tuple(missing), lang)


def report(cov: Coverage) -> str:
    """The coverage table the build prints."""
    width = max(len(r.name) for r in cov.rows)
    title = f"{language_name(cov.lang)} translations:"
    lines = [f"{title} {'file':<{width}}  texts  translated  reviewed"]
    for r in (*cov.rows, FileCoverage("total", cov.texts, cov.translated, cov.reviewed)):
        lines.append(f"{'':{len(title)}} {r.name:<{width}}  {r.texts:5}  {r.translated:10}  {r.reviewed:8}")
    return "\n".join(lines)


def _texts_by_file(data: Dataset) -> Iterator[tuple[str, list[Text]]]:
    site = data.site
    yield site.where.path, [
        site.title, site.tagline, site.country_name, site.subdivision, site.subdivision_plural, site.organisation,
        *(t for p in site.pillars for t in (p.title, p.description)), *(c.text for c in site.context),
    ]  # fmt: skip
    if data.provinces:
        yield data.provinces[0].where.path, [p.name for p in data.provinces]
    if data.groups:
        yield data.groups[0].where.path, [t for g in data.groups for t in (g.name, g.description)]
    for ind in data.indicators:
        yield ind.where.path, [
            ind.title, ind.description, ind.unit_label, ind.measure, ind.wanted_why, ind.wanted_who, *ind.notes,
            *(t for s in ind.series for t in (s.label, s.note)),
            *(t for d in ind.dimensions for t in (d.title, *(v.label for v in d.values))),
            *(c.label for c in ind.categories),
        ]  # fmt: skip
    if data.events:
        yield "data/events.yml", [t for e in data.events for t in (e.title, e.description)]
    if data.commitments:
        yield (
            "data/commitments.yml",
            [t for c in data.commitments for t in (c.title, c.owner, *(h.evidence for h in c.history))],
        )
