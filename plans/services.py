"""Writes of plans (issue 16): the Policy-Law Board copies a plan, edits the copy, publishes it.

Who: a plan belongs to one province (`Plan.province`) or, empty, to every province of the
installation. A province's Board copies any plan it can see into a plan of its own province and
edits and publishes only its own province's plans; a plan shared by every province is changed by
a superuser only (as in the admin). One rule, `plan_can_change`.

What, once a report is sent: nothing that gives a sent figure another meaning may change — an
indicator's wording, kind, bounds, levels or whether it is required, a target's wording, measure,
threshold or levels, a task group's title, a rule, the years or deadlines. Such an edit is refused
with a message that says to copy the plan (a new version: the old reports keep pointing to the
old plan, whose indicators never change). The title and summary stay editable."""
import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from unions.models import Level, Union
from unions.selectors import province_of

from .models import Indicator, IndicatorRule, Plan, TaskGroup, Target

# What may be edited, per kind of row; and of those, what may still change once a report is sent.
PLAN_FIELDS = ("title", "document_number", "programme", "summary", "first_year", "last_year", "h1_deadline_day",
               "h1_deadline_month", "annual_deadline_day", "annual_deadline_month", "for_province", "for_upper",
               "for_grassroots")
TARGET_FIELDS = ("short_name", "text", "threshold", "threshold_year", "annual_only", "for_province", "for_upper",
                 "for_grassroots")
TASK_GROUP_FIELDS = ("title", "text")
INDICATOR_FIELDS = ("label", "help_text", "required", "annual_only", "min_value", "max_value", "for_province",
                    "for_upper", "for_grassroots")
EDITABLE = {Plan: PLAN_FIELDS, Target: TARGET_FIELDS, TaskGroup: TASK_GROUP_FIELDS, Indicator: INDICATOR_FIELDS}
AFTER_SENDING = {Plan: ("title", "summary", "document_number", "programme")}
# Periods exist once published: their years and deadlines are the periods' (extensions move a deadline).
AFTER_PUBLISHING = {Plan: tuple(f for f in PLAN_FIELDS if "year" not in f and "deadline" not in f),
                    Target: TARGET_FIELDS, TaskGroup: TASK_GROUP_FIELDS, Indicator: INDICATOR_FIELDS}


def _user_province(user) -> Union | None:
    if user.unit is None or user.unit.level == Level.NATIONAL:
        return None
    return province_of(union=user.unit)


def plan_can_copy(*, user) -> bool:
    """A superuser, or the Policy-Law Board of a province (the copy becomes its province's plan)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or (user.role == Role.POLICY_LAW_BOARD and _user_province(user) is not None)


def plan_can_change(*, plan: Plan, user) -> bool:
    """A plan of one province: that province's Board (and superusers); shared by all: superusers."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    province = _user_province(user)
    return (user.role == Role.POLICY_LAW_BOARD and plan.province_id is not None and province is not None
            and plan.province_id == province.pk)


def plan_has_sent_reports(*, plan: Plan) -> bool:
    """Whether any unit has sent a report on the plan (returned ones were sent too)."""
    from reporting.models import Report  # reporting builds on plans: imported when asked

    return Report.objects.filter(period__plan=plan, submitted_at__isnull=False).exists()


def plan_is_published(*, plan: Plan) -> bool:
    return plan.published_at is not None or plan.periods.exists()


def plan_fields_open(*, plan: Plan, model) -> tuple[str, ...]:
    """The fields of `model` rows of this plan that may still change now."""
    if plan_has_sent_reports(plan=plan):
        return AFTER_SENDING.get(model, ())
    if plan_is_published(plan=plan):
        return AFTER_PUBLISHING[model]
    return EDITABLE[model]


@transaction.atomic
def plan_copy(*, plan: Plan, code: str, title: str, first_year: int, last_year: int, by,
              is_demo: bool = False) -> Plan:
    """Copy `plan` — targets, task groups, indicators and the rules between them — into a new
    draft plan (not active, no periods) of `by`'s province (a superuser's: shared by all)."""
    if by is not None and not plan_can_copy(user=by):
        raise PermissionDenied(_("Only the Policy-Law Board of a province copies a plan."))
    code = (code or "").strip()
    errors = {}
    if not code:
        errors["code"] = _("Give the new plan a code.")
    elif not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}", code):  # it goes into URLs and file names
        errors["code"] = _("Use only letters without accents, digits, “-”, “_” and “.” in a plan's code.")
    elif Plan.objects.filter(code=code).exists():
        errors["code"] = _("A plan with this code already exists.")
    if not (title or "").strip():
        errors["title"] = _("Give the new plan a title.")
    if first_year and last_year and last_year < first_year:
        errors["last_year"] = _("The last year must not be before the first.")
    if errors:
        raise ValidationError(errors)
    province = None if by is None or by.is_superuser and by.unit_id is None else _user_province(by)
    source_pk = plan.pk
    copy = Plan.objects.get(pk=source_pk)
    copy.pk = copy.id = None
    copy.code, copy.title, copy.first_year, copy.last_year = code, title.strip(), first_year, last_year
    copy.is_active, copy.published_at, copy.copied_from_id = False, None, source_pk
    copy.province, copy.is_demo = province, is_demo
    copy.full_clean()
    copy.save()
    targets, groups, indicators = {}, {}, {}
    for target in Target.objects.filter(plan_id=source_pk).order_by("pk"):
        old = target.pk
        target.pk = None
        target.plan = copy
        target.save()
        targets[old] = target
    for group in TaskGroup.objects.filter(plan_id=source_pk).order_by("pk"):
        old = group.pk
        group.pk = None
        group.plan = copy
        group.save()
        groups[old] = group
    for indicator in Indicator.objects.filter(plan_id=source_pk).order_by("pk"):
        old = indicator.pk
        indicator.pk = None
        indicator.plan = copy
        indicator.target = targets.get(indicator.target_id)
        indicator.task_group = groups.get(indicator.task_group_id)
        indicator.save()
        indicators[old] = indicator
    IndicatorRule.objects.bulk_create([
        IndicatorRule(plan=copy, kind=rule.kind, first=indicators[rule.first_id], second=indicators[rule.second_id],
                      message=rule.message)
        for rule in IndicatorRule.objects.filter(plan_id=source_pk)])
    return copy


@transaction.atomic
def plan_edit(*, plan: Plan, by, edits: list[tuple[object, dict]]) -> int:
    """Apply `edits` — (a Plan, Target, TaskGroup or Indicator row of this plan, {field: value}) —
    after checking that `by` may change the plan and that no edit alters what a sent report means
    (see the module's docstring). All or nothing; returns how many rows changed."""
    if by is not None and not plan_can_change(plan=plan, user=by):
        raise PermissionDenied(_("You cannot change this plan."))
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    changed = 0
    errors: list[str] = []
    for row, fields in edits:
        model = type(row)
        if model not in EDITABLE or (row.pk != plan.pk if model is Plan else row.plan_id != plan.pk):
            raise PermissionDenied(_("This row is not part of the plan."))
        stored = model.objects.get(pk=row.pk)
        really = {f: v for f, v in fields.items() if getattr(stored, f) != v}
        if not really:
            continue
        unknown = set(really) - set(EDITABLE[model])
        if unknown:
            raise TypeError(f"plan_edit cannot change {sorted(unknown)} of {model.__name__}")
        refused = set(really) - set(plan_fields_open(plan=plan, model=model))
        if refused:
            errors.append(_("“%(row)s”: once a report is sent or the plan is published, %(fields)s can no longer "
                            "change; copy the plan to make a new version.")
                          % {"row": stored, "fields": ", ".join(str(model._meta.get_field(f).verbose_name)
                                                                   for f in sorted(refused))})
            continue
        for field, value in really.items():
            setattr(stored, field, value)
        try:
            stored.full_clean()
        except ValidationError as error:
            errors += [f"{stored}: {message}" for message in error.messages]
            continue
        stored.save(update_fields=list(really))
        changed += 1
    if errors:
        raise ValidationError(errors)
    return changed


@transaction.atomic
def plan_publish(*, plan: Plan, by, open_on: datetime.date | None = None) -> dict:
    """Make a draft plan active: create its periods and, set-based, every expected unit's report in
    each of them; the periods under way on `open_on` (default today) are opened. Once only: a
    published plan's periods are opened and closed by the Board from then on."""
    # reporting builds on plans (its models point at the plan's): imported when asked
    from reporting.models import ReportingPeriod
    from reporting.periods import period_generate_reports, periods_generate

    if by is not None and not plan_can_change(plan=plan, user=by):
        raise PermissionDenied(_("You cannot change this plan."))
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_active:
        raise ValidationError(_("This plan is already published."))
    if not plan.indicators.exists():
        raise ValidationError(_("A plan without indicators cannot be published."))
    today = open_on or timezone.localdate()
    periods = periods_generate(plan=plan)
    created = sum(period_generate_reports(period=period) for period in periods)
    under_way = [p.pk for p in periods if p.starts_on <= today <= max(p.deadline, p.ends_on)]
    ReportingPeriod.objects.filter(plan=plan).update(is_open=False)
    ReportingPeriod.objects.filter(pk__in=under_way).update(is_open=True)
    Plan.objects.filter(pk=plan.pk).update(is_active=True, published_at=plan.published_at or timezone.now())
    return {"periods": len(periods), "reports": created, "open": len(under_way)}
