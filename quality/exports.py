"""The Board's data-quality list as an Excel workbook: one row source, the page's."""
from django.utils.translation import gettext as _

from workbooks import writing


def quality_rows(board: dict):
    """A header row, then one row per flagged figure, by branch and indicator."""
    yield [_("Branch"), _("Indicator"), _("Unit"), _("Unit code"), _("Value"), _("Expected at most"),
           _("Checks"), _("Highest of the two periods before"), _("Median of comparable units"), _("Share of the total (%)"),
           _("Confirmed by the officer"), _("Officer's explanation")]
    for branch in board["branches"]:
        for group in branch["indicators"]:
            for f in group["rows"]:
                yield [branch["name"], f"{f.indicator.code} — {f.indicator.label}", f.report.unit.name,
                       f.report.unit.code, f.value, f.limit, "; ".join(str(label) for label, _limit in f.reasons),
                       f.previous, None if f.median is None else int(f.median.to_integral_value()),
                       None if f.share is None else float(f.share),
                       _("Yes") if f.confirmation else _("No"),
                       f.confirmation.explanation if f.confirmation else ""]


WHOLE_COLUMNS = {4, 5, 7, 8}


def quality_workbook(*, board: dict) -> bytes:
    book = writing.new_workbook()
    sheet = book.create_sheet(_("Figures to check")[:31])
    for width, column in zip((30, 40, 36, 12, 16, 16, 40, 16, 16, 12, 12, 50), "ABCDEFGHIJKL"):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"
    sheet.append([writing.cell(sheet, _("Figures to check — %(scope)s — %(period)s") % {
        "scope": board["scope"].name, "period": board["period"].title}, font=writing.TITLE_FONT)])
    for number, row in enumerate(quality_rows(board)):
        if number == 0:
            sheet.append([writing.cell(sheet, value, font=writing.BOLD_FONT, wrap=True) for value in row])
            continue
        sheet.append([writing.cell(sheet, value, number_format=writing.WHOLE_FORMAT if index in WHOLE_COLUMNS
                                   and value is not None else None, wrap=index in (1, 11))
                      for index, value in enumerate(row)])
    return writing.to_bytes(book)
