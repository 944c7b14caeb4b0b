"""A profile owns its outputs: the forms it files, its own duties and its own report tables come from its package
through the hooks, walking the declared parent chain; the library names none of them."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.errors import InvalidInputError, PersonalDataError, ProfileError
from random_inspection.io import PlanExport, write_plan_forms, write_reports
from random_inspection.model import Action, Document, Jurisdiction
from random_inspection.profiles import Duty, Form, Profile, ProfileRegistry, ProfileStep, ReportTable, hookimpl
from random_inspection.timelimits import WorkingCalendar, WorkingDays, deadline
from random_inspection.workflow import (
    OBLIGATIONS,
    InspectionKind,
    InspectionRecord,
    Step,
    obligation_specs,
    obligations,
)
from random_inspection_profiles.hebi import forms as hebi_forms
from random_inspection_profiles.lengshuitan import duties as lengshuitan_duties
from tests.export_support import REGISTRY, hebi_export, lengshuitan_export

D = dt.date
DOC = Document("魏都区应急管理局“双随机、一公开”监管工作实施细则", doc_number="魏应急〔2025〕1号",
               issuer="魏都区应急管理局", issued=D(2025, 3, 1), effective_from=D(2025, 3, 1))

LOCAL_PROFILE = textwrap.dedent('''
    import datetime as dt
    from pathlib import Path

    from random_inspection.model import Document, Jurisdiction
    from random_inspection.profiles import Form, Profile, Rule, hookimpl

    DOC = Document("魏都区应急管理局“双随机、一公开”监管工作实施细则", doc_number="魏应急〔2025〕1号",
                   issuer="魏都区应急管理局", issued=dt.date(2025, 3, 1), effective_from=dt.date(2025, 3, 1))


    def write_ledger(path, export):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\\n".join(export.draw.subjects), encoding="utf-8")
        return path


    @hookimpl
    def random_inspection_profile():
        return Profile("weidu", "魏都区应急管理局", Jurisdiction("411002", "魏都区", "县区", "411000"), "xuchang",
                       (DOC,), (Rule("forms.filed", ("《魏都区抽查台账》",), DOC.cite("第九条")),))


    @hookimpl
    def random_inspection_forms():
        return [Form("魏都区抽查台账", "抽查台账.txt", DOC.cite("第九条"), False, write_ledger)]
''')


def _weidu(tmp_path: Path, source: str = LOCAL_PROFILE) -> ProfileRegistry:
    folder = tmp_path / "profiles"
    folder.mkdir(exist_ok=True)
    (folder / "weidu.py").write_text(source, encoding="utf-8")
    return ProfileRegistry(folders=[folder])


class TestForms:
    def test_hebis_attachments_are_written_by_the_hebi_package(self, tmp_path: Path) -> None:
        export = hebi_export()
        forms = export.profile.forms()
        assert forms == hebi_forms.FORMS
        assert {f.write.__module__ for f in forms} == {"random_inspection_profiles.hebi.forms"}
        assert [f.personal_data for f in forms] == [True, True, False, True]
        assert all(f.citation.doc_number == "鹤双随机办〔2020〕19号" for f in forms)
        written = write_plan_forms(tmp_path, export)
        assert [p.name for p in written] == [f.file_name for f in forms]

    def test_a_local_profile_supplies_its_own_form_without_a_change_to_the_library(self, tmp_path: Path) -> None:
        registry = _weidu(tmp_path)
        export = attrs.evolve(lengshuitan_export(), profile=registry.resolve("weidu", D(2025, 9, 22)))
        (path,) = write_plan_forms(tmp_path / "forms", export)
        assert path == tmp_path / "forms" / "抽查台账.txt"
        assert path.read_text(encoding="utf-8").split("\n") == list(export.draw.subjects)

    def test_a_form_outside_the_cited_forms_filed_is_refused(self, tmp_path: Path) -> None:
        registry = _weidu(tmp_path, LOCAL_PROFILE.replace('Form("魏都区抽查台账"', 'Form("魏都区检查记录"'))
        with pytest.raises(ProfileError, match=r"魏都区检查记录.*not among the forms the profile files"):
            registry.resolve("weidu", D(2025, 9, 22)).forms()

    def test_a_profile_that_is_not_in_force_answers_nothing(self, tmp_path: Path) -> None:
        registry = _weidu(tmp_path)
        assert registry.resolve("weidu", D(2025, 2, 28)).forms() == ()
        assert REGISTRY.resolve("hebi", D(2021, 1, 1)).forms() == ()  # the 2020 campaign is over

    def test_the_nearest_profile_that_answers_wins_and_none_defers_to_the_parent(self, tmp_path: Path) -> None:
        child = LOCAL_PROFILE.replace('"xuchang",', '"lengshuitan",').replace(
            '"411002", "魏都区", "县区", "411000"', '"431199", "某区", "县区", "431100"')
        own = _weidu(tmp_path, child).resolve("weidu", D(2025, 9, 22))
        assert [f.name for f in own.forms()] == ["魏都区抽查台账"]
        assert [d.key for d in own.duties()] == [  # it supplies none: inherited
            "own_feedback", "filing_form", "filing_form_subject_copy", "satisfaction_card"]
        deferring = child.replace(
            'return [Form("魏都区抽查台账", "抽查台账.txt", DOC.cite("第九条"), False, write_ledger)]', "return None")
        silent = deferring.replace('(Rule("forms.filed", ("《魏都区抽查台账》",), DOC.cite("第九条")),)', "()")
        inherited = _weidu(tmp_path, silent).resolve("weidu", D(2025, 9, 22))
        assert inherited.forms() == REGISTRY.resolve("lengshuitan", D(2025, 9, 22)).forms()
        # the parent's form is not among what the child's own forms.filed cites: refused, not written silently
        with pytest.raises(ProfileError, match="not among the forms the profile files"):
            _weidu(tmp_path, deferring).resolve("weidu", D(2025, 9, 22)).forms()

    def test_an_answer_of_the_wrong_kind_is_refused(self, tmp_path: Path) -> None:
        registry = _weidu(tmp_path, LOCAL_PROFILE.replace(
            'return [Form("魏都区抽查台账", "抽查台账.txt", DOC.cite("第九条"), False, write_ledger)]',
            'return ["抽查台账.txt"]'))
        with pytest.raises(ProfileError, match="answer a list of Form values"):
            registry.resolve("weidu", D(2025, 9, 22)).forms()

    def test_a_writer_that_writes_elsewhere_is_refused(self, tmp_path: Path) -> None:
        registry = _weidu(tmp_path, LOCAL_PROFILE.replace("return path\n", "return path.with_name('x.txt')\n"))
        export = attrs.evolve(lengshuitan_export(), profile=registry.resolve("weidu", D(2025, 9, 22)))
        with pytest.raises(ProfileError, match=r"wrote .*x\.txt"):
            write_plan_forms(tmp_path / "forms", export)

    @settings(max_examples=30, deadline=None)
    @given(st.text(min_size=1, max_size=12).filter(lambda t: t.strip() and "/" not in t and "\\" not in t
                                                    and not t.strip().startswith(".")))
    def test_a_form_names_a_plain_file(self, name: str) -> None:
        form = Form("台账", name, DOC.cite("第九条"), False, lambda path, export: path)
        assert form.file_name == name.strip() and "/" not in form.file_name
        with pytest.raises(ProfileError, match="not a plain file name"):
            Form("台账", f"sub/{name}", DOC.cite("第九条"), False, lambda path, export: path)

    def test_a_form_handed_to_the_subject_carries_no_personal_data(self) -> None:
        [filing] = REGISTRY.resolve("lengshuitan", D(2025, 9, 22)).forms()
        assert filing.copies == ("区优化办", "检查单位", "检查对象") and filing.copy_to_subject
        assert not filing.personal_data
        with pytest.raises(ProfileError, match="handed to the subject and carries personal data"):
            Form("台账", "台账.xlsx", DOC.cite("第九条"), True, lambda path, export: path, copy_to_subject=True)


def _weidu_with_duties(*duties: Duty) -> Any:
    """A 魏都 profile under 许昌 whose package adds ``duties``, resolved on 2025-09-22."""
    class Plugin:
        @hookimpl
        def random_inspection_profile(self) -> Profile:
            return Profile("weidu", "魏都区应急管理局", Jurisdiction("411002", "魏都区", "县区", "411000"),
                           "xuchang", (DOC,), ())

        @hookimpl
        def random_inspection_duties(self) -> list[Duty]:
            return list(duties)

    return ProfileRegistry(plugins=[("weidu", Plugin())]).resolve("weidu", D(2025, 9, 22))


FORM_FILED = ProfileStep("登记台账", "ledger_kept", Action.FILE_FORM)
CARD_SENT = ProfileStep("报送反馈卡", "card_sent", Action.FILE_FORM)


class TestDuties:
    def test_lengshuitans_duties_come_from_its_package(self) -> None:
        profile = REGISTRY.resolve("lengshuitan", D(2025, 9, 22))
        assert profile.duties() == lengshuitan_duties.DUTIES
        keys = [s.key for s in obligation_specs(profile)]
        assert keys[-4:] == ["own_feedback", "filing_form", "filing_form_subject_copy", "satisfaction_card"]
        assert all(d.period is None for d in profile.duties())  # the 细则 sets no period for any of them
        assert "filing_form" not in [s.key for s in obligation_specs(REGISTRY.resolve("xuchang", D(2025, 9, 22)))]

    def test_a_duty_with_a_period_is_counted_and_one_without_waits_for_the_plan(self) -> None:
        with_period = Duty("ledger", "登记台账", DOC.cite("第九条"), Step.ENDED, FORM_FILED, WorkingDays(3))
        without = Duty("card", "报送反馈卡", DOC.cite("第十条"), Step.ENDED, CARD_SENT)

        profile = _weidu_with_duties(with_period, without)
        record = InspectionRecord("91411002MA0000000X", "P-1", InspectionKind.DOUBLE_RANDOM, "yjj", ("p1", "p2"),
                                  (), events={Step.ENDED: D(2025, 9, 26)})
        found = {o.key: o for o in obligations(record, profile, WorkingCalendar(), periods={"card": WorkingDays(5)})}
        assert found["ledger"].due == deadline(D(2025, 9, 26), WorkingDays(3), WorkingCalendar()).due
        assert found["ledger"].citation.article == "第九条" and not found["ledger"].period_from_plan
        assert found["card"].period_from_plan and found["card"].due is not None
        with pytest.raises(InvalidInputError, match="already sets"):
            obligations(record, profile, WorkingCalendar(), periods={"ledger": WorkingDays(5)})

    def test_a_duty_with_no_step_or_a_generic_key_is_refused(self) -> None:
        def registry_with(duty: Duty) -> Any:
            return _weidu_with_duties(duty)

        with pytest.raises(ProfileError, match="which is no step"):
            obligation_specs(registry_with(Duty("ledger", "台账", DOC.cite("第九条"), "报送", FORM_FILED)))
        with pytest.raises(ProfileError, match="key of one of the library's obligations, with other steps"):
            obligation_specs(registry_with(Duty("feedback", "反馈", DOC.cite("第九条"), Step.DRAWN, Step.FED_BACK)))
        with pytest.raises(ProfileError, match="key of one of the library's obligations, with other steps"):
            obligation_specs(registry_with(Duty("feedback", "反馈", DOC.cite("第九条"), Step.ENDED, Step.FED_BACK,
                                                WorkingDays(3))))

    def test_a_duty_with_a_generic_key_and_its_steps_words_that_obligation(self) -> None:
        specs = obligation_specs(_weidu_with_duties(Duty("feedback", "逐户当面反馈", DOC.cite("第九条"), Step.ENDED,
                                                         Step.FED_BACK)))
        generic = [s.key for s in OBLIGATIONS]
        assert [s.key for s in specs] == generic  # in its place, never added a second time
        (feedback,) = [s for s in specs if s.key == "feedback"]
        assert feedback.title == "逐户当面反馈" and feedback.rule == "limit.feedback" and feedback.citation is None

    def test_hebis_hand_over_is_worded_by_its_package(self) -> None:
        """The form's title comes from 鹤壁's package (五(五)); the library's obligation words it neutrally."""
        (library,) = [s for s in OBLIGATIONS if s.key == "record_handover"]
        assert library.title == "将检查记录移交联合抽查办公室"
        (hebi,) = [s for s in obligation_specs(REGISTRY.resolve("hebi", D(2020, 7, 3))) if s.key == "record_handover"]
        assert hebi.title == "将《联合抽查记录表》移交联合抽查办公室" and hebi.rule == "limit.record_handover"
        (other,) = [s for s in obligation_specs(REGISTRY.resolve("xuchang", D(2025, 9, 22)))
                    if s.key == "record_handover"]
        assert other.title == library.title


class TestReportTables:
    def test_hebis_summary_is_a_report_table_of_its_package(self, tmp_path: Path) -> None:
        export = hebi_export()
        (table,) = export.profile.report_tables()
        assert table.name == "联合抽查汇总表" and table.citation.article == "附件3"
        assert table.build.__module__ == "random_inspection_profiles.hebi.reports"
        header, rows = table.build(export)
        assert list(header[:2]) == ["单位", "抽查户数"] and "发现问题后处理待续" in header
        assert rows[-1][0] == "合计"
        names = [p.name for p in write_reports(tmp_path, export)]
        assert "报告-联合抽查汇总表.csv" in names

    def test_a_report_table_with_personal_data_is_refused(self, tmp_path: Path) -> None:
        export = hebi_export()

        def phones(e: PlanExport) -> tuple[list[str], list[list[str]]]:
            return ["电话"], [["13912345678"]]

        class Plugin:
            @hookimpl
            def random_inspection_profile(self) -> Profile:
                always = Document("淇滨区“双随机、一公开”实施细则", issuer="淇滨区")  # no dates: always in force
                return Profile("qibin", "淇滨区", Jurisdiction("410611", "淇滨区", "县区", "410600"), "hebi",
                               (always,), ())

            @hookimpl
            def random_inspection_report_tables(self) -> list[ReportTable]:
                return [ReportTable("联系表", DOC.cite("第九条"), phones)]

        registry = ProfileRegistry(plugins=[("qibin", Plugin())])
        child = attrs.evolve(export, profile=registry.resolve("qibin", export.profile.as_of))
        with pytest.raises(PersonalDataError, match="联系表"):
            write_reports(tmp_path, child)
