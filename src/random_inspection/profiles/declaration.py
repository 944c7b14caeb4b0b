"""The declaration a profile makes of itself."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable
from typing import Any

import attrs

from random_inspection.errors import ProfileError
from random_inspection.messages import tr
from random_inspection.model import Document, Jurisdiction
from random_inspection.profiles.provisions import Provision
from random_inspection.profiles.rules import CATALOGUE, Rule, RuleSpec

__all__ = ["Profile"]

_CODE = re.compile(r"[a-z][a-z0-9_]*")


def _code(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not _CODE.fullmatch(value)):
        raise ProfileError(
            tr("{name} {value!r} is not a profile code", name=attribute.name, value=value),
                           where=tr("the profile's declaration"),
            fix=tr("use lower-case letters, digits and underscores, e.g. 'weidu'"),
        )


def _documents(value: Iterable[Document]) -> tuple[Document, ...]:
    return _tuple_of(value, Document, "documents")


def _rules(value: Iterable[Rule]) -> tuple[Rule, ...]:
    return _tuple_of(value, Rule, "rules")


def _keys(value: Iterable[RuleSpec]) -> tuple[RuleSpec, ...]:
    return _tuple_of(value, RuleSpec, "keys")


def _tuple_of(value: Any, kind: type[Any], name: str) -> tuple[Any, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ProfileError(tr("{name} is {name2}, not a tuple of {name3}", name=name, name2=type(value).__name__,
                              name3=kind.__name__), where=tr("the profile's declaration"),
                           fix=tr("give {name} as a tuple of {name2}", name=name, name2=kind.__name__))
    items = tuple(value)
    for item in items:
        if not isinstance(item, kind):
            raise ProfileError(tr("{name} holds a {name2}, not a {name3}", name=name, name2=type(item).__name__,
                                  name3=kind.__name__), where=tr("the profile's declaration"),
                               fix=tr("give {name} as a tuple of {name2}", name=name, name2=kind.__name__))
    return items


def _jurisdiction(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Jurisdiction):
        raise ProfileError(tr("jurisdiction is {value!r}, not a Jurisdiction", value=value),
                           where=tr("the profile's declaration"),
                           fix=tr("give Jurisdiction(code, name, level, parent code)"))


def _provisions(value: Iterable[Provision]) -> tuple[Provision, ...]:
    return tuple(value)


@attrs.frozen
class Profile:
    """A jurisdiction's rules as one profile declares them.

    One profile per jurisdiction holds all its documents — a standing 细则, each year's 实施方案, a campaign's
    plan — each with its period of force, and the rules each sets. A key may be set by several documents; on a
    date the rule of the document in force that started last answers (a later document supersedes an earlier
    one for the keys it sets, from its first day), and a document that ``replaces`` another ends the other's
    force from its own first day.

    Attributes:
        code: the profile's code (``"xuchang"``), unique among loaded profiles.
        name: the issuing body, e.g. 许昌市应急管理局.
        jurisdiction: the area the profile governs; unique among loaded profiles.
        parent: the code of the profile one level up (``"henan"``); ``None`` only for the national root.
        documents: the documents the profile encodes, oldest first; every rule cites one of them.
        rules: the cited rule values it sets; a key at most once per document.
        keys: keys of the profile package's own (:meth:`RuleSpec.custom`), declared here so ``explain`` lists them.
        provisions: the articles (or parts) of its documents it does not encode as rules, each with the reason
            (:class:`~random_inspection.profiles.Provision`).
    """

    code: str = attrs.field(validator=_code)
    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    jurisdiction: Jurisdiction = attrs.field(validator=_jurisdiction)
    parent: str | None = attrs.field(validator=_code)
    documents: tuple[Document, ...] = attrs.field(default=(), converter=_documents)
    rules: tuple[Rule, ...] = attrs.field(default=(), converter=_rules)
    keys: tuple[RuleSpec, ...] = attrs.field(default=(), converter=_keys, kw_only=True)
    provisions: tuple[Provision, ...] = attrs.field(default=(), converter=_provisions, kw_only=True)

    def __attrs_post_init__(self) -> None:
        where = tr("profile {code}", code=self.code)
        if self.parent == self.code:
            raise ProfileError(tr("is its own parent"), where=where, fix=tr("name the profile above it"))
        by_key = {d.key: d for d in self.documents}
        if len(by_key) != len(self.documents):
            raise ProfileError(tr("two documents have one 文号 (or, without one, one title)"), where=where,
                               fix=tr("declare each document once"))
        for doc in self.documents:
            for name in doc.replaces:
                if name not in by_key or name == doc.key:
                    raise ProfileError(tr("{key} replaces {name!r}, which the profile does not declare", key=doc.key,
                                          name=name), where=where,
                                       fix=tr("declare the replaced document too, or use one of: {by_key}",
                                              by_key=', '.join(by_key)))
            if doc.replaces and doc.effective_from is None:
                raise ProfileError(tr("{key} replaces another document but has no first day", key=doc.key), where=where,
                                   fix=tr("give its effective_from: the replaced document ends the day before"))
        own = {spec.key: spec for spec in self.keys}
        for spec in self.keys:
            if spec.key in CATALOGUE:
                raise ProfileError(tr("declares {key}, a key of the catalogue", key=spec.key), where=where,
                                   fix=tr("declare only keys of your own, made with RuleSpec.custom"))
        for provision in self.provisions:
            if not isinstance(provision, Provision):
                raise ProfileError(tr("provision {provision!r} is not a Provision", provision=provision), where=where,
                                   fix=tr("list random_inspection.profiles.Provision values"))
            if self.documents and not any(d.cites(provision.citation) for d in self.documents):
                raise ProfileError(tr("a provision cites {citation}, a document the profile does not declare",
                                      citation=provision.citation.short()), where=where,
                                   fix=tr("cite one of the profile's documents"))
        seen: set[tuple[str, str]] = set()
        for rule in self.rules:
            doc = self.document_of(rule)
            if (rule.key, doc.key) in seen:
                raise ProfileError(
                    tr("rule {key} is set twice by {doc}", key=rule.key, doc=doc.short()), where=where,
                    fix=tr("set each rule once per document; put both articles in one citation if two articles "
                           "make it"),
                )
            seen.add((rule.key, doc.key))
            if rule.declared is not None and rule.key in own and own[rule.key] != rule.declared:
                raise ProfileError(tr("rule {key} carries another spec than the profile declares",
                                      key=rule.key), where=where,
                                   fix=tr("set it with the declared spec: SPEC.rule(value, citation)"))
        for key in {r.key for r in self.rules}:
            docs = sorted((self.document_of(r) for r in self.rules if r.key == key), key=_start)
            for a, b in itertools.pairwise(docs):
                if _start(a) == _start(b):
                    raise ProfileError(
                        tr("{a} and {b} both set {key} from the same day",
                           a=a.short(),
                           b=b.short(),
                           key=key), where=where,
                        fix=tr("give the later document its own first day (effective_from), or set the key in one"),
                    )

    def document_of(self, rule: Rule) -> Document:
        """The declared document ``rule`` cites; for a profile that declares none, a document made of the
        citation's own dates.

        Raises:
            ProfileError: the rule cites a document the profile does not declare.
        """
        for doc in self.documents:
            if doc.cites(rule.citation):
                return doc
        if not self.documents:
            c = rule.citation
            return Document(c.document, doc_number=c.doc_number, issuer=c.issuer, issued=c.issued,
                            effective_from=c.effective_from, effective_until=c.effective_until)
        raise ProfileError(
            tr("rule {key} cites {citation}, a document the profile does not declare", key=rule.key,
               citation=rule.citation.short()),
            where=tr("profile {code}", code=self.code),
            fix=tr("add the document to documents=..., or cite one of it with Document.cite"),
        )

    def document_in_force(self, doc: Document, day: dt.date) -> bool:
        """Whether ``doc`` is in force on ``day``: inside its own period, and not replaced by then."""
        if not doc.in_force_on(day):
            return False
        return not any(doc.key in other.replaces and other.effective_from is not None
                       and other.effective_from <= day for other in self.documents)

    def versions(self, key: str) -> tuple[tuple[Rule, Document], ...]:
        """Every rule the profile sets for ``key``, with its document, the earliest first."""
        found = [(r, self.document_of(r)) for r in self.rules if r.key == key]
        return tuple(sorted(found, key=lambda pair: _start(pair[1])))

    def rule_on(self, key: str, day: dt.date) -> tuple[Rule, Document] | None:
        """The profile's rule for ``key`` on ``day``: of the documents in force that set it, the one that started
        last; ``None`` when none does."""
        found = [(r, d) for r, d in self.versions(key) if self.document_in_force(d, day)]
        return found[-1] if found else None

    def in_force_on(self, day: dt.date) -> bool:
        """Whether any of the profile's documents is in force on ``day`` (always, if it has none)."""
        return not self.documents or any(self.document_in_force(d, day) for d in self.documents)


def _start(doc: Document) -> dt.date:
    return doc.effective_from or dt.date.min
