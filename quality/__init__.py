"""Soft data-quality checks (issue 18): figures far out of line are flagged, confirmed by the
officer with an explanation, shown first to the reviewer and listed for the Board."""
