"""Actor files and key files for the command line: who acts, and the key they sign with.

An actor file (TOML) names one actor and the file of its private key, which its holder keeps::

    id = "XC-SSJB"
    name = "局双随机领导小组办公室"
    role = "双随机办"              # a Role's Chinese name or its English name (DOUBLE_RANDOM_OFFICE)
    department = "yjj"
    key = "XC-SSJB.key"            # relative to this file

A key file holds the private key as PKCS#8 PEM (``-----BEGIN PRIVATE KEY-----``: for SM2 exactly what ``openssl
genpkey -algorithm SM2`` writes, for Ed25519 RFC 8410's); ``keygen`` writes it readable by its owner only, and the
public half beside the actor file (PATH with ``.pub``: PEM ``-----BEGIN PUBLIC KEY-----``, SubjectPublicKeyInfo),
which the administrator enrols (``ledger enrol``). Files in the earlier form are still read: a key file of one
line ``<algorithm> <private key in hex>`` (``sm2-sm3`` or ``ed25519``), a ``.pub`` of one line
``<algorithm> <public key in hex>``. The key register is
held by the store's ledger, never by a file: no file an actor controls decides whose key counts. A key ring file
(TOML, ``keys.toml``) is only an export of it (``ledger keys --toml``), or the keys of an older ledger's signed
entries made before it held a register (``ledger verify --keys``)::

    [keys."XC-SSJB"]
    algorithm = "sm2-sm3"
    public_key = "04…"
    role = "双随机办"
    department = "yjj"

The library reads a private key only to sign with it; it never writes one into the store or an output, and no
error message shows what a key file or an actor file's ``key`` field holds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from random_inspection.errors import DataError, InvalidInputError, Issue
from random_inspection.io.atomic import write_text_atomic
from random_inspection.io.tomlfile import read_toml, toml_text, write_toml
from random_inspection.messages import tr
from random_inspection.model import Actor, Role
from random_inspection.store import ALGORITHMS, KeyRing, PublicKey, Signer
from random_inspection.store.signing import (
    new_private_key_pem,
    public_key_hex,
    public_key_pem,
    signer_from_pem,
    signer_from_private_key,
)

__all__ = ["keyring_toml", "load_actor", "load_actors", "load_enrolment", "load_keyring", "public_key_file",
           "read_public_key", "role_of", "write_actor_file", "write_key", "write_public_key"]


def _toml(path: Path, what: str) -> dict[str, Any]:
    return read_toml(path, what, tr("see docs/cli.md, Who acts"))


def role_of(value: str) -> Role:
    """A role by its Chinese name or its English one (``双随机办`` or ``DOUBLE_RANDOM_OFFICE``)."""
    for role in Role:
        if value in (role.value, role.name):
            return role
    raise InvalidInputError(tr("{value!r} is not a role", value=value),
                            fix=tr("use one of: {choices}", choices="、".join(r.value for r in Role)))


def _signer(actor_file: Path, name: str) -> Signer:
    """The signer of the key file an actor file names. Errors name the actor file's ``key`` field, never what
    the field or the key file holds (it may be key material)."""
    where = tr("{file}: {key}", file=actor_file, key="key")
    base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
    if "-----BEGIN" in name or (len(name) >= 32 and all(c in base64 for c in name)):  # hex, or a PEM's body
        raise InvalidInputError(tr("holds what looks like a key itself, not the name of a key file"), where=where,
                                fix=tr("put the key in its own file (keygen writes one) and name that file here"))
    try:
        whole = (actor_file.parent / name).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        raise InvalidInputError(tr("the key file it names cannot be read"), where=where,
                                fix=tr("name the key file beside the actor file that `random-inspection keygen` "
                                       "wrote")) from None
    text = whole.split()
    pem = whole.lstrip().startswith("-----BEGIN")
    if not pem and (len(text) != 2 or text[0] not in ALGORITHMS):
        raise InvalidInputError(tr("the file it names is not a key file (PKCS#8 PEM, or one line: the algorithm "
                                   "and the key in hex)"), where=where,
                                fix=tr("name the file `random-inspection keygen` wrote"))
    try:
        return signer_from_pem(whole) if pem else signer_from_private_key(text[0], text[1])
    except (InvalidInputError, ValueError):
        raise InvalidInputError(tr("the key file it names holds no valid key"), where=where,
                                fix=tr("name the file `random-inspection keygen` wrote")) from None


def _actor_file(path: Path) -> tuple[Actor, dict[str, Any]]:
    data = _toml(path, tr("actor file"))
    issues = [Issue(k, tr("required field missing")) for k in ("id", "name", "role", "department", "key")
              if not isinstance(data.get(k), str)]
    issues += [Issue(k, tr("unknown field")) for k in data if k not in ("id", "name", "role", "department", "key")]
    if issues:
        raise DataError(tr("{name}: cannot read the actor file", name=path.name), issues,
                        fix=tr("see docs/cli.md, Who acts"))
    try:
        actor = Actor(data["id"], data["name"], role_of(data["role"]), data["department"])
    except InvalidInputError as exc:
        raise InvalidInputError(exc.what, where=str(path), fix=exc.fix) from None
    return actor, data


def load_actor(path: str | Path) -> tuple[Actor, Signer]:
    """The actor an actor file names and the signer holding its key.

    Raises:
        DataError: every missing or wrong field.
        InvalidInputError: a key file that cannot be read.
    """
    path = Path(path)
    actor, data = _actor_file(path)
    return actor, _signer(path, data["key"])


def public_key_file(actor_file: str | Path) -> Path:
    """Where keygen writes an actor's public key: beside the actor file, with ``.pub``."""
    return Path(actor_file).with_suffix(".pub")


def write_public_key(actor_file: str | Path, algorithm: str, public_key: str) -> Path:
    """Write the public half of an actor's key beside its actor file (``.pub``: PEM SubjectPublicKeyInfo, what
    ``openssl pkey -pubout`` writes)."""
    path = public_key_file(actor_file)
    return write_text_atomic(path, public_key_pem(algorithm, public_key), encoding="ascii")


def read_public_key(text: str) -> tuple[str, str]:
    """The algorithm and the public key (in the form the store keeps, :func:`public_key_hex`) of a ``.pub``
    file's text: PEM SubjectPublicKeyInfo (SM2 or Ed25519), or the earlier one line ``<algorithm> <hex>``.

    Raises:
        InvalidInputError: neither.
    """
    words = text.split()
    if text.lstrip().startswith("-----BEGIN"):
        for algorithm in ALGORITHMS:
            try:
                return algorithm, public_key_hex(algorithm, text)
            except InvalidInputError:
                continue
    elif len(words) == 2 and words[0] in ALGORITHMS:
        return words[0], words[1].lower()
    raise InvalidInputError(tr("not a public key file (PEM PUBLIC KEY of an SM2 or Ed25519 key, or one line: the "
                               "algorithm and the public key in hex)"), fix=tr("give the .pub file keygen wrote"))


def load_enrolment(path: str | Path) -> tuple[Actor, str, str]:
    """What the administrator enrols for an actor file: the actor, and the algorithm and public key of the
    ``.pub`` file keygen wrote beside it (the private key is not read: it stays with its holder).

    Raises:
        DataError: every missing or wrong field of the actor file.
        InvalidInputError: no readable public key file.
    """
    path = Path(path)
    actor, _ = _actor_file(path)
    pub = public_key_file(path)
    try:
        text = pub.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        raise InvalidInputError(tr("no public key file beside the actor file"), where=str(pub),
                                fix=tr("give the actor file keygen wrote, with its .pub beside it")) from None
    try:
        algorithm, key = read_public_key(text)
    except InvalidInputError as exc:
        raise InvalidInputError(exc.what, where=str(pub), fix=exc.fix) from None
    return actor, algorithm, key


def load_actors(path: str | Path) -> dict[str, tuple[Actor, Signer]]:
    """The actors of an actor file, or of every ``*.toml`` actor file of a folder, by id."""
    path = Path(path)
    files = sorted(p for p in path.glob("*.toml") if p.name != "keys.toml") if path.is_dir() else [path]
    if not files:
        raise InvalidInputError(tr("no actor files (*.toml) in the folder"), where=str(path),
                                fix=tr("give an actor file"))
    out: dict[str, tuple[Actor, Signer]] = {}
    for file in files:
        actor, signer = load_actor(file)
        out[actor.id] = (actor, signer)
    return out


def load_keyring(path: str | Path) -> KeyRing:
    """A key ring file: each actor id's algorithm and public key."""
    path = Path(path)
    keys = _toml(path, tr("key ring")).get("keys")
    if not isinstance(keys, dict):
        raise InvalidInputError(tr("no [keys] table"), where=str(path), fix=tr("see docs/cli.md, Who acts"))
    ring: dict[str, PublicKey] = {}
    for actor, entry in keys.items():
        if not (isinstance(entry, dict) and entry.get("algorithm") in ALGORITHMS
                and isinstance(entry.get("public_key"), str)):
            raise InvalidInputError(tr("the key of {actor} needs algorithm ({choices}) and public_key", actor=actor,
                                       choices=" or ".join(ALGORITHMS)),
                                    where=str(path), fix=tr("export the key ring again: random-inspection ledger "
                                                            "keys --toml"))
        role, department = entry.get("role"), entry.get("department")
        if role is not None:
            role = role_of(str(role)).value
        ring[actor] = PublicKey(entry["algorithm"], entry["public_key"], role=role,
                                department=None if department is None else str(department))
    return KeyRing(ring)


def write_key(path: str | Path, algorithm: str) -> str:
    """Write a new private key to ``path`` as PKCS#8 PEM (readable by its owner only; an existing file is never
    overwritten) and return its public key (:func:`public_key_hex`'s form)."""
    path = Path(path)
    private = new_private_key_pem(algorithm)
    try:
        write_text_atomic(path, private, encoding="ascii", mode=0o600, exclusive=True)
    except FileExistsError:
        raise InvalidInputError(tr("the key file exists already"), where=str(path),
                                fix=tr("choose another name; a key is never overwritten")) from None
    return signer_from_pem(private).public_key


def write_actor_file(path: str | Path, actor: Actor, role: str, key_file: str) -> Path:
    """Write an actor file (TOML, docs/cli.md *Who acts*) naming ``actor``, its role as given (``role``: the
    Chinese or the English name) and the name of its key file, relative to the actor file; whole or not at all,
    and never over an existing file. Any text round-trips: quotes, newlines and control characters are escaped.

    Raises:
        InvalidInputError: the file exists already.
    """
    return write_toml(Path(path), {"id": actor.id, "name": actor.name, "role": role,
                                   "department": actor.department, "key": key_file}, exclusive=True)


def keyring_toml(keys: dict[str, PublicKey]) -> str:
    """A key ring file's text (``[keys."ID"]`` tables, as :func:`load_keyring` reads), for ``ledger keys --toml``."""
    return toml_text({"keys": {actor: {"algorithm": k.algorithm, "public_key": k.key,
                                       **({} if k.role is None else {"role": k.role}),
                                       **({} if k.department is None else {"department": k.department})}
                               for actor, k in keys.items()}})
