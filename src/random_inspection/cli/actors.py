"""Who acts: ``keygen`` makes an actor file with its key and its public key, for the store's administrator to
enrol."""

from __future__ import annotations

from pathlib import Path

import click

from random_inspection.cli._base import FORMAT, echo_json, main, option, say
from random_inspection.errors import InvalidInputError
from random_inspection.io.actorfile import (
    load_actor,
    public_key_file,
    role_of,
    write_actor_file,
    write_key,
    write_public_key,
)
from random_inspection.messages import tr
from random_inspection.model import Actor, Role
from random_inspection.store import ALGORITHMS


@main.command(help=tr("Make an actor file PATH (.toml) with a new private key beside it (PATH with .key, readable by "
                      "its owner only, never overwritten) and its public key (PATH with .pub). The key counts only "
                      "once the store's administrator enrols it (`ledger enrol PATH --as ADMIN`): the key register "
                      "is held by the ledger, and no file beside an actor file decides whose key counts."))
@click.argument("path", type=click.Path(dir_okay=False))
@option("--id", "actor_id", required=True, help=tr("The actor's id (an inspector's id, an office's code)."))
@option("--name", required=True, help=tr("The actor's name."))
@option("--role", required=True, type=click.Choice([r.value for r in Role] + [r.name for r in Role]),
        help=tr("The actor's role."))
@option("--department", required=True, help=tr("The actor's department code."))
@option("--algorithm", type=click.Choice(ALGORITHMS), default=ALGORITHMS[0], show_default=True,
        help=tr("The signature algorithm: SM2 (with SM3) for 国密 deployments, or Ed25519."))
@FORMAT
def keygen(path: str, actor_id: str, name: str, role: str, department: str, algorithm: str, fmt: str) -> None:
    actor_file = Path(path).with_suffix(".toml")
    if actor_file.exists():
        raise InvalidInputError(tr("the actor file exists already"), where=str(actor_file),
                                fix=tr("choose another name"))
    actor = Actor(actor_id, name, role_of(role), department)  # checks the id
    key_file = actor_file.with_suffix(".key")
    if public_key_file(actor_file).exists():
        raise InvalidInputError(tr("the public key file exists already"), where=str(public_key_file(actor_file)),
                                fix=tr("choose another name; a key is never overwritten"))
    written: list[Path] = []
    try:  # the three files, or none of them: a failure takes back those already written
        public = write_key(key_file, algorithm)
        written.append(key_file)
        write_actor_file(actor_file, actor, role, key_file.name)
        written.append(actor_file)
        load_actor(actor_file)  # reads back
        pub = write_public_key(actor_file, algorithm, public)
    except BaseException:
        for file in reversed(written):
            file.unlink(missing_ok=True)
        raise
    if fmt == "json":
        echo_json({"actor": str(actor_file), "key": str(key_file), "public_key_file": str(pub),
                   "algorithm": algorithm, "public_key": public})
    else:
        say(tr("wrote {actor_file}, its key {key_file} (keep it: it signs as {actor}) and its public key {pub}; "
               "the store's administrator enrols it: random-inspection ledger enrol {actor_file} "
               "--as ADMINISTRATOR_FILE", actor_file=str(actor_file), key_file=str(key_file), actor=actor_id,
               pub=str(pub)))
