"""Search that ignores Vietnamese diacritics and case, the same on SQLite and PostgreSQL:
"cua tung", "CUA TÙNG" and "Cửa Tùng" all find "Công đoàn Trường THPT Cửa Tùng".

Both sides of the comparison are folded — accents dropped, đ read as d, lower case: the
typed text in Python, the column in SQL (PostgreSQL's built-in TRANSLATE with the table
below, so no extension is needed; on SQLite a function of the same name registered on every
connection, see unions.apps)."""
import re
import unicodedata

from django.db.models import CharField, Func, Q, QuerySet

SQL_FUNCTION = "portal_fold"


def fold(text: str | None) -> str:
    """Lower case, without diacritics (đ → d), spaces collapsed."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip().lower()


def _translate_table() -> tuple[str, str]:
    """Every precomposed Latin letter whose folded form is one ASCII letter: Vietnamese needs
    Latin-1, Latin Extended-A/B and Latin Extended Additional (U+1EA0–U+1EF9)."""
    source, target = [], []
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        folded = fold(char)
        if len(folded) == 1 and folded.isascii() and folded != char:
            source.append(char)
            target.append(folded)
    return "".join(source), "".join(target)


TRANSLATE_FROM, TRANSLATE_TO = _translate_table()


class Folded(Func):
    """The column folded as `fold` folds the typed text."""

    function = SQL_FUNCTION
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"LOWER(TRANSLATE({sql}, %s, %s))", [*params, TRANSLATE_FROM, TRANSLATE_TO]


def text_search(queryset: QuerySet, query: str, *fields: str) -> QuerySet:
    """The rows whose folded `fields` contain every word of the folded `query`."""
    words = fold(query).split()
    if not words:
        return queryset
    names = {field: f"_folded_{i}" for i, field in enumerate(fields)}
    queryset = queryset.annotate(**{name: Folded(field) for field, name in names.items()})
    for word in words:
        condition = Q()
        for name in names.values():
            condition |= Q(**{f"{name}__contains": word})
        queryset = queryset.filter(condition)
    return queryset


def register_sqlite_fold(sender, connection, **kwargs) -> None:
    """Give each new SQLite connection the fold function (PostgreSQL needs nothing)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQL_FUNCTION, 1, fold, deterministic=True)
