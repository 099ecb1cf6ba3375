"""Planning reminders: claim what is due today, set-based, and hand it out in batches to send;
find what stalled, requeue or give up on what failed.

One INSERT … SELECT per kind of reminder claims every reminder due, whatever the number of
units, and the unique constraints make a second run (beat firing twice, two workers) claim
nothing. Sending what was claimed is notifications/sending.py."""
import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import (
    BigIntegerField, Case, CharField, DateField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When,
)
from django.db.models.constants import OnConflict
from django.db.models.functions import Cast, Length, Substr
from django.utils import timezone

from reporting.models import Report, ReportEvent
from unions.models import Level, Union

from .models import Reminder, ReminderPolicy, ReminderRun
from .schedule import steps_on, week_of
from .selectors import reminder_policy, reminder_policy_overrides, reports_to_chase

Kind, Status = Reminder.Kind, Reminder.Status
# The columns a planning INSERT fills; every other column takes its database default.
INSERTED = ("kind", "step", "report", "period", "due_on", "recipient_unit", "planned_on", "run")


@dataclass
class ReminderPlan:
    day: datetime.date
    counts: dict[str, int]
    run: ReminderRun | None = None
    chunks: list[list[int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _null(output_field):
    # A typed NULL: PostgreSQL will not put an untyped one into a bigint or date column.
    return Cast(Value(None), output_field=output_field)


def _rows(queryset: QuerySet, *, kind: str, step, report, period, due_on, recipient, today, run_id) -> QuerySet:
    """`queryset` as rows of Reminder's INSERTED columns, in that order."""
    columns = {
        "c_kind": Value(str(kind), output_field=CharField()),
        "c_step": step,
        "c_report": report,
        "c_period": period,
        "c_due": due_on,
        "c_unit": recipient,
        "c_day": Value(today, output_field=DateField()),
        "c_run": Value(run_id, output_field=BigIntegerField()) if run_id else _null(BigIntegerField()),
    }
    return queryset.annotate(**columns).order_by().values_list(*columns)


def _deadline_rows(chased, *, kind: str, steps: dict[datetime.date, int], today, run_id, unclaimed: bool) -> QuerySet:
    """Reports at a step of `kind` today (`unclaimed`: only those not claimed at that step yet).
    The step of each report comes from its deadline: one CASE branch per distinct deadline."""
    step = Case(*[When(due_on=due_on, then=Value(s)) for due_on, s in steps.items()],
                output_field=BigIntegerField())
    reports = chased.filter(due_on__in=list(steps)).annotate(r_step=step)
    if kind == Kind.ESCALATION:
        # The union directly above in today's tree: those who must chase the unit now.
        reports = reports.annotate(
            parent_path=Substr("unit__path", 1, Length("unit__path") - Union.steplen),
        ).annotate(
            parent_id=Subquery(Union.objects.filter(path=OuterRef("parent_path")).values("pk")[:1]),
        ).filter(parent_id__isnull=False)
        recipient = F("parent_id")
    else:
        recipient = F("unit_id")
    if unclaimed:
        reports = reports.filter(~Exists(Reminder.objects.filter(
            report=OuterRef("pk"), kind=kind, due_on=OuterRef("due_on"), step=OuterRef("r_step"))))
    return _rows(reports, kind=kind, step=F("r_step"), report=F("pk"), period=F("period_id"), due_on=F("due_on"),
                 recipient=recipient, today=today, run_id=run_id)


def _returned_rows(chased, *, today, run_id, unclaimed: bool) -> QuerySet:
    """Returned reports, at their latest return (`unclaimed`: only those not told of it yet)."""
    latest = ReportEvent.objects.filter(
        report=OuterRef("pk"), action__in=[ReportEvent.Action.RETURNED, ReportEvent.Action.REOPENED],
    ).order_by("-at", "-pk").values("pk")[:1]
    reports = chased.filter(status=Report.Status.RETURNED).annotate(r_step=Subquery(latest)).filter(
        r_step__isnull=False)
    if unclaimed:
        reports = reports.filter(~Exists(Reminder.objects.filter(report=OuterRef("pk"), kind=Kind.RETURNED,
                                                                 step=OuterRef("r_step"))))
    return _rows(reports, kind=Kind.RETURNED, step=F("r_step"), report=F("pk"), period=F("period_id"),
                 due_on=F("due_on"), recipient=F("unit_id"), today=today, run_id=run_id)


def _digest_rows(chased, *, today, policy: ReminderPolicy, run_id, unclaimed: bool) -> QuerySet | None:
    """One digest per open period and province with units still missing once the reminders
    have started, for that province's Board (`unclaimed`: only those not digested this week
    yet). The province of a report is the prefix of its unit's path at a province's depth."""
    window = today + datetime.timedelta(days=max(policy.steps_before, default=0))
    week = week_of(today)
    depths = sorted(set(Union.objects.filter(level=Level.PROVINCE).values_list("depth", flat=True)))
    selections = []
    for depth in depths:  # one in a real tree: provinces stand at one depth
        reports = chased.filter(due_on__lte=window, unit__depth__gte=depth).annotate(
            province_path=Substr("unit__path", 1, depth * Union.steplen),
        ).annotate(
            province_id=Subquery(Union.objects.filter(path=OuterRef("province_path"), level=Level.PROVINCE)
                                 .values("pk")[:1]),
        ).filter(province_id__isnull=False)
        if unclaimed:
            reports = reports.filter(~Exists(Reminder.objects.filter(
                period=OuterRef("period_id"), kind=Kind.DIGEST, step=week, recipient_unit=OuterRef("province_id"))))
        selections.append(_rows(reports, kind=Kind.DIGEST, step=Value(week, output_field=BigIntegerField()),
                                report=_null(BigIntegerField()), period=F("period_id"), due_on=_null(DateField()),
                                recipient=F("province_id"), today=today, run_id=run_id).distinct())
    if not selections:
        return None
    rows = selections[0]
    return rows.union(*selections[1:]) if len(selections) > 1 else rows


def _by_policy(chased: QuerySet) -> list[tuple[ReminderPolicy, QuerySet]]:
    """The reports to chase split by the policy they follow: each province with its own policy,
    then every other unit under the national default. One query for the overrides."""
    default = reminder_policy()
    parts, rest = [], chased
    for policy in reminder_policy_overrides():
        parts.append((policy, chased.filter(unit__path__startswith=policy.province.path)))
        rest = rest.exclude(unit__path__startswith=policy.province.path)
    return [(default, rest), *parts]


def _selections(*, chased: QuerySet, today: datetime.date, policy: ReminderPolicy, kinds: set[str], run_id,
                unclaimed: bool) -> dict[str, QuerySet]:
    """One row source per kind of reminder due `today`: a fixed number of queries to build.

    With `unclaimed`, the rows some run claimed already are left out (an anti-join on the
    reminders), for counting. The claiming INSERT leaves that to the unique constraints: an
    INSERT … SELECT whose SELECT reads the table it writes can, with stale statistics, rescan
    the growing table for every row (PostgreSQL took minutes for 90,000 rows that way)."""
    selections = {}
    deadline_kinds = [kind for kind in Reminder.DEADLINE_KINDS if kind in kinds]
    if deadline_kinds:
        steps: dict[str, dict[datetime.date, int]] = {kind: {} for kind in deadline_kinds}
        for due_on in chased.order_by().values_list("due_on", flat=True).distinct():
            found = steps_on(day=today, due_on=due_on, policy=policy)
            for kind in deadline_kinds:
                step = getattr(found, kind)
                if step is not None:
                    steps[kind][due_on] = step
        for kind in deadline_kinds:
            if steps[kind]:
                selections[kind] = _deadline_rows(chased, kind=kind, steps=steps[kind], today=today, run_id=run_id,
                                                  unclaimed=unclaimed)
    if Kind.RETURNED in kinds and policy.remind_returned:
        selections[Kind.RETURNED] = _returned_rows(chased, today=today, run_id=run_id, unclaimed=unclaimed)
    if Kind.DIGEST in kinds and today.weekday() == policy.digest_weekday:
        digests = _digest_rows(chased, today=today, policy=policy, run_id=run_id, unclaimed=unclaimed)
        if digests is not None:
            selections[Kind.DIGEST] = digests
    return selections


def _claim(rows: QuerySet) -> int:
    """INSERT the rows, skipping any a run already claimed: one statement, the database's work."""
    connection = connections[router.db_for_write(Reminder)]
    select, params = rows.query.get_compiler(connection=connection).as_sql()
    ops = connection.ops
    columns = ", ".join(ops.quote_name(Reminder._meta.get_field(name).column) for name in INSERTED)
    if connection.vendor in ("postgresql", "sqlite"):
        # Only a unique conflict is skipped (SQLite's INSERT OR IGNORE would also hide a broken
        # CHECK); the wrapping SELECT … WHERE true spares SQLite's parser an ambiguous ON.
        insert, suffix = "INSERT INTO", "ON CONFLICT DO NOTHING"
        select = f"SELECT * FROM ({select}) AS claims WHERE 1 = 1"
    else:
        insert = ops.insert_statement(on_conflict=OnConflict.IGNORE)
        suffix = ops.on_conflict_suffix_sql([], OnConflict.IGNORE, [], [])
    statement = f"{insert} {ops.quote_name(Reminder._meta.db_table)} ({columns}) {select} {suffix}"
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return max(cursor.rowcount, 0)


def _chunks(rows) -> list[list[int]]:
    """Reminder ids in batches for the workers. An escalation's reminders for one union and
    period stay in one batch: they make one e-mail."""
    size = settings.REMINDER_CHUNK_SIZE
    groups: dict[tuple, list[int]] = {}
    for pk, kind, unit_id, period_id in rows:
        groups.setdefault((kind, unit_id, period_id) if kind == Kind.ESCALATION else (pk,), []).append(pk)
    chunks, current = [], []
    for ids in groups.values():
        if current and len(current) + len(ids) > size:
            chunks.append(current)
            current = []
        current.extend(ids)
    if current:
        chunks.append(current)
    return chunks


def _add(counts: dict[str, int], kind: str, n: int) -> None:
    counts[kind] = counts.get(kind, 0) + n


def reminders_plan(*, today: datetime.date, source: str = ReminderRun.Source.SCHEDULE, dry_run: bool = False,
                   kinds=None, scope: str = "") -> ReminderPlan:
    """Claim every reminder due on `today` that no run has claimed yet and return them in
    batches to send; with `dry_run`, only count them (`scope`: only for the units under that
    path, e.g. one province's preview). Each province follows its own policy, or the national
    default: a fixed number of queries per policy whatever the number of units."""
    kinds = set(kinds or Kind.values)
    chased = reports_to_chase(today=today)
    if scope:
        chased = chased.filter(unit__path__startswith=scope)
    parts = [(policy, reports) for policy, reports in _by_policy(chased) if policy.is_active]
    if not parts:
        return ReminderPlan(day=today, counts={})
    if dry_run:
        counts: dict[str, int] = {}
        for policy, reports in parts:
            selections = _selections(chased=reports, today=today, policy=policy, kinds=kinds, run_id=None,
                                     unclaimed=True)
            for kind, rows in selections.items():
                _add(counts, kind, rows.count())
        return ReminderPlan(day=today, counts=counts)
    with transaction.atomic():
        run = ReminderRun.objects.create(day=today, source=source)
        counts = {}
        for policy, reports in parts:
            selections = _selections(chased=reports, today=today, policy=policy, kinds=kinds, run_id=run.pk,
                                     unclaimed=False)
            for kind, rows in selections.items():
                _add(counts, kind, _claim(rows))
        run.counts, run.planned = counts, sum(counts.values())
        if run.planned == 0 and source == ReminderRun.Source.RETURNS:
            run.delete()  # the frequent check for returns leaves no trace when it found none
            return ReminderPlan(day=today, counts=counts)
        ReminderRun.objects.filter(pk=run.pk).update(counts=counts, planned=run.planned)
    rows = Reminder.objects.filter(run=run).order_by("pk").values_list("pk", "kind", "recipient_unit_id", "period_id")
    return ReminderPlan(day=today, counts=counts, run=run, chunks=_chunks(rows) if run.planned else [])


def reminders_stalled(*, now: datetime.datetime | None = None) -> list[list[int]]:
    """Batches of reminders nobody is working on although they should be: waiting past their
    retry time (a lost retry, a planner that died before handing them out) or leased by a
    worker that died mid-batch."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=settings.REMINDER_STALLED_AFTER)
    rows = Reminder.objects.filter(
        Q(status=Status.PENDING, next_attempt_at__isnull=True, created_at__lt=stale)
        | Q(status=Status.PENDING, next_attempt_at__lt=stale)
        | Q(status=Status.SENDING, lease_until__lt=now)
    ).order_by("pk").values_list("pk", "kind", "recipient_unit_id", "period_id")
    return _chunks(rows)


def reminders_requeue(*, ids) -> list[list[int]]:
    """Give failed reminders another round of attempts (the Board's choice, from the admin)."""
    Reminder.objects.filter(pk__in=ids, status=Status.FAILED).update(status=Status.PENDING, next_attempt_at=None)
    rows = Reminder.objects.filter(pk__in=ids, status=Status.PENDING).order_by("pk").values_list(
        "pk", "kind", "recipient_unit_id", "period_id")
    return _chunks(rows)


def reminders_give_up(*, ids) -> int:
    """Stop retrying: the reminders stay in the log as failed, never as sent."""
    return Reminder.objects.filter(pk__in=ids, status=Status.PENDING).update(status=Status.FAILED,
                                                                             next_attempt_at=None)
