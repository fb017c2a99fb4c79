"""User-facing errors.

Every problem the user can fix (bad path, bad date, unknown language, damaged store) is raised as a
:class:`KgraphError` whose message is one line; the CLI prints it and exits non-zero instead of a
traceback.
"""


class KgraphError(Exception):
    """An error with a one-line message meant for the user."""


class InputError(KgraphError):
    """A document or option that cannot be processed."""


class StoreError(KgraphError):
    """The store cannot be opened, is locked by another process, or is damaged."""
