"""Report pages: thin views that read the form, call a service and render or redirect."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.forms import form_errors_from
from plans.selectors import active_plan
from quality import services as quality_services
from quality.forms import quality_form_context, with_flagged_counts
from quality.selectors import findings_for_report
from unions.selectors import union_ancestors_for_user

from . import attachments, periods, review, services
from .documents import report_document_context, report_pdf
from .forms import AttachmentForm, ExtensionForm, ReasonForm, ReportForm, ReviewForm, ReviewQueueFilter
from .models import Attachment, ReportingPeriod
from .permissions import (
    report_can_edit,
    report_can_extend,
    report_can_reopen_closed_period,
    report_can_review,
    report_period_accepts,
)
from .selectors import (
    extension_candidates,
    extension_units,
    extensions_visible_to,
    get_report_for_user,
    periods_of_active_plans,
    report_history,
    report_previous,
    report_return_reason,
    report_sections,
    report_values,
    reports_for_own_review,
    reports_of_unit,
    reports_to_review,
    review_branches,
)

STASH = "stashed-input:{}"
# Who was signed in on this browser: a signed cookie set on the pages that keep input, which
# outlives the session. Only with it is a form posted after the session expired kept.
SIGNED_IN_COOKIE = "portal_was_signed_in"
SIGNED_IN_SALT = "reporting.kept-input"
SIGNED_IN_MAX_AGE = 24 * 60 * 60


def login_required_keeping_input(view):
    """Like login_required, but a form posted after the session expired is kept in the new
    session and offered again once the same person has signed in: nothing typed is lost.
    Kept only for a browser where someone was signed in (the signed cookie above) and only up
    to KEPT_INPUT_MAX_CHARS: an anonymous request stores nothing in the session table."""
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            response = view(request, *args, **kwargs)
            _mark_signed_in(request, response)
            return response
        if request.method == "POST":
            _keep_input(request)
        return redirect_to_login(request.get_full_path())
    wrapper.__name__, wrapper.__doc__ = view.__name__, view.__doc__
    return wrapper


def _mark_signed_in(request, response) -> None:
    try:
        if signing.loads(request.COOKIES.get(SIGNED_IN_COOKIE, ""), salt=SIGNED_IN_SALT,
                         max_age=SIGNED_IN_MAX_AGE // 2) == request.user.pk:
            return  # fresh enough: no Set-Cookie on every page
    except signing.BadSignature:
        pass
    response.set_cookie(SIGNED_IN_COOKIE, signing.dumps(request.user.pk, salt=SIGNED_IN_SALT),
                        max_age=SIGNED_IN_MAX_AGE, httponly=True, samesite="Lax",
                        secure=settings.SESSION_COOKIE_SECURE)


def _keep_input(request) -> None:
    try:
        user_pk = signing.loads(request.COOKIES.get(SIGNED_IN_COOKIE, ""), salt=SIGNED_IN_SALT,
                                max_age=SIGNED_IN_MAX_AGE)
    except signing.BadSignature:
        return  # nobody was signed in here: keep nothing
    data = {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}
    size = sum(len(key) + sum(len(value) for value in values) for key, values in data.items())
    if size > settings.KEPT_INPUT_MAX_CHARS:
        return  # larger than any report form: not kept
    request.session[STASH.format(request.path)] = {"user": user_pk, "data": data}


def _stashed_input(request):
    """The input kept for this page across an expired session, if it was this person's."""
    stashed = request.session.pop(STASH.format(request.path), None)
    if isinstance(stashed, dict) and stashed.get("user") == request.user.pk and isinstance(stashed.get("data"), dict):
        return stashed["data"]
    return None


def _form_errors_from(form, error: ValidationError) -> None:
    """A service's refusal onto the form, after the form's own checks (add_error needs its
    cleaned data, and keeps its errors)."""
    form.is_valid()
    form_errors_from(form, error)


@require_GET
@login_required
def home(request):
    unit = request.user.unit
    context = {"plan": active_plan(user=request.user)}
    if unit is not None:
        context.update(unit=unit, ancestors=union_ancestors_for_user(union=unit, user=request.user),
                       reports=_with_next_action(reports_of_unit(unit=unit), request.user))
        if request.user.is_reviewer:
            waiting = reports_to_review(user=request.user)
            context["waiting"] = reports_for_own_review(waiting, user=request.user).count()
            context["waiting_below"] = waiting.count() - context["waiting"]
    return render(request, "reporting/home.html", context)


def _with_next_action(reports, user):
    today = timezone.localdate()
    rows = []
    for report in reports:
        report.unit = user.unit  # the person's own unit: spare a query per row
        report.can_edit = report_can_edit(report=report, user=user)
        # Days left or late matter while the unit can still act on them.
        report.days_left = report.days_to_deadline(today) if report_period_accepts(report=report) else None
        report.days_late = max(0, -report.days_left) if report.days_left is not None else 0
        rows.append(report)
    return rows


@require_GET
@login_required
def my_reports(request):
    unit = request.user.unit
    reports = _with_next_action(reports_of_unit(unit=unit), request.user) if unit else []
    return render(request, "reporting/my_reports.html", {"reports": reports, "unit": unit})


@require_GET
@login_required
def report_detail(request, pk):
    report = get_report_for_user(request.user, pk)
    return render(request, "reporting/report_detail.html", {
        "report": report,
        "sections": report_sections(report=report),
        "attachments": report.attachments.all(),
        "can_edit": report_can_edit(report=report, user=request.user),
        "can_review": report_can_review(report=report, user=request.user),
        "can_unlock": report_can_reopen_closed_period(report=report, user=request.user),
        "return_reason": report_return_reason(report=report),
        "can_extend": report_can_extend(report=report, user=request.user),
        "attachment_form": AttachmentForm() if report_can_edit(report=report, user=request.user) else None,
    })


@require_http_methods(["GET", "POST"])
@login_required_keeping_input
def report_edit(request, pk):
    report = get_report_for_user(request.user, pk)
    if not report_can_edit(report=report, user=request.user):
        messages.error(request, _("This report cannot be changed now."))
        return redirect(report)
    sections = report_sections(report=report)
    stashed = _stashed_input(request)
    if request.method == "POST":
        form = ReportForm(request.POST, sections=sections)
    elif stashed:
        form = ReportForm(_as_querydict(stashed), sections=sections)
        messages.warning(request, _("Your session had expired; what you typed was kept. Check it and save."))
    else:
        initial = {row["indicator"].code: row["value"] for section in sections for row in section["rows"]}
        form = ReportForm(initial={**initial, "version": report.version}, sections=sections)
    conflict, to_confirm = False, None
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            if submit:  # flagged figures are confirmed before the report goes (issue 18)
                saved = quality_services.report_send_checked(
                    report=report, by=request.user, values=form.values(), version=form.cleaned_data["version"],
                    confirmations=quality_services.confirmations_from(request.POST))
            else:
                saved = services.report_save(report=report, by=request.user, values=form.values(),
                                             version=form.cleaned_data["version"], submit=False)
        except quality_services.FiguresToConfirm as held:
            to_confirm = held.findings
        except services.ReportConflict:
            conflict = True
            form.add_error(None, _("Someone else saved this report while you were typing. Your input is still "
                                   "below and was not saved: open the report in a new tab to see their version, "
                                   "then copy what you need."))
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            if submit:
                messages.success(request, _("The report was sent to the level above."))
            elif saved.version == report.version:
                messages.info(request, _("Nothing was changed: the draft is as it was saved."))
            else:
                messages.success(request, _("The draft was saved."))
            return redirect(report) if submit else redirect("reporting:report_edit", pk=report.pk)
    status = 409 if conflict else (400 if form.is_bound and form.errors else 200)
    return render(request, "reporting/report_form.html", {
        "report": report, "form": form, "conflict": conflict, "return_reason": report_return_reason(report=report),
        **quality_form_context(form=form, report=report, to_confirm=to_confirm),
    }, status=status)


def _as_querydict(stashed: dict):
    data = QueryDict(mutable=True)
    for key, values in stashed.items():
        data.setlist(key, values)
    return data


@require_GET
@login_required
def report_history_view(request, pk):
    report = get_report_for_user(request.user, pk)
    return render(request, "reporting/report_history.html", {"report": report, "history": report_history(report=report)})


@require_GET
@login_required
def review_queue(request):
    """The reports waiting for the reviewer, filtered by period, branch, step and unit."""
    if not request.user.is_reviewer:
        raise PermissionDenied
    filters = ReviewQueueFilter(request.GET, branches=review_branches(user=request.user),
                                periods=periods_of_active_plans(user=request.user).order_by("-year", "-kind"))
    reports = filters.apply(reports_to_review(user=request.user, statuses=filters.statuses()), user=request.user)
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    page.object_list = with_flagged_counts(list(page.object_list))
    return render(request, "reporting/review_queue.html", {"page": page, "filters": filters})


@require_http_methods(["GET", "POST"])
@login_required_keeping_input
def report_review(request, pk):
    report = get_report_for_user(request.user, pk)
    if not report_can_review(report=report, user=request.user):
        raise PermissionDenied
    stashed = _stashed_input(request)
    if request.method == "POST":
        form = ReviewForm(request.POST)
    elif stashed:
        form = ReviewForm(_as_querydict(stashed))
        messages.warning(request, _("Your session had expired; your comment was kept. Check it and choose again."))
    else:
        form = ReviewForm(initial={"version": report.version})
    refused = False
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        steps = {
            "accept": (lambda: review.report_accept(report=report, by=request.user, version=form.cleaned_data["version"],
                                                    comment=form.cleaned_data["reason"]),
                       _("The report was accepted."), "reporting:review_queue"),
            "return": (lambda: review.report_return(report=report, by=request.user, version=form.cleaned_data["version"],
                                                    reason=form.cleaned_data["reason"]),
                       _("The report was returned to the unit with your comment."), "reporting:review_queue"),
            "reopen": (lambda: review.report_reopen(report=report, by=request.user, version=form.cleaned_data["version"],
                                                    reason=form.cleaned_data["reason"]),
                       _("The report was reopened for correction."), None),
        }
        if action in steps:
            step, done, target = steps[action]
            try:
                step()
            except ValidationError as error:
                refused = True
                report.refresh_from_db()
                form = _review_form_again(request.POST, report=report, error=error)
            else:
                messages.success(request, done)
                return redirect(target or report)
    previous = report_previous(report=report)
    return render(request, "reporting/report_review.html", {
        "report": report, "previous": previous, "reason_form": form, "refused": refused,
        "flagged": findings_for_report(report=report),
        "sections": report_sections(report=report, previous=report_values(report=previous) if previous else {}),
        "attachments": report.attachments.all(),
    }, status=409 if refused and form.non_field_errors() else 400 if form.errors else 200)


def _review_form_again(data, *, report, error: ValidationError) -> ReviewForm:
    """The reviewer's comment as typed, with the service's reason for refusing the step, and
    the report's current version (so that the next step they choose is judged on what they now see)."""
    data = data.copy()
    data["version"] = report.version
    form = ReviewForm(data)
    _form_errors_from(form, error)
    return form


@require_POST
@login_required
def report_unlock(request, pk):
    report = get_report_for_user(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["reason"][0])
        return redirect(report)
    review.report_reopen_for_submission(report=report, by=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, _("The unit can send this report again."))
    return redirect(report)


@require_POST
@login_required
def attachment_upload(request, pk):
    report = get_report_for_user(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachments.attachment_add(report=report, by=request.user, upload=form.cleaned_data["file"],
                                       description=form.cleaned_data["description"])
            messages.success(request, _("The file was attached."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect(report)


@require_GET
@login_required
def attachment_download(request, pk, attachment_pk):
    report = get_report_for_user(request.user, pk)
    attachment = get_object_or_404(Attachment, report=report, pk=attachment_pk)
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@login_required
def attachment_delete(request, pk, attachment_pk):
    report = get_report_for_user(request.user, pk)
    attachment = get_object_or_404(Attachment, report=report, pk=attachment_pk)
    attachments.attachment_remove(attachment=attachment, by=request.user)
    messages.success(request, _("The file was removed."))
    return redirect(report)


@require_GET
@login_required
def report_print(request, pk):
    report = get_report_for_user(request.user, pk)
    return render(request, "reporting/report_document.html",
                  {**report_document_context(report=report), "for_print": True, "font_dir": static("fonts/")})


@require_GET
@login_required
def report_pdf_view(request, pk):
    report = get_report_for_user(request.user, pk)
    response = FileResponse(report_pdf(report=report), content_type="application/pdf",
                            filename=f"bao-cao-{report.period.code}-{report.unit.code}.pdf")
    return response


@require_http_methods(["GET", "POST"])
@login_required
def period_extend(request, pk):
    """The Board extends deadlines: units chosen by name or code in its own scope (?unit=CODE,
    from the dashboard's lists and a unit's report page, comes chosen), or every unit."""
    if not request.user.is_board:
        raise PermissionDenied
    period = get_object_or_404(periods_of_active_plans(user=request.user), pk=pk)
    units = extension_units(period=period, user=request.user)
    chosen = request.POST.getlist("units") if request.method == "POST" else request.GET.getlist("unit")
    form = ExtensionForm(request.POST or None, units=units, initial={"units": chosen})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen_units = None if data["every_unit"] else sorted(data["units"], key=lambda u: u.path)
        try:
            outcome = periods.deadlines_extend(period=period, units=chosen_units, by=request.user,
                                               new_deadline=data["new_deadline"], reason=data["reason"])
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            for level, text in _extension_messages(outcome):
                messages.add_message(request, level, text)
            return redirect("reporting:period_extend", pk=period.pk)
    search = request.GET.get("q", "").strip()
    return render(request, "reporting/period_extend.html", {
        "period": period, "form": form, "search": search,
        "candidates": extension_candidates(period=period, user=request.user, search=search, chosen=chosen),
        "extensions": Paginator(extensions_visible_to(user=request.user, period=period).order_by("-granted_at", "-pk"),
                                50).get_page(request.GET.get("page")),
    }, status=400 if form.errors else 200)


def _extension_messages(outcome: periods.ExtensionOutcome) -> list[tuple[int, str]]:
    """What the extension did, said per chosen unit (or, for every unit, per reason)."""
    Result = periods.ExtensionResult
    new = outcome.new_deadline.strftime("%d/%m/%Y")
    said = []
    if outcome.every_unit:
        counts = outcome.counts
        if counts.get(Result.EXTENDED):
            said.append((messages.SUCCESS, ngettext(
                "Every unit: the deadline of %(n)d report not sent or returned moved to %(new)s.",
                "Every unit: the deadline of %(n)d reports not sent or returned moved to %(new)s.",
                counts[Result.EXTENDED]) % {"n": counts[Result.EXTENDED], "new": new}))
        else:
            said.append((messages.WARNING, _("No deadline moved: no report still to send was due before %(new)s.")
                         % {"new": new}))
        if counts.get(Result.SENT):
            said.append((messages.INFO, ngettext(
                "%(n)d report already sent keeps the deadline it was judged against.",
                "%(n)d reports already sent keep the deadline they were judged against.",
                counts[Result.SENT]) % {"n": counts[Result.SENT]}))
        if counts.get(Result.ALREADY_LATER):
            said.append((messages.INFO, ngettext(
                "%(n)d report is already due on or after %(new)s and keeps its deadline.",
                "%(n)d reports are already due on or after %(new)s and keep their deadline.",
                counts[Result.ALREADY_LATER]) % {"n": counts[Result.ALREADY_LATER], "new": new}))
        return said
    for result in outcome.results:
        values = {"unit": result.unit.name, "new": new,
                  "old": result.old_deadline.strftime("%d/%m/%Y") if result.old_deadline else ""}
        if result.outcome == Result.EXTENDED:
            said.append((messages.SUCCESS, _("%(unit)s: deadline moved from %(old)s to %(new)s.") % values))
        elif result.outcome == Result.SENT:
            values["sent"] = timezone.localtime(result.submitted_at).strftime("%d/%m/%Y")
            said.append((messages.WARNING, _("%(unit)s: not extended — its report was sent on %(sent)s and keeps "
                                             "the deadline it was judged against (%(old)s).") % values))
        elif result.outcome == Result.ALREADY_LATER:
            said.append((messages.WARNING, _("%(unit)s: not extended — its deadline is already %(old)s, not "
                                             "before %(new)s.") % values))
        else:
            said.append((messages.WARNING, _("%(unit)s: not extended — it has no report for this period (it was "
                                             "not expected to send one).") % values))
    return said
