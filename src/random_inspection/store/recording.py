"""Recording a batch of inspections (a results file's records) into the store, each by an actor who was on its
team (谁检查、谁录入)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from random_inspection.errors import InvalidInputError, PermissionRefused
from random_inspection.messages import tr
from random_inspection.model import Actor
from random_inspection.store.signing import Signer
from random_inspection.store.store import Store
from random_inspection.workflow import InspectionRecord

__all__ = ["RecordedResults", "Refusal", "record_results"]


@attrs.frozen
class Refusal:
    """A record the store refused to the actor who tried to record it (the refusal is itself recorded)."""

    subject: str
    actor: str
    problem: str

    def to_json(self) -> dict[str, str]:
        return {"subject": self.subject, "actor": self.actor, "problem": self.problem}


@attrs.frozen
class RecordedResults:
    """What :func:`record_results` did.

    Attributes:
        recorded: the subjects whose records were written now, in the order given.
        entries: the ledger entries written, one per subject of ``recorded``.
        unchanged: the subjects whose same record was the last one recorded: nothing written.
        refused: the records refused to their actor (the refusal is recorded in the ledger).
    """

    recorded: tuple[str, ...] = ()
    entries: tuple[int, ...] = ()
    unchanged: tuple[str, ...] = ()
    refused: tuple[Refusal, ...] = ()


def record_results(store: Store, records: Iterable[InspectionRecord], actors: Mapping[str, tuple[Actor, Signer]],
                   *, at: str) -> RecordedResults:
    """Record each of ``records`` in ``store`` (:meth:`Store.record_result_once`): by the first of ``actors`` (by
    id) who is on its team, else by the first actor given, whose refusal is then recorded and reported rather
    than raised, so that one refused record does not stop the others. A record the store holds already writes
    nothing and is reported unchanged, so a results file may be recorded again.

    Args:
        store: the store, bound to the plan's profile's permissions.
        records: the inspections, each checked already against the draw in force (``io.read_results``).
        actors: who records, by id, with their signers.
        at: the time recorded (ISO 8601).

    Raises:
        InvalidInputError: no actor is given. (A refused record is not raised: it is in ``refused``.)
    """
    if not actors:
        raise InvalidInputError(tr("no actor to record the results"), where=tr("the results recorded"),
                                fix=tr("give at least one actor file (the inspectors of the teams)"))
    fallback = next(iter(actors.values()))
    recorded: list[str] = []
    entries: list[int] = []
    unchanged: list[str] = []
    refused: list[Refusal] = []
    for record in records:
        actor, signer = next((actors[m] for m in record.team if m in actors), fallback)
        try:
            # the same record recorded before writes nothing: checked in the write, so that any number of
            # concurrent runs record it once
            entry, written = store.record_result_once(record, actor=actor, signer=signer, at=at)
        except PermissionRefused as exc:
            refused.append(Refusal(record.subject, actor.id, exc.what))
            continue
        if written:
            entries.append(entry.seq)
            recorded.append(record.subject)
        else:
            unchanged.append(record.subject)
    return RecordedResults(tuple(recorded), tuple(entries), tuple(unchanged), tuple(refused))
