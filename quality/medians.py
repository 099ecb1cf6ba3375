"""The peers' medians of a period: the median figure of each (indicator, province, unit kind,
size band) over the period's sent reports, from one histogram query, kept in the cache. Peers
are the units of the same province: a province's officers are never told, nor can work out
from the limits they are given, a figure of another province's units."""
import re

from collections import defaultdict
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max

from reporting.models import COUNTED, Report, ReportingPeriod
from unions.models import Kind, Level, Union

from .checks import SIZE_BANDS, Rule


def band_sql(column: str) -> str:
    """The size band of a unit in SQL, as quality.checks.size_band says it."""
    cases = " ".join(f"WHEN {column} < {edge} THEN {band}" for band, edge in enumerate(SIZE_BANDS))
    return f"CASE {cases} ELSE {len(SIZE_BANDS)} END"


COUNTED_SQL = "(" + ", ".join(f"'{status}'" for status in COUNTED) + ")"


MEDIANS_CACHE_SECONDS = 600


def province_path_length() -> int:
    """The length of a province's path, with which its units' paths begin: every province sits
    at the same depth (under the confederation, or at the top of the tree). One query."""
    path = Union.objects.filter(level=Level.PROVINCE).values_list("path", flat=True).first()
    return len(path) if path else Union.steplen


def period_medians(*, period: ReportingPeriod, rules: dict[int, Rule], kind: str | None = None,
                   band: int | None = None, exclude_report: int | None = None, province: str = "",
                   province_length: int | None = None) -> dict[tuple, tuple[Decimal, int]]:
    """The median figure of each (indicator, province path, unit kind, size band) over the
    period's sent reports, with how many reports it is over; of one `province` (its path) and
    group with `kind`. One query: a histogram of the figures (few distinct values per group),
    whose middle is found here. The whole period's medians are kept in the cache until a
    report of the period is sent, returned or changed."""
    whole = kind is None
    if whole:
        key = _medians_key(period=period, rules=rules)
        kept = cache.get(key)
        if kept is not None:
            return kept
    if not rules:
        return {}
    ids = ", ".join(str(int(pk)) for pk in rules)
    band_expr = band_sql("u.member_count")
    length = int(province_length or province_path_length())
    province_expr = f"SUBSTR(r.unit_path, 1, {length})"
    where, params = "", [period.pk]
    if not whole:
        where = f" AND u.kind = %s AND {band_expr} = %s AND r.id <> %s AND r.unit_path LIKE %s"
        params += [kind, band, exclude_report or -1, province.replace("%", "") + "%"]
    sql = f"""SELECT rv.indicator_id, {province_expr}, u.kind, {band_expr} AS band, rv.number, COUNT(*)
        FROM reporting_report r JOIN unions_union u ON u.id = r.unit_id
        JOIN reporting_reportvalue rv ON rv.report_id = r.id
        WHERE r.period_id = %s AND r.status IN {COUNTED_SQL} AND rv.number IS NOT NULL
          AND rv.indicator_id IN ({ids}){where}
        GROUP BY rv.indicator_id, {province_expr}, u.kind, {band_expr}, rv.number"""
    histograms = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for indicator_id, group_province, unit_kind, group_band, number, count in cursor.fetchall():
            histograms[(indicator_id, group_province, unit_kind, group_band)].append((Decimal(str(number)), count))
    medians = {group: (_median(histogram), sum(count for _, count in histogram))
               for group, histogram in histograms.items()}
    if whole:
        cache.set(key, medians, MEDIANS_CACHE_SECONDS)
    return medians


def _median(histogram: list[tuple[Decimal, int]]) -> Decimal:
    histogram.sort()
    total = sum(count for _, count in histogram)
    wanted = sorted({(total - 1) // 2, total // 2})  # the middle one, or the two middle ones
    found, seen = [], 0
    for number, count in histogram:
        while wanted and wanted[0] < seen + count:
            found.append(number)
            wanted.pop(0)
        seen += count
    return sum(found) / len(found)


def _medians_key(*, period: ReportingPeriod, rules: dict[int, Rule]) -> str:
    sent = Report.objects.filter(period=period, status__in=COUNTED).aggregate(n=Count("pk"), last=Max("updated_at"))
    last = sent["last"].timestamp() if sent["last"] else 0
    return f"quality:medians:v2:{period.pk}:{sent['n']}:{last}:{','.join(map(str, sorted(rules)))}"


PATH = re.compile(r"[0-9A-Za-z]+")


def medians_values(medians: dict[tuple, tuple[Decimal, int]]) -> str:
    """The medians as a VALUES list: numbers, tree paths and the unit kinds' codes only, written
    here."""
    rows = [f"({int(pk)}, '{province}', '{unit_kind}', {int(band)}, {float(median)!r}, {int(n)})"
            for (pk, province, unit_kind, band), (median, n) in medians.items()
            if unit_kind in Kind.values and PATH.fullmatch(province or "")]
    rows = rows or ["(-1, '', '', -1, 0.0, 0)"]
    return f"m (indicator_id, province, unit_kind, band, median, n) AS (VALUES {', '.join(rows)})"
