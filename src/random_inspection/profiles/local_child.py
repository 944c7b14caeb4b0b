"""The child process that runs local profile files: ``python -I -m random_inspection.profiles.local_child``.

The library never imports a file of a ``--profiles-dir`` folder into its own process; this process does, and
answers over its standard input and output, one JSON line per request and per answer (:mod:`.wire`). Requests:

* ``{"op": "load", "files": [[name, path], ...]}``: import each file, check its hooks against the hook
  specifications, call its ``random_inspection_profile``; answer each file's hooks (with the parameters each
  asks for) and declaration, or why it failed;
* ``{"op": "setup", "blocked": [...], "continued": ...}``: how the library's registry was made, so that a
  ``profile`` argument (sent as its code and day) resolves here as it does there;
* ``{"op": "call", "name": ..., "hook": ..., "kwargs": ...}``: call a file's hook;
* ``{"op": "invoke", "ref": n, "args": [...]}``: call a writer or builder an answer carried.

What a file prints goes to standard error; standard output carries only answers.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from collections.abc import Callable
from types import ModuleType
from typing import IO, Any

import pluggy

from random_inspection.profiles import hookspecs
from random_inspection.profiles.wire import decode, encode, function_named

__all__ = ["main"]


class _Child:
    def __init__(self) -> None:
        self.modules: dict[str, ModuleType] = {}
        self.callables: list[Callable[..., Any]] = []
        self.blocked: list[str] = []
        self.continued: Any = ()
        self._registry: Any = None

    def registry(self) -> Any:
        if self._registry is None:
            from random_inspection.profiles.registry import ProfileRegistry
            self._registry = ProfileRegistry(plugins=list(self.modules.items()), blocked=self.blocked,
                                             continued=self.continued)
        return self._registry

    def special(self, tag: str, payload: Any) -> Any:
        if tag == "$resolved":
            code, day = payload
            return self.registry().resolve(code, dt.date.fromisoformat(day))
        if tag == "$function":
            return function_named(payload)
        raise ValueError(f"unexpected {tag}")

    def answer(self, request: dict[str, Any]) -> dict[str, Any]:
        op = request["op"]
        if op == "load":
            return {"files": [self.load(name, path) for name, path in request["files"]]}
        if op == "setup":
            self.blocked = list(request["blocked"])
            self.continued = decode(request["continued"], self.special)
            return {"ok": None}
        try:
            if op == "call":
                module = self.modules[request["name"]]
                function = getattr(module, request["hook"])
                kwargs = decode(request["kwargs"], self.special)
                result = function(**kwargs)
            elif op == "invoke":
                result = self.callables[request["ref"]](*decode(request["args"], self.special))
            else:
                raise ValueError(f"unknown request {op!r}")
        except Exception as exc:
            return {"failed": [type(exc).__name__, str(exc)]}
        try:
            return {"ok": encode(result, self.callables)}
        except Exception as exc:
            return {"wrong": f"{type(result).__name__} {result!r}"[:300], "why": str(exc)[:300]}

    def load(self, name: str, path: str) -> dict[str, Any]:
        module_name = f"random_inspection_local_profiles.{name}"
        spec = importlib.util.spec_from_file_location(module_name, path)
        if spec is None or spec.loader is None:  # pragma: no cover - a .py path always has a spec
            return {"name": name, "load_failed": f"cannot load {path}"}
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException as exc:  # a SystemExit in a file is the file's failure too
            del sys.modules[module_name]
            return {"name": name, "load_failed": f"{type(exc).__name__}: {exc}"}
        manager = pluggy.PluginManager(hookspecs.PROJECT)
        manager.add_hookspecs(hookspecs)
        try:
            manager.register(module, name=name)
            manager.check_pending()
        except pluggy.PluginValidationError as exc:
            return {"name": name, "invalid": str(exc).replace(repr(module), name)}
        self.modules[name] = module
        hooks = {impl.function.__name__: list(impl.argnames)
                 for caller in manager.hook.__dict__.values() if isinstance(caller, pluggy.HookCaller)
                 for impl in caller.get_hookimpls()}
        declaration: dict[str, Any] = {}
        if "random_inspection_profile" in hooks:
            try:
                declared = module.random_inspection_profile()
            except Exception as exc:
                declaration = {"failed": [type(exc).__name__, str(exc)]}
            else:
                try:
                    declaration = {"ok": encode(declared)}
                except Exception:
                    declaration = {"wrong": type(declared).__name__}
        return {"name": name, "hooks": hooks, "declaration": declaration}


def _serve(requests: IO[str], answers: IO[str]) -> None:
    child = _Child()
    for line in requests:
        answer = child.answer(json.loads(line))
        answers.write(json.dumps(answer, ensure_ascii=False) + "\n")
        answers.flush()


def main() -> None:
    """Answer requests until the library closes standard input."""
    answers = sys.stdout
    sys.stdout = sys.stderr  # a file's print() must not pass for an answer
    _serve(sys.stdin, answers)


if __name__ == "__main__":  # pragma: no cover - run as a child process
    main()
