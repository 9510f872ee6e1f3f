"""Errors the harness raises for bad input, each naming the file and the JSON path (or URL) at fault."""

from __future__ import annotations


class HarnessError(Exception):
    """Base class of the harness's own errors; the CLI prints them in one line and exits with status 2."""

    exit_status = 2


class SpecError(HarnessError):
    """A spec file (registry, checklist, platform, catalog, device list) is unreadable or invalid.

    Attributes:
        file: path of the spec file (str), as given by the user or the package.
        json_path: JSONPath of the offending value, e.g. ``$.checks[3].weight``; ``$`` for the whole file.
        message: what is wrong, in one sentence.
    """

    def __init__(self, file: str, json_path: str, message: str):
        self.file = str(file)
        self.json_path = json_path or "$"
        self.message = message
        super().__init__(f"{self.file}: {self.json_path}: {message}")


class OptionError(HarnessError):
    """A command-line or pytest option is invalid (unknown device, bad ``--set`` value, unknown department)."""


class RunDirError(HarnessError):
    """A run folder's own files are unusable: a path read from a results or run file (a department ``folder``, a
    target's ``artifacts`` or ``screenshot``) that leads outside the run folder, an artifacts file that is
    truncated or not JSON, or a run folder another run is writing. The message names the file and the value."""


class BrowserError(HarnessError):
    """Chromium could not be found, launched or connected to."""


class BrowserUnavailable(BrowserError):
    """Chromium was found (or an endpoint given) but could not be launched or reached: the harness could not run,
    exit status 3 (a Chromium that is not installed where the options say is bad input, 2)."""

    exit_status = 3


def json_path(parts) -> str:
    """Render a sequence of keys and indices (as in ``jsonschema`` errors) as a JSONPath like ``$.a[0].b``."""
    out = "$"
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        elif isinstance(p, str) and p.isidentifier():
            out += f".{p}"
        else:
            out += "[" + repr(str(p)) + "]"
    return out


class OutputError(HarnessError):
    """Outputs of a run could not be written (a full disk, a folder made read-only): what was measured and written
    stays, and ``harness run --resume DIR`` finishes the run once there is room. Exit status 3 (the harness could
    not run to the end), not 2 (bad input)."""

    exit_status = 3
