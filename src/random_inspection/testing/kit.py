"""The base test class every profile's tests inherit.

::

    from random_inspection.testing import ProfileConformance

    class TestXuchang(ProfileConformance):
        profile_code = "xuchang"
        as_of = (datetime.date(2025, 1, 1),)

A subclass gets, for each date in ``as_of``, tests that the profile loads with a parent chain ending at the
national root, that every rule it sets is cited (document and article) and in force, that ratios lie in
(0, 1], counts and time limits are positive, the result scheme is complete, every team rule can be met by
some pool, that the forms, duties and report tables it supplies are filed (``forms.filed``) and cited, and that
``explain`` accounts for every rule of the catalogue. Set ``registry_options`` to load
profiles from a folder or to block some (the keyword arguments of ``ProfileRegistry``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from fractions import Fraction
from typing import Any, ClassVar

from random_inspection.model import DateStatus, ResultScheme
from random_inspection.profiles import (
    Duty,
    Form,
    Kind,
    ProfileRegistry,
    ReportTable,
    ResolvedProfile,
    TeamRule,
)
from random_inspection.testing.probes import probe_subject, probe_team
from random_inspection.timelimits import Days, Months, WorkingDays
from random_inspection.workflow import obligation_specs

__all__ = ["ProfileConformance"]


class ProfileConformance:
    """Inherit, set ``profile_code`` and ``as_of``; pytest collects the tests."""

    profile_code: ClassVar[str] = ""
    as_of: ClassVar[tuple[dt.date, ...]] = ()
    registry_options: ClassVar[dict[str, Any]] = {}

    # -- helpers ---------------------------------------------------------------------------------------

    def registry(self) -> ProfileRegistry:
        # Cached on the class itself (not inherited): a subclass may load other profiles than its parent.
        cached = type(self).__dict__.get("_registry_cache")
        if cached is None:
            cached = ProfileRegistry(**self.registry_options)
            type(self)._registry_cache = cached  # type: ignore[attr-defined]
        assert isinstance(cached, ProfileRegistry)
        return cached

    def resolved(self) -> list[ResolvedProfile]:
        assert self.profile_code, f"{type(self).__name__} must set profile_code"
        assert self.as_of, f"{type(self).__name__} must set as_of: the dates its rules are checked on"
        return [self.registry().resolve(self.profile_code, day) for day in self.as_of]

    # -- the tests -------------------------------------------------------------------------------------

    def test_profile_loads_with_a_chain_to_the_national_root(self) -> None:
        chain = self.registry().chain(self.profile_code)
        assert chain[-1].parent is None, "the chain must end at a root"
        assert chain[-1].code == "national", f"the chain ends at {chain[-1].code}, not the national root"
        for child, parent in itertools.pairwise(chain):
            assert child.jurisdiction.parent == parent.jurisdiction.code, (
                f"{child.code}'s jurisdiction {child.jurisdiction.code} lies under {child.jurisdiction.parent}, "
                f"but its parent profile {parent.code} governs {parent.jurisdiction.code}"
            )

    def test_every_rule_is_cited(self) -> None:
        """Every rule names a document of the profile and an article, and is in force on a date tested."""
        profile = self.registry().profile(self.profile_code)
        for rule in profile.rules:
            document = profile.document_of(rule)  # a document of the profile (the Profile refuses any other)
            assert any(profile.document_in_force(document, day) for day in self.as_of), (
                f"{rule.key} ({rule.citation.short()}) is in force on none of the dates tested"
            )
            assert rule.citation.article.strip(), f"{rule.key}: the citation names no article"

    def test_every_document_date_says_where_it_comes_from(self) -> None:
        """Each day of a document's period of force is stated with the document's words quoted, or assumed
        with its reason (``DateBasis``); a day given bare is refused here."""
        profile = self.registry().profile(self.profile_code)
        for doc in profile.documents:
            for side, day, basis in (("first", doc.effective_from, doc.from_basis),
                                     ("last", doc.effective_until, doc.until_basis)):
                if day is not None and basis.status is DateStatus.STATED:
                    assert basis.words, (
                        f"{doc.short()}: the {side} day {day} is given as stated without the document's words; "
                        "quote them (DateBasis.stated('…之日起施行')) or mark it DateBasis.assumed(reason)"
                    )

    def test_the_profile_is_in_force_on_the_dates_tested(self) -> None:
        profile = self.registry().profile(self.profile_code)
        for day in self.as_of:
            assert profile.in_force_on(day), f"{self.profile_code}'s documents are not in force on {day}"

    def test_values_are_in_range(self) -> None:
        for resolved in self.resolved():
            for rule in resolved.rules.values():
                kind = resolved.spec(rule.key).kind
                if kind is Kind.RATIO:
                    assert isinstance(rule.value, Fraction), rule.key
                    assert 0 < rule.value <= 1, rule.key
                elif kind is Kind.PERIOD:
                    assert isinstance(rule.value, (WorkingDays, Days, Months)), rule.key
                    assert rule.value.n >= 1, rule.key
                elif kind is Kind.COUNT:
                    assert rule.value >= 1, rule.key

    def test_result_scheme_is_complete(self) -> None:
        for resolved in self.resolved():
            scheme = resolved.value("results.scheme")
            if scheme is None:
                continue
            assert isinstance(scheme, ResultScheme)
            assert [c.number for c in scheme] == list(range(1, len(scheme) + 1))
            assert len({c.label for c in scheme}) == len(scheme), "two codes share a label"
            for code in scheme:
                assert scheme.code(code.label) is code
                assert scheme.code(code.key) is code

    def test_team_rules_can_be_met_by_some_pool(self) -> None:
        for resolved in self.resolved():
            rules: tuple[TeamRule, ...] = resolved.value("team.rules", ())
            for rule in rules:
                tags = [tag for tag, least in rule.quotas for _ in range(least)]
                team = probe_team([[t] for t in tags] + [[]] * (rule.size - len(tags)))
                domain = rule.domain.value if rule.domain else "综合监管领域"
                subject = probe_subject(domain, resolved.profile.jurisdiction.code)
                assert resolved.check_team(team, subject) == [], f"no pool can meet {rule}"

    def test_outputs_are_filed_and_cited(self) -> None:
        """The forms the profile supplies are among its cited ``forms.filed`` (``forms()`` refuses others), its
        duties name real steps and keys of their own (``obligation_specs`` refuses others), and every form, duty
        and report table cites a document of the chain at an article."""
        for resolved in self.resolved():
            documents = {d.title for p in resolved.chain for d in p.documents}
            outputs: list[Form | Duty | ReportTable] = [*resolved.forms(), *resolved.duties(),
                                                        *resolved.report_tables()]
            obligation_specs(resolved)
            for output in outputs:
                assert output.citation.document in documents, f"{output} cites no document of the chain"
                assert output.citation.article, f"{output} cites no article"

    def test_explain_accounts_for_every_rule(self) -> None:
        for resolved in self.resolved():
            data = json.loads(resolved.explain_json())
            keys = [r["key"] for r in data["rules"]] + data["absent"]
            assert sorted(keys) == sorted(resolved.registry.keys)  # the catalogue's and the packages' own
            text = resolved.explain_text()
            for rule in resolved.rules.values():
                assert rule.citation.short() in text, f"explain does not show the article of {rule.key}"
