"""The contents of the demo reports made by `manage.py seed_demo`: each report's status, the
history of its steps and its figures. Deterministic: the same tree gives the same reports."""
import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from accounts.models import Role, User
from plans.models import Indicator, IndicatorRule
from reporting.models import Report, ReportEvent, ReportValue
from reporting.services import ReportWrite, ValueChangeDraft, reports_write
from unions.models import Kind, Level, Union

from . import hierarchy as data

D = datetime.date
SEED = 1306
Status = Report.Status
Action = ReportEvent.Action


@dataclass
class Step:
    """One step of a report's history: an officer's save or submission with the values it
    typed (none for a submission), or a reviewer's decision with its comment."""

    action: str
    at: datetime.datetime
    by: int | None  # the user's pk
    comment: str = ""
    values: dict = field(default_factory=dict)  # Indicator → value


def history_replay(reports: list[Report], histories: dict[int, list[Step]]) -> None:
    """Write the reports' histories in the order they happened, step by step across all the
    reports at once: every save and submission through services.reports_write, the one write
    of figures and status (its version lock, value log and history line), dated as the step.
    Reviews, which move no figure, are recorded as report_return and report_accept leave them.
    The kept totals are the caller's to rebuild."""
    users = User.objects.in_bulk({step.by for steps in histories.values() for step in steps if step.by})
    by_pk = {report.pk: report for report in reports}
    rounds = max((len(steps) for steps in histories.values()), default=0)
    for index in range(rounds):
        steps = [(by_pk[pk], steps[index]) for pk, steps in histories.items() if index < len(steps)]
        for submit, action in ((False, Action.SAVED), (True, Action.SUBMITTED)):
            writes = [ReportWrite(report=report, version=report.version, by=users.get(step.by), at=step.at,
                                  changes=[ValueChangeDraft(indicator, None, None, value)
                                           for indicator, value in step.values.items()])
                      for report, step in steps if step.action == action]
            reports_write(writes, by=None, submit=submit)
            for write in writes:
                report = write.report
                report.version += 1
                report.updated_at = write.at
                report.status = Status.SUBMITTED if submit else (
                    Status.DRAFT if report.status == Status.NOT_STARTED else report.status)
                if submit and report.submitted_at is None:
                    report.submitted_at = write.at
                    report.submitted_late = timezone.localdate(write.at) > report.due_on
        reviewed, events = [], []
        for report, step in steps:
            if step.action not in (Action.RETURNED, Action.ACCEPTED):
                continue
            report.status = Status.RETURNED if step.action == Action.RETURNED else Status.ACCEPTED
            if step.action == Action.ACCEPTED:
                report.accepted_at = step.at
            report.version += 1
            report.updated_at = step.at
            reviewed.append(report)
            events.append(ReportEvent(report=report, action=step.action, at=step.at, by_id=step.by,
                                      comment=step.comment))
        Report.objects.bulk_update(reviewed, ["status", "accepted_at", "version", "updated_at"],
                                   batch_size=100)  # CASE … WHEN per field: small batches stay fast on SQLite
        ReportEvent.objects.bulk_create(events, batch_size=2000)


class ReportFiller:
    """Decides the status, history and figures of each report: the same result for the same
    tree, every run."""

    def __init__(self, *, plan, periods):
        self.plan = plan
        self.last_period = periods[-1]
        self.periods = {period.pk: period for period in periods}
        self.rng = random.Random(f"reports-{SEED}")
        self.tz = timezone.get_current_timezone()
        self.units = {unit.pk: unit for unit in Union.objects.all()}
        self.upper_by_path = {u.path: u.pk for u in self.units.values() if u.level == Level.UPPER}
        self.demo_unit = next(u.pk for u in self.units.values() if u.name == data.DEMO_GRASSROOTS[1])
        demo_upper_code = next(row[1] for row in data.UPPER_UNIONS if row[0] == data.DEMO_GRASSROOTS[0])
        self.demo_upper = next(u.pk for u in self.units.values() if u.code == demo_upper_code)
        self.officer = dict(
            User.objects.exclude(unit=None).filter(role__in=[Role.GRASSROOTS_OFFICER, Role.UPPER_OFFICER])
            .order_by("-pk").values_list("unit_id", "pk")
        )
        self.board = User.objects.get(username="bancspl").pk
        indicators = list(Indicator.objects.filter(plan=plan).select_related("target").order_by("order", "code"))
        self.applicable = {
            (level, annual): [i for i in indicators if i.applies_to_period(level=level, annual=annual)]
            for level in Level.values for annual in (False, True)
        }
        self.compliance_of_target = {i.target_id: i.code for i in indicators
                                     if i.role == Indicator.Role.COMPLIANCE and i.kind == Indicator.Kind.YES_NO}
        self.rules = [(rule.kind, rule.first.code, rule.second.code)
                      for rule in IndicatorRule.objects.filter(plan=plan).select_related("first", "second")]
        self.agreements = {pk: self._agreement(unit) for pk, unit in self.units.items()}

    # Status and history
    def fill(self, report) -> list[Step]:
        """The steps of the report's history, oldest first, each as its person took it: the
        officer's saves and submissions with the values each typed, the reviewer's decisions."""
        period = self.periods[report.period_id]
        unit = self.units[report.unit_id]
        status, late, accepted, cycles = self._status(report, period, unit)
        if status == Status.NOT_STARTED:
            return []
        rng, due = self.rng, report.due_on
        typed = self._values(report, period, unit, status)
        # Left for a later save: a few of the optional answers, typed once the rest was in (or
        # added after the reviewer asked for them).
        later_count = rng.choice((1, 1, 2, 3, 5))
        optional = [indicator for indicator in typed if not indicator.required]
        later = dict.fromkeys(optional[-later_count:]) if optional else {}
        first = {indicator: value for indicator, value in typed.items() if indicator not in later}
        rest = {indicator: typed[indicator] for indicator in later}
        author = self.officer.get(unit.pk)
        reviewer = self.board if report.unit_level == Level.UPPER else self.officer.get(
            self.upper_by_path.get(report.unit_path[: 2 * Union.steplen]))
        history = []
        if status == Status.DRAFT:
            day = due - datetime.timedelta(days=rng.randint(-6, 20))
            saved_twice = rng.random() < 0.5 and rest
            history.append(Step(Action.SAVED, self._at(day - datetime.timedelta(days=rng.randint(3, 12))), author,
                                values=first if saved_twice else typed))
            if saved_twice:
                history.append(Step(Action.SAVED, self._at(day, after=history[-1].at), author, values=rest))
        else:
            sent = due + datetime.timedelta(days=rng.randint(1, 28) if late else -rng.randint(0, 18))
            first_day = sent - datetime.timedelta(days=rng.randint(4, 14)) if cycles else sent
            corrected = cycles and rest
            history.append(Step(Action.SAVED, self._at(first_day - datetime.timedelta(days=rng.randint(1, 10))),
                                author, values=first if corrected else typed))
            if cycles:  # sent, returned, corrected, sent again
                first_sent = self._at(first_day, after=history[-1].at)
                back = self._at(first_day + datetime.timedelta(days=rng.randint(1, 3)), after=first_sent)
                history += [Step(Action.SUBMITTED, first_sent, author),
                            Step(Action.RETURNED, back, reviewer, comment=rng.choice(data.RETURN_COMMENTS))]
                if corrected:
                    history.append(Step(Action.SAVED, self._at(sent - datetime.timedelta(days=rng.randint(0, 1)),
                                                               after=back), author, values=rest))
            history.append(Step(Action.SUBMITTED, self._at(sent, after=history[-1].at), author))
            if status == Status.RETURNED:
                history.append(Step(Action.RETURNED, self._at(sent + datetime.timedelta(days=rng.randint(2, 12)),
                                                              after=history[-1].at),
                                    reviewer, comment=rng.choice(data.RETURN_COMMENTS)))
            elif accepted:
                history.append(Step(Action.ACCEPTED, self._at(sent + datetime.timedelta(days=rng.randint(1, 20)),
                                                              after=history[-1].at),
                                    reviewer, comment=rng.choice(data.ACCEPT_COMMENTS)))
        return history

    def _status(self, report, period, unit):
        """(status, late, accepted, had a return-and-correct cycle) for this report."""
        rng, upper = self.rng, report.unit_level == Level.UPPER
        if period.pk == self.last_period.pk:
            if unit.pk == self.demo_unit:
                return Status.NOT_STARTED, False, False, False
            if unit.pk == self.demo_upper:
                return Status.DRAFT, False, False, False
            roll = rng.random()
            if roll < (0.15 if upper else 0.33):
                return Status.NOT_STARTED, False, False, False
            if roll < (0.30 if upper else 0.47):
                return Status.DRAFT, False, False, False
            if roll < 0.50:
                return Status.RETURNED, rng.random() < 0.1, False, False
            return Status.SUBMITTED, rng.random() < 0.1, rng.random() < 0.3, False
        year = period.year - self.plan.first_year
        missing = (0.03 if upper else 0.11 - 0.01 * year)
        roll = rng.random()
        if roll < missing:
            return Status.NOT_STARTED, False, False, False
        if roll < missing + 0.07:
            return Status.DRAFT, False, False, False
        if roll < missing + 0.11:
            return Status.RETURNED, rng.random() < 0.2, False, False
        late = rng.random() < (0.10 if upper else 0.17 - 0.01 * year)
        accepted = rng.random() < 0.6
        return Status.SUBMITTED, late, accepted, accepted and rng.random() < 0.08

    def _at(self, day, after=None):
        moment = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(self.rng.randint(7, 16), self.rng.randint(0, 59))), self.tz)
        if after is not None and moment <= after:
            moment = after + datetime.timedelta(minutes=self.rng.randint(5, 90))
        return moment

    # Figures
    def _agreement(self, unit):
        """(number, date signed) of the unit's coordination regulation with its authority, or None."""
        if unit.level == Level.PROVINCE:
            return None
        rng = random.Random(f"agreement-{unit.code}")
        roll = rng.random()
        if roll < (0.03 if unit.level == Level.UPPER else 0.07):
            return None
        start = max(unit.opened_on + datetime.timedelta(days=30), D(2012, 1, 1))
        end = D(2018, 12, 31) if roll < (0.9 if unit.level == Level.UPPER else 0.72) else D(2023, 10, 31)
        if start >= end:
            end = start + datetime.timedelta(days=365)
        signed = start + datetime.timedelta(days=rng.randint(0, (end - start).days))
        suffix = next((value for key, value in data.AGREEMENT_SUFFIXES.items()
                       if key in (unit.kind, *unit.name.split())), "QCPH-CĐ")
        return f"{rng.randint(1, 35):02d}/{suffix}", signed

    def _values(self, report, period, unit, status) -> dict:
        """The values the unit's officer types, by indicator; an empty answer is not typed."""
        applicable = self.applicable[(report.unit_level, period.is_annual)]
        by_code = {i.code: i for i in applicable}
        figures = self._figures(report, period, unit, by_code)
        # A target answered "no" has no figures behind it.
        for indicator in applicable:
            answer = self.compliance_of_target.get(indicator.target_id)
            if answer and answer != indicator.code and figures.get(answer) is False:
                figures[indicator.code] = 0 if indicator.is_numeric else None
        for indicator in applicable:
            if indicator.code not in figures:
                figures[indicator.code] = self._any_value(indicator, period)
            value = figures[indicator.code]
            if indicator.is_numeric and value is not None:
                low = indicator.min_value if indicator.min_value is not None else 0
                high = indicator.max_value if indicator.max_value is not None else value
                figures[indicator.code] = int(min(max(Decimal(value), low), high))
            elif indicator.kind in (Indicator.Kind.TEXT, Indicator.Kind.REFERENCE) and value and indicator.max_length:
                figures[indicator.code] = value[: indicator.max_length]
        self._apply_rules(figures, by_code, period)
        self._plant(report, period, unit, figures, status)
        return {indicator: figures[indicator.code] for indicator in applicable
                if figures[indicator.code] is not None and figures[indicator.code] != ""}

    # A few figures typed wrong on purpose, in sent reports of the last period: the Board's page
    # of figures to check (quality/) finds exactly these. (where, indicator, ×, explanation)
    PLANTED = (
        ("demo_upper", "NV1_PARTICIPANTS", 100, "Số liệu đúng: hội nghị toàn huyện, mời cả người lao động "
                                                "ngoài công đoàn tham dự."),
        ("grassroots", "NV5_AMOUNT", 1000, ""),
        ("upper", "NV3_INITIATIVES", 1000, ""),
    )

    def _plant(self, report, period, unit, figures, status):
        if period.pk != self.last_period.pk or status != Status.SUBMITTED:
            return
        planted = getattr(self, "planted", None)
        if planted is None:
            planted = self.planted = {}
        for where, code, times, explanation in self.PLANTED:
            if (where, code) in planted or not figures.get(code):
                continue
            place = ("demo_upper" if report.unit_path.startswith(self.units[self.demo_upper].path)
                     and unit.level == Level.GRASSROOTS else unit.level)
            if place != where:
                continue
            figures[code] *= times
            planted[(where, code)] = (report.pk, code, figures[code], explanation)
            return

    def _apply_rules(self, figures, by_code, period):
        for _round in range(len(self.rules) + 1):
            changed = False
            for kind, first, second in self.rules:
                if first not in by_code or second not in by_code:
                    continue
                a, b = figures[first], figures[second]
                if kind == IndicatorRule.Kind.NOT_GREATER and a is not None and b is not None and a > b:
                    figures[first], changed = b, True
                elif kind == IndicatorRule.Kind.REQUIRED_IF_YES and a is True and (
                        b in (None, "") or (by_code[second].is_numeric and b == 0)):
                    figures[second], changed = self._any_value(by_code[second], period, positive=True), True
            if not changed:
                return

    def _any_value(self, indicator, period, positive=False):
        """A plausible value for an indicator this command has no special knowledge of."""
        rng, kind = self.rng, Indicator.Kind
        match indicator.kind:
            case kind.YES_NO:
                return rng.random() < 0.85 + 0.03 * (period.year - self.plan.first_year)
            case kind.COUNT:
                return rng.randint(1 if positive else 0, 10)
            case kind.MONEY:
                return rng.randint(20, 1500) * 100_000
            case kind.PERCENT:
                return rng.randint(60, 100)
            case kind.DATE:
                return period.deadline - datetime.timedelta(days=rng.randint(20, 700))
            case kind.REFERENCE:
                return f"{rng.randint(1, 35):02d}/KH-CĐ"
            case _:
                return rng.choice(data.GENERIC_NARRATIVES)

    def _figures(self, report, period, unit, by_code) -> dict:
        """The figures of one report, by indicator code: sizes follow the unit's members and
        level, answers improve over the years, annual reports cover the whole year."""
        rng = self.rng
        year = period.year - self.plan.first_year
        scale = 1.8 if period.is_annual else 1.0
        upper = report.unit_level == Level.UPPER
        members = max(unit.member_count, 5)
        enterprise = unit.kind == Kind.GRASSROOTS_ENTERPRISE

        def yes(chance):
            return rng.random() < min(chance, 0.995)

        def n(low, high):
            return rng.randint(low, max(low, round(high)))

        v = {}
        v["CT1_DONE"] = yes((0.95 if upper else 0.84) + 0.03 * year)
        sessions = (n(4, 12 * scale) if upper else n(1, 6 * scale)) if v["CT1_DONE"] else 0
        participants = (n(150, 900 * scale) if upper else
                        min(600, max(5, round(members * min(sessions, 4) * rng.uniform(0.5, 0.9))))) if sessions else 0
        v["CT1_SESSIONS"], v["CT1_PARTICIPANTS"] = sessions, participants
        agreement = self.agreements.get(unit.pk)
        has_agreement = agreement is not None and agreement[1] <= period.deadline - datetime.timedelta(days=10)
        v["CT2_HAS"] = has_agreement
        v["CT2_DOC_NUMBER"] = agreement[0] if has_agreement else ""
        v["CT2_DATE_SIGNED"] = agreement[1] if has_agreement else None
        received = n(4, 15 * scale) if upper else (n(1, 4 * scale) if yes(0.6) else 0)
        answered = received if yes(0.8 + 0.04 * year) else max(0, received - n(1, 2))
        v["CT3_RECEIVED"], v["CT3_ANSWERED"] = received, answered
        v["CT4_DONE"] = yes((0.97 if upper else 0.9) + 0.02 * year)
        v["CT4_MOVEMENTS"] = (n(3, 8) if upper else n(1, 4)) if v["CT4_DONE"] else 0
        v["CT5A_DONE"] = yes((0.96 if upper else 0.86) + 0.03 * year)
        # Target 5b: at least 70% of grassroots unions by 2023, from about 40% in 2019.
        v["CT5B_DONE"] = yes(0.40 + 0.0875 * year + (0.02 if period.is_annual else -0.03))
        courses = n(1, 3 * scale) if v["CT5B_DONE"] else 0
        v["CT5B_COURSES"] = courses
        v["CT5B_TRAINEES"] = min(members * courses, max(5, round(courses * rng.uniform(8, 30)))) if courses else 0
        v["CT6_DONE"] = yes((0.98 if upper else 0.9) + 0.02 * year)
        beneficiaries = (n(300, 2500 * scale) if upper else max(1, round(members * rng.uniform(0.6, 1.0) * scale))) \
            if v["CT6_DONE"] else 0
        amount = (n(40, 400 * scale) * 1_000_000 if upper else
                  min(150_000_000, max(2_000_000, beneficiaries * n(2, 6) * 100_000))) if beneficiaries else 0
        v["CT6_BENEFICIARIES"], v["CT6_AMOUNT"] = beneficiaries, amount
        v["CT7_DONE"] = yes(0.88 + 0.03 * year)
        v["CT7_ACTIVITIES"] = n(1, 6) if v["CT7_DONE"] else 0
        # Task groups: consistent with the targets where they count the same thing.
        v["NV1_SESSIONS"] = sessions + (n(0, 2) if sessions else 0)
        v["NV1_PARTICIPANTS"] = participants + (n(0, 40) if participants else 0)
        # Within what the unit's members can give (quality.checks), so that the Board's page of
        # figures to check finds the few planted below and no other.
        capacity = unit.member_count or members
        v["NV1_PARTICIPANTS"] = min(v["NV1_PARTICIPANTS"], capacity * v["NV1_SESSIONS"])
        v["NV1_EXTERNAL"] = n(0, 4) if upper else (n(1, 2) if yes(0.12) else 0)
        v["NV2_DRAFTS"] = answered
        v["NV2_RULES"] = n(1, 8) if upper else n(0, 3)
        v["NV2_INSPECTIONS"] = n(2, 10 * scale) if upper else n(0, 2)
        cba = n(0, 6 * scale) if upper else (1 if enterprise and yes(0.25 * scale) else 0)
        v["NV2_CBA"] = cba
        v["NV2_DIALOGUES"] = n(1, 8 * scale) if upper else (n(1, 2 * scale) if enterprise else n(0, 2))
        v["NV2_DISPUTES"] = (n(1, 2) if yes(0.3) else 0) if upper else (1 if enterprise and yes(0.05) else 0)
        v["NV3_MOVEMENTS"] = v["CT4_MOVEMENTS"]
        v["NV3_INITIATIVES"] = n(5, 40 * scale) if upper else n(0, 5 * scale if enterprise else 3)
        v["NV3_COMMENDED_COLLECTIVES"] = n(1, 15 * scale) if upper else n(0, 2 * scale)
        v["NV3_COMMENDED_INDIVIDUALS"] = n(5, 60 * scale) if upper else n(0, min(30, members / 5) * scale)
        v["NV3_GREEN"] = n(2, 12) if upper else n(0, 3)
        v["NV4_COURSES"] = n(1, 8 * scale) if upper else courses + n(0, 1)
        v["NV4_TRAINEES"] = n(50, 800 * scale) if upper else min(  # at most two trainings a member
            v["CT5B_TRAINEES"] + (v["NV4_COURSES"] - courses) * n(5, min(members, 25)), 2 * capacity)
        v["NV4_SCHOLARSHIPS"] = n(5, 60) if upper else n(0, 2 * scale)
        v["NV4_CBA_TRAINING"] = n(0, cba)
        v["NV5_AGREEMENTS"] = n(1, 6) if upper else n(0, 2 if enterprise else 1)
        v["NV5_BENEFICIARIES"] = min(beneficiaries, 3 * capacity)
        v["NV5_TET_GIFTS"] = min(n(100, 1500) if upper else n(0, max(1, members // 4)), capacity)
        v["NV5_HOUSES"] = n(0, 3) if upper else (1 if yes(0.02) else 0)
        v["NV5_AMOUNT"] = amount
        v["NV6_IN_FORCE"] = (n(2, 10) if upper else n(1, 3)) if has_agreement else 0
        v["NV6_NEW"] = 1 if has_agreement and agreement[1].year == period.year else 0
        v["NV6_REVIEWS"] = n(1, 4) if upper else (n(0, 1) if has_agreement else 0)
        v["NV6_RECOMMENDATIONS"] = n(2, 12) if upper else n(0, 3)
        for number, sentences in data.NARRATIVES.items():
            v[f"NV{number}_NARRATIVE"] = rng.choice(sentences) if upper or yes(0.8) else ""
        v["PROPOSALS"] = rng.choice(data.PROPOSALS) if yes(0.85 if upper else 0.35) else ""
        v["DIFFICULTIES"] = rng.choice(data.DIFFICULTIES) if yes(0.85 if upper else 0.35) else ""
        return {code: value for code, value in v.items() if code in by_code}
