"""The look and the guard rails of the workbooks the portal hands out.

Every workbook is written in openpyxl's write-only mode (it streams, so a thousand rows cost
little memory), with labels locked by sheet protection, answer cells unlocked and tinted,
and Excel's data validation on each answer cell. The validation messages are written in
Vietnamese directly: Excel shows them, not Django, and the people who read them work in
Vietnamese."""
import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

# Sheet protection keeps slips away from the labels; it is no security (the server reads
# nothing but the answer cells and checks every one of them).
PROTECTION_PASSWORD = "1306"
META_SHEET = "_meta"
FONT_NAME = "Times New Roman"

TITLE_FONT = Font(name=FONT_NAME, size=13, bold=True)
BOLD_FONT = Font(name=FONT_NAME, size=11, bold=True)
PLAIN_FONT = Font(name=FONT_NAME, size=11)
NOTE_FONT = Font(name=FONT_NAME, size=10, italic=True, color="555555")
CODE_FONT = Font(name=FONT_NAME, size=9, color="777777")
LOCKED_FILL = PatternFill("solid", fgColor="EEEEEE")
INPUT_FILL = PatternFill("solid", fgColor="FFF8D6")
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)

DATE_FORMAT = "DD/MM/YYYY"
WHOLE_FORMAT = "#,##0"
DECIMAL_FORMAT = "0.00"
TEXT_FORMAT = "@"


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


def protect(sheet) -> None:
    """Lock every cell but the unlocked answer cells; columns and rows may still be resized."""
    sheet.protection.sheet = True
    sheet.protection.password = PROTECTION_PASSWORD
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.selectLockedCells = False
    sheet.protection.selectUnlockedCells = False


def as_text(made) -> None:
    """Keep a cell's text a text cell whatever it starts with: openpyxl would write "=1+1" as a
    formula and "#N/A" as an error, so a proposal typed as =HYPERLINK(…) would come out live in
    Excel (and be refused when the file comes back). Characters XML cannot hold are dropped."""
    value = made._value
    if isinstance(value, str):
        made._value = ILLEGAL_CHARACTERS_RE.sub("", value)[:32767]  # Excel's longest text
        made.data_type = "s"


def plain(sheet, value):
    """A value for sheet.append: unchanged, unless it is text openpyxl would misread (a
    formula, an error code, a character XML cannot hold), which becomes a text cell. Plain
    values stay cheap: the compliance export writes a hundred thousand rows of them."""
    if isinstance(value, str) and (value[:1] == "=" or value in ERROR_CODES or ILLEGAL_CHARACTERS_RE.search(value)):
        return new_cell(sheet, value)
    return value


def cell(sheet, value=None, *, font=PLAIN_FONT, fill=None, wrap=False, number_format=None) -> WriteOnlyCell:
    """A locked cell (a label, a code, a title); text stays text (as_text)."""
    made = new_cell(sheet, value)
    made.font = font
    if fill is not None:
        made.fill = fill
    if wrap:
        made.alignment = WRAP
    if number_format:
        made.number_format = number_format
    return made


def new_cell(sheet, value) -> WriteOnlyCell:
    if isinstance(value, str):
        made = WriteOnlyCell(sheet)
        made._value = value  # never through openpyxl's guess, which may refuse or reinterpret it
        as_text(made)
        return made
    return WriteOnlyCell(sheet, value=value)


def answer_cell(sheet, value=None, *, number_format=None, wrap=False) -> WriteOnlyCell:
    """An unlocked, tinted cell a person fills in; text stays text (as_text)."""
    made = new_cell(sheet, value)
    made.font = PLAIN_FONT
    made.fill = INPUT_FILL
    made.protection = UNLOCKED
    if number_format:
        made.number_format = number_format
    if wrap:
        made.alignment = WRAP
    return made


def _validation(sheet, **options) -> DataValidation:
    rule = DataValidation(allow_blank=True, showErrorMessage=True, showInputMessage=True,
                          errorTitle="Giá trị không hợp lệ", **options)
    sheet.data_validations.append(rule)
    return rule


def yes_no_validation(sheet) -> DataValidation:
    return _validation(sheet, type="list", formula1='"Có,Không"', promptTitle="Có/Không",
                       prompt="Chọn Có hoặc Không.", error="Chọn Có hoặc Không trong danh sách.")


def whole_number_validation(sheet, *, minimum=0, maximum=None) -> DataValidation:
    minimum = int(minimum or 0)
    if maximum is None:
        return _validation(sheet, type="whole", operator="greaterThanOrEqual", formula1=str(minimum),
                           promptTitle="Số nguyên", prompt=f"Nhập số nguyên từ {minimum} trở lên.",
                           error=f"Nhập số nguyên từ {minimum} trở lên (không có phần thập phân).")
    maximum = int(maximum)
    return _validation(sheet, type="whole", operator="between", formula1=str(minimum), formula2=str(maximum),
                       promptTitle="Số nguyên", prompt=f"Nhập số nguyên từ {minimum} đến {maximum}.",
                       error=f"Nhập số nguyên từ {minimum} đến {maximum}.")


def decimal_validation(sheet, *, minimum=0, maximum=100) -> DataValidation:
    low, high = _plain(minimum if minimum is not None else 0), _plain(maximum if maximum is not None else 100)
    return _validation(sheet, type="decimal", operator="between", formula1=low, formula2=high,
                       promptTitle="Số", prompt=f"Nhập số từ {low} đến {high}.",
                       error=f"Nhập số từ {low} đến {high}, tối đa 2 chữ số thập phân.")


def date_validation(sheet) -> DataValidation:
    # 1 and 73050 are Excel's serial numbers of 01/01/1900 and 31/12/2099.
    return _validation(sheet, type="date", operator="between", formula1="1", formula2="73050",
                       promptTitle="Ngày", prompt="Nhập ngày theo dạng dd/mm/yyyy.",
                       error="Nhập một ngày hợp lệ theo dạng dd/mm/yyyy.")


def text_length_validation(sheet, *, max_length: int) -> DataValidation:
    return _validation(sheet, type="textLength", operator="lessThanOrEqual", formula1=str(max_length),
                       promptTitle="Văn bản", prompt=f"Tối đa {max_length} ký tự.",
                       error=f"Nội dung dài tối đa {max_length} ký tự.")


def list_validation(sheet, *, source: str) -> DataValidation:
    """A drop-down list read from a range of another sheet (lists longer than 255 characters
    cannot be written inline)."""
    return _validation(sheet, type="list", formula1=source, promptTitle="Danh sách",
                       prompt="Chọn một giá trị trong danh sách.", error="Chọn một giá trị trong danh sách.")


def _plain(number) -> str:
    text = f"{float(number):.2f}".rstrip("0").rstrip(".")
    return text or "0"


def add_meta_sheet(book: Workbook, pairs: dict[str, object]) -> None:
    """A very hidden, protected sheet of key/value pairs: what the file is, for which plan
    version, report and period; read back on upload."""
    sheet = book.create_sheet(META_SHEET)
    sheet.sheet_state = "veryHidden"
    protect(sheet)
    for key, value in pairs.items():
        sheet.append([plain(sheet, key), plain(sheet, "" if value is None else str(value))])


def to_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
