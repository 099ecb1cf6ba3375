"""How a workbook prints: A4, landscape where it is wide, one page wide (as many pages down
as it needs), its heading rows repeated on every page, and rows tall enough for the text
they wrap. Works on write-only sheets too (set before the rows are appended)."""
import math

from openpyxl.worksheet.properties import PageSetupProperties

LINE_HEIGHT = 15.0  # points per line of 11 pt Times New Roman, with its leading
CHARACTERS_PER_WIDTH = 1.0  # per unit of Excel column width, erring tall (LibreOffice may use a wider serif)


def print_setup(sheet, *, landscape: bool = False, title_rows: str | None = None,
                title_columns: str | None = None, pages_wide: int = 1) -> None:
    """A4, fitted to `pages_wide` pages across (one, unless a sheet is too wide to read at
    that scale: then its `title_columns` repeat on each page across) and as many down as the
    rows need; `title_rows` ("4:4") and `title_columns` ("A:B") repeated on every page."""
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = pages_wide
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    if sheet.sheet_properties.pageSetUpPr is None:
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    else:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.print_options.horizontalCentered = True
    if title_rows:
        sheet.print_title_rows = title_rows
    if title_columns:
        sheet.print_title_cols = title_columns


def lines_for(text, width: float, *, bold: bool = False, size: float = 11) -> int:
    """How many lines `text` wraps to in a column `width` wide (an estimate that errs tall)."""
    if not isinstance(text, str) or not text:
        return 1
    per_line = max(width * CHARACTERS_PER_WIDTH * (11 / size) * (0.92 if bold else 1.0), 1)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def row_height_for(texts, widths, *, bold: bool = False, size: float = 11) -> float:
    """A row's height in points for its texts in columns of the given widths."""
    lines = max((lines_for(t, w, bold=bold, size=size) for t, w in zip(texts, widths) if w), default=1)
    return round(max(lines, 1) * LINE_HEIGHT * size / 11 + 3, 1)
