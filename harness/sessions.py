"""Sessions: how a system's user is logged in, given to every target of the system.

A system (or its department, for all its systems) may declare ``session`` in the registry
(``specs/schemas/registry.schema.json``, ``$defs/session``):

- ``{"storage_state": FILE}``: a Playwright storage-state file (cookies and localStorage; path relative to the
  registry file), read when the run starts and given to every target's context;
- ``{"headers": {...}, "cookies": [...]}``: request headers sent with every request and cookies set before the page
  opens (values may name ``${VAR}``, taken from the environment and never written anywhere);
- ``{"login": {"url": URL, "steps": [...]}}``: the steps (:mod:`harness.journeys`) run once per system per run, in
  the system's host platform (the 青松办 SSO ticket keeps working); the storage state they leave is given to every
  target of that system. :class:`Sessions` logs in once per system, however many targets ask at once.

Nothing of a session is copied into the run directory: artifacts carry ``session`` = :meth:`Session.describe`
(the kind, the file's name, the names of headers and cookies, the login URL), never a value. ``harness audit URL
--storage-state FILE`` gives one-off pages a storage state.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import journeys as journeys_mod
from .errors import OptionError, SpecError


@dataclass(frozen=True)
class Session:
    """A declared session. ``kind`` is ``storage_state``, ``headers`` or ``login``; ``owner`` names whose it is
    (``department/system`` or the department's key) and keys the once-per-run login; ``source`` = "FILE $.path"."""

    kind: str
    owner: str
    source: str
    storage_state: str | None = None  # resolved path
    headers: dict[str, str] = field(default_factory=dict)
    cookies: tuple[dict[str, Any], ...] = ()
    login_url: str | None = None
    login: Any = None  # harness.journeys.Journey

    def describe(self) -> dict[str, Any]:
        """What the results may say of the session: no value, no file content."""
        out: dict[str, Any] = {"kind": self.kind, "owner": self.owner}
        if self.storage_state:
            out["file"] = Path(self.storage_state).name
        if self.headers:
            out["headers"] = sorted(self.headers)
        if self.cookies:
            out["cookies"] = sorted(c.get("name", "") for c in self.cookies)
        if self.login_url:
            out["login_url"] = self.login_url
            out["steps"] = self.login.describe() if self.login else []
        return out


def read_storage_state(path: str | Path, where: str = "--storage-state") -> dict[str, Any]:
    """The storage state in a Playwright storage-state file: {"cookies": [...], "origins": [...]}.

    Raises:
        OptionError: the file cannot be read, is not JSON, or is not a storage state (message names the file and
            ``where`` it was given).
    """
    from .specs import loads_finite, read_text_capped

    p = Path(path)
    try:
        data = loads_finite(read_text_capped(p))
    except OSError as e:
        raise OptionError(f"{where} {p}: cannot read it ({e.strerror or e})") from None
    except RecursionError:
        raise OptionError(f"{where} {p}: nested too deeply") from None
    except ValueError as e:  # not JSON, not finite, not a regular file, too large
        raise OptionError(f"{where} {p}: not a usable JSON file ({e})") from None
    if not isinstance(data, dict) or not isinstance(data.get("cookies", []), list) or not isinstance(data.get("origins", []), list):
        raise OptionError(f"{where} {p}: not a Playwright storage state ({{\"cookies\": [...], \"origins\": [...]}})")
    return {"cookies": data.get("cookies", []), "origins": data.get("origins", [])}


def parse(raw: dict[str, Any], path: str, where: str, owner: str) -> Session:
    """The session declared at JSON path ``where`` of registry file ``path`` (already schema-valid).

    Raises:
        SpecError: the storage-state file does not exist or is not a storage state, the login steps are invalid or
            have checkpoints; the message names the registry file and JSON path.
    """
    source = f"{path} {where}"
    if "storage_state" in raw:
        f = Path(raw["storage_state"])
        if not f.is_absolute():
            f = Path(path).resolve().parent / f
        try:
            read_storage_state(f, "storage_state")
        except OptionError as e:
            raise SpecError(path, f"{where}.storage_state", str(e)) from None
        return Session("storage_state", owner, source, storage_state=str(f))
    if "login" in raw:
        login = journeys_mod.parse(raw["login"]["steps"], path, f"{where}.login.steps")
        if login.checkpoints:
            raise SpecError(path, f"{where}.login.steps", "login steps take no checkpoint (nothing of the login is audited)")
        return Session("login", owner, source, login_url=raw["login"]["url"], login=login)
    return Session("headers", owner, source, headers=dict(raw.get("headers") or {}), cookies=tuple(raw.get("cookies") or ()))


class LoginFailed(Exception):
    """A session's login steps failed: the message names the system, the step and why."""


class Sessions:
    """The sessions of one run: each login made once (per :attr:`Session.owner`), its storage state kept in memory
    only. ``logins`` counts the logins made."""

    def __init__(self):
        self._states: dict[str, asyncio.Future] = {}
        self._files: dict[str, dict[str, Any]] = {}
        self.logins = 0

    async def options(self, session: Session, browser, base_options, target_info: dict[str, Any]) -> dict[str, Any]:
        """The :class:`~harness.gather.GatherOptions` fields that put a load in ``session``: ``storage_state``,
        ``extra_http_headers``, ``cookies``. ``base_options`` (GatherOptions of the target, host platform included)
        open the login page.

        Raises:
            LoginFailed: the login did not complete (also for every later target of the same system: one attempt).
            OptionError: a storage-state file became unreadable, a ``${VAR}`` is not set.
        """
        if session.kind == "storage_state":
            if session.storage_state not in self._files:
                self._files[session.storage_state] = read_storage_state(session.storage_state, f"{session.source}.storage_state")
            return {"storage_state": self._files[session.storage_state]}
        if session.kind == "headers":
            secrets: dict[str, str] = {}
            try:
                headers = {k: journeys_mod.resolve(v, secrets) for k, v in session.headers.items()}
                cookies = []
                for c in session.cookies:
                    c = {**c, "value": journeys_mod.resolve(c["value"], secrets)}
                    if not c.get("url") and not c.get("domain"):
                        c["url"] = target_info.get("url")
                    cookies.append(c)
            except journeys_mod.MissingVariable as e:
                raise OptionError(f"{session.source}: {e}") from None
            return {"extra_http_headers": headers or None, "cookies": cookies or None}
        fut = self._states.get(session.owner)
        if fut is None:
            fut = self._states[session.owner] = asyncio.ensure_future(self._login(session, browser, base_options, target_info))
        return {"storage_state": await asyncio.shield(fut)}

    async def _login(self, session: Session, browser, base_options, target_info) -> dict[str, Any]:
        import dataclasses

        from .gather import GatherError, opened
        from .gather.journey import StepFailed, run_step

        self.logins += 1
        opts = dataclasses.replace(base_options, journey=None, storage_state=None, optional_stages=set())
        info = {**target_info, "url": session.login_url}
        try:
            async with opened(browser, session.login_url, opts, info) as run:
                for step in session.login.steps:
                    await run_step(run, step, run.secrets, int(opts.param("journey.step_ms")))
                return await run.context.storage_state()
        except (StepFailed, GatherError) as e:
            raise LoginFailed(f"login of {session.owner} failed: {e}") from None
        except Exception as e:
            raise LoginFailed(f"login of {session.owner} failed: {type(e).__name__}: {str(e).strip()[:300]}") from None
