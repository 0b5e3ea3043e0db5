"""A built page parsed once into tokens: edited in place, written back byte for byte, then read.

scripts/finish.py reads each page MkDocs built and parses it here, once, with the standard
library's HTML parser. The edits (scripts/markup.py, the search base and language links of
scripts/finish.py, the policy of scripts/csp.py) change tokens. Every token keeps its exact
source text, so a page comes back unchanged except where an edit meant a change. `reading`
then gives the output audit what a reader or a scraper finds in the finished page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from types import MappingProxyType
from typing import Any, NamedTuple

# Kinds of token. EMPTY is a tag closed in itself (<meta/>): a start and an end at once.
START, END, EMPTY, TEXT, OTHER = "start", "end", "empty", "text", "other"
# Elements whose text a reader never sees (scripts/wording.py reads only what they see).
UNSEEN = {"script", "style", "template"}
# One attribute in a tag's source, after its name (as the parser reads it, quoted or not).
_ATTRIBUTE = re.compile(r"""[\s/]*([^\s/>=][^\s/>=]*)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")
_TAG_NAME = re.compile(r"<[^\s/>]*")
# The attributes of every token that is not a start tag: one shared, unchangeable empty mapping
# (it spares the garbage collector a hundred thousand empty dictionaries per build).
_NO_ATTRIBUTES: Mapping[str, str] = MappingProxyType({})


@dataclass(slots=True)
class Token:
    """One piece of a page: a tag, a run of text, or something else (doctype, comment)."""

    kind: str
    source: str  # exactly as written in the page; what edits change
    tag: str = ""  # a tag's name, lower case
    # A tag's attributes as a browser reads them (entities decoded); replaced, never changed in place.
    attrs: Mapping[str, str] = field(default_factory=lambda: _NO_ATTRIBUTES)
    text: str = ""  # a run of text as a reader reads it (entities decoded; as written in script and style)

    def add(self, name: str, value: str, first: bool = False) -> None:
        """Give a tag one more attribute: last, or `first` (right after the tag's name)."""
        at = _after_name(self.source) if first else len(self.source) - len("/>" if self.source.endswith("/>") else ">")
        self.source = f'{self.source[:at]} {name}="{html.escape(value, quote=True)}"{self.source[at:]}'
        self.attrs = {**self.attrs, name: value}

    def drop(self, name: str) -> None:
        """Take one attribute out of a tag, with the space before it."""
        at = _after_name(self.source)
        while (found := _ATTRIBUTE.match(self.source, at)) and found.end() > at:
            if found[1].lower() == name:
                self.source = self.source[: found.start(1) - 1] + self.source[found.end() :]
                self.attrs = {key: value for key, value in self.attrs.items() if key != name}
                return
            at = found.end()


class Cell(NamedTuple):
    """A table cell as a reader sees it: its text, whether it is a number column's, the link it holds."""

    text: str
    numeric: bool
    href: str


@dataclass(frozen=True)
class Reading:
    """What a reader or a scraper finds in a page, each piece with the line it starts on."""

    text: list[tuple[int, str]]  # runs of visible text (not in script, style or template elements)
    links: list[str]  # every link's address
    rows: list[tuple[int, list[Cell]]]  # every table row
    data: list[tuple[int, str]]  # the JSON in script elements: chart specifications, the theme's settings
    labels: list[tuple[int, str]]  # every element's text alternative (aria-label)

    def to_json(self) -> dict[str, Any]:
        """The reading as JSON values (what scripts/finish.py's cache keeps)."""
        return {"text": self.text, "links": self.links, "rows": self.rows, "data": self.data, "labels": self.labels}

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Reading:
        """A reading from `to_json`'s values: pairs back to tuples, cells back to Cells."""
        pairs = {name: [(line, text) for line, text in value[name]] for name in ("text", "data", "labels")}
        rows = [(line, [Cell(*cell) for cell in cells]) for line, cells in value["rows"]]
        return cls(links=list(value["links"]), rows=rows, **pairs)


class Page:
    """A page as tokens, from its source text; `html()` gives the text back, edits included."""

    def __init__(self, source: str) -> None:
        self.tokens = _Tokenizer(source).tokens
        self._index()

    def html(self) -> str:
        """The page's text as it now is."""
        return "".join(token.source for token in self.tokens)

    def elements(self, tag: str) -> Iterator[tuple[int, Token]]:
        """Each start of a `tag` element, with its place among the tokens, in page order."""
        for i in self._starts.get(tag, []):
            if self.tokens[i].tag == tag:  # not removed since
                yield i, self.tokens[i]

    def inner(self, start: int) -> tuple[int, str]:
        """Where an element's end tag is, and the source between its start tag (at `start`) and that end."""
        tag, end = self.tokens[start].tag, start + 1
        while end < len(self.tokens) and not (self.tokens[end].kind == END and self.tokens[end].tag == tag):
            end += 1
        return end, "".join(token.source for token in self.tokens[start + 1 : end])

    def remove(self, at: int, space_before: bool = False) -> None:
        """Take one token out of the page, and the white space before it if `space_before`.

        What is taken out leaves an empty token in its place, so every other token keeps its index.
        """
        self.tokens[at] = Token(OTHER, "")
        while space_before and at > 0 and self.tokens[at - 1].kind == TEXT:
            at -= 1
            before = self.tokens[at]
            before.source = before.source.rstrip()
            before.text = before.text.rstrip()
            space_before = not before.source

    def insert(self, at: int, fragment: str) -> None:
        """Put the HTML `fragment` into the page before the token at `at` (later tokens move on)."""
        self.tokens[at:at] = _Tokenizer(fragment).tokens
        self._index()

    def lines(self) -> list[int]:
        """The line each token starts on, counting from 1, in the page as it now is."""
        lines, line = [], 1
        for token in self.tokens:
            lines.append(line)
            line += token.source.count("\n")
        return lines

    def reading(self) -> Reading:
        """What a reader finds in the page as it now is: its text, links, table rows, data and labels."""
        found = Reading([], [], [], [], [])
        row: list[Cell] | None = None  # the row, cell and JSON script being read, if any
        cell: list[str] | None = None
        script: list[str] | None = None
        unseen, numeric, href, row_line, script_line = 0, False, "", 0, 0
        for line, token in zip(self.lines(), self.tokens, strict=True):
            tag, attrs = token.tag, token.attrs
            if token.kind in (START, EMPTY):
                if "aria-label" in attrs:
                    found.labels.append((line, attrs["aria-label"]))
                if tag in UNSEEN:
                    unseen += 1
                elif tag == "a" and attrs.get("href"):
                    found.links.append(attrs["href"])
                if tag == "tr":
                    row, row_line = [], line
                elif tag in ("td", "th") and row is not None:
                    cell, numeric, href = [], "num" in attrs.get("class", "").split(), ""
                elif tag == "a" and cell is not None:
                    href = attrs.get("href", "")
                elif tag == "script" and "json" in attrs.get("type", ""):
                    script, script_line = [], line
            if token.kind in (END, EMPTY):
                if tag in UNSEEN and unseen:
                    unseen -= 1
                if tag in ("td", "th") and cell is not None and row is not None:
                    row.append(Cell(" ".join("".join(cell).split()), numeric, href))
                    cell = None
                elif tag == "tr" and row is not None:
                    found.rows.append((row_line, row))
                    row = None
                elif tag == "script" and script is not None:
                    found.data.append((script_line, "".join(script)))
                    script = None
            elif token.kind == TEXT:
                if not unseen and token.text.strip():
                    found.text.append((line, token.text))
                if script is not None:
                    script.append(token.text)
                elif cell is not None:
                    cell.append(token.text)
        return found

    def _index(self) -> None:
        self._starts: dict[str, list[int]] = {}
        for i, token in enumerate(self.tokens):
            if token.kind in (START, EMPTY):
                self._starts.setdefault(token.tag, []).append(i)


class _Tokenizer(HTMLParser):
    """The page as tokens, each with its exact source: the text from where the parser met it to the next.

    Every page of a build passes through here, so the handlers make as few objects as they can:
    a token, and for a tag its attributes; the tokens' sources are cut once the parser is done.
    """

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0]  # the parser counts lines by "\n" alone, and so does this
        for line in source.split("\n"):
            self._line_starts.append(self._line_starts[-1] + len(line) + 1)
        self.tokens: list[Token] = []
        self._starts: list[int] = []  # where each token starts in `source`
        self.feed(source)
        self.close()
        if not self._starts or self._starts[0]:
            self.tokens.insert(0, Token(OTHER, ""))
            self._starts.insert(0, 0)
        self._starts.append(len(source))
        for at, token in enumerate(self.tokens):
            token.source = source[self._starts[at] : self._starts[at + 1]]

    def _add(self, token: Token) -> None:
        line, column = self.getpos()
        self._starts.append(self._line_starts[line - 1] + column)
        self.tokens.append(token)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add(Token(START, "", tag, _attributes(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add(Token(EMPTY, "", tag, _attributes(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self._add(Token(END, "", tag, _NO_ATTRIBUTES))

    def handle_data(self, data: str) -> None:
        self._add(Token(TEXT, "", "", _NO_ATTRIBUTES, data))

    def handle_comment(self, data: str) -> None:
        self._add(Token(OTHER, "", "", _NO_ATTRIBUTES))

    def handle_decl(self, decl: str) -> None:
        self._add(Token(OTHER, "", "", _NO_ATTRIBUTES))

    def handle_pi(self, data: str) -> None:
        self._add(Token(OTHER, "", "", _NO_ATTRIBUTES))

    def unknown_decl(self, data: str) -> None:
        self._add(Token(OTHER, "", "", _NO_ATTRIBUTES))


def _after_name(tag: str) -> int:
    """Where a start tag's name ends in its source."""
    found = _TAG_NAME.match(tag)
    return found.end() if found else 0


def _attributes(attrs: list[tuple[str, str | None]]) -> dict[str, str]:
    """A tag's attributes as a browser reads them; one without a value reads as ""."""
    values = dict(attrs)
    if None in values.values():
        return {name: value or "" for name, value in values.items()}
    return values  # type: ignore[return-value]  # no value is None
