"""What the service serves: the store, the folder of plan files, the profile registry; finding a plan by id."""

from __future__ import annotations

from pathlib import Path

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.io.planfile import PlanFile, load_plan_file
from random_inspection.messages import tr
from random_inspection.profiles import ProfileRegistry
from random_inspection.timelimits import HolidaySchedule, WorkingCalendar

__all__ = ["ServiceConfig", "UnknownName"]


class UnknownName(InvalidInputError):
    """A plan or a profile the service does not hold (HTTP 404)."""


@attrs.frozen
class ServiceConfig:
    """The service's store (a SQLite file or a SQLAlchemy URL, as ``--store``), the folder of its plan files
    (each plan file's manifest, private declarations, notice and draw are written beside it, as the command line
    writes them), the profile registry (as ``--profiles-dir``, ``--block``, ``--profile-config`` load it) and the
    holiday schedules it counts with beside the library's official ones (as ``--schedule`` gives them: for a year
    the library has no official data for)."""

    store_url: str
    plans: Path
    registry: ProfileRegistry
    schedules: tuple[HolidaySchedule, ...] = ()

    def calendar(self, *, strict: bool = False) -> WorkingCalendar:
        """The working calendar the service counts due dates with: the official schedules and :attr:`schedules`
        (as the command line's ``--schedule`` makes it)."""
        calendar = WorkingCalendar.default(strict=strict)
        return calendar.with_schedule(*self.schedules) if self.schedules else calendar

    def plan(self, plan_id: str) -> PlanFile:
        """The plan file of ``plan_id`` in the plan folder (a ``*.toml`` file whose ``plan_id`` it is).

        Raises:
            UnknownName: no plan file of the folder has that id.
        """
        for path in sorted(self.plans.glob("*.toml")):
            try:
                plan = load_plan_file(path)
            except InvalidInputError:
                continue  # another TOML file of the folder (a profile configuration...)
            if plan.plan_id == plan_id:
                return plan
        raise UnknownName(tr("no plan file of the service's plan folder has the plan_id {plan_id!r}",
                             plan_id=plan_id), where=tr("plan {plan_id}", plan_id=plan_id),
                          fix=tr("give the id of a plan file in the folder the service was started with "
                                 "(serve --plans)"))

    def profile_code(self, code: str) -> str:
        """``code``, checked to be a loaded profile.

        Raises:
            UnknownName: no loaded profile has that code.
        """
        if code not in self.registry.profiles:
            raise UnknownName(tr("no profile {code!r} is loaded", code=code), where=tr("profile {code}", code=code),
                              fix=tr("GET /profiles lists the loaded profiles"))
        return code
