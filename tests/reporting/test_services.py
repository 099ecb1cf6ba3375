"""The report's life: save, submit, return, resubmit, accept, reopen — and its audit trail."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reporting.models import DeadlineExtension, Report, ReportEvent, ReportValue, ValueChange
from reporting.periods import deadline_extend
from reporting.review import report_accept, report_reopen, report_reopen_for_submission, report_return
from reporting.services import ReportConflict, report_save
from tests.reporting.values import complete_values


def save(report, user, submit=False, **overrides):
    report.refresh_from_db()
    return report_save(report=report, by=user, values=complete_values(report, **overrides),
                       version=report.version, submit=submit)


def test_a_draft_may_be_incomplete_and_keeps_who_changed_what(open_reports, users):
    report = open_reports["grass_a1"]
    values = {pk: None for pk in complete_values(report)}
    codes = {i.code: i.pk for i in report.period.plan.indicators.all()}
    values[codes["CT1_DONE"]] = True
    saved = report_save(report=report, by=users["grass_a1"], values=values, version=0)
    assert saved.status == Report.Status.DRAFT and saved.version == 1
    assert ReportValue.objects.get(report=report).flag is True
    change = ValueChange.objects.get(report=report)
    assert (change.indicator.code, change.old, change.new, change.by) == ("CT1_DONE", "", "Có", users["grass_a1"])
    values[codes["CT1_DONE"]] = False
    report_save(report=report, by=users["grass_a1"], values=values, version=1)
    assert list(ValueChange.objects.filter(report=report).values_list("old", "new")) == [("", "Có"), ("Có", "Không")]


def test_submitting_needs_every_required_figure(open_reports, users):
    report = open_reports["grass_a1"]
    with pytest.raises(ValidationError) as error:
        save(report, users["grass_a1"], submit=True, NV2_CBA=None, NV1_SESSIONS=0, CT2_DOC_NUMBER="")
    assert error.value.message_dict == {
        "NV2_CBA": ["Cần có số liệu này trước khi gửi báo cáo."],
        "NV1_SESSIONS": ["Đã tổ chức tuyên truyền, phổ biến thì phải ghi số buổi tuyên truyền."],  # "yes", 0
        "CT2_DOC_NUMBER": ["Có chương trình, quy chế phối hợp thì phải ghi số văn bản."],
    }
    report.refresh_from_db()
    assert report.status == Report.Status.NOT_STARTED and report.version == 0
    assert not ReportValue.objects.filter(report=report).exists()


def test_answered_above_received_is_refused_even_in_a_draft(open_reports, users):
    report = open_reports["grass_a1"]
    with pytest.raises(ValidationError) as error:
        save(report, users["grass_a1"], CT3_RECEIVED=3, CT3_ANSWERED=4)
    assert error.value.message_dict == {
        "CT3_ANSWERED": ["Số văn bản tham gia đúng hạn không được lớn hơn số văn bản được xin ý kiến."]}
    assert not ReportValue.objects.filter(report=report).exists()


def test_the_whole_review_cycle_is_recorded(open_reports, users):
    report = open_reports["grass_a1"]
    officer, reviewer = users["grass_a1"], users["upper_a"]
    report = save(report, officer, submit=True)
    assert report.status == Report.Status.SUBMITTED and report.submitted_at is not None
    first_submission = report.submitted_at
    report = report_return(report=report, by=reviewer, reason="Bổ sung số liệu nhóm nhiệm vụ 5.")
    assert report.status == Report.Status.RETURNED
    report = save(report, officer, submit=True, NV5_HOUSES=2)
    assert report.status == Report.Status.SUBMITTED and report.submitted_at == first_submission
    report = report_accept(report=report, by=reviewer)
    assert report.status == Report.Status.ACCEPTED and report.accepted_at is not None
    with pytest.raises(PermissionDenied):
        save(report, officer)  # an accepted report is locked
    report = report_reopen(report=report, by=reviewer, reason="Sai số tiền chăm lo.")
    assert report.status == Report.Status.RETURNED and report.accepted_at is None
    steps = list(ReportEvent.objects.filter(report=report).values_list("action", "by__username", "comment"))
    assert steps == [
        ("submitted", "cdcs_a1", ""),
        ("returned", "upper_a", "Bổ sung số liệu nhóm nhiệm vụ 5."),
        ("submitted", "cdcs_a1", "Gửi lại sau khi bổ sung, sửa chữa."),
        ("accepted", "upper_a", ""),
        ("reopened", "upper_a", "Sai số tiền chăm lo."),
    ]


def test_a_return_needs_a_reason(open_reports, users):
    report = save(open_reports["grass_a1"], users["grass_a1"], submit=True)
    with pytest.raises(ValidationError):
        report_return(report=report, by=users["upper_a"], reason="  ")
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED


@pytest.mark.parametrize("reviewer, reviewed, allowed", [
    ("upper_a", "grass_a1", True),
    ("upper_b", "grass_a1", False),  # another branch
    ("grass_b1", "grass_a1", False),  # a grassroots officer reviews nobody
    ("upper_a", "upper_a", False),  # nobody reviews their own unit
    ("board", "upper_a", True),
    ("board", "grass_b1", True),
    ("leadership", "grass_a1", False),  # reads only
])
def test_who_reviews_whom(open_reports, users, reviewer, reviewed, allowed):
    report = open_reports[reviewed]
    report = save(report, users[reviewed], submit=True)
    if allowed:
        assert report_accept(report=report, by=users[reviewer]).status == Report.Status.ACCEPTED
    else:
        with pytest.raises(PermissionDenied):
            report_accept(report=report, by=users[reviewer])


def test_only_the_units_own_officers_edit_it(open_reports, users):
    for who in ("upper_a", "board", "grass_b1", "leadership"):
        with pytest.raises(PermissionDenied):
            save(open_reports["grass_a1"], users[who])


def test_two_saves_from_the_same_version_one_wins(open_reports, users):
    report = open_reports["grass_a1"]
    values = complete_values(report)
    report_save(report=report, by=users["grass_a1"], values=values, version=0)
    with pytest.raises(ReportConflict):
        report_save(report=report, by=users["grass_a1"], values=complete_values(report, NV1_SESSIONS=9), version=0)
    codes = {v.indicator.code: v.value for v in ReportValue.objects.filter(report=report).select_related("indicator")}
    assert codes["NV1_SESSIONS"] == 5


def test_late_means_after_the_deadline_or_the_extension(open_reports, users, monkeypatch):
    report = open_reports["grass_a1"]  # 2023-Y, due 25/11/2023
    late_evening = timezone.make_aware(datetime.datetime(2023, 11, 25, 23, 30))
    monkeypatch.setattr(timezone, "now", lambda: late_evening)
    assert save(report, users["grass_a1"], submit=True).submitted_late is False
    report2 = open_reports["grass_a2"]
    monkeypatch.setattr(timezone, "now", lambda: late_evening + datetime.timedelta(hours=1))
    assert save(report2, users["grass_a1"].__class__.objects.create_user(
        "a2", password="x", unit=report2.unit, role="grassroots_officer"), submit=True).submitted_late is True
    # upper_b's deadline moves to 27/11: sent on 26/11 (after the period's deadline, before its
    # own), it is on time; sent on 28/11 it would be late.
    monkeypatch.undo()
    deadline_extend(period=report.period, unit=open_reports["upper_b"].unit, new_deadline=datetime.date(2023, 11, 27),
                    reason="Đơn vị bị ảnh hưởng bão lụt.", by=users["board"])
    monkeypatch.setattr(timezone, "now", lambda: timezone.make_aware(datetime.datetime(2023, 11, 26, 9, 0)))
    assert save(open_reports["upper_b"], users["upper_b"], submit=True).submitted_late is False


def test_lateness_is_judged_on_the_local_date(open_reports, users, monkeypatch):
    """06:00 on 26/11 in Hà Nội is still 25/11 in UTC: the unit is late all the same."""
    early_morning = timezone.make_aware(datetime.datetime(2023, 11, 26, 6, 0))
    assert early_morning.astimezone(datetime.timezone.utc).date() == datetime.date(2023, 11, 25)
    monkeypatch.setattr(timezone, "now", lambda: early_morning)
    assert save(open_reports["grass_a1"], users["grass_a1"], submit=True).submitted_late is True


def test_an_extension_moves_one_unit_or_every_unit(open_reports, users):
    period = open_reports["grass_a1"].period
    moved = deadline_extend(period=period, unit=open_reports["grass_a1"].unit, new_deadline=datetime.date(2023, 12, 5),
                            reason="Đơn vị bị ảnh hưởng bão lụt.", by=users["board"])
    assert moved == 1
    assert Report.objects.get(pk=open_reports["grass_a1"].pk).due_on == datetime.date(2023, 12, 5)
    assert Report.objects.get(pk=open_reports["grass_a2"].pk).due_on == datetime.date(2023, 11, 25)
    moved = deadline_extend(period=period, unit=None, new_deadline=datetime.date(2023, 12, 1),
                            reason="Gia hạn chung.", by=users["board"])
    assert moved == 4  # every report due before 01/12, not the one already extended further
    assert Report.objects.get(pk=open_reports["grass_a1"].pk).due_on == datetime.date(2023, 12, 5)
    assert DeadlineExtension.objects.count() == 2
    with pytest.raises(PermissionDenied):
        deadline_extend(period=period, unit=None, new_deadline=datetime.date(2023, 12, 9), reason="x", by=users["upper_a"])
    with pytest.raises(ValidationError):
        deadline_extend(period=period, unit=None, new_deadline=datetime.date(2023, 11, 1), reason="x", by=users["board"])


def test_a_closed_period_takes_reports_only_when_the_board_reopens_one(open_reports, users):
    report = open_reports["grass_a1"]
    report.period.is_open = False
    report.period.save()
    with pytest.raises(PermissionDenied):
        save(report, users["grass_a1"])
    with pytest.raises(PermissionDenied):
        report_reopen_for_submission(report=report, by=users["upper_a"], reason="Cho gửi bổ sung.")
    report_reopen_for_submission(report=report, by=users["board"], reason="Cho gửi bổ sung.")
    assert save(report, users["grass_a1"], submit=True).status == Report.Status.SUBMITTED


def test_an_extension_moves_only_reports_not_yet_sent_and_only_in_the_boards_tree(plan, open_reports, users):
    from tests.factories import make_union

    period = open_reports["grass_a1"].period
    sent = save(open_reports["grass_a1"], users["grass_a1"], submit=True)
    other_province = make_union(None, name="Liên đoàn Lao động tỉnh Quảng Bình")
    elsewhere = make_union(make_union(other_province), name="Công đoàn cơ sở Quảng Bình")
    from reporting.periods import period_generate_reports

    period_generate_reports(period=period)
    deadline_extend(period=period, unit=None, new_deadline=datetime.date(2023, 12, 5), reason="Bão lụt.",
                    by=users["board"])
    assert Report.objects.get(pk=sent.pk).due_on == datetime.date(2023, 11, 25)  # judged on its deadline
    assert Report.objects.get(pk=open_reports["grass_a2"].pk).due_on == datetime.date(2023, 12, 5)
    assert Report.objects.get(period=period, unit=elsewhere).due_on == datetime.date(2023, 11, 25)


# --- workflow rules, each on its own ------------------------------------------------------

def test_a_cleared_figure_is_removed_and_the_log_says_so(open_reports, users):
    report = open_reports["grass_a1"]
    save(report, users["grass_a1"], NV1_SESSIONS=7)
    save(report, users["grass_a1"], NV1_SESSIONS=None)
    codes = set(ReportValue.objects.filter(report=report).values_list("indicator__code", flat=True))
    assert "NV1_SESSIONS" not in codes and "NV1_PARTICIPANTS" in codes
    changes = list(ValueChange.objects.filter(report=report, indicator__code="NV1_SESSIONS").values_list("old", "new"))
    assert changes == [("", "7"), ("7", "")]


def test_a_save_from_an_old_version_is_a_conflict_before_its_values_are_checked(open_reports, users):
    """The person is told the report changed under them, not that their (stale) figures are wrong."""
    report = open_reports["grass_a1"]
    save(report, users["grass_a1"])
    with pytest.raises(ReportConflict):
        report_save(report=report, by=users["grass_a1"], values=complete_values(report, CT3_RECEIVED=3, CT3_ANSWERED=4),
                    version=0)


def test_a_save_landing_between_the_check_and_the_write_is_a_conflict(open_reports, users, monkeypatch):
    """Two saves from version 0 at once: both pass the version check, the conditional update lets
    one through. Here the other one lands while this one is being validated."""
    import reporting.services as services

    report = open_reports["grass_a1"]
    validate = services.report_validate

    def meanwhile(**kwargs):
        Report.objects.filter(pk=report.pk).update(version=1)  # the other save
        return validate(**kwargs)

    monkeypatch.setattr(services, "report_validate", meanwhile)
    with pytest.raises(ReportConflict):
        report_save(report=report, by=users["grass_a1"], values=complete_values(report), version=0)
    assert not ReportValue.objects.filter(report=report).exists()


def _pdf(name="bien-ban.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4 minutes of the meeting")


def test_only_who_may_edit_the_report_attaches_or_removes_evidence(open_reports, users):
    from reporting.attachments import attachment_add, attachment_remove
    from reporting.models import Attachment

    report = open_reports["grass_a1"]
    for who in ("upper_a", "grass_b1", "board", "leadership"):
        with pytest.raises(PermissionDenied):
            attachment_add(report=report, by=users[who], upload=_pdf())
    attachment = attachment_add(report=report, by=users["grass_a1"], upload=_pdf())
    for who in ("upper_a", "grass_b1", "board"):
        with pytest.raises(PermissionDenied):
            attachment_remove(attachment=attachment, by=users[who])
    save(report, users["grass_a1"], submit=True)
    attachment.refresh_from_db()
    with pytest.raises(PermissionDenied):  # sent: the evidence stays as it was sent
        attachment_remove(attachment=Attachment.objects.select_related("report").get(pk=attachment.pk),
                          by=users["grass_a1"])
    with pytest.raises(PermissionDenied):
        attachment_add(report=Report.objects.get(pk=report.pk), by=users["grass_a1"], upload=_pdf())
    assert Attachment.objects.filter(report=report).count() == 1


def test_regenerating_drops_the_untouched_reports_of_units_no_longer_expected(open_reports, users, tree):
    from unions.services import union_close

    period = open_reports["grass_a1"].period
    save(open_reports["grass_a1"], users["grass_a1"])  # work in it: kept
    union_close(union=tree["grass_a1"], on=datetime.date(2023, 11, 1))
    union_close(union=tree["grass_a2"], on=datetime.date(2023, 11, 1))
    from reporting.periods import period_generate_reports

    period_generate_reports(period=period)
    units = set(Report.objects.filter(period=period).values_list("unit__name", flat=True))
    assert tree["grass_a2"].name not in units
    assert tree["grass_a1"].name in units and tree["grass_b1"].name in units


def test_an_extension_to_the_deadline_day_itself_is_refused(open_reports, users):
    period = open_reports["grass_a1"].period  # due 25/11/2023
    with pytest.raises(ValidationError):
        deadline_extend(period=period, unit=None, new_deadline=datetime.date(2023, 11, 25), reason="Gia hạn.",
                        by=users["board"])
    assert DeadlineExtension.objects.count() == 0
    assert deadline_extend(period=period, unit=None, new_deadline=datetime.date(2023, 11, 26), reason="Gia hạn.",
                           by=users["board"]) == 5


@pytest.mark.parametrize("step", ["return", "reopen", "reopen_for_submission", "extend"])
def test_the_services_themselves_want_a_reason(open_reports, users, step):
    """Not only the forms: a blank reason through any other door (admin, command, bulk) is refused."""
    report = save(open_reports["grass_a1"], users["grass_a1"], submit=True)
    if step == "reopen":
        report = report_accept(report=report, by=users["upper_a"])
    with pytest.raises(ValidationError) as error:
        if step == "return":
            report_return(report=report, by=users["upper_a"], reason=" \n ")
        elif step == "reopen":
            report_reopen(report=report, by=users["upper_a"], reason="  ")
        elif step == "reopen_for_submission":
            report_reopen_for_submission(report=report, by=users["board"], reason="")
        else:
            deadline_extend(period=report.period, unit=report.unit, new_deadline=datetime.date(2023, 12, 5),
                            reason="   ", by=users["board"])
    assert "reason" in error.value.message_dict
    before = report.status
    report.refresh_from_db()
    assert report.status == before and report.reopened_for_submission is False
    assert DeadlineExtension.objects.count() == 0


def test_an_extension_for_one_unit_is_in_its_history(open_reports, users):
    report = open_reports["grass_a2"]
    deadline_extend(period=report.period, unit=report.unit, new_deadline=datetime.date(2023, 12, 5),
                    reason="  Đơn vị bị ảnh hưởng bão lụt. ", by=users["board"])
    events = list(ReportEvent.objects.filter(report=report).values_list("action", "by__username", "comment"))
    assert events == [("extended", "board", "25/11/2023 → 05/12/2023: Đơn vị bị ảnh hưởng bão lụt.")]
    assert not ReportEvent.objects.exclude(report=report).exists()


def test_each_period_covers_its_half_or_whole_year(plan):
    from reporting.models import ReportingPeriod
    from reporting.periods import periods_generate

    periods = {p.code: p for p in periods_generate(plan=plan)}
    h1, year = periods["2021-H1"], periods["2021-Y"]
    assert (h1.kind, h1.year, h1.starts_on, h1.ends_on, h1.deadline) == (
        "H1", 2021, datetime.date(2021, 1, 1), datetime.date(2021, 6, 30), datetime.date(2021, 6, 10))
    assert (year.kind, year.year, year.starts_on, year.ends_on, year.deadline) == (
        "Y", 2021, datetime.date(2021, 1, 1), datetime.date(2021, 12, 31), datetime.date(2021, 11, 25))
    plan.annual_deadline_month, plan.annual_deadline_day = 12, 5  # the plan's deadline changes
    plan.save()
    periods_generate(plan=plan)
    assert ReportingPeriod.objects.get(plan=plan, code="2021-Y").deadline == datetime.date(2021, 12, 5)
    assert ReportingPeriod.objects.filter(plan=plan).count() == 10


def test_regenerating_follows_a_move_dated_before_the_deadline(open_reports, tree):
    from reporting.periods import period_generate_reports
    from unions.services import union_move

    report = open_reports["grass_a2"]
    assert report.unit_path.startswith(tree["upper_a"].path) and report.due_on == datetime.date(2023, 11, 25)
    union_move(union=tree["grass_a2"], new_parent=tree["upper_b"], on=datetime.date(2023, 11, 1))
    assert period_generate_reports(period=report.period) == 0  # nobody new
    report.refresh_from_db()
    tree["upper_b"].refresh_from_db()
    assert report.unit_path.startswith(tree["upper_b"].path)


def test_only_the_levels_the_plan_applies_to_report(plan, tree):
    from reporting.models import ReportingPeriod
    from reporting.periods import period_generate_reports

    plan.for_upper = False
    plan.save()
    period = ReportingPeriod.objects.get(plan=plan, code="2023-Y")
    period_generate_reports(period=period)  # the units were given their reports as they were opened
    assert Report.objects.filter(period=period).count() == 3
    assert set(Report.objects.filter(period=period).values_list("unit_level", flat=True)) == {"grassroots"}


def test_a_returned_report_saved_as_a_draft_stays_returned_until_sent_again(open_reports, users):
    report = save(open_reports["grass_a1"], users["grass_a1"], submit=True)
    report = report_return(report=report, by=users["upper_a"], reason="Bổ sung số liệu.")
    saved = save(report, users["grass_a1"], NV1_SESSIONS=8)
    assert saved.status == Report.Status.RETURNED and saved.version == report.version + 1


def test_a_save_logs_how_many_values_changed_and_an_unchanged_save_logs_nothing(open_reports, users):
    report = open_reports["grass_a1"]
    save(report, users["grass_a1"])
    save(report, users["grass_a1"], NV1_SESSIONS=8, NV1_PARTICIPANTS=120)
    save(report, users["grass_a1"], NV1_SESSIONS=8, NV1_PARTICIPANTS=120)  # nothing changed
    comments = list(ReportEvent.objects.filter(report=report).values_list("action", "comment"))
    count = len(complete_values(report))
    assert comments == [("saved", f"{count} số liệu thay đổi."), ("saved", "2 số liệu thay đổi.")]


def test_the_log_writes_dates_and_yes_no_the_way_people_read_them(open_reports, users):
    report = open_reports["grass_a1"]
    save(report, users["grass_a1"], CT2_DATE_SIGNED=datetime.date(2023, 3, 5))
    save(report, users["grass_a1"], CT2_DATE_SIGNED=datetime.date(2023, 4, 1), CT1_DONE=False)
    changes = dict(ValueChange.objects.filter(report=report).exclude(old="").values_list("indicator__code", "new"))
    assert changes == {"CT2_DATE_SIGNED": "01/04/2023", "CT1_DONE": "Không"}
    first = ValueChange.objects.get(report=report, indicator__code="CT2_DATE_SIGNED", old="")
    assert first.new == "05/03/2023"


def test_a_round_figure_saved_again_unchanged_logs_no_change(open_reports, users):
    """120 is stored as 120.00; read back for the log it must read 120 again (it read 1.2E+2,
    so every save of a round figure logged a change that was none)."""
    report = open_reports["grass_a1"]
    save(report, users["grass_a1"], NV1_PARTICIPANTS=120)
    save(report, users["grass_a1"], NV1_PARTICIPANTS=120)
    save(report, users["grass_a1"], NV1_PARTICIPANTS=1000)
    changes = list(ValueChange.objects.filter(report=report, indicator__code="NV1_PARTICIPANTS")
                   .values_list("old", "new"))
    assert changes == [("", "120"), ("120", "1000")]
    assert ReportEvent.objects.filter(report=report).count() == 2


def test_reopening_an_accepted_report_for_a_closed_period_sends_it_back(open_reports, users):
    report = report_accept(report=save(open_reports["grass_a1"], users["grass_a1"], submit=True), by=users["upper_a"])
    report.period.is_open = False
    report.period.save()
    reopened = report_reopen_for_submission(report=report, by=users["board"], reason="Cho sửa số liệu.")
    assert (reopened.status, reopened.accepted_at, reopened.reopened_for_submission) == ("returned", None, True)
    assert reopened.version == report.version + 1
    assert ReportEvent.objects.filter(report=report).last().comment == "Cho sửa số liệu."


@pytest.mark.parametrize("name, content, stored", [
    ("anh-hoat-dong.jpeg", b"\xff\xd8\xff\xe0 photo", "anh-hoat-dong.jpeg"),
    ("BIEN-BAN.PDF", b"%PDF-1.4 minutes", "BIEN-BAN.PDF"),
    ("bien-ban", b"%PDF-1.4 minutes", "bien-ban.pdf"),  # the kind found in the file gives the extension
    ("anh.pdf", b"\x89PNG\r\n\x1a\n image", "anh.pdf.png"),
    ("C:/Users/lan/Desktop/quy-che.pdf", b"%PDF-1.4 rules", "quy-che.pdf"),  # no folder of the uploader's
])
def test_an_attachment_keeps_a_name_that_matches_what_it_is(open_reports, users, name, content, stored):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reporting.attachments import attachment_add

    attachment = attachment_add(report=open_reports["grass_a1"], by=users["grass_a1"],
                                upload=SimpleUploadedFile(name, content), description="Minh chứng")
    assert attachment.original_name == stored
    assert (attachment.size, attachment.description, attachment.uploaded_by) == (len(content), "Minh chứng",
                                                                                 users["grass_a1"])
    assert name not in attachment.file.name  # stored under a random name


def test_an_attachment_of_exactly_10_mb_is_taken_and_one_byte_more_is_not(open_reports, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reporting.attachments import attachment_add

    limit = 10 * 1024 * 1024
    body = b"%PDF-1.4 " + b"0" * (limit - 9)
    assert attachment_add(report=open_reports["grass_a1"], by=users["grass_a1"],
                          upload=SimpleUploadedFile("lon.pdf", body)).size == limit
    with pytest.raises(ValidationError):
        attachment_add(report=open_reports["grass_a1"], by=users["grass_a1"],
                       upload=SimpleUploadedFile("qua-lon.pdf", body + b"0"))
    with pytest.raises(ValidationError):
        attachment_add(report=open_reports["grass_a1"], by=users["grass_a1"],
                       upload=SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf"))
