"""random-inspection: 双随机、一公开 supervision for emergency-management (应急管理) bureaus.

The names most callers need are here, each the same object as in its home module::

    from random_inspection import (ProfileRegistry, WorkingCalendar, build_manifest, deadline, draw, draw_rules,
                                   read_subjects, verify)

* the model — :class:`Subject`, :class:`Inspector`, :class:`ChecklistItem`, :class:`Citation`
  (:mod:`random_inspection.model`);
* rosters read from CSV and workbooks — :func:`read_subjects`, :func:`read_inspectors`, :func:`read_checklist`,
  :func:`import_roster` (:mod:`random_inspection.io`);
* the profiles — :class:`ProfileRegistry`, which loads every profile of the entry-point group and resolves one
  on a date (:mod:`random_inspection.profiles`), and :func:`draw_rules`, a plan's draw rules under a resolved
  profile (:mod:`random_inspection.workflow`);
* the draw — :func:`build_manifest`, :func:`draw`, :func:`verify`, :class:`Manifest`, :class:`DrawResult`
  (:mod:`random_inspection.sampling`);
* time limits — :class:`WorkingCalendar`, :class:`WorkingDays`, :func:`deadline`
  (:mod:`random_inspection.timelimits`);
* :class:`RandomInspectionError`, the base of every error the library raises (:mod:`random_inspection.errors`).

They are imported on first use (PEP 562), so ``import random_inspection`` stays quick. The packages hold the
rest: the pure core (``model``, ``timelimits``, ``sampling``, ``profiles``, ``workflow``, ``errors``: no clock,
no files, no environment, no global random number generator) and the edges (``store``, ``io``, ``testing`` and
the ``random-inspection`` command); docs/architecture.md.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from random_inspection.errors import RandomInspectionError
    from random_inspection.io import import_roster, read_checklist, read_inspectors, read_subjects
    from random_inspection.model import ChecklistItem, Citation, Inspector, Subject
    from random_inspection.profiles import ProfileRegistry
    from random_inspection.sampling import DrawResult, Manifest, build_manifest, draw, verify
    from random_inspection.timelimits import WorkingCalendar, WorkingDays, deadline
    from random_inspection.workflow import draw_rules

__version__ = "0.1.0.dev0"

# Each name, and the package it lives in (its home module, which documents it).
_HOMES: dict[str, str] = {
    "Subject": "random_inspection.model",
    "Inspector": "random_inspection.model",
    "ChecklistItem": "random_inspection.model",
    "Citation": "random_inspection.model",
    "read_subjects": "random_inspection.io",
    "read_inspectors": "random_inspection.io",
    "read_checklist": "random_inspection.io",
    "import_roster": "random_inspection.io",
    "ProfileRegistry": "random_inspection.profiles",
    "draw_rules": "random_inspection.workflow",
    "build_manifest": "random_inspection.sampling",
    "draw": "random_inspection.sampling",
    "verify": "random_inspection.sampling",
    "Manifest": "random_inspection.sampling",
    "DrawResult": "random_inspection.sampling",
    "WorkingCalendar": "random_inspection.timelimits",
    "WorkingDays": "random_inspection.timelimits",
    "deadline": "random_inspection.timelimits",
    "RandomInspectionError": "random_inspection.errors",
}

__all__ = [
    "ChecklistItem",
    "Citation",
    "DrawResult",
    "Inspector",
    "Manifest",
    "ProfileRegistry",
    "RandomInspectionError",
    "Subject",
    "WorkingCalendar",
    "WorkingDays",
    "__version__",
    "build_manifest",
    "deadline",
    "draw",
    "draw_rules",
    "import_roster",
    "read_checklist",
    "read_inspectors",
    "read_subjects",
    "verify",
]


def __getattr__(name: str) -> Any:
    """Import a re-exported name from its home package the first time it is asked for (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'random_inspection' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # asked once: later lookups find it without this function
    return value


def __dir__() -> list[str]:
    """The module's names, the re-exported ones included before their first use."""
    return sorted(set(globals()) | set(__all__))
