"""Writes for reminders: plan (claim) what is due today, send what was claimed, the Board's policy.

Planning is set-based: one INSERT … SELECT per kind of reminder claims every reminder due,
whatever the number of units, and the unique constraints make a second run (beat firing twice,
two workers) claim nothing. Sending leases each claimed reminder with a conditional update,
records it as sent only once the mail server took it, and hands it back for a retry if not."""
import datetime
import logging
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import get_connection
from django.db import connections, router, transaction
from django.db.models import (
    BigIntegerField, Case, CharField, DateField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When,
)
from django.db.models.constants import OnConflict
from django.db.models.functions import Cast, Length, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from reporting.models import Report, ReportEvent
from reporting.permissions import report_open_for_filling
from unions.models import Level, Union
from unions.selectors import federation_names, federation_of, user_province

from . import emails
from .models import Notification, Reminder, ReminderPolicy, ReminderRun
from .schedule import steps_on, week_of
from .selectors import (
    FILLERS, missing_by_upper_union, recipients_by_unit, reminder_policy,
    reminder_policy_overrides, reports_to_chase,
)

log = logging.getLogger(__name__)
Kind, Status = Reminder.Kind, Reminder.Status
# The columns a planning INSERT fills; every other column takes its database default.
INSERTED = ("kind", "step", "report", "period", "due_on", "recipient_unit", "planned_on", "run")


# --- planning ------------------------------------------------------------------------------

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


# --- sending -------------------------------------------------------------------------------

@dataclass
class SendOutcome:
    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    unreachable: list[int] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)
    skipped: int = 0  # held or done by somebody else
    messages: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: "SendOutcome") -> None:
        for name in ("sent", "failed", "unreachable", "cancelled", "errors"):
            getattr(self, name).extend(getattr(other, name))
        self.skipped += other.skipped
        self.messages += other.messages


@dataclass
class _Mail:
    kind: str
    reminders: list[Reminder]
    people: list[User]
    context: dict
    notice: dict

    @property
    def ids(self) -> list[int]:
        return [r.pk for r in self.reminders]

    @property
    def addresses(self) -> list[str]:
        return sorted({p.email for p in self.people if p.email})


def _still_needed(reminder: Reminder) -> bool:
    """A reminder planned earlier (or being retried) is dropped if the unit has submitted since,
    the deadline moved (the new one has its own schedule) or the period closed."""
    if reminder.kind == Kind.DIGEST:
        return True
    report = reminder.report
    chased = report_open_for_filling(report=report)
    if reminder.kind == Kind.RETURNED:
        return chased and report.status == Report.Status.RETURNED
    return chased and report.due_on == reminder.due_on


def _lease(ids, token: str, now) -> int:
    lease_until = now + datetime.timedelta(seconds=settings.REMINDER_LEASE_SECONDS)
    return Reminder.objects.filter(pk__in=ids).filter(
        Q(status=Status.PENDING) | Q(status=Status.SENDING, lease_until__lt=now),
    ).update(status=Status.SENDING, attempt_token=token, lease_until=lease_until, attempts=F("attempts") + 1)


def _renew(ids, token: str) -> bool:
    """Extend our hold just before sending; False if we lost it (our lease ran out and another
    worker took the reminder over), in which case we must not send."""
    lease_until = timezone.now() + datetime.timedelta(seconds=settings.REMINDER_LEASE_SECONDS)
    renewed = Reminder.objects.filter(pk__in=ids, attempt_token=token, status=Status.SENDING).update(
        lease_until=lease_until)
    return renewed == len(ids)


def _finish(ids, token: str, **fields) -> None:
    # Only while still holding the lease: a worker that outlived its lease changes nothing.
    Reminder.objects.filter(pk__in=ids, attempt_token=token, status=Status.SENDING).update(lease_until=None,
                                                                                           **fields)


def _mails(reminders: list[Reminder]) -> tuple[list[_Mail], list[Reminder]]:
    """The e-mails the leased reminders make, with their recipients and contents, in a fixed
    number of queries; and the reminders that turned out to have nothing to say."""
    people = recipients_by_unit(
        filler_units={r.recipient_unit_id for r in reminders if r.kind in (Kind.UPCOMING, Kind.OVERDUE, Kind.RETURNED)},
        reviewer_units={r.recipient_unit_id for r in reminders if r.kind == Kind.ESCALATION},
        board_units={r.recipient_unit_id for r in reminders if r.kind == Kind.DIGEST and r.recipient_unit_id},
    )
    escalated_units = {r.report.unit_id for r in reminders if r.kind == Kind.ESCALATION}
    reachable = set(
        User.objects.filter(unit_id__in=escalated_units, is_active=True, role__in=FILLERS).exclude(email="")
        .values_list("unit_id", flat=True)
    ) if escalated_units else set()
    return_ids = [r.step for r in reminders if r.kind == Kind.RETURNED]
    reasons = dict(ReportEvent.objects.filter(pk__in=return_ids).values_list("pk", "comment")) if return_ids else {}

    mails, empty = [], []
    escalations: dict[tuple, list[Reminder]] = {}
    for r in reminders:
        if r.kind == Kind.ESCALATION:
            escalations.setdefault((r.recipient_unit_id, r.period_id), []).append(r)
        elif r.kind == Kind.DIGEST:
            mail = _digest_mail(r, people.get(("board", r.recipient_unit_id), []))
            (mails.append(mail) if mail else empty.append(r))
        else:
            report = r.report
            days_left = (report.due_on - r.planned_on).days
            link = emails.absolute(report.get_absolute_url())
            context = {"unit": report.unit, "period": r.period, "report": report, "due_on": report.due_on,
                       "days": abs(days_left), "days_left": days_left, "link": link, "today": r.planned_on,
                       "reason": reasons.get(r.step, "")}
            notice = {"unit": report.unit, "due_on": report.due_on, "days": abs(days_left),
                      "url": report.get_absolute_url()}
            mails.append(_Mail(r.kind, [r], people.get(("fill", r.recipient_unit_id), []), context, notice))
    for (unit_id, _period_id), group in escalations.items():
        group.sort(key=lambda r: r.report.unit.path)
        rows = [{"unit": r.report.unit, "report": r.report, "due_on": r.report.due_on,
                 "days_late": (r.planned_on - r.report.due_on).days, "reachable": r.report.unit_id in reachable,
                 "link": emails.absolute(r.report.get_absolute_url())} for r in group]
        upper = group[0].recipient_unit
        context = {"upper": upper, "period": group[0].period, "rows": rows, "today": group[0].planned_on,
                   "unreachable": sum(1 for row in rows if not row["reachable"]),
                   "link": emails.absolute(upper.get_absolute_url())}
        # The notice opens the union's overview of that period, whose late list links each report.
        overview = f'{reverse("reporting:dashboard")}?unit={upper.code}&period={group[0].period.code}'
        notice = {"unit": upper, "due_on": min(row["due_on"] for row in rows), "unit_count": len(rows),
                  "days": max(row["days_late"] for row in rows), "url": overview}
        mails.append(_Mail(Kind.ESCALATION, group, people.get(("review", unit_id), []), context, notice))
    # Each mail is signed by the federation of the province it is about, not the installation's.
    names = federation_names() if mails else {}
    for mail in mails:
        about = mail.context.get("unit") or mail.context.get("upper") or mail.reminders[0].recipient_unit
        mail.context["sender"] = federation_of(about.path, names)
    return mails, empty


def _digest_mail(reminder: Reminder, board: list[User]) -> _Mail | None:
    """The province's digest, with its own rows only, for its own Board."""
    if reminder.recipient_unit_id is None:
        return None  # a digest planned before digests were per province: nobody's to read
    missing = missing_by_upper_union(period=reminder.period, today=reminder.planned_on,
                                     scope=reminder.recipient_unit.path)
    if not missing.count:
        return None
    for group in missing.groups:
        for report in group.reports:
            report.link = emails.absolute(report.get_absolute_url())
    url = reverse("notifications:missing", args=[reminder.period_id])
    context = {"period": reminder.period, "missing": missing, "today": reminder.planned_on,
               "link": emails.absolute(url)}
    notice = {"unit": None, "due_on": reminder.period.deadline, "unit_count": missing.count, "url": url}
    return _Mail(Kind.DIGEST, [reminder], board, context, notice)


def _notify(mails: list[_Mail], now) -> None:
    """The portal's copy of each e-mail, for everyone it concerns (an address or not), once."""
    ids = [pk for mail in mails for pk in mail.ids]
    existing = set(Notification.objects.filter(reminder_id__in=ids).values_list("user_id", "reminder_id"))
    notifications = []
    for mail in mails:
        lead = mail.reminders[0]
        for person in mail.people:
            if any((person.pk, pk) in existing for pk in mail.ids):
                continue  # told already, by an earlier attempt at the same e-mail
            notifications.append(Notification(user=person, reminder=lead, kind=mail.kind, period_id=lead.period_id,
                                              created_at=now, **mail.notice))
    Notification.objects.bulk_create(notifications, ignore_conflicts=True)


def reminders_send(*, ids, retry_in: int | None = None, connection=None) -> SendOutcome:
    """Send the reminders `ids` that nobody else holds: lease them, drop those no longer needed,
    notify in the portal, e-mail, and record each as sent once the mail server has taken it.
    A failed e-mail is handed back (pending, retried in `retry_in` seconds), never recorded as
    sent. The same function serves the workers and the command line."""
    retry_in = settings.REMINDER_RETRY_BACKOFF if retry_in is None else retry_in
    outcome = SendOutcome()
    token, now = uuid.uuid4().hex, timezone.now()
    leased = _lease(ids, token, now)
    outcome.skipped = len(set(ids)) - leased
    if not leased:
        return outcome
    reminders = list(
        Reminder.objects.filter(pk__in=ids, attempt_token=token, status=Status.SENDING)
        .select_related("report__unit", "report__period", "period__plan", "recipient_unit").order_by("pk")
    )
    needed = [r for r in reminders if _still_needed(r)]
    dropped = [r.pk for r in reminders if r not in needed]
    mails, empty = _mails(needed)
    dropped += [r.pk for r in empty]
    if dropped:
        _finish(dropped, token, status=Status.CANCELLED)
        outcome.cancelled += dropped
    _notify(mails, now)

    unreachable = [pk for mail in mails if not mail.addresses for pk in mail.ids]
    if unreachable:
        _finish(unreachable, token, status=Status.UNREACHABLE, last_error="")
        outcome.unreachable += unreachable
    mails = [mail for mail in mails if mail.addresses]
    if not mails:
        return outcome
    mail_connection = connection or get_connection(fail_silently=False)
    try:
        mail_connection.open()
    except Exception as error:  # the server is down: every e-mail waits for the retry
        _hand_back(outcome, [pk for mail in mails for pk in mail.ids], token, error, retry_in)
        return outcome
    try:
        for mail in mails:
            if not _renew(mail.ids, token):
                outcome.skipped += len(mail.ids)
                continue
            try:
                emails.build(kind=mail.kind, context=mail.context, to=mail.addresses, lead_reminder_id=mail.ids[0],
                             connection=mail_connection).send()
            except Exception as error:  # noqa: BLE001 — whatever the mail system raised, retry later
                _hand_back(outcome, mail.ids, token, error, retry_in)
            else:
                _finish(mail.ids, token, status=Status.SENT, sent_at=timezone.now(),
                        recipients=", ".join(mail.addresses), last_error="", next_attempt_at=None)
                outcome.sent += mail.ids
                outcome.messages += 1
    finally:
        try:
            mail_connection.close()
        except Exception:  # noqa: BLE001 — closing a broken connection may fail too; nothing to do
            log.warning("Closing the mail connection failed", exc_info=True)
    return outcome


def _hand_back(outcome: SendOutcome, ids, token: str, error: Exception, retry_in: int) -> None:
    message = f"{type(error).__name__}: {error}"[:2000]
    log.warning("Reminders %s not sent, retry in %ss: %s", ids, retry_in, message)
    _finish(ids, token, status=Status.PENDING, last_error=message,
            next_attempt_at=timezone.now() + datetime.timedelta(seconds=retry_in))
    outcome.failed += list(ids)
    outcome.errors.append(message)


# --- the Board's policy --------------------------------------------------------------------

@transaction.atomic
def reminder_policy_update(*, by, **fields) -> ReminderPolicy:
    """Change when units are reminded (the Policy-Law Board only): a province's Board changes
    its province's own policy (made from the national default the first time), a national
    Board the national default; nobody changes another province's."""
    if not getattr(by, "is_board", False):
        raise PermissionDenied(gettext("Only the Policy-Law Board changes the reminder policy."))
    default = reminder_policy()
    province = user_province(by)
    if province is None:
        policy = ReminderPolicy.objects.select_for_update().get(pk=default.pk)
    else:
        policy = ReminderPolicy.objects.select_for_update().filter(province=province).first()
        if policy is None:
            policy = ReminderPolicy(**{f.attname: getattr(default, f.attname) for f in ReminderPolicy._meta.concrete_fields
                                       if f.attname not in ("id", "province_id", "updated_by_id", "updated_at")},
                                    province=province)
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.full_clean(exclude=["updated_by"])
    days = [int(part) for part in policy.days_before.replace(" ", "").split(",") if part]
    if any(day < 1 or day > 365 for day in days):
        raise ValidationError({"days_before": gettext("Each number of days must be between 1 and 365.")})
    if not days and not policy.on_the_day:
        raise ValidationError({"days_before": gettext("Give at least one day, or remind on the day itself.")})
    policy.days_before = ",".join(str(day) for day in sorted(set(days), reverse=True))
    policy.updated_by = by
    policy.save()
    return policy


# --- the portal ----------------------------------------------------------------------------

def notifications_mark_read(*, user, ids=None) -> int:
    """Mark the person's own notifications (all, or `ids`) as read; nobody else's."""
    notifications = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        notifications = notifications.filter(pk__in=ids)
    return notifications.update(read_at=timezone.now())
