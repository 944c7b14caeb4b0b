"""The demo's actors and their keys. The keys are derived from the actors' ids, so they are public and the same on
every run: keys for showing the signatures, never for a real ledger (real keys stay with the bureau's holders)."""

from __future__ import annotations

import hashlib

from random_inspection.model import Actor, Role
from random_inspection.store import KeyRing, PublicKey, SM2Signer, Store

__all__ = ["DEMO_ADMIN", "DEMO_INTEREST_SECRET", "DEMO_OFFICE", "DEMO_SECTION", "HEBI_INSPECTOR_IDS", "HEBI_OFFICE",
           "demo_actors", "demo_keys", "demo_register", "demo_signer"]

# the store's administrator (系统管理员): creates the demo's store and enrols the actors' keys, and takes no step
DEMO_ADMIN = Actor("DEMO-XTGL", "演示系统管理员", Role.ADMINISTRATOR, "yjj")

# 许昌: the section that plans the inspections (第十四条) and the office that draws (第十条、第十三条).
DEMO_SECTION = Actor("XC-ZFZD", "执法监察支队", Role.UNDERTAKING_SECTION, "yjj")
DEMO_OFFICE = Actor("XC-SSJB", "局双随机领导小组办公室", Role.DOUBLE_RANDOM_OFFICE, "yjj")
# 鹤壁: the joint office commits, draws and agrees the results (五(一)、五(五)); it sits with the lead, 应急管理局.
HEBI_OFFICE = Actor("HB-LHCB", "联合抽查领导小组办公室", Role.JOINT_OFFICE, "yjj")
HEBI_INSPECTOR_IDS = tuple(f"HB{n:03d}" for n in range(1, 13))  # the bundled 鹤壁 inspectors publish (五(五))
DEMO_INTEREST_SECRET = hashlib.sha256(b"random-inspection demo: a published stand-in, never a real secret").digest()
"""The demo's secret of the interest tags (draw-v2 §4): public and fixed, as the demo's keys are, so the demo draws
the same every time. A real bureau's comes from ``commit``, at the edge, and is never published."""


def demo_signer(actor: Actor | str) -> SM2Signer:
    """The demo's SM2 key for ``actor`` (or an actor's id)."""
    ident = actor if isinstance(actor, str) else actor.id
    seed = int.from_bytes(hashlib.sha256(f"random-inspection demo key {ident}".encode()).digest(), "big")
    return SM2Signer(f"{seed % (2**255) + 1:064x}")


def demo_actors() -> list[Actor]:
    """The demo's actors the administrator enrols (the bundled 鹤壁 inspectors HB001–HB006 are 应急管理局's,
    HB007–HB012 市场监管局's)."""
    inspectors = [Actor(i, f"执法人员{i}", Role.INSPECTOR, "yjj" if n <= 6 else "scjgj")
                  for n, i in enumerate(HEBI_INSPECTOR_IDS, 1)]
    return [DEMO_SECTION, DEMO_OFFICE, HEBI_OFFICE, *inspectors]


def demo_keys() -> KeyRing:
    """The demo's keys as a key ring (the register the demo's store holds, exported)."""
    return KeyRing({a.id: PublicKey(demo_signer(a).algorithm, demo_signer(a).public_key, role=a.role.value,
                                    department=a.department) for a in demo_actors()})


def demo_register(store: Store) -> None:
    """Give ``store`` the demo's key register: an empty store is created by the demo's administrator, a store an
    earlier version made gets a register opened on its ledger, and every demo actor not yet enrolled is."""
    admin, key = DEMO_ADMIN, demo_signer(DEMO_ADMIN)
    if store.register() is None:
        if store.entries():
            store.open_register(administrator=admin, signer=key, at="2020-09-01T09:00:00+08:00")
        else:
            store.create_ledger(administrator=admin, signer=key, at="2020-09-01T09:00:00+08:00")
    register = store.register()
    assert register is not None
    for actor in demo_actors():
        if register.get(actor.id) is None:
            signer = demo_signer(actor)
            store.enrol(actor, signer.algorithm, signer.public_key, actor=admin, signer=key,
                        at="2020-09-01T09:00:00+08:00")
