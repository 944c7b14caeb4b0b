"""Finding and loading profiles: entry points, local folders and plugins given directly.

A :class:`ProfileRegistry` is made per use (there is no module-level plugin manager). It loads:

* every plugin installed under the entry-point group ``random_inspection.profiles`` (the built-in profiles are
  registered this way too, so they prove the path a third-party package takes);
* every ``*.py`` file of the folders given, each as one plugin named after the file;
* the plugin objects given;

except those whose names are blocked. Names are the entry-point name, the file's stem, or the name given.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy

from random_inspection.errors import ProfileError
from random_inspection.profiles import hookspecs
from random_inspection.profiles.declaration import Profile
from random_inspection.profiles.resolve import ResolvedProfile

__all__ = ["ENTRY_POINT_GROUP", "ProfileRegistry"]

ENTRY_POINT_GROUP = "random_inspection.profiles"


class ProfileRegistry:
    """The loaded profiles, by code. See the module docstring for where they come from.

    Args:
        entry_points: load the installed profiles of the ``random_inspection.profiles`` group.
        folders: folders whose ``*.py`` files are profiles.
        plugins: ``(name, plugin)`` pairs of profile objects or modules to register directly.
        blocked: names of profiles not to load.

    Raises:
        ProfileError: a plugin with a misspelled hook, a malformed declaration, two profiles with one code
            or one jurisdiction, or a parent that is missing or circular.
    """

    def __init__(
        self,
        *,
        entry_points: bool = True,
        folders: Iterable[str | Path] = (),
        plugins: Iterable[tuple[str, Any]] = (),
        blocked: Iterable[str] = (),
    ) -> None:
        self._pm = pluggy.PluginManager(hookspecs.PROJECT)
        self._pm.add_hookspecs(hookspecs)
        for name in blocked:
            self._pm.set_blocked(name)
        try:
            if entry_points:
                self._pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
            for folder in folders:
                for path in sorted(Path(folder).glob("*.py")):
                    if not self._pm.is_blocked(path.stem):
                        self._pm.register(_load_file(path), name=path.stem)
            for name, plugin in plugins:
                if not self._pm.is_blocked(name):
                    self._pm.register(plugin, name=name)
            self._pm.check_pending()
        except pluggy.PluginValidationError as exc:
            raise ProfileError(
                str(exc), where=f"plugin {getattr(exc, 'plugin', '?')!s}",
                fix="name each hook as in random_inspection.profiles.hookspecs, with the parameters it lists",
            ) from exc
        self._profiles, self._plugins = self._collect()
        for code in self._profiles:
            self.chain(code)  # every parent exists and no chain loops

    def _collect(self) -> tuple[dict[str, Profile], dict[str, object]]:
        profiles: dict[str, Profile] = {}
        plugins: dict[str, object] = {}
        by_area: dict[str, str] = {}
        for impl in self._pm.hook.random_inspection_profile.get_hookimpls():
            name = self._pm.get_name(impl.plugin)
            declared = impl.function()
            if not isinstance(declared, Profile):
                raise ProfileError(
                    f"random_inspection_profile returned {type(declared).__name__}, not a Profile",
                    where=f"plugin {name}", fix="return a random_inspection.profiles.Profile",
                )
            area = declared.jurisdiction.code
            clash = (f"the code {declared.code}" if declared.code in profiles else
                     f"the jurisdiction {area} (also claimed by {by_area[area]})" if area in by_area else None)
            if clash:
                raise ProfileError(
                    f"two profiles claim {clash}", where=f"plugin {name}",
                    fix="block one of them (blocked=...) or correct its declaration",
                )
            profiles[declared.code] = declared
            by_area[declared.jurisdiction.code] = declared.code
            plugins[declared.code] = impl.plugin
        return profiles, plugins

    @property
    def profiles(self) -> Mapping[str, Profile]:
        """The loaded profiles by code."""
        return dict(self._profiles)

    def profile(self, code: str) -> Profile:
        """The profile with this code."""
        try:
            return self._profiles[code]
        except KeyError:
            known = ", ".join(sorted(self._profiles)) or "(none loaded)"
            raise ProfileError(f"no profile {code!r} is loaded", fix=f"use one of: {known}") from None

    def plugin(self, code: str) -> object:
        """The plugin object that declared the profile ``code``."""
        self.profile(code)
        return self._plugins[code]

    def chain(self, code: str) -> tuple[Profile, ...]:
        """The profile and its ancestors, most specific first, ending at the root."""
        self.profile(code)
        chain: list[Profile] = []
        current: str | None = code
        while current is not None:
            if any(p.code == current for p in chain):
                path = " → ".join(p.code for p in chain)
                raise ProfileError(f"the parent chain loops: {path} → {current}", fix="correct a parent")
            try:
                profile = self._profiles[current]
            except KeyError:
                child = chain[-1].code if chain else code
                raise ProfileError(
                    f"profile {child} names the parent {current!r}, which is not loaded",
                    fix="install or load the parent profile, or correct the parent's code",
                ) from None
            chain.append(profile)
            current = profile.parent
        return tuple(chain)

    def hook_implementation(self, code: str, hook: str) -> Any:
        """The implementation of ``hook`` by the profile ``code`` itself, or ``None``."""
        plugin = self.plugin(code)
        for impl in getattr(self._pm.hook, hook).get_hookimpls():
            if impl.plugin is plugin:
                return impl.function
        return None

    def resolve(self, code: str, as_of: dt.date) -> ResolvedProfile:
        """The effective rules of profile ``code`` on ``as_of``; see :class:`ResolvedProfile`."""
        return ResolvedProfile(self, code, as_of)


def _load_file(path: Path) -> ModuleType:
    name = f"random_inspection_local_profiles.{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:  # pragma: no cover - a .py path always has a spec
        raise ProfileError(f"cannot load {path}", fix="give a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise ProfileError(f"loading failed: {exc}", where=str(path), fix="correct the profile file") from exc
    return module
