"""The demo seeded once for this package's tests that read it (test_planted_figures,
test_review_figures, test_seed_demo): seeding takes most of a minute, so it is done once, run a
second time (the idempotence test compares the two), and rolled back after the package's last
test so that the rest of the suite starts from an empty database.

test_a_next_programme seeds a different demo (--next-programme) inside its own transaction; its
name makes it run before the others, while this one is not yet seeded."""
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction

from accounts.models import User
from reporting.models import Report, ReportEvent, ReportingPeriod, ReportValue
from unions.models import Union, UnionPlacement


def demo_counts():
    return {model.__name__: model.objects.count()
            for model in (Union, UnionPlacement, ReportingPeriod, Report, ReportValue, ReportEvent, User)}


@pytest.fixture(scope="package")
def demo_seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        first = demo_counts()
        statuses = Counter(Report.objects.values_list("status", flat=True))
        second_output = io.StringIO()
        call_command("seed_demo", stdout=second_output)
        yield dict(first=first, second=demo_counts(), statuses=statuses, output=second_output.getvalue())
        transaction.set_rollback(True)
