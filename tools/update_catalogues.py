"""Extract the messages into the template and update and compile the translations (docs/i18n.md).

Every ``tr("...")`` in ``src/random_inspection`` and ``profiles/random_inspection_profiles`` is a message. This
writes them to ``src/random_inspection/locale/random_inspection.pot``, merges the template into each language's
``.po`` (a new message gets an empty translation, a message no longer used is dropped), and compiles each ``.po``
to the ``.mo`` the library reads. Babel (the test extra) is needed here and in the tests only, never at run time.

Usage, from the root of a clone with the test extra installed (``pip install -e ".[test]"``)::

    python tools/update_catalogues.py           # extract, merge, compile
    python tools/update_catalogues.py --compile # only compile the .po files as they are
    python tools/update_catalogues.py --check   # exit 1 if any catalogue is incomplete or out of date

``tests/test_catalogues.py`` runs :func:`problems` and fails on any problem it reports.
"""

from __future__ import annotations

import argparse
import io
import string
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "random_inspection" / "locale"
DOMAIN = "random_inspection"
POT = LOCALE / f"{DOMAIN}.pot"
SOURCES = (ROOT / "src" / "random_inspection", ROOT / "profiles" / "random_inspection_profiles")
KEYWORDS = {"tr": (1,), "click_message": (1,)}
"""``tr(template, **fields)``: the first argument is the message; ``click_message(text)`` marks one of click's own
messages (``random_inspection.cli.click_words``)."""


def extract() -> Catalog:
    """The template: every message of the sources, with the places it is written."""
    catalog = Catalog(project="random-inspection", domain=DOMAIN, charset="utf-8", fuzzy=False,
                      copyright_holder="the random-inspection authors")
    for source in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
                source, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
                strip_comment_tags=True):
            path = (source / filename).relative_to(ROOT).as_posix()
            catalog.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return catalog


def languages() -> list[str]:
    """The languages with a catalogue (the folders of ``locale`` holding ``LC_MESSAGES``)."""
    return sorted(p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES").is_dir())


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as fp:
        return read_po(fp, locale=language)


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=120, omit_header=False, sort_output=True, include_previous=False)
    return buffer.getvalue()


def compiled(catalog: Catalog) -> bytes:
    """The .mo a catalogue compiles to."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def fields(template: str) -> list[str]:
    """The named fields of a template (with their conversion and format), in order."""
    return sorted(f"{name}!{conversion or ''}:{spec or ''}"
                  for _, name, spec, conversion in string.Formatter().parse(template) if name is not None)


def _shown(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def problems() -> Iterator[str]:
    """Everything that keeps the catalogues from being complete and current, one line each."""
    template = extract()
    ids = {m.id for m in template if m.id}
    if not POT.exists():
        yield f"{_shown(POT)} is missing"
    else:
        written = {m.id for m in read(POT) if m.id}
        for msgid in sorted(ids - written):
            yield f"{_shown(POT)}: not extracted yet: {msgid!r}"
        for msgid in sorted(written - ids):
            yield f"{_shown(POT)}: no longer used: {msgid!r}"
    for language in languages():
        path = po_path(language)
        name = _shown(path)
        if not path.exists():
            yield f"{name} is missing"
            continue
        catalog = read(path, language)
        for message in catalog:
            if not message.id:
                continue
            if message.id not in ids:
                yield f"{name}: obsolete (no longer in the sources): {message.id!r}"
            elif message.fuzzy:
                yield f"{name}: fuzzy: {message.id!r}"
            elif not message.string:
                yield f"{name}: untranslated: {message.id!r}"
            else:
                try:
                    differ = fields(message.string) != fields(message.id)
                except ValueError as exc:
                    yield f"{name}: the translation of {message.id!r} is not a template ({exc})"
                    continue
                if differ:
                    yield f"{name}: the translation of {message.id!r} has other fields: {message.string!r}"
        for message in catalog.obsolete.values():
            yield f"{name}: obsolete entry kept: {message.id!r}"
        for msgid in sorted(ids - {m.id for m in catalog if m.id}):
            yield f"{name}: missing: {msgid!r}"
        mo = path.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != compiled(catalog):
            yield f"{_shown(mo)} differs from compiling {path.name} (python tools/update_catalogues.py)"


def update() -> None:
    """Write the template, merge it into every .po, compile every .mo."""
    template = extract()
    POT.write_bytes(_po_bytes(template))
    for language in languages():
        path = po_path(language)
        catalog = read(path, language) if path.exists() else Catalog(locale=language, domain=DOMAIN)
        catalog.project, catalog.version, catalog.fuzzy = "random-inspection", "", False
        catalog.copyright_holder = "the random-inspection authors"
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.obsolete.clear()
        path.write_bytes(_po_bytes(catalog))
    compile_all()


def compile_all() -> None:
    for language in languages():
        path = po_path(language)
        path.with_suffix(".mo").write_bytes(compiled(read(path, language)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="report what is incomplete or out of date; exit 1 if any")
    group.add_argument("--compile", action="store_true", help="only compile the .po files to .mo")
    args = parser.parse_args(argv)
    if args.check:
        found = list(problems())
        for line in found:
            print(line)
        return 1 if found else 0
    if args.compile:
        compile_all()
    else:
        update()
    return 0


if __name__ == "__main__":
    sys.exit(main())
