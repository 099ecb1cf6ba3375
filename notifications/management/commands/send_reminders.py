"""`python manage.py send_reminders [--today YYYY-MM-DD] [--dry-run] [--queue]`: the daily
reminder run by hand, through the same services as the beat task, printing the counts."""
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from notifications import planning, sending
from notifications.models import Reminder, ReminderRun
from notifications.tasks import dispatch


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("--today takes a date as YYYY-MM-DD, such as 2023-06-03.")) from None


class Command(BaseCommand):
    help = gettext_lazy("Plan and send the deadline reminders due today (or on --today), printing the counts.")

    def add_arguments(self, parser):
        parser.add_argument("--today", type=str, help=gettext_lazy("Plan as if today were this day (YYYY-MM-DD)."))
        parser.add_argument("--dry-run", action="store_true",
                            help=gettext_lazy("Only count what would be sent: nothing is sent or recorded."))
        parser.add_argument("--queue", action="store_true",
                            help=gettext_lazy("Hand the batches to the Celery workers instead of sending them here."))

    def handle(self, *args, today=None, dry_run=False, queue=False, verbosity=1, **options):
        day = iso_date(today) if today else timezone.localdate()
        plan = planning.reminders_plan(today=day, source=ReminderRun.Source.COMMAND, dry_run=dry_run)
        title = _("Reminders for %(date)s") % {"date": day.strftime("%d/%m/%Y")}
        if dry_run:
            title += " — " + _("dry run: nothing is sent or recorded")
        self.stdout.write(title)
        for kind, label in Reminder.Kind.choices:
            self.stdout.write(f"  {kind:<11} {str(label):<34} {plan.counts.get(kind, 0):>7}")
        self.stdout.write(f"  {'total':<11} {'':<34} {plan.total:>7}")
        if dry_run or not plan.chunks:
            return
        if queue:
            batches = dispatch(plan.chunks)
            self.stdout.write(_("Queued %(n)d batches for the workers.") % {"n": batches})
            return
        outcome = sending.SendOutcome()
        for chunk in plan.chunks:
            outcome.add(sending.reminders_send(ids=chunk))
        self.stdout.write(_("Outcome"))
        for code, label, count in (
            ("sent", _("sent"), len(outcome.sent)),
            ("emails", _("e-mails"), outcome.messages),
            ("unreachable", _("nobody to send to"), len(outcome.unreachable)),
            ("failed", _("failed, left for the workers to retry"), len(outcome.failed)),
            ("cancelled", _("no longer needed"), len(outcome.cancelled)),
            ("skipped", _("held by another run"), outcome.skipped),
        ):
            self.stdout.write(f"  {code:<11} {str(label):<34} {count:>7}")
        for error in sorted(set(outcome.errors)):
            self.stderr.write(error)
        if verbosity >= 2:
            for reminder in plan.run.reminders.select_related("report__unit", "period").order_by("kind", "pk"):
                unit = reminder.report.unit.name if reminder.report_id else "—"
                self.stdout.write(f"  {reminder.kind:<11} {reminder.step:>6}  {reminder.period.code:<8} "
                                  f"{reminder.get_status_display():<22} {unit}")
