"""The counter app officers use to call and serve applicants (PySide6); not built yet."""
