"""Hypothesis strategies for what an officer may type, per kind of indicator, and a reader
of the report form's HTML that posts it back as a browser would."""
import datetime
from decimal import Decimal
from html.parser import HTMLParser

from hypothesis import strategies as st

from plans.grammar import WHOLE_MAX
from plans.models import Indicator

# Text a person types: any printable character, line breaks included; no control characters.
_TEXT_CHARS = st.characters(exclude_categories=("Cs", "Cc", "Co", "Cn"), exclude_characters="\u2028\u2029\x85") \
    | st.just("\n")


def _text(max_size: int):
    return st.text(_TEXT_CHARS, min_size=1, max_size=max_size).map(str.strip).filter(bool)


def value_for(indicator: Indicator):
    """A valid value of the indicator's kind, across its whole range."""
    kind = Indicator.Kind
    match indicator.kind:
        case kind.YES_NO:
            return st.booleans()
        case kind.COUNT | kind.MONEY:
            return st.one_of(st.integers(0, 100), st.integers(0, WHOLE_MAX), st.just(WHOLE_MAX))
        case kind.PERCENT:
            return st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False) \
                .map(lambda d: Decimal(d).normalize() if d == d.to_integral_value() else d)
        case kind.DATE:
            return st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31))
        case kind.TEXT:
            return _text(300)
        case _:
            return _text(indicator.max_length or 200).filter(lambda t: "\n" not in t)


def report_values(indicators: list[Indicator], rules) -> st.SearchStrategy:
    """Values for some or all of a report's indicators (None: left empty), within the plan's
    rules between figures (a first ≤ second rule holds)."""
    def fit(values: dict[int, object]) -> dict[int, object]:
        for rule in rules:
            a, b = values.get(rule.first_id), values.get(rule.second_id)
            if rule.kind == "lte" and a is not None and b is not None and a > b:
                values[rule.first_id], values[rule.second_id] = b, a
        return values

    return st.fixed_dictionaries(
        {i.pk: st.one_of(st.none(), value_for(i)) for i in indicators}).map(fit)


class FormReader(HTMLParser):
    """The fields of the form with id `form_id`, as a browser submits them:
    text inputs and hidden fields, checked radios, textareas (first line break dropped, line
    breaks sent as CRLF)."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.data: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in attrs:
                    self.data.setdefault(name, []).append(attrs.get("value", "on"))
            elif kind not in ("submit", "button", "file", "reset"):
                self.data.setdefault(name, []).append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        if tag == "textarea" and self._textarea is not None:
            text = self._text[1:] if self._text.startswith("\n") else self._text
            self.data.setdefault(self._textarea, []).append(text.replace("\r\n", "\n").replace("\n", "\r\n"))
            self._textarea = None


def form_data(html: str, form_id: str = "report-form") -> dict[str, list[str]]:
    reader = FormReader(form_id)
    reader.feed(html)
    return reader.data
