"""Every problem code: what it means to an editor, and the words each check raises it with.

The meanings make the editors' guide's "common errors and how to fix them"; the templates are
filled in by problems.problem() with the place and the values a check found.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The message and hint editors read for the problems the validate stage finds, as templates
# filled in with the place (`{where}`) and the values found. Several checks may raise the same
# code in different words: each has a variant of its own (missing-value/locator).
_SHOULD_BE = "{where} should be {expected}{reading}"
_QUOTE = 'put it in quotes: "{raw}"'


@dataclass(frozen=True)
class Code:
    """What a problem code means in an editor's words, and what each check that raises it says."""

    meaning: str
    says: dict[str, tuple[str, str]] = field(default_factory=dict)  # variant -> (message, hint)


# Every problem code. The editors' guide lists the meanings as "common errors and their fixes";
# a test fails when code uses a code missing here.
CATALOGUE: dict[str, Code] = {
    # Reading files
    "encoding": Code("The file is not saved as UTF-8 (Excel: Save As > CSV UTF-8 (Comma delimited))."),
    "csv-delimiter": Code("The columns are separated by semicolons or tabs instead of commas."),
    "csv-syntax": Code("A quote is not closed, or text follows a closing quote."),
    "csv-empty": Code("The file is empty: it needs at least the header row."),
    "control-character": Code("The file contains an invisible control character, often from copy and paste."),
    "invisible-character": Code(
        "An invisible formatting character (such as a right-to-left override) that can make text show other than it reads."
    ),
    "yaml-tab": Code("A tab is used in a YAML file; YAML needs spaces."),
    "yaml-syntax": Code("The YAML cannot be read: usually indentation, or text with ': ' or '#' not in quotes."),
    "yaml-duplicate-key": Code("The same key appears twice in one block; YAML would silently keep only the last."),
    "yaml-alias": Code("Anchors and aliases (& and *) are not used in data files: write each value out."),
    "yaml-key": Code("A key must be plain text."),
    "yaml-value": Code("YAML could not read a value (e.g. an impossible date such as 2019-02-30)."),
    "yaml-boolean": Code(
        "yes, no, on, off, true and false are read as true/false by YAML: quote text.", {"": (_SHOULD_BE, _QUOTE)}
    ),
    "yaml-number": Code(
        "A value is read as a number (010 is even read as 8): quote text and codes.", {"": (_SHOULD_BE, _QUOTE)}
    ),
    "yaml-date": Code(
        "An unquoted date is read as a date: quote it where text is expected.", {"": (_SHOULD_BE, _QUOTE)}
    ),
    "unknown-file": Code("A file in the data folder that the build does not read (e.g. a spreadsheet)."),
    "missing-file": Code(
        "A file every data folder needs is missing.",
        {"": ("the data folder has no {file}", "every data folder needs it: see the editors' guide")},
    ),
    "empty-file": Code("The file is empty.", {"": ("the file is empty", "see the editors' guide for what it holds")}),
    "link-outside": Code("A link (symlink) in the data folder that leads outside it: put the file itself there."),
    "unreadable-file": Code(
        "Something in the data folder that is not a plain file that can be read (a folder, a device, a broken link)."
    ),
    "file-too-large": Code("A data file larger than 10 MB."),
    "too-many-rows": Code("A CSV file with more than 20,000 rows: the most one file may have."),
    "too-many-periods": Code(
        "An indicator with more than 500 different periods: the most a chart can show.",
        {
            "": (
                "this row brings the indicator to more than {most} different periods, the most allowed",
                "publish years, or years and half-years; monthly figures for more than 40 years are too many to chart",
            )
        },
    ),
    "yaml-too-deep": Code("Blocks and lists nested more than 32 levels deep: data files need only a few."),
    "internal-error": Code(
        "The build failed on this file in a way no check foresaw: please report it, with the message."
    ),
    # Schemas
    "wrong-type": Code(
        "A value has the wrong kind (text, number, list or block of keys).",
        {
            "": (_SHOULD_BE, "{about}"),
            "quote": (_SHOULD_BE, _QUOTE),
            "text": (_SHOULD_BE, "write the text as a block with the English under en:, e.g. en: {example}"),
        },
    ),
    "missing-key": Code(
        "A required key is missing.",
        {
            "": ('{where} is missing the key "{key}"', 'add "{key}:" ({about})'),
            "categories": (
                "unit: category needs a list of categories",
                "add categories: with an id and label for each possible value",
            ),
            "wanted": (
                "an unpublished indicator must say what figure is wanted and why",
                "add wanted: with why: and who:",
            ),
        },
    ),
    "unknown-key": Code(
        "A key this file does not use (often a typo).",
        {
            "": ("{where} has a key this file does not use", 'did you mean "{close}"?'),
            "far": ("{where} has a key this file does not use", "the keys allowed here are: {allowed}"),
        },
    ),
    "not-allowed": Code(
        "A value that is not one of the allowed values.",
        {
            "": ("{where} is not one of the allowed values{reading}", "use one of: {allowed}"),
            "status": ("{where} is not a status", "use one of: {allowed}"),
            "qualifier": ("{where} is not a qualifier", "leave it empty, or write at-least, more-than or approx"),
            "border-basis": (
                "{where} is not an allowed value",
                "write stated (a source says so), derived (from map geometry), or leave it empty",
            ),
            "border-source": (
                "{where} names a source, but border_basis is not stated",
                "write stated in border_basis when this source states the border, or leave border_source empty",
            ),
            "derived-from": (
                "derived_from is only for rates and percentages",
                "remove derived_from, or set unit to percent or rate-per-100000",
            ),
        },
    ),
    "chart-unit": Code(
        "An indicator's chart kind cannot draw its unit (a step chart draws categories, not counts).",
        {"": ("chart: {chart} cannot draw unit: {unit}", "for unit: {unit} use chart: {kinds}, or leave chart out")},
    ),
    "bad-format": Code(
        "A value that is not in the expected form (ids, dates, codes, web addresses).",
        {
            "": ("{where} is not in the expected form", "{about}"),
            "area": ("{where} is not a code of {country}", "write the ISO 3166-2 code, e.g. {country}-1"),
        },
    ),
    "bad-date": Code("A date that does not exist, such as 2017-02-30 or month 13."),
    "date-out-of-range": Code(
        "A date or period before 1945 or after the day the site is built (a period must have ended)."
    ),
    "line-break": Code(
        "A line break in a text shown on one line: a title, a label, a name or an id.",
        {
            "": (
                "{where} has a line break, but it is shown on one line",
                "write it on one line (in quotes, a \\n is a line break)",
            ),
            "name": ("{where} has a line break, but a name is shown on one line", "write the name on one line"),
        },
    ),
    "out-of-range": Code(
        "A number outside its allowed range (a percentage above 100, a disclosure threshold below 10, any number above 10^12).",
        {
            "": ("{where} must be {words} {limit}", "{about}"),
            "value": (
                "{where} is larger than {most:,}, the largest number accepted",
                "check the number: no count of cases or persons comes near it",
            ),
            "population": ("{where} is larger than {most:,}, the largest number accepted", "check the number"),
            "unit": ("{where} is out of range", "a {unit} is {allowed}"),
        },
    ),
    "empty-value": Code(
        "A value that must not be empty is empty.",
        {"": ("{where} is empty", "{about}"), "name": ("{where} is empty", "write the English name")},
    ),
    "repeated-item": Code(
        "The same item is listed twice.", {"": ("{where} lists the same item twice", "list each item once")}
    ),
    "bad-address": Code(
        "A web address (the site's, its repository's, a contact page's, a source's) that is not a plain http(s) address with a host.",
        {
            "": (
                "{where} is not a plain web address: {error}",
                "write the address as a browser shows it, such as https://example.org/ctip/",
            ),
            "source": (
                "{where} is not a plain web address: {error}",
                "copy the address from the browser's address bar; write a space as %20 and a quote as %22",
            ),
        },
    ),
    "missing-contact": Code(
        "A published site names no repository and no contact address, so readers could not report an error."
    ),
    "schema": Code("The file does not match its schema.", {"": ("{where}: {error}", "")}),
    # CSV tables
    "header-space": Code(
        "A column name has spaces around it.", {"": ("a column name has spaces around it", 'write it as "{name}"')}
    ),
    "missing-column": Code(
        "A required column is missing from the header.",
        {
            "": ('the column "{name}" is missing', "the header must be: {header}"),
            "rename": ('the column "{name}" is missing', 'rename "{close}" to "{name}"'),
        },
    ),
    "unknown-column": Code(
        "A column that the file does not use.",
        {
            "": ('the column "{name}" is not part of this file', "remove it"),
            "dimensions": (
                'the column "{name}" is not part of this file',
                "declare it under dimensions in the indicator's file, or remove it",
            ),
        },
    ),
    "duplicate-column": Code(
        "The same column name appears twice.", {"": ('the column "{name}" appears twice', "keep one of them")}
    ),
    "wrong-cell-count": Code(
        "A row has more or fewer cells than the header (often an unquoted comma).",
        {
            "": (
                "this row has {cells} cells but the header has {columns}",
                "put text containing commas in double quotes, and give every row one cell per column",
            )
        },
    ),
    "formula": Code(
        "A cell starts with =, +, - or @, which spreadsheets run as a formula.",
        {
            "": (
                "{where} starts with {first}, which spreadsheets run as a formula",
                "remove the leading character, or reword the text",
            )
        },
    ),
    "bad-period": Code(
        "A period is not a year (2018), two years (2017/2018) or months (2018-01/2018-10).",
        {
            "": (
                "{where} is not a period",
                "write a year (2018), two years for a total over both (2017/2018), or months (2018-01/2018-10)",
            )
        },
    ),
    "missing-value": Code(
        "A cell that must be filled in is empty.",
        {
            "": (
                "{where} is empty",
                "write the number, or set status to not-available (or suppressed) and say why in note",
            ),
            "locator": (
                "{where} is empty: every figure needs a locator",
                "say where in the source the figure is (page, section, or what the passage reports)",
            ),
            "derived": (
                "{where} is empty: a derived value must say how it was computed",
                'write the computation in note, e.g. "224 (2018) minus 21 = 203"',
            ),
            "population": (
                "a population needs its year and its source",
                "fill in population_year and population_source",
            ),
            "border": (
                "{where} is stated, but border_source names no source",
                "write the id (from sources.yml) of the source that states the border in border_source, or write derived when the border comes from map geometry",
            ),
            "tile": (
                "{where} is empty but the other tile column is not",
                "fill in both tile_row and tile_col, or neither",
            ),
        },
    ),
    "missing-value-marker": Code(
        "N/A, -, ? or similar written for a missing value: leave it empty and set status.",
        {
            "": (
                "{where} is not a number",
                "leave value empty and set status to not-available (or suppressed), saying why in note",
            )
        },
    ),
    "value-with-status": Code(
        "A value is given although the status says there is none (suppressed, not-available).",
        {
            "": (
                "{where} is filled in but the status is {status}",
                "leave value empty: a suppressed or unavailable figure must never be written down",
            )
        },
    ),
    "thousands-separator": Code(
        "A number written with thousands separators (1,234): write 1234.",
        {"": ("{where} has a thousands separator", "write numbers without separators, e.g. 1234")},
    ),
    "decimal-comma": Code(
        "A decimal written with a comma (12,5): write 12.5.",
        {
            "": ("{where} uses a comma for decimals", "write decimals with a point, e.g. 12.5"),
            "count": ("{where} uses a comma for decimals", "a count is a whole number"),
        },
    ),
    "not-a-whole-number": Code(
        "A count that is not a whole number.",
        {
            "": ("{where} is not a whole number", "write a whole number without separators, e.g. 1195547"),
            "count": (
                "{where} is not a whole number",
                "a count is a whole number, e.g. 134; if the source gives a rounded figure, write it and set qualifier to approx",
            ),
            "tile": (
                "{where} is not a whole number from 1 to {most}",
                "write the row or column of the province's tile, counting from 1 at the top left",
            ),
        },
    ),
    "not-a-number": Code(
        "A value that is not a number.",
        {
            "": ("{where} is not a number", "write digits with a point for decimals, e.g. 12.5"),
            "count": ("{where} is not a number", "write digits only, e.g. 134"),
        },
    ),
    "too-many-digits": Code(
        "A number with more digits than can be kept exactly: at most 15 significant digits.",
        {
            "": (
                "{where} has more digits than can be kept exactly",
                "round it to at most 15 significant digits, e.g. 12.5",
            )
        },
    ),
    "negative-count": Code("A count below zero.", {"": ("{where} is negative", "a count is zero or more")}),
    "unknown-category": Code(
        "A value that is not one of the indicator's categories.",
        {"": ("{where} is not a category of this indicator", "use one of: {allowed}")},
    ),
    "duplicate-observation": Code(
        "Two rows for the same period, place, series and breakdown.",
        {
            "": (
                "this row repeats line {first}: same period, geography, series and breakdown",
                "keep one row; if two sources disagree, keep the better one and mention the other in note",
            )
        },
    ),
    "duplicate-id": Code(
        "The same id is used twice.",
        {
            "": ('the {what} id "{id}" is used twice (first on line {first})', "give each one its own id"),
            "area": ("{where} lists an area twice", "list each area once"),
        },
    ),
    "duplicate-tile": Code(
        "Two provinces are put on the same tile of the map (tile_row and tile_col).",
        {"": ("{where} puts {code} on the tile of {other}", "give each province its own tile_row and tile_col")},
    ),
    "missing-tile": Code(
        "Some provinces have a tile on the map and others do not: give every one a tile, or none.",
        {
            "": (
                "{missing} of {total} provinces have no tile_row and tile_col",
                "give every province a tile on the map, or leave both columns empty for all",
            )
        },
    ),
    # References
    "unknown-source": Code(
        "A source id that is not in sources.yml.",
        {
            "": (
                "{where} names a source that is not in sources.yml",
                "use an id listed in sources.yml, or add this source there first",
            ),
            "cell": (
                "{where} is not in sources.yml",
                "use a source id from sources.yml, or add the source there first",
            ),
            "column": (
                "{where} names a source that is not in sources.yml",
                "use a source id from sources.yml, or add the source there first",
            ),
        },
    ),
    "unknown-geography": Code(
        "A geography that is neither the country code nor a code in provinces.csv.",
        {
            "": (
                "{where} is not the country or a province",
                "use the country code from site.yml, or a code from geography/provinces.csv",
            )
        },
    ),
    "unknown-series": Code(
        "A series id that the indicator does not declare.",
        {
            "": (
                "{where} is not a series of this indicator",
                "use one of: {allowed}, or add it under series in the indicator's file",
            )
        },
    ),
    "unknown-dimension-value": Code(
        "A breakdown value that the indicator does not declare.",
        {"": ("{where} is not a value of this breakdown", "use one of: {allowed}, or leave it empty for all")},
    ),
    "unknown-pillar": Code(
        "A pillar id that is not in site.yml.",
        {
            "": (
                "{where} names a pillar that is not in the pillars of site.yml",
                "use an id listed in the pillars of site.yml, or add this pillar there first",
            )
        },
    ),
    "unknown-indicator": Code(
        "An indicator id that does not exist.",
        {
            "": (
                "{where} names a indicator that is not in indicators/",
                "use an id listed in indicators/, or add this indicator there first",
            )
        },
    ),
    "id-mismatch": Code(
        "An indicator's id differs from its file name.",
        {
            "": (
                '"id" differs from the file name {stem}.yml',
                "make the id and the file name the same: the id is part of the page's web address",
            )
        },
    ),
    "missing-observations": Code(
        "An indicator without an observations file (and without published: false).",
        {
            "": (
                'the indicator "{stem}" has no observations file',
                "add data/observations/{stem}.csv, or set published: false if no figure exists yet",
            )
        },
    ),
    "unpublished-with-data": Code(
        "An indicator marked published: false that has observations.",
        {
            "": (
                'the indicator "{stem}" says published: false but has observations',
                "remove published: false, or remove the observations file",
            )
        },
    ),
    "orphan-observations": Code(
        "An observations file without an indicator file of the same name.",
        {
            "": (
                'there is no indicator "{stem}" for these observations',
                "add data/indicators/{stem}.yml describing them, or rename the file to match an indicator",
            )
        },
    ),
    "reserved-column": Code(
        "A breakdown named like a built-in or personal-data column.",
        {
            "": (
                'the dimension "{id}" is already a column of every observations file',
                "choose another name for the breakdown",
            ),
            "personal": ('the dimension "{id}" would hold personal data', "choose another name for the breakdown"),
        },
    ),
    "history-order": Code(
        "A status history that is not oldest first.",
        {"": ("the status history is not oldest first", "list the dated statuses from oldest to newest")},
    ),
    # Disclosure control and personal data
    "small-count": Code(
        "A count of persons from 1 to k-1 below national level or in a breakdown: enter it as suppressed."
    ),
    "recoverable-suppression": Code("A suppressed count that published totals and other values let a reader work out."),
    "rate-from-suppressed": Code(
        "A rate or percentage computed from a suppressed count that is not itself suppressed."
    ),
    "rate-reveals-small-count": Code("A rate that, times the population, gives back a count from 1 to k-1."),
    "recoverable-count": Code(
        "A count that is not published (not available, or left out) but that published figures show to be from 1 to k-1: enter it as suppressed."
    ),
    "percent-reveals-small-count": Code(
        "A percentage that, of the count it is a percentage of, gives back a count from 1 to k-1."
    ),
    "rate-without-population": Code(
        "A rate of persons for a place with no population in provinces.csv: it cannot be checked, so it is not published."
    ),
    "disclosure-too-complex": Code(
        "Figures too many or too intertwined to check for disclosure in time: they are refused, not published unchecked."
    ),
    "inconsistent-figures": Code(
        "Figures of one series that contradict each other (a part larger than its total), so disclosure cannot be checked."
    ),
    "small-count-in-note": Code(
        "A note or locator of a sensitive indicator that states a count of persons from 1 to k-1."
    ),
    "persons-not-sensitive": Code(
        "An indicator that counts persons says sensitive: false without a sensitive_exception giving the reason."
    ),
    "part-of-cycle": Code("Indicators that are each part_of the other, in a circle."),
    "personal-data-column": Code(
        "A column that would hold personal data (names, ID numbers, addresses, ...).",
        {
            "": (
                'the column "{name}" would hold personal data, which is never published',
                "remove the column: publish only counts, never details of a person",
            )
        },
    ),
    "person-level-rows": Code(
        "The file looks like one row per person instead of counts.",
        {
            "": (
                "this file looks like a list of people (one row per person), not a table of counts",
                "publish counts only: one row per period, place and breakdown, with the number in a value column",
            )
        },
    ),
    "personal-data-text": Code(
        "Text that looks like personal data (an exact date, an age, a case or phone number).",
        {
            "date": (
                "{where} contains what looks like an exact date",
                "dates of events concerning a person are never published; a publication's date belongs in sources.yml",
            ),
            "age": ("{where} contains what looks like the age of a person", "publish counts by age group instead"),
            "number": (
                "{where} contains what looks like a case, file or ID number",
                "remove it: case and ID numbers identify people",
            ),
            "phone": ("{where} contains what looks like a phone number", "remove it"),
            "email": ("{where} contains what looks like an e-mail address", "put contact addresses in site.yml only"),
        },
    ),
    "geography-too-fine": Code(
        "A place finer than a province (district, commune, village).",
        {
            "": (
                "{where} is finer than a province",
                "publish figures for the whole province (or the country) only: smaller areas can identify people",
            )
        },
    ),
    "long-text": Code(
        "Free text too long for a note; stories about people are never published.",
        {
            "": (
                "{where} is {length} characters long; the most allowed here is {most}",
                "keep notes short and factual; never write about an individual person",
            ),
            "cell": (
                "{where} is {length} characters long; the most allowed is {most}",
                "keep notes short and factual; never write about an individual person",
            ),
        },
    ),
    # The update log (scripts/changelog.py)
    "changelog-not-updated": Code("Figures changed in a pull request but changelog.yml has no new entry."),
    "changelog-missing-indicator": Code("Figures of an indicator changed but no new changelog entry names it."),
    # Output audit
    "published-small-count": Code("The built site shows a count of persons from 1 to k-1 in a breakdown."),
    "internal-wording": Code(
        "A page shows a word meant for the project's own work, not for readers (a note to itself, a test-data term, an internal name for a source)."
    ),
    "missing-figure-wording": Code(
        "A page says that a missing figure does not exist anywhere; say what is known: not found in the sources read."
    ),
    "sources-read-not-listed": Code("The data availability page does not link to the sources read."),
    "unexpected-script": Code(
        "A built page holds an inline script the site's theme did not write: the build refuses to allow it."
    ),
}
