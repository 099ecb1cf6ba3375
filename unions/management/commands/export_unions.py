"""`manage.py export_unions FILE`: the whole hierarchy as an .xlsx that import_unions reads back
unchanged."""
from django.core.management.base import BaseCommand, CommandError

from unions.models import Union
from unions.spreadsheets import unions_export


class Command(BaseCommand):
    help = "Xuất hệ thống công đoàn ra tệp Excel (.xlsx), cùng định dạng mà import_unions đọc."

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp .xlsx sẽ ghi")

    def handle(self, *args, file, **options):
        content = unions_export(units=Union.objects.all())
        try:
            with open(file, "wb") as out:
                out.write(content)
        except OSError as error:
            raise CommandError(str(error))
        self.stdout.write(f"{Union.objects.count()} → {file}")
