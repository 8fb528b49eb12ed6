"""Request parameters: one value, a flag, a date, the known names, the shared filters."""

from __future__ import annotations

from ._errors import HttpError

__all__ = ["DATASET_PARAMS", "TOKEN_PARAMS", "filters", "flag", "format_values", "known", "one"]

TOKEN_PARAMS = {"token", "access_token", "api_key", "apikey"}
DATASET_PARAMS = {"default-graph-uri", "named-graph-uri", "using-graph-uri",
                  "using-named-graph-uri"}
_FORMAT_PARAMS = ("format", "output", "results")
_TRUE, _FALSE = {"", "1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def one(params: dict, name: str) -> str | None:
    """The parameter's value, ``None`` if absent; given twice is an error."""
    values = params.get(name)
    if not values:
        return None
    if len(values) > 1:
        raise HttpError(400, f"parameter {name!r} given {len(values)} times; give it once")
    return values[0]


def flag(params: dict, name: str, default: bool = False) -> bool:
    """A true/false parameter (``true``, ``1``, ``yes``, ``on``, or empty, is true)."""
    value = one(params, name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise HttpError(400, f"parameter {name!r} must be true or false, not {value[:40]!r}")


def _date(params: dict, name: str) -> str | None:
    """A date parameter at any precision (``2019``, ``2019-08``, ``2019-08-15``), checked."""
    from .._dates import PartialDate

    value = one(params, name)
    if value is not None:
        try:
            PartialDate.parse(value)
        except ValueError as exc:
            raise HttpError(400, f"parameter {name!r}: {exc}") from None
    return value


def format_values(params: dict) -> list[str]:
    """The values of ``format=``, ``output=`` and ``results=`` (SPARQLWrapper sends all three,
    each twice: a short name and a media type)."""
    return [value for name in _FORMAT_PARAMS for value in params.get(name, ())]


def known(params: dict, allowed: set[str]) -> None:
    """Refuse a parameter the endpoint does not take (a typo would otherwise go unnoticed)."""
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise HttpError(400, f"unknown parameter {unknown[0][:40]!r}; this endpoint takes "
                             f"{', '.join(sorted(allowed)) or 'no parameters'}")


def _relations(params: dict) -> tuple[str, ...] | None:
    return tuple(params["relation"]) if params.get("relation") else None


def filters(params: dict) -> dict:
    """The filters ``related``, ``claims`` and the page share (the library's defaults where a
    parameter is not given: the relation hierarchy is followed)."""
    return {"relation": _relations(params), "as_of": _date(params, "as_of"),
            "min_certainty": one(params, "min_certainty"),
            "include_subrelations": flag(params, "include_subrelations", default=True)}
