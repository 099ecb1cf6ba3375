"""A service's refusal shown on a form: the one mapping every view and admin form uses."""
from django.core.exceptions import ValidationError


def form_errors_from(form, error: ValidationError, *, rename: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError on `form`: each message at the field it names (after
    `rename`, for a service argument the form calls otherwise), the rest above the form."""
    rename = rename or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        field = rename.get(name, name)
        form.add_error(field if field in form.fields else None, messages)
