"""The one application error type. Services raise it; the API handler and the pages map it once."""


class AppError(Exception):
    """A business rule said no. `message` is French and shown to the user as is."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid", status: int | None = None,
                 field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        if status is not None:
            self.status = status


def not_found(message: str = "Introuvable.", *, code: str = "not_found") -> AppError:
    return AppError(message, code=code, status=404)


def conflict(message: str, *, code: str = "conflict", field: str | None = None) -> AppError:
    return AppError(message, code=code, status=409, field=field)


def forbidden(message: str = "Vous n'avez pas le droit de faire cela.", *, code: str = "forbidden") -> AppError:
    return AppError(message, code=code, status=403)
