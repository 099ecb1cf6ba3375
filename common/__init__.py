"""Small helpers every app uses, depending on no app of the project."""
