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
import functools
import hashlib
import importlib.metadata
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import pluggy

from random_inspection.errors import ProfileError
from random_inspection.messages import tr
from random_inspection.profiles import hookspecs
from random_inspection.profiles.continuation import Continuation
from random_inspection.profiles.declaration import Profile
from random_inspection.profiles.local_process import LocalProfiles
from random_inspection.profiles.provenance import PluginSource
from random_inspection.profiles.resolve import ResolvedProfile
from random_inspection.profiles.rules import CATALOGUE, RuleSpec
from random_inspection.timelimits import CutOff, Deadline, WorkingCalendar

__all__ = ["ENTRY_POINT_GROUP", "ProfileRegistry"]

ENTRY_POINT_GROUP = "random_inspection.profiles"

T = TypeVar("T")


class ProfileRegistry:
    """The loaded profiles, by code. See the module docstring for where they come from.

    Args:
        entry_points: load the installed profiles of the ``random_inspection.profiles`` group.
        folders: folders whose ``*.py`` files are profiles.
        plugins: ``(name, plugin)`` pairs of profile objects or modules to register directly.
        blocked: plugin names (entry-point name, file stem, given name) or profile codes not to load; a name
            that matches nothing is an error.
        continued: documents a bureau declares continued in force until replaced (:class:`Continuation`);
            each must name a loaded profile and one of its documents.

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
        continued: Iterable[Continuation] = (),
    ) -> None:
        if isinstance(blocked, str):
            raise ProfileError(tr("blocked={blocked!r} is one text",
                                  blocked=blocked), fix=tr("give a list of names, e.g. "
                                                                          "blocked=['weidu']"))
        self._blocked = set(blocked)
        self._pm = pluggy.PluginManager(hookspecs.PROJECT)
        self._pm.add_hookspecs(hookspecs)
        sources: list[tuple[str, Callable[[], Any]]] = []
        origins: dict[str, PluginSource] = {}
        if entry_points:
            for ep in sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
                sources.append((ep.name, ep.load))
                dist = getattr(ep, "dist", None)
                origins[ep.name] = PluginSource(ep.name, "entry_point",
                                                f"{dist.name}=={dist.version}" if dist is not None else "")
        files: list[tuple[str, Path]] = []
        for folder in folders:
            if not Path(folder).is_dir():
                raise ProfileError(tr("no folder {folder}",
                                      folder=folder), where=tr("profile folders"), fix=tr("give an existing folder"))
            for path in sorted(Path(folder).glob("*.py")):
                files.append((path.stem, path))
                sources.append((path.stem, functools.partial(self._local_plugin, path.stem)))
                origins[path.stem] = PluginSource(path.stem, "file",
                                                  "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest())
        # local files run in a child process (local_process): the library never imports them itself
        self._local: LocalProfiles | None = None
        wanted = [(name, path) for name, path in files if name not in self._blocked]
        if wanted:
            self._local = LocalProfiles(wanted)
        for name, plugin in plugins:
            sources.append((name, functools.partial(_given, plugin)))
            origins[name] = PluginSource(name, "given", "")
        self._seen_names = {name for name, _ in sources}
        for name, load in sources:
            if name in self._blocked:
                continue
            self._register(name, load)
        self._origins = origins
        self._profiles, self._plugins = self._collect()
        self.continuations: tuple[Continuation, ...] = tuple(continued)
        """The documents the bureau declared continued in force until replaced (``continued=``)."""
        for continuation in self.continuations:
            if not isinstance(continuation, Continuation):
                raise ProfileError(tr("continued holds {continuation!r}", continuation=continuation),
                                   fix=tr("give Continuation(profile, document, reason)"))
            self._profiles[continuation.profile] = continuation.apply(self.profile(continuation.profile))
        if self._local is not None:
            self._local.set_context(sorted(self._blocked - {name for name, _ in files}), self.continuations)
        self._keys = self._collect_keys()
        unknown = self._blocked - self._seen_names - self._declared_codes
        if unknown:
            raise ProfileError(
                tr("cannot block {unknown}: no plugin or profile has that name", unknown=', '.join(sorted(unknown))),
                fix=tr("use one of: {value}", value=', '.join(sorted(self._seen_names | self._declared_codes))),
            )
        for code in self._profiles:
            self.chain(code)  # every parent exists and no chain loops

    _seen_names: set[str]

    def _local_plugin(self, name: str) -> ModuleType:
        assert self._local is not None  # made for every file not blocked
        return self._local.plugin(name)

    def _register(self, name: str, load: Callable[[], Any]) -> None:
        where = tr("plugin {name}", name=name)
        fix = tr("correct or remove the profile, or leave it out with `--block {name}` (in Python: blocked=['{name}'])",
                 name=name)
        try:
            plugin = load()
        except pluggy.PluginValidationError as exc:
            raise ProfileError(
                str(exc), where=where,
                fix=tr("name each hook as in random_inspection.profiles.hookspecs, with the parameters it lists"),
            ) from exc
        except Exception as exc:
            raise ProfileError(tr("loading failed: {name}: {exc}",
                                  name=type(exc).__name__,
                                  exc=exc), where=where, fix=fix) from exc
        if self._pm.has_plugin(name) or self._pm.is_registered(plugin):
            raise ProfileError(
                tr("two plugins have this name, or one plugin is given twice"), where=where,
                fix=tr("rename one of them (a local profile is named after its file, an installed one after its "
                       "entry point)"),
            )
        try:
            self._pm.register(plugin, name=name)
            self._pm.check_pending()
        except pluggy.PluginValidationError as exc:
            raise ProfileError(
                str(exc).replace(repr(plugin), name), where=where,
                fix=tr("name each hook as in random_inspection.profiles.hookspecs, with the parameters it lists"),
            ) from exc

    def _collect(self) -> tuple[dict[str, Profile], dict[str, object]]:
        profiles: dict[str, Profile] = {}
        plugins: dict[str, object] = {}
        by_area: dict[str, str] = {}  # jurisdiction code -> the plugin that declared it
        by_code: dict[str, str] = {}  # profile code -> the plugin that declared it
        self._declared_codes: set[str] = set()
        declaring = {id(impl.plugin) for impl in self._pm.hook.random_inspection_profile.get_hookimpls()}
        for name, plugin in self._pm.list_name_plugin():
            if id(plugin) not in declaring:
                raise ProfileError(
                    tr("declares no profile"), where=tr("plugin {name}", name=name),
                    fix=tr("mark its random_inspection_profile function with @hookimpl"),
                )
        for impl in self._pm.hook.random_inspection_profile.get_hookimpls():
            name = str(self._pm.get_name(impl.plugin))
            try:
                declared: Any = impl.function()
            except Exception as exc:
                kind = getattr(exc, "kind", None) if type(exc).__name__ == "_HookFailure" else None
                raise ProfileError(tr("random_inspection_profile failed: {name}: {exc}",
                                      name=kind or type(exc).__name__,
                                      exc=exc),
                                   where=tr("plugin {name}", name=name),
                                   fix=tr("correct the profile's declaration")) from exc
            if not isinstance(declared, Profile):
                raise ProfileError(
                    tr("random_inspection_profile returned {name}, not a Profile", name=type(declared).__name__),
                    where=tr("plugin {name}", name=name), fix=tr("return a random_inspection.profiles.Profile"),
                )
            area = declared.jurisdiction.code
            other = by_code.get(declared.code) or by_area.get(area)
            if other is not None:
                clash = (f"the code {declared.code}" if declared.code in by_code else
                         f"the jurisdiction {area} {declared.jurisdiction.name}")
                raise ProfileError(
                    tr("two profiles claim {clash}: plugin {other} and plugin {name}", clash=clash, other=other,
                       name=name), where=tr("plugin {name}", name=name),
                    fix=tr("block one of them (blocked=['{other}'] or ['{name}'], --block {other} or --block "
                           "{name}) or correct its declaration", other=other, name=name),
                )
            self._declared_codes.add(declared.code)
            if declared.code in self._blocked:
                continue  # blocked by its code rather than its plugin's name
            profiles[declared.code] = declared
            by_area[area] = name
            by_code[declared.code] = name
            plugins[declared.code] = impl.plugin
        return profiles, plugins

    def _collect_keys(self) -> dict[str, RuleSpec]:
        keys: dict[str, RuleSpec] = dict(CATALOGUE)
        owner: dict[str, str] = {}
        for code, profile in self._profiles.items():
            for spec in profile.keys:
                if spec.key in owner and keys[spec.key] != spec:
                    raise ProfileError(
                        tr("two profiles declare the key {key} differently: {owner} and {code}", key=spec.key,
                           owner=owner[spec.key], code=code),
                        where=tr("profile {code}", code=code),
                        fix=tr("declare a key in one package and import its spec in the other"),
                    )
                keys[spec.key], owner[spec.key] = spec, owner.get(spec.key, code)
        for code, profile in self._profiles.items():
            for rule in profile.rules:
                if rule.declared is not None and rule.key not in owner:
                    raise ProfileError(
                        tr("rule {key} uses a key no loaded profile declares", key=rule.key),
                        where=tr("profile {code}", code=code),
                        fix=tr("declare its RuleSpec in the profile (Profile(keys=...)) or load the package that "
                               "does"),
                    )
                if rule.declared is not None and keys[rule.key] != rule.declared:
                    raise ProfileError(tr("rule {key} carries another spec than {owner} declares", key=rule.key,
                                          owner=owner[rule.key]),
                                       where=tr("profile {code}", code=code), fix=tr("set it with the declared spec"))
        self._own_keys = frozenset(owner)
        return keys

    def provenance(self) -> tuple[PluginSource, ...]:
        """Where the loaded plugins' code came from, sorted: each installed package once (``package``, its name and
        version: its entry points), each local file (``file``, the SHA-256 of its bytes) and each object given in
        Python (``given``); blocked plugins are left out. ``commit`` records it, so that the public sees which code
        made a plan's rules, and a later step loading other code is refused."""
        loaded = {str(name) for name, _ in self._pm.list_name_plugin()}
        found = {self._origins[name] for name in loaded if name in self._origins}
        # an installed package's entry points are one source: the package and its version
        packages = {PluginSource(o.code.split("==")[0], "package", o.code) for o in found if o.kind == "entry_point"}
        return tuple(sorted(packages | {o for o in found if o.kind != "entry_point"}))

    @property
    def keys(self) -> Mapping[str, RuleSpec]:
        """Every key a rule may have: the catalogue's, then the loaded profile packages' own."""
        return dict(self._keys)

    @property
    def own_keys(self) -> frozenset[str]:
        """The keys the loaded profile packages declare themselves."""
        return self._own_keys

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
            raise ProfileError(tr("no profile {code!r} is loaded", code=code),
                               fix=tr("use one of: {known}", known=known)) from None

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
                raise ProfileError(tr("the parent chain loops: {path} → {current}",
                                      path=path,
                                      current=current), fix=tr("correct a parent"))
            try:
                profile = self._profiles[current]
            except KeyError:
                child = chain[-1].code if chain else code
                raise ProfileError(
                    tr("profile {child} names the parent {current!r}, which is not loaded", child=child,
                       current=current),
                    fix=tr("install or load the parent profile, or correct the parent's code"),
                ) from None
            chain.append(profile)
            current = profile.parent
        return tuple(chain)

    def call_hook(self, code: str, hook: str, item: type[T], **kwargs: Any) -> list[T] | None:
        """Call the profile ``code``'s own implementation of a hook, passing only the arguments it asks for
        (pluggy lets an implementation take fewer than the spec lists). ``None`` when the profile does not
        implement it or leaves the answer to its parent; else the answer, a list whose every element is an
        ``item`` (``str`` for the check hooks' problems, :class:`~random_inspection.profiles.Form`, ... for the
        output hooks).

        Raises:
            ProfileError: the hook failed, or answered something other than a list of ``item`` or ``None``.
        """
        plugin = self.plugin(code)
        where = tr("profile {code}, hook {hook}", code=code, hook=hook)
        for impl in getattr(self._pm.hook, hook).get_hookimpls():
            if impl.plugin is not plugin:
                continue
            try:
                answer = impl.function(**{name: kwargs[name] for name in impl.argnames})
            except ProfileError:
                raise  # a local profile's process that failed names its file
            except Exception as exc:
                kind = getattr(exc, "kind", None) if type(exc).__name__ == "_HookFailure" else None
                raise ProfileError(tr("the hook failed: {name}: {exc}", name=kind or type(exc).__name__, exc=exc),
                                   where=where, fix=tr("correct the profile's hook")) from exc
            if answer is not None and (not isinstance(answer, list) or not all(isinstance(a, item) for a in answer)):
                what = "problems (texts)" if item is str else f"{item.__name__} values"
                raise ProfileError(tr("the hook answered {answer!r}", answer=answer), where=where,
                                   fix=tr("answer a list of {what}, or None to defer to the parent", what=what))
            return answer
        return None

    def resolve(self, code: str, as_of: dt.date) -> ResolvedProfile:
        """The effective rules of profile ``code`` on ``as_of``; see :class:`ResolvedProfile`."""
        if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
            raise ProfileError(tr("as_of {as_of!r} is not a date", as_of=as_of), where=tr("profile {code}", code=code),
                               fix=tr("give a datetime.date such as date(2025, 1, 1)"))
        return ResolvedProfile(self, code, as_of)


    def deadline(self, code: str, key: str, start: dt.date, calendar: WorkingCalendar, *,
                 strict: bool | None = None, cut_off: CutOff | None = None) -> Deadline:
        """The due date of duty ``key`` (a ``limit.*`` rule) under profile ``code`` for an event on ``start``: the
        profile resolved on that day, its rule counted from it (:meth:`ResolvedProfile.deadline`; ``cut_off``: the
        office's hours where the profile cannot know them).

        >>> from random_inspection.timelimits import WorkingCalendar
        >>> ProfileRegistry().deadline("xuchang", "limit.feedback", dt.date(2025, 9, 30),
        ...                            WorkingCalendar.default()).due
        datetime.date(2025, 10, 14)
        """
        return self.resolve(code, start).deadline(key, start, calendar, strict=strict, cut_off=cut_off)


def _given(plugin: Any) -> Any:
    return plugin
