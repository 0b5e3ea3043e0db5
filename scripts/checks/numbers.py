"""Numbers as editors write them: a value is digits with an optional point, exact, and in range."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from scripts.problems import Place, Problem, problem

# The largest number accepted: no count of cases or persons, and no population, comes near it.
MAX_VALUE = 10**12
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def whole_number(text: str) -> int | None:
    """The whole number, from 0 to MAX_VALUE, that `text` holds; None when it holds none."""
    return int(text) if re.fullmatch(r"\d+", text.strip()) and not too_large(text) else None


def too_large(number: str) -> bool:
    """A number beyond MAX_VALUE, judged exactly however many digits it has."""
    return _NUMBER.fullmatch(number.strip()) is not None and abs(Decimal(number)) > MAX_VALUE


def whole_number_problem(place: Place, text: str) -> Problem:
    """The problem with a cell that should hold a whole number (a population) but does not."""
    if too_large(text):
        return problem("out-of-range/population", place, text, most=MAX_VALUE)
    if re.fullmatch(r"\d{1,3}([, ]\d{3})+|\d{1,3}(\.\d{3}){2,}", text):
        return problem("thousands-separator", place, text)
    return problem("not-a-whole-number", place, text)


@lru_cache(maxsize=65536)
def judge(value: str, unit: str) -> tuple[str, dict[str, object]]:
    """The problem with a value of a numeric unit (count, percent, rate), as a key and the values its words
    need; "" when there is none. Values repeat, so each is judged once."""
    count = unit == "count"
    if re.fullmatch(r"\d{1,3}(,\d{3})+|\d{1,3}( \d{3})+", value) or (
        count and re.fullmatch(r"\d{1,3}(\.\d{3})+", value)
    ):
        return "thousands-separator", {}
    if re.fullmatch(r"-?\d+,\d+", value):
        return "decimal-comma" + "/count" * count, {}
    if not _NUMBER.fullmatch(value):
        return "not-a-number" + "/count" * count, {}
    if too_large(value):
        return "out-of-range/value", {"most": MAX_VALUE}
    if Decimal(repr(float(value))) != Decimal(value):  # the float would not be the number written
        return "too-many-digits", {}
    number = float(value)
    if count and not re.fullmatch(r"-?\d+", value):
        return "not-a-whole-number/count", {}
    if count and number < 0:
        return "negative-count", {}
    if not count and (number < 0 or (unit == "percent" and number > 100)):
        return "out-of-range/unit", {"unit": unit, "allowed": "from 0 to 100" if unit == "percent" else "zero or more"}
    return "", {}
