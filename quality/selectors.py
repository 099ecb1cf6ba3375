"""Reads of the soft checks: set-based — a fixed number of queries per period and indicator
set, whatever the number of units — along the tree as it stood in the period (reports carry
their unit's path on the period's structure date)."""
from collections import defaultdict
from decimal import Decimal

from django.db import connection
from django.db.models import Max, Q, Sum

from plans.models import Indicator
from plans.values import kind_of
from reporting.models import COUNTED, Report, ReportingPeriod, ReportValue
from unions.models import Union, UnionPlacement
from unions.selectors import placed_on, union_path_on

from .checks import CAPACITY_DEFAULTS, CHECKED_KINDS, DEFAULTS, Finding, Rule, judge, size_band
from .medians import COUNTED_SQL, band_sql, medians_values, period_medians, province_path_length
from .models import ConfirmedFigure, Threshold


def _rules_in_force(indicators: list[Indicator], rows: dict[int, Threshold]) -> dict[int, Rule]:
    codes = {i.code: i.pk for i in indicators}
    rules = {}
    for indicator in indicators:
        row = rows.get(indicator.pk)
        if row is not None:
            if row.enabled:
                rules[indicator.pk] = Rule(indicator.pk, int(row.floor), row.previous_factor, row.peer_factor,
                                           row.min_peers, row.per_member, row.per_member_times_id)
            continue
        per_member, times = CAPACITY_DEFAULTS.get(indicator.code, (None, None))
        rules[indicator.pk] = Rule(indicator.pk, **DEFAULTS[indicator.kind], per_member=per_member,
                                   times_id=codes.get(times) if times else None)
    return rules


def _threshold_rows(*, plan) -> tuple[list[Indicator], dict[int | None, dict[int, Threshold]]]:
    indicators = list(Indicator.objects.filter(plan=plan, kind__in=CHECKED_KINDS))
    rows: dict[int | None, dict[int, Threshold]] = defaultdict(dict)
    for threshold in Threshold.objects.filter(indicator__plan=plan):
        rows[threshold.province_id][threshold.indicator_id] = threshold
    return indicators, rows


def quality_rules(*, plan, province: Union | None = None) -> dict[int, Rule]:
    """The thresholds in force in `province` (None: the national ones) for each checked
    indicator of `plan`: the province Board's row, else the national Board's, else the
    defaults (two queries)."""
    indicators, rows = _threshold_rows(plan=plan)
    in_force = dict(rows[None])
    if province is not None:
        in_force.update(rows[province.pk])
    return _rules_in_force(indicators, in_force)


def rule_sets(*, period: ReportingPeriod) -> dict[str, dict[int, Rule]]:
    """The thresholds in force for the period's reports, by the path (on the period's structure
    date) of each province whose Board tuned its own; "" holds the national ones, for every
    other unit. Three queries."""
    indicators, rows = _threshold_rows(plan=period.plan)
    sets = {"": _rules_in_force(indicators, rows[None])}
    provinces = [pk for pk in rows if pk is not None]
    if provinces:
        paths = UnionPlacement.objects.filter(placed_on(period.structure_date), union_id__in=provinces)
        for province_id, path in paths.values_list("union_id", "path"):
            sets[path] = _rules_in_force(indicators, {**rows[None], **rows[province_id]})
    return sets


def rules_for_path(sets: dict[str, dict[int, Rule]], unit_path: str) -> tuple[str, dict[int, Rule]]:
    """The set of `sets` a unit at `unit_path` is judged by: its province's own, or the national."""
    for prefix, rules in sets.items():
        if prefix and unit_path.startswith(prefix):
            return prefix, rules
    return "", sets[""]


def threshold_rows(*, plan, province: Union | None = None) -> list[dict]:
    """Every checked indicator of `plan` with the thresholds in force in `province` (None: the
    national ones), and whose they are: "province" (its Board's own), "national" or "default",
    for the Board's page of thresholds."""
    indicators, rows = _threshold_rows(plan=plan)
    own = rows[province.pk] if province is not None else rows[None]
    national = rows[None] if province is not None else {}
    rules = _rules_in_force(indicators, {**national, **own})
    indicators = sorted(indicators, key=lambda i: (i.order, i.code))
    by_id = {i.pk: i for i in indicators}
    return [{"indicator": i, "rule": rules.get(i.pk), "tuned": i.pk in own,
             "source": "province" if province is not None and i.pk in own
             else "national" if i.pk in own or i.pk in national else "default",
             "times": by_id.get(rules[i.pk].times_id) if i.pk in rules else None} for i in indicators]


PERIODS_LOOKED_BACK = 2  # a year: the six-month and the annual report before


def periods_before(*, period: ReportingPeriod) -> list[ReportingPeriod]:
    """The plan's periods just before `period`, nearest first (2023-H1, 2022-Y before 2023-Y)."""
    return list(ReportingPeriod.objects.filter(plan_id=period.plan_id)
                .filter(Q(year__lt=period.year) | Q(year=period.year, kind__lt=period.kind))
                .order_by("-year", "-kind")[:PERIODS_LOOKED_BACK])


def _rules_cte(sets: dict[str, dict[int, Rule]]) -> tuple[str, list]:
    """t: the rules of every set, by (prefix, indicator); o: the prefixes of the provinces with
    their own set (a unit under none of them is judged by the national set, prefix "")."""
    rows, params = [], []
    for prefix, rules in sets.items():
        for rule in rules.values():
            rows.append("(CAST(%s AS VARCHAR(255)), CAST(%s AS INTEGER), CAST(%s AS DOUBLE PRECISION), "
                        "CAST(%s AS DOUBLE PRECISION), CAST(%s AS DOUBLE PRECISION), CAST(%s AS INTEGER), "
                        "CAST(%s AS DOUBLE PRECISION), CAST(%s AS INTEGER))")
            params += [prefix, rule.indicator_id, float(rule.floor),
                       None if rule.previous_factor is None else float(rule.previous_factor),
                       None if rule.peer_factor is None else float(rule.peer_factor), rule.min_peers,
                       None if rule.per_member is None else float(rule.per_member), rule.times_id]
    prefixes = [prefix for prefix in sets if prefix]
    params += prefixes
    provinces = ", ".join(["(CAST(%s AS VARCHAR(255)))"] * len(prefixes)) or "(CAST(NULL AS VARCHAR(255)))"
    return ("t (prefix, indicator_id, floor, previous_factor, peer_factor, min_peers, per_member, times_id) AS "
            f"(VALUES {', '.join(rows)}), o (prefix) AS (VALUES {provinces})"), params


def findings_for_period(*, period: ReportingPeriod, scope_path: str = "",
                        report_ids: list[int] | None = None) -> list[Finding]:
    """The flagged figures of the period's sent reports under `scope_path` (as the tree stood
    then), or of the reports `report_ids`. Two queries: the peers' medians over the whole
    period whatever the scope (kept in the cache), then the check; `previous` is the unit's
    highest figure of the two periods before."""
    sets = {prefix: rules for prefix, rules in rule_sets(period=period).items() if rules}
    if not sets or report_ids == []:
        return []
    length = province_path_length()
    medians = period_medians(period=period, rules={pk: rule for rules in sets.values() for pk, rule in rules.items()},
                             province_length=length)
    rules_sql, params = _rules_cte(sets)
    where = "r.unit_path LIKE %s"
    params += [period.pk, scope_path.replace("%", "") + "%"]
    if report_ids is not None:
        where += f" AND r.id IN ({', '.join(['%s'] * len(report_ids))})"
        params += list(report_ids)
    # c: the figures that can break a check at all (above the floor, or above what the members
    # can give), so that the look-ups of the periods before are made for few of them.
    sql = f"""WITH {rules_sql}, {medians_values(medians)}, c AS (
        SELECT r.id AS report_id, r.unit_id, SUBSTR(r.unit_path, 1, {int(length)}) AS province, rv.indicator_id, rv.number AS value, u.member_count AS members,
               u.kind AS unit_kind, {band_sql('u.member_count')} AS band, tv.number AS times,
               t.prefix, t.floor, t.previous_factor, t.peer_factor, t.min_peers, t.per_member, t.times_id
        FROM reporting_report r JOIN unions_union u ON u.id = r.unit_id
        JOIN reporting_reportvalue rv ON rv.report_id = r.id
        LEFT JOIN o ON r.unit_path LIKE o.prefix || '%%'
        JOIN t ON t.indicator_id = rv.indicator_id AND t.prefix = COALESCE(o.prefix, '')
        LEFT JOIN reporting_reportvalue tv ON tv.report_id = r.id AND tv.indicator_id = t.times_id
        WHERE r.period_id = %s AND r.status IN {COUNTED_SQL} AND rv.number IS NOT NULL AND {where}
          AND ((rv.number > t.floor AND (t.previous_factor IS NOT NULL OR t.peer_factor IS NOT NULL))
               OR (t.per_member IS NOT NULL AND u.member_count > 0 AND (t.times_id IS NULL OR tv.number IS NOT NULL)
                   AND rv.number > u.member_count * t.per_member * COALESCE(tv.number, 1)))
    ), w AS (
        SELECT c.*, m.median, m.n - 1 AS peers,
               CASE WHEN v1.number IS NULL THEN v2.number WHEN v2.number IS NULL OR v1.number >= v2.number
                    THEN v1.number ELSE v2.number END AS previous
        FROM c
        LEFT JOIN m ON m.indicator_id = c.indicator_id AND m.province = c.province AND m.unit_kind = c.unit_kind
             AND m.band = c.band
        LEFT JOIN reporting_report p1 ON p1.unit_id = c.unit_id AND p1.period_id = %s
             AND p1.status IN {COUNTED_SQL}
        LEFT JOIN reporting_reportvalue v1 ON v1.report_id = p1.id AND v1.indicator_id = c.indicator_id
        LEFT JOIN reporting_report p2 ON p2.unit_id = c.unit_id AND p2.period_id = %s
             AND p2.status IN {COUNTED_SQL}
        LEFT JOIN reporting_reportvalue v2 ON v2.report_id = p2.id AND v2.indicator_id = c.indicator_id)
        SELECT prefix, report_id, indicator_id, value, members, previous, median, peers, times FROM w
        WHERE (previous_factor IS NOT NULL AND previous > 0 AND value > floor AND value > previous_factor * previous)
           OR (peer_factor IS NOT NULL AND peers >= min_peers AND value > floor AND value > peer_factor * median)
           OR (per_member IS NOT NULL AND members > 0 AND (times_id IS NULL OR times IS NOT NULL)
               AND value > members * per_member * COALESCE(times, 1))"""
    before = [p.pk for p in periods_before(period=period)] + [-1, -1]
    params += before[:2]
    findings = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for prefix, report_id, indicator_id, value, members, before, median, peers, times in cursor.fetchall():
            rule = sets[prefix][indicator_id]
            finding = Finding(report_id=report_id, indicator_id=indicator_id, value=int(Decimal(value)),
                              members=members, previous=None if before is None else int(Decimal(before)),
                              median=None if median is None else Decimal(str(median)), peers=peers or 0)
            finding.broken = judge(rule=rule, value=finding.value, members=members, previous=finding.previous,
                                   median=finding.median, peers=finding.peers, times=times)
            if finding.broken:  # SQL prefilters in floating point; the rule in checks.py decides
                findings.append(finding)
    return findings


def findings_for_values(*, report: Report, values: dict[int, object]) -> list[Finding]:
    """The flagged figures among `values` (by indicator id), typed for `report` and not sent
    yet: judged against the unit's two periods before and the period's sent reports of the other
    units of its kind and size band. Four queries."""
    _prefix, rules = rules_for_path(rule_sets(period=report.period), report.unit_path)
    unit = report.unit
    candidates = {pk: value for pk, value in values.items() if pk in rules and value is not None}
    if not candidates:
        return []
    previous = dict(ReportValue.objects.filter(
        report__unit_id=unit.pk, report__period__in=periods_before(period=report.period),
        report__status__in=COUNTED, indicator_id__in=list(candidates), number__isnull=False)
        .values("indicator_id").annotate(highest=Max("number")).values_list("indicator_id", "highest"))
    previous = {pk: int(number) for pk, number in previous.items()}
    length = province_path_length()
    group = (report.unit_path[:length], unit.kind, size_band(unit.member_count))
    medians = {pk: found for (pk, *found_group), found in period_medians(
        period=report.period, rules={pk: rules[pk] for pk in candidates}, province=group[0], kind=group[1],
        band=group[2], exclude_report=report.pk, province_length=length).items() if tuple(found_group) == group}
    findings = []
    for pk, value in candidates.items():
        rule = rules[pk]
        median, peers = medians.get(pk, (None, 0))
        times = values.get(rule.times_id) if rule.times_id else None
        broken = judge(rule=rule, value=value, members=unit.member_count, previous=previous.get(pk),
                       median=median, peers=peers, times=times)
        if broken:
            findings.append(Finding(report_id=report.pk, indicator_id=pk, value=int(value),
                                    members=unit.member_count, previous=previous.get(pk), median=median,
                                    peers=peers, broken=broken))
    return findings


def findings_described(findings: list[Finding]) -> list[Finding]:
    """Each finding with its indicator and, if the officer confirmed that very value, the mark
    (two queries)."""
    if not findings:
        return findings
    indicators = Indicator.objects.in_bulk({f.indicator_id for f in findings})
    report_ids = {f.report_id for f in findings}
    confirmed = {(c.report_id, c.indicator_id): c for c in
                 ConfirmedFigure.objects.filter(report_id__in=report_ids).select_related("confirmed_by")}
    for finding in findings:
        finding.indicator = indicators[finding.indicator_id]
        mark = confirmed.get((finding.report_id, finding.indicator_id))
        # A mark holds for the value confirmed: a figure changed since then is judged afresh.
        if mark is not None and mark.canonical == kind_of(finding.indicator).canonical(finding.value):
            finding.confirmation = mark
    return findings


def findings_for_report(*, report: Report) -> list[Finding]:
    """The flagged figures of one report as it is stored, in the plan's order, each with its
    indicator and the officer's confirmation if any: a sent report is judged as the Board's
    page judges it, a draft as the form does."""
    if report.status in COUNTED:
        findings = findings_for_period(period=report.period, report_ids=[report.pk])
    else:
        stored = {v.indicator_id: v.value for v in report.values.select_related("indicator")}
        findings = findings_for_values(report=report, values=stored)
    findings = findings_described(findings)
    return sorted(findings, key=lambda f: (f.indicator.order, f.indicator.code))


def finding_counts(*, reports) -> dict[int, int]:
    """How many flagged figures each of `reports` (sent ones) has: one query per period."""
    by_period = defaultdict(list)
    for report in reports:
        by_period[report.period_id].append(report)
    counts = defaultdict(int)
    for reports_of_period in by_period.values():
        period = reports_of_period[0].period
        for finding in findings_for_period(period=period, report_ids=[r.pk for r in reports_of_period]):
            counts[finding.report_id] += 1
    return counts


def quality_board(*, period: ReportingPeriod, scope: Union) -> dict:
    """The Board's data-quality page: the flagged figures of the period's sent reports under
    `scope` as the tree stood then, by branch (the unit directly below the scope) and
    indicator, each with its unit and its share of the scope's total of that figure."""
    day = period.structure_date
    scope_path = union_path_on(union=scope, day=day)
    if scope_path is None:
        return {"scope": scope, "period": period, "branches": [], "count": 0}
    findings = findings_described(findings_for_period(period=period, scope_path=scope_path))
    reports = Report.objects.in_bulk({f.report_id for f in findings})
    units = Union.objects.in_bulk({r.unit_id for r in reports.values()})
    totals = dict(ReportValue.objects.filter(
        report__period=period, report__status__in=COUNTED, report__unit_path__startswith=scope_path,
        indicator_id__in={f.indicator_id for f in findings}).values("indicator_id")
        .annotate(total=Sum("number")).values_list("indicator_id", "total"))
    branch_len = len(scope_path) + Union.steplen
    branch_paths = {reports[f.report_id].unit_path[:branch_len] for f in findings}
    branch_names = dict(UnionPlacement.objects.filter(placed_on(day), path__in=branch_paths)
                        .values_list("path", "union__name"))
    grouped: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for finding in findings:
        finding.report = reports[finding.report_id]
        finding.report.unit = units[finding.report.unit_id]
        total = totals.get(finding.indicator_id) or 0
        finding.share = (Decimal(finding.value) * 100 / Decimal(total)).quantize(Decimal("0.1")) if total else None
        finding.total = int(total)
        path = finding.report.unit_path
        branch = path[:branch_len] if len(path) > len(scope_path) else scope_path
        grouped[branch][finding.indicator_id].append(finding)
    branches = []
    for path in sorted(grouped):
        indicators = []
        for rows in sorted(grouped[path].values(), key=lambda rows: (rows[0].indicator.order, rows[0].indicator.code)):
            indicators.append({"indicator": rows[0].indicator,
                               "rows": sorted(rows, key=lambda f: (-f.value, f.report.unit.name))})
        branches.append({"path": path, "name": branch_names.get(path, scope.name if path == scope_path else path),
                         "indicators": indicators, "count": sum(len(i["rows"]) for i in indicators)})
    return {"scope": scope, "period": period, "branches": branches, "count": len(findings)}
