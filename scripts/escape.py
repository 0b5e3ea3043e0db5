"""One escaping function per place where text from data/ lands, so that it stays text there.

Every template, writer and report uses these, and nothing else:

| where the text lands                  | function           |
| ------------------------------------- | ------------------ |
| HTML text, in a page Markdown may read | `html_text`        |
| an HTML attribute value               | `html_attr`        |
| an href or src                        | `url`              |
| Markdown inline text                  | `markdown_inline`  |
| a Markdown table cell (job summaries) | `markdown_cell`    |
| a Markdown code span in a table cell  | `markdown_code`    |
| JSON inside a <script> element        | `script_json`      |
| a string in a Vega expression         | `vega_string`      |
| a CSV cell                            | `csv_cell`         |
| the GitHub Actions log                | `actions_line`, `actions_data`, `actions_property` |

The pages are Markdown with HTML in them, and Python-Markdown reads the text inside inline
HTML as Markdown: HTML escaping alone would let `[x](javascript:...)`, `![](https://...)` or
`{: style=... }` through. So HTML text and attributes also write the characters that start a
link, an image, an attribute list, code or a table column as character references, which
browsers show as the characters and Markdown reads as plain text.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from urllib.parse import urlsplit, urlunsplit

from markupsafe import Markup, escape

# Cells a spreadsheet runs as a formula start with one of these (OWASP's list). Validation
# refuses such cells; downloads defuse any that reach them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
URL_SCHEMES = ("http", "https", "mailto")
# The characters a web address may hold as written here: no quotes, spaces, angle brackets,
# backslashes, braces or other characters that could end an attribute or start markup.
URL_CHARACTERS = re.compile(r"[A-Za-z0-9._~%/:@!$&*+,;=?#()-]*")
_MARKDOWN_IN_HTML = str.maketrans({"[": "&#91;", "]": "&#93;", "{": "&#123;", "}": "&#125;", "`": "&#96;",
                                   "|": "&#124;", "\\": "&#92;", "\n": " ", "\r": " "})  # fmt: skip
# Python-Markdown's escapable characters (with the tables extension's |): a backslash before
# any other character is shown as a backslash.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")
# What starts Markdown (and GitHub's) syntax inside a line: emphasis, code, links, images,
# strikethrough, attributes, columns and escapes.
_CELL_SYNTAX = re.compile(r"([\\`*_{}\[\]~|])")
_SCRIPT_JSON = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                              "\u2029": "\\u2029"})  # fmt: skip


def html_text(text: object) -> Markup:
    """Text for HTML content: markup escaped, and inert even where Markdown reads it later."""
    if isinstance(text, Markup):
        return text
    return Markup(str(escape(str(text))).translate(_MARKDOWN_IN_HTML))


def html_attr(text: object) -> Markup:
    """Text for a quoted HTML attribute value (quotes escaped too), inert under Markdown."""
    return html_text(text)  # markupsafe escapes both quotes already


def url(text: str) -> Markup:
    """An http(s) or mailto address for an href, parsed and written out again; ValueError otherwise.

    Addresses are checked where they are read (scripts/address.py, with located problems); this
    is the last guard, where one is written into a page.
    """
    if not URL_CHARACTERS.fullmatch(text):
        raise ValueError(f"not a plain web address: {text!r}")
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in URL_SCHEMES or (scheme != "mailto" and not parts.hostname):
        raise ValueError(f"not an http(s) or mailto address: {text!r}")
    netloc = parts.netloc.lower() if scheme != "mailto" else ""
    return escape(urlunsplit((scheme, netloc, parts.path, parts.query, parts.fragment)))


def markdown_inline(text: object) -> Markup:
    """Text for inline Markdown: no HTML, no Markdown syntax, no line break."""
    escaped = str(escape(str(text))).replace("&#39;", "'").replace("&#34;", '"')  # never in an attribute
    return Markup(_MARKDOWN_SYNTAX.sub(r"\\\1", escaped).replace("\r", " ").replace("\n", " "))


def markdown_code(text: object) -> str:
    """Text as a Markdown code span in a table cell, whatever backticks or pipes it holds."""
    plain = " ".join(str(text).splitlines()).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", plain)), default=0) + 1)
    pad = " " if plain.startswith("`") or plain.endswith("`") else ""
    return f"{fence}{pad}{plain}{pad}{fence}"


def markdown_cell(text: str, markup: bool = False) -> str:
    """Text as one Markdown table cell: no column break, no line break, no HTML, and (unless
    `markup`: our own Markdown, such as the guide's) none of the syntax that works inside a line.

    A cell never starts a line, so list, heading and quote marks need no escaping there.
    """
    cell = html.escape(text, quote=False).replace("\r", " ").replace("\n", " ")
    return cell.replace("|", "\\|") if markup else _CELL_SYNTAX.sub(r"\\\1", cell)


def script_json(value: object) -> Markup:
    """JSON for a <script type="application/json"> element that no value can close or break."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return Markup(text.translate(_SCRIPT_JSON))


def vega_string(text: str) -> str:
    """A string literal for a Vega expression (JSON's rules, and no raw line separators)."""
    return json.dumps(text, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def csv_cell(value: object) -> object:
    """A CSV cell no spreadsheet runs as a formula: such text gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def actions_data(text: str) -> str:
    """The message of a GitHub workflow command (after ::): %, CR and LF encoded."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def actions_property(text: str) -> str:
    """A property value of a GitHub workflow command (file=, title=): also : and , encoded."""
    return actions_data(text).replace(":", "%3A").replace(",", "%2C")


def actions_line(text: str) -> str:
    """One line of plain log text that GitHub cannot read as a workflow command.

    Line breaks and other control characters are shown as escapes, so a file name or value
    cannot start a line of its own with `::error` (or `::stop-commands`); the older `##[`
    commands, read anywhere in a line, are broken up.
    """
    visible = "".join(_visible(c) for c in text)
    return visible.replace("##[", "#\\#[")


def _visible(char: str) -> str:
    if char == " " or unicodedata.category(char)[0] not in "CZ":
        return char
    return char.encode("unicode_escape").decode("ascii")
