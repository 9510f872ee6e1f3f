"""Loading JSON spec files and validating them against their JSON Schemas (draft 2020-12).

Every error names the file and the JSON path of the offending value, so that a user can fix the spec without
reading code: ``specs/checklists/x.json: $.checks[3].weight: -1 is less than the minimum of 0``.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from .errors import SpecError, json_path
from .paths import schema_path


class NonFiniteNumber(ValueError):
    """A JSON text holds ``NaN``, ``Infinity`` or a number too large for a float (``1e999``)."""


def _finite(text: str) -> float:
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise NonFiniteNumber(f"number {text} is not finite")
    return value


def _no_constant(name: str):
    raise NonFiniteNumber(f"{name} is not a JSON number")


def loads_finite(text: str) -> Any:
    """``json.loads`` that refuses what strict JSON (RFC 8259) has no place for: ``NaN``, ``Infinity``,
    ``-Infinity`` and numbers that overflow a float (``1e999``), which Python's json accepts.

    Raises:
        NonFiniteNumber: such a number; json.JSONDecodeError: malformed JSON.
    """
    return json.loads(text, parse_constant=_no_constant, parse_float=_finite)


#: Largest spec file read (bytes): the notice's registry of 107 departments is a few hundred kB.
MAX_SPEC_BYTES = 32 * 1024 * 1024


def read_text_capped(path: str | Path, limit: int | None = None) -> str:
    """The UTF-8 text of the regular file ``path``, at most ``limit`` bytes (default :data:`MAX_SPEC_BYTES`).

    Raises:
        ValueError: not a regular file (``/dev/zero``, a FIFO, a folder) or larger than ``limit``;
        OSError: missing or unreadable; UnicodeDecodeError: not UTF-8.
    """
    import stat

    limit = MAX_SPEC_BYTES if limit is None else limit
    with open(path, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise ValueError("not a regular file")
        data = f.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"larger than {limit} bytes: not a spec file")
    return data.decode("utf-8")


def read_json(path: str | Path, text: str | None = None) -> Any:
    """Parse the JSON file ``path`` (or ``text`` if given, reporting it as ``path``).

    Raises:
        SpecError: the file is missing, unreadable, not a regular file, larger than :data:`MAX_SPEC_BYTES`, not
            UTF-8 or not JSON (the message gives line and column), nested too deeply for the parser, or holds a
            number that is not finite (NaN, Infinity, 1e999).
    """
    path = Path(path)
    try:
        if text is None:
            text = read_text_capped(path)
        return loads_finite(text)
    except NonFiniteNumber as e:
        raise SpecError(str(path), "$", str(e)) from None
    except RecursionError:
        raise SpecError(str(path), "$", "nested too deeply (arrays or objects inside each other hundreds of levels deep)") from None
    except IsADirectoryError:
        raise SpecError(str(path), "$", "is a folder, not a file") from None
    except FileNotFoundError:
        raise SpecError(str(path), "$", "file not found") from None
    except UnicodeDecodeError as e:
        raise SpecError(str(path), "$", f"not UTF-8 ({e.reason} at byte {e.start})") from None
    except json.JSONDecodeError as e:
        raise SpecError(str(path), "$", f"malformed JSON: {e.msg} at line {e.lineno} column {e.colno}") from None
    except ValueError as e:  # read_text_capped: not a regular file, too large
        raise SpecError(str(path), "$", str(e)) from None
    except OSError as e:
        raise SpecError(str(path), "$", f"cannot read: {e.strerror}") from None


@lru_cache(maxsize=None)
def validator(name: str) -> Draft202012Validator:
    """Return a draft 2020-12 validator for schema ``name`` (cached). Raises SpecError if the schema is bad."""
    path = schema_path(name)
    schema = read_json(path)
    try:
        Draft202012Validator.check_schema(schema)
    except Exception as e:  # jsonschema.SchemaError
        raise SpecError(str(path), json_path(getattr(e, "absolute_path", [])), f"invalid schema: {e.message}") from None
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _human(err) -> str:
    """One readable sentence for a jsonschema error: a ``pattern`` mismatch says what was expected (the schema's
    ``description`` of the value) instead of printing the regular expression."""
    if err.validator == "pattern":
        what = (err.schema or {}).get("description") if isinstance(err.schema, dict) else None
        value = err.instance if not isinstance(err.instance, str) or len(err.instance) <= 80 else err.instance[:77] + "…"
        return f"{value!r} is not in the expected form" + (f": {what}" if what else "")
    msg = err.message
    return msg if len(msg) <= 300 else msg[:240] + " … " + msg[-50:]


def _specific(err):
    while err.context:  # best_match may pick a parent "anyOf" error: prefer its most specific descendant
        err = best_match(err.context)
    return err


def validate(data: Any, schema: str, file: str | Path) -> None:
    """Validate ``data`` against schema ``schema``; raise SpecError naming ``file`` and the JSON path.

    The error named first is jsonschema's ``best_match`` (the most specific one); the message then lists every
    other problem with its JSON path (up to 12, one line), so a user fixes them all at once, each as a sentence
    (a ``pattern`` mismatch says what was expected, not the regular expression).
    """
    v = validator(schema)
    try:
        errors = list(v.iter_errors(data))
    except RecursionError:
        raise SpecError(str(file), "$", "nested too deeply to validate") from None
    if not errors:
        return
    first = _specific(best_match(errors))
    others = []
    for e in sorted(errors, key=lambda e: json_path(e.absolute_path)):
        e = _specific(e)
        if e is first or (list(e.absolute_path) == list(first.absolute_path) and e.message == first.message):
            continue
        others.append(f"{json_path(e.absolute_path)}: {_human(e)}")
    more = ""
    if others:
        shown = others[:12]
        more = f" (and {len(others)} more: " + "; ".join(shown) + (" …" if len(others) > len(shown) else "") + ")"
    raise SpecError(str(file), json_path(first.absolute_path), _human(first) + more)


def load(path: str | Path, schema: str, text: str | None = None) -> Any:
    """Read ``path`` as JSON and validate it against ``schema``; return the parsed data. Raises SpecError."""
    data = read_json(path, text)
    validate(data, schema, path)
    return data
