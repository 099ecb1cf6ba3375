"""Excel workbooks in and out, for every app: opening an uploaded .xlsx safely (reading.py)
and the look of the workbooks the portal hands out (writing.py).

Not a Django app: no models, no templates, only the plumbing that the hierarchy import
(unions/spreadsheets.py) and the offline and bulk reports (reporting/spreadsheets.py) share."""
from .reading import CellError, WorkbookRefused  # noqa: F401
