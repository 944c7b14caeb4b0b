"""Local profile files run in a child process (:mod:`.local_child`); here is the library's side of it.

:class:`LocalProfiles` starts one child for the files of a registry's folders, and makes for each file a stand-in
plugin: a module whose hooks carry the parameters the file's own hooks ask for, and send each call to the child.
Answers come back as typed data (:mod:`.wire`), read strictly; a child that fails, dies, answers garbage or more
than :data:`MAX_ANSWER` bytes, or is silent for :data:`TIMEOUT` seconds raises a
:class:`~random_inspection.errors.ProfileError` naming the file. The child is stopped with the registry.
"""

from __future__ import annotations

import contextlib
import inspect
import json
import queue
import subprocess
import sys
import threading
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import IO, Any

import pluggy

from random_inspection.errors import ProfileError
from random_inspection.messages import tr
from random_inspection.profiles import hookspecs
from random_inspection.profiles.wire import WireError, decode, encode

__all__ = ["MAX_ANSWER", "TIMEOUT", "LocalProfiles"]

TIMEOUT = 30.0
"""Seconds the library waits for one answer of a local profile's process before it stops it."""

MAX_ANSWER = 16 * 1024 * 1024
"""The longest answer (bytes of one JSON line) read from a local profile's process."""

_DEAD = object()


class LocalProfiles:
    """The child process running the local profile ``files`` (``(name, path)`` pairs), loaded when made.

    Raises:
        ProfileError: the child cannot be started, or fails, dies, hangs or answers badly while loading.
    """

    def __init__(self, files: Sequence[tuple[str, Path]]) -> None:
        self._paths = {name: path for name, path in files}
        self._where = ", ".join(str(p) for p in self._paths.values())
        self._context: dict[str, Any] | None = None
        self._set_up = False
        self._failed: ProfileError | None = None
        self._lock = threading.RLock()
        self._process = subprocess.Popen(
            [sys.executable, "-I", "-m", "random_inspection.profiles.local_child"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._answers: queue.Queue[Any] = queue.Queue()
        self._stderr: list[str] = []
        assert self._process.stdout is not None  # PIPE given
        assert self._process.stderr is not None
        threading.Thread(target=_read_answers, args=(self._process.stdout, self._answers), daemon=True).start()
        threading.Thread(target=_read_errors, args=(self._process.stderr, self._stderr), daemon=True).start()
        weakref.finalize(self, _stop, self._process)
        # sent now, read when a file's plugin is first asked for: the child starts while the library loads the
        # installed profiles
        self._send({"op": "load", "files": [[n, str(p)] for n, p in files]})
        self._loaded: dict[str, dict[str, Any]] | None = None

    def _files(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            return self._files_loaded()

    def _files_loaded(self) -> dict[str, dict[str, Any]]:
        if self._loaded is not None:
            return self._loaded
        reply = self._receive(self._where)
        loaded = reply.get("files")
        if type(loaded) is not list or len(loaded) != len(self._paths):
            raise self._fail(tr("the local profiles' process answered {answer}", answer=_short(reply)), self._where)
        self._loaded = {}
        for entry in loaded:
            if type(entry) is not dict or entry.get("name") not in self._paths:
                raise self._fail(tr("the local profiles' process answered {answer}", answer=_short(entry)),
                                 self._where)
            self._loaded[entry["name"]] = entry
        return self._loaded

    def set_context(self, blocked: Sequence[str], continued: Sequence[Any]) -> None:
        """How the registry was made (blocked names other than the files', continued documents): sent before the
        first hook call, so that the child resolves a ``profile`` argument as the registry does."""
        self._context = {"op": "setup", "blocked": list(blocked), "continued": encode(tuple(continued))}

    def plugin(self, name: str) -> ModuleType:
        """The stand-in plugin of the file ``name``.

        Raises:
            ProfileError: the file failed to load (where: the file).
            pluggy.PluginValidationError: a hook of the file does not match its specification.
        """
        entry, path = self._files()[name], self._paths[name]
        if "load_failed" in entry:
            raise ProfileError(tr("loading failed: {exc}", exc=entry["load_failed"]), where=str(path),
                               fix=tr("correct the profile file"))
        if "invalid" in entry:
            raise pluggy.PluginValidationError(None, str(entry["invalid"]))
        hooks = entry.get("hooks")
        if type(hooks) is not dict or not all(_is_hook(h, a) for h, a in hooks.items()):
            raise self._fail(tr("the local profiles' process answered {answer}", answer=_short(entry)), str(path))
        module = ModuleType(f"random_inspection_local_profiles.{name}")
        module.__file__ = str(path)
        for hook, argnames in hooks.items():
            if hook == "random_inspection_profile":
                answer = self._declaration(name, entry.get("declaration"))
                setattr(module, hook, hookspecs.hookimpl(lambda answer=answer: answer()))
                continue
            setattr(module, hook, hookspecs.hookimpl(_stand_in(hook, argnames, self._caller(name, hook))))
        return module

    def _declaration(self, name: str, declaration: Any) -> Callable[..., Any]:
        path = str(self._paths[name])
        if type(declaration) is dict and "failed" in declaration:
            kind, text = _pair(declaration["failed"])
            failure = _HookFailure(kind, text)

            def failed() -> Any:
                raise failure
            return failed
        if type(declaration) is dict and "wrong" in declaration:
            stand_in = type(str(declaration["wrong"]), (), {})()
            return lambda: stand_in
        if type(declaration) is not dict or "ok" not in declaration:
            raise self._fail(tr("the local profiles' process answered {answer}", answer=_short(declaration)), path)
        value = self._decode(declaration["ok"], path)
        return lambda: value

    def _caller(self, name: str, hook: str) -> Callable[[dict[str, Any]], Any]:
        return lambda kwargs: self.call(name, hook, kwargs)

    def call(self, name: str, hook: str, kwargs: dict[str, Any]) -> Any:
        """Call the file ``name``'s ``hook`` in the child; its answer, read back as typed data.

        Raises:
            ProfileError: the hook cannot be sent its arguments, or the child fails, dies, hangs or answers badly.
            _HookFailure: the hook raised (the registry reports it as the hook's failure).
        """
        path = str(self._paths[name])
        if self._context is not None and not self._set_up:
            self._request(self._context, path)
            self._set_up = True
        try:
            sent = encode(kwargs, special=_resolved)
        except WireError as exc:
            raise ProfileError(tr("cannot send the hook {hook} its arguments: {exc}", hook=hook, exc=exc),
                               where=path, fix=tr("install the profile as a package to give it such arguments")
                               ) from exc
        return self._answer(self._request({"op": "call", "name": name, "hook": hook, "kwargs": sent}, path), path)

    def _answer(self, reply: dict[str, Any], path: str) -> Any:
        if "failed" in reply:
            kind, text = _pair(reply["failed"])
            raise _HookFailure(kind, text)
        if "wrong" in reply:
            raise ProfileError(tr("the hook answered {answer}, which is not the library's data ({why})",
                                  answer=str(reply["wrong"]), why=str(reply.get("why"))), where=path,
                               fix=tr("answer with the library's types (a list of texts, Form, Duty, ...), or None"))
        if set(reply) != {"ok"}:
            raise self._fail(tr("the local profiles' process answered {answer}", answer=_short(reply)), path)
        return self._decode(reply["ok"], path)

    def _decode(self, data: Any, path: str) -> Any:
        def special(tag: str, payload: Any) -> Any:
            if tag == "$callable" and type(payload) is int:
                return self._remote(payload, path)
            raise WireError(f"unexpected {tag}")
        try:
            return decode(data, special)
        except WireError as exc:
            raise ProfileError(tr("the local profile answered what the library cannot read: {exc}", exc=exc),
                               where=path, fix=tr("answer with the library's types, or None")) from exc

    def _remote(self, ref: int, path: str) -> Callable[..., Any]:
        def invoke(*args: Any) -> Any:
            try:
                sent = encode(list(args), special=_resolved)
            except WireError as exc:
                raise ProfileError(tr("cannot send the profile's function its arguments: {exc}", exc=exc),
                                   where=path, fix=tr("install the profile as a package")) from exc
            reply = self._request({"op": "invoke", "ref": ref, "args": sent}, path)
            try:
                return self._answer(reply, path)
            except _HookFailure as exc:
                raise ProfileError(tr("the profile's function failed: {exc}", exc=exc), where=path,
                                   fix=tr("correct the profile file")) from exc
        return invoke

    def _request(self, message: dict[str, Any], where: str) -> dict[str, Any]:
        with self._lock:  # one request at a time: a service's threads share the registry
            self._files()  # the answer to the load comes first
            self._send(message)
            return self._receive(where)

    def _send(self, message: dict[str, Any]) -> None:
        if self._failed is not None:
            raise self._failed
        stdin = self._process.stdin
        assert stdin is not None  # PIPE given
        try:
            stdin.write((json.dumps(message, ensure_ascii=False) + "\n").encode("utf-8"))
            stdin.flush()
        except OSError:
            pass  # the child has ended: reported when its answer is read, with its exit code

    def _receive(self, where: str) -> dict[str, Any]:
        if self._failed is not None:
            raise self._failed
        try:
            line = self._answers.get(timeout=TIMEOUT)
        except queue.Empty:
            raise self._fail(tr("the local profiles' process gave no answer within {seconds} s",
                                seconds=TIMEOUT), where) from None
        if line is _DEAD:
            code = self._process.wait()
            raise self._fail(tr("the local profiles' process ended (exit code {code}): {stderr}", code=code,
                                stderr="".join(self._stderr)[-600:].strip() or "-"), where)
        if len(line) > MAX_ANSWER:
            raise self._fail(tr("the local profiles' process answered more than {limit} bytes",
                                limit=MAX_ANSWER), where)
        try:
            reply = json.loads(line)
        except ValueError:
            reply = None
        if type(reply) is not dict:
            raise self._fail(tr("the local profiles' process answered {answer}",
                                answer=_short(line.decode("utf-8", "replace"))), where)
        return reply

    def _fail(self, what: str, where: str) -> ProfileError:
        _stop(self._process)
        self._failed = ProfileError(what, where=where, fix=tr(
            "correct the profile file (it runs in its own process, answering the library's requests; it must "
            "not write to standard output), or leave it out with --block"))
        return self._failed


class _HookFailure(Exception):
    """A local profile's hook raised ``kind: text`` in the child."""

    def __init__(self, kind: str, text: str) -> None:
        super().__init__(text)
        self.kind = kind


def _is_hook(hook: Any, argnames: Any) -> bool:
    """``hook`` is a hook specification's name and ``argnames`` some of its parameters."""
    spec = getattr(hookspecs, hook, None) if type(hook) is str and hook.startswith("random_inspection_") else None
    if spec is None or not callable(spec) or type(argnames) is not list:
        return False
    parameters = list(inspect.signature(spec).parameters)
    return all(type(a) is str and a in parameters for a in argnames) and len(set(argnames)) == len(argnames)


def _stand_in(hook: str, argnames: Sequence[str], call: Callable[[dict[str, Any]], Any]) -> Callable[..., Any]:
    """A function named ``hook`` with exactly the parameters ``argnames`` (pluggy reads them from its code), each
    call passed on to ``call`` as keyword arguments. The names are checked against the hook's specification
    (:func:`_is_hook`) before they reach here."""
    parameters = ", ".join(argnames)
    source = f"def {hook}({parameters}):\n    return _call(dict({', '.join(f'{a}={a}' for a in argnames)}))\n"
    namespace: dict[str, Any] = {"_call": call}
    exec(compile(source, f"<local profile stand-in {hook}>", "exec"), namespace)  # the names are checked
    function: Callable[..., Any] = namespace[hook]
    return function


def _resolved(value: Any) -> Any:
    from random_inspection.profiles.resolve import ResolvedProfile
    if isinstance(value, ResolvedProfile):
        return {"$resolved": [value.code, value.as_of.isoformat()]}
    return None


def _pair(value: Any) -> tuple[str, str]:
    if type(value) is list and len(value) == 2 and all(type(v) is str for v in value):
        return value[0], value[1]
    return "Error", _short(value)


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 200 else text[:197] + "..."


def _read_answers(stream: IO[bytes], answers: queue.Queue[Any]) -> None:
    while True:
        try:
            line = stream.readline(MAX_ANSWER + 1)
        except (OSError, ValueError):  # pragma: no cover - the pipe closed under the reader
            line = b""
        if not line:
            answers.put(_DEAD)
            return
        if len(line) > MAX_ANSWER:
            answers.put(line)  # refused by its length; the rest is not read
            return
        answers.put(line)


def _read_errors(stream: IO[bytes], tail: list[str]) -> None:
    try:
        for line in stream:
            tail.append(line.decode("utf-8", "replace"))
            del tail[:-20]
    except (OSError, ValueError):  # pragma: no cover - the pipe closed under the reader
        return


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
    process.wait()
    if process.stdin is not None:
        with contextlib.suppress(OSError):  # a pipe the child broke
            process.stdin.close()

