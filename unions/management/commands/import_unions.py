"""`manage.py import_unions FILE [--dry-run] [--on dd/mm/yyyy]`: the hierarchy from an .xlsx, as
the admin's import page does it, for the whole tree."""
import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from unions.spreadsheets import CHANGED, CLOSED, MOVED, NEW, union_import


def _date(text: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        raise CommandError(f"--on {text}: {_('Enter a valid date.')} (dd/mm/yyyy)")


class Command(BaseCommand):
    help = ("Nhập hệ thống công đoàn từ tệp Excel (.xlsx): thêm mới, sửa, chuyển, giải thể. "
            "Có lỗi thì không thay đổi gì. --dry-run: chỉ xem trước.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp .xlsx (cùng định dạng với export_unions)")
        parser.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không lưu")
        parser.add_argument("--on", type=_date, default=None,
                            help="ngày có hiệu lực của việc chuyển đơn vị (dd/mm/yyyy; mặc định: hôm nay)")

    def handle(self, *args, file, dry_run, on, **options):
        with translation.override(settings.LANGUAGE_CODE):
            try:
                upload = open(file, "rb")
            except OSError as error:
                raise CommandError(str(error))
            with upload:
                plan = union_import(upload=upload, on=on or timezone.localdate(), dry_run=dry_run)
            if plan.errors:
                for error in plan.errors:
                    self.stderr.write(str(error))
                raise CommandError(_("Nothing was changed: %(n)d errors.") % {"n": len(plan.errors)})
            counts = plan.counts
            self.stdout.write(_("Rows read: %(rows)d. New: %(new)d, changed: %(changed)d, moved: %(moved)d, "
                                "closed: %(closed)d, unchanged: %(unchanged)d.")
                              % {"rows": plan.rows, "unchanged": plan.unchanged, **counts})
            marks = {NEW: "+", CHANGED: "~", MOVED: ">", CLOSED: "x"}
            for change in plan.changes:
                details = "; ".join(f"{what}: {before} → {after}" if before else f"{what}: {after}"
                                    for what, before, after in change.details)
                self.stdout.write(f"  {marks[change.action]} [{change.row.row}] {change.code} {change.name}"
                                  + (f" ({details})" if details else ""))
            if plan.applied:
                self.stdout.write(self.style.SUCCESS(_("Applied.")))
            else:
                self.stdout.write(_("Preview only (--dry-run): nothing was changed."))
