"""Who reads which staff data (docs/service.md, *Who reads what*): the signed reads limited by the reader's role
and department, as the register holds them.

The offices that run the draws across departments (双随机办, 联合抽查办公室) and the store's administrator
(系统管理员) read every plan; any other reader — a department's section (承办股室), an inspector
(执法检查人员), a receiving department (相关部门) — reads the plans of their own department only: the plans their
department leads or takes part in (a joint plan's partners), and in the status view only the duties their
department owes. This follows the store's permissions (``record_obligation_met``: an inspector records the duties
of their own inspections, anyone else only those their department owes) and the profiles' ``actors.*`` rules,
which give the offices the steps that span departments (the draw, the joint office's hand-on of results).
"""

from __future__ import annotations

from random_inspection.errors import PermissionRefused
from random_inspection.io.planfile import PlanFile
from random_inspection.messages import tr
from random_inspection.model import Role
from random_inspection.store import Enrolment, Store

__all__ = ["READS_ALL", "check_plan_reader", "plan_departments", "reads_all", "status_department"]

READS_ALL = frozenset({Role.DOUBLE_RANDOM_OFFICE, Role.JOINT_OFFICE, Role.ADMINISTRATOR})
"""The roles that read every plan's staff data."""


def reads_all(reader: Enrolment) -> bool:
    """Whether ``reader``'s role reads every plan (:data:`READS_ALL`)."""
    return any(reader.role == role.value for role in READS_ALL)


def plan_departments(store: Store, plan: PlanFile) -> tuple[str, ...]:
    """The departments of a plan: those its file names (lead first) and the one that committed it."""
    owner = store.in_force(plan.plan_id).lead
    return tuple(dict.fromkeys([*plan.plan.departments, *([owner] if owner else [])]))


def check_plan_reader(store: Store, reader: Enrolment, plan: PlanFile) -> None:
    """Refuse ``reader`` a plan's staff data unless their role reads every plan or their department is one of
    the plan's.

    Raises:
        PermissionRefused: the reader's department is not one of the plan's (HTTP 403).
    """
    if reads_all(reader):
        return
    departments = plan_departments(store, plan)
    if reader.department not in departments:
        raise PermissionRefused(reader.id, "read_obligations", tr(
            "{actor} ({role}, department {department}) reads the plans of their own department only, and plan "
            "{plan_id} is of {departments}", actor=reader.id, role=reader.role, department=reader.department,
            plan_id=plan.plan_id, departments=", ".join(departments)),
            fix=tr("read it as an actor of one of the plan's departments, or as its 双随机办 (docs/service.md, "
                   "Who reads what)"))


def status_department(reader: Enrolment, department: str | None) -> str | None:
    """The department the status view is limited to for ``reader``: the one asked (or none) for a reader who
    reads every plan, else the reader's own.

    Raises:
        PermissionRefused: a department's reader asks for another department's duties (HTTP 403).
    """
    if reads_all(reader):
        return department
    if department is not None and department != reader.department:
        raise PermissionRefused(reader.id, "read_status", tr(
            "{actor} ({role}) reads the duties of their own department {own} only, not {department}",
            actor=reader.id, role=reader.role, own=reader.department, department=department),
            fix=tr("leave department out, or give your own"))
    return reader.department
