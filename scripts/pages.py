"""The page stage: every page of the registry (scripts/registry.py), from its Jinja2 template, in every language.

The first language's pages are written as page.md and the others' as page.<lang>.md
(mkdocs-static-i18n's suffix structure), so all languages share URLs apart from the /<lang>/ prefix. No text from
data/ can inject markup, script, a link or attributes into a page: every `{{ value }}` of a
template is escaped by scripts/escape.py's html_attr (HTML, and the Markdown that HTML text
inside a page would still start), `md` and `tr` escape Markdown, `url` re-writes an address,
and values given to a translated sentence are escaped before they fill it. Interface strings:
`t` (escaped; one the page's language lacks is shown in English, marked), `plain` (the same,
unmarked, for front matter) and `prose` (Markdown of our own locale files, kept as written,
for the longer English-only pages).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Any

import jinja2
from markupsafe import Markup, escape

from scripts import cache
from scripts.charts import Chart
from scripts.compute import Facts, format_value
from scripts.escape import html_attr, html_text, markdown_inline, script_json, url
from scripts.geography import words
from scripts.i18n import FALLBACK, Locale, load_strings, locale, site_locales
from scripts.model import Dataset, Text
from scripts.paths import TEMPLATES
from scripts.registry import PAGES, Inputs, Item, Page
from scripts.release import Release
from scripts.report import kind, mailto
from scripts.translations import Coverage

GENERATED = "<!-- Generated from {source} by scripts/build.py: edit {edit}, not this file. -->"
PENDING = "_pending.md.j2"  # an English-only page in another language: the English under a notice


def pages(
    data: Dataset,
    facts: dict[str, Facts],
    charts: dict[str, dict[str, list[Chart]]],
    cov: Coverage | None,
    release: Release | None = None,
) -> dict[str, str]:
    """Every page of the registry (scripts/registry.py), by its path under docs/, in every site language."""
    out: dict[str, str] = {}
    envs: dict[str, jinja2.Environment] = {}  # one per language, so each template is compiled once
    for loc in site_locales(data.site):
        inputs = _inputs(data, facts, charts.get(loc.lang, {}), cov, release, loc)
        for entry in PAGES:
            for item in entry.files(data):
                text = _render(entry, item, inputs, envs)
                if text is not None:
                    out[item.path.removesuffix(".md") + f"{loc.suffix}.md"] = text
    return out


def page(path: str, data: Dataset, lang: str = "", **inputs: Any) -> str:
    """One page of the registry in one language (the site's first unless given): for tests and previews.

    `inputs` are the other arguments of `pages` (facts, charts, cov, release), by name.
    """
    loc = next(loc for loc in site_locales(data.site) if loc.lang == (lang or data.site.languages[0]))
    context = _inputs(data, inputs.get("facts", {}), inputs.get("charts", {}), inputs.get("cov"),
                      inputs.get("release"), loc)  # fmt: skip
    for entry in PAGES:
        for item in entry.files(data):
            if item.path == path:
                text = _render(entry, item, context, {})
                if text is not None:
                    return text
    raise KeyError(f"no page {path} in the registry for this data")


def generated(source: str, edit: str = "the data") -> str:
    """The comment at the top of every generated page: where it comes from and what to edit instead."""
    return GENERATED.format(source=source, edit=edit)


def _inputs(
    data: Dataset,
    facts: dict[str, Facts],
    charts: dict[str, list[Chart]],
    cov: Coverage | None,
    release: Release | None,
    loc: Locale,
) -> Inputs:
    return Inputs(data, facts, charts, cov, loc, release)


def _render(entry: Page, item: Item, inputs: Inputs, envs: dict[str, jinja2.Environment]) -> str | None:
    """One page file, stamped as generated; an English-only page is written in English under a notice,
    in a language whose locale file lacks any of the page's own strings (<page>.* in en.yml)."""
    pending = entry.english_only and not _has_strings(inputs.loc, entry.template.split(".")[0])
    fallback = locale(FALLBACK, inputs.loc.native_digits, inputs.loc.default_lang)
    own_inputs = replace(inputs, loc=fallback) if pending else inputs
    own = entry.context(own_inputs, item)
    if own is None:
        return None
    env = _environment(inputs.data, own_inputs.loc, envs)
    common = {"site": inputs.data.site, "data": inputs.data, "facts": inputs.facts, "charts": inputs.charts,
              "release": inputs.release}  # fmt: skip
    text = _stamp(env.get_template(entry.template).render(common, **own).strip(), generated(entry.source, entry.edit))
    if pending:
        front, body = _split(text)
        text = (
            _environment(inputs.data, inputs.loc, envs)
            .get_template(PENDING)
            .render(front=Markup(front), body=Markup(body), fallback=FALLBACK)
        )
    return text


def _has_strings(loc: Locale, page: str) -> bool:
    """Whether a language's locale file has every string of a page (the keys starting "<page>.")."""
    return all(key in loc.strings for key in load_strings(FALLBACK) if key.startswith(f"{page}."))


class _Compiled(jinja2.BytecodeCache):
    """Compiled templates kept in the build cache (scripts/cache.py): compiling them is most of this stage.

    Jinja checks each entry against its template's source; the key adds what else shapes the
    compiled code: Jinja's and Python's versions and the environment's settings (this module,
    in the build's code hash).
    """

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = cache.get("template", self._key(bucket))
        if found is not None:
            bucket.bytecode_from_string(found)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        cache.put("template", self._key(bucket), bucket.bytecode_to_string())

    @staticmethod
    def _key(bucket: jinja2.bccache.Bucket) -> str:
        return cache.key("template", bucket.key, bucket.checksum, jinja2.__version__, sys.version, cache.code())


def _finalize(value: object) -> object:
    """Every `{{ value }}` of a template: text escaped for HTML and for the Markdown around it."""
    return html_attr(value) if isinstance(value, str) else value


def _filled(values: dict[str, object]) -> dict[str, Markup]:
    """Values for a translated sentence, each escaped (Markup stays as it is)."""
    return {key: html_text(value) for key, value in values.items()}


def _environment(data: Dataset, loc: Locale, envs: dict[str, jinja2.Environment]) -> jinja2.Environment:
    """The templates' environment for one language, made once per build (`envs`)."""
    if loc.lang in envs:
        return envs[loc.lang]
    suffix = loc.suffix
    env = envs[loc.lang] = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_Compiled(),
    )
    untranslated = loc.t("untranslated")

    def english(inner: Markup, lang: str = FALLBACK) -> Markup:
        """Text shown in another language on this language's page (an interface string in the
        fallback language, a data text in the site's first), marked as not yet translated."""
        return (
            Markup('<span class="untranslated" lang="{}" title="{}">').format(lang, untranslated)
            + inner
            + Markup("</span>")
        )

    def marked(text: Text, inner: Markup) -> Markup:
        return inner if loc.translated(text) else english(inner, loc.default_lang)

    def plain(key: str, **values: object) -> Markup:
        """An interface string, escaped, with its values escaped: for front matter and attributes."""
        return Markup(escape(loc.t(key))).format(**_filled(values)) if values else Markup(escape(loc.t(key)))

    def t(key: str, **values: object) -> Markup:
        """An interface string; one this language's locale file lacks is shown in English, marked."""
        return plain(key, **values) if key in loc.strings else english(plain(key, **values))

    def en_only(text: str, markdown: bool = False) -> Markup:
        """Free text kept in English only (notes, locators): marked as such on other languages."""
        return marked(Text(text), markdown_inline(text) if markdown else html_text(text))

    env.filters.update(
        md=markdown_inline, h=html_text, url=url, svg=lambda s: Markup(" ".join(s.split())), spec_json=script_json
    )
    env.globals.update(
        lang=loc.lang,
        colon=loc.colon,
        reviewed=loc.reviewed,
        loc=loc,
        threshold=data.site.disclosure_threshold,
        language_names=[loc.language_name(code) for code in data.site.languages],
        area=words(data.site, loc),  # the site's own words for its subdivisions, for t("...", **area)
        asset_suffix=suffix,
        lang_prefix="" if not suffix else f"{loc.lang}/",
        t=t,
        plain=plain,
        prose=lambda key, **values: Markup(loc.t(key)).format(**_filled(values)) if values else Markup(loc.t(key)),
        tx=loc.text,
        tr=lambda text: marked(text, markdown_inline(loc.text(text))),
        trh=lambda text: marked(text, html_text(loc.text(text))),
        en_only=en_only,
        md=markdown_inline,
        value=lambda ind, obs: format_value(ind, obs, loc),
        countries=lambda codes: loc.join([loc.country(code) for code in codes]),
        date=loc.partial_date,
        source=data.source,
        report_kind=kind(data.site),
        mail_link=Markup('<a href="{}">{}</a>').format(
            url(mailto(data.site.contact_email)), html_text(data.site.contact_email)
        )
        if data.site.contact_email
        else "",
    )
    return env


def _stamp(text: str, marker: str) -> str:
    """Say at the top of the page body that it is generated, after any front matter."""
    front, body = _split(text)
    return f"{front}{marker}\n{body}\n"


def _split(text: str) -> tuple[str, str]:
    """A page's front matter (with its closing line) and its body."""
    end = text.find("\n---\n", 4) + 5 if text.startswith("---\n") else 0
    return text[:end], text[end:]
