"""鹤双随机办〔2020〕19号's tables: 附件2 联合抽查统计表 (a row per double-random inspection, filed with the joint
office because it carries the 法定代表人 and the 电话 the form asks for) and 附件3 联合抽查汇总表 (counts per
department, with 附件3's own header wording), the latter also written with the reports through
``random_inspection_report_tables``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from random_inspection.io import PlanExport
from random_inspection.model import Inspector, ResultScheme, Subject
from random_inspection.workflow import InspectionRecord, Step, summary_table

__all__ = [
    "RECORD_RESULTS", "STATISTICS_COLUMNS", "SUMMARY_OUTCOME_HEADERS", "SUMMARY_RESULT_HEADERS", "statistics_table",
    "summary_headers", "summary_report",
]

STATISTICS_COLUMNS = ("抽取序号", "市场主体名称", "统一社会信用代码", "注册号", "法定代表人", "地址", "电话",
                      "管辖单位", "登记单位", "检查人员", "抽查结果", "处理结果", "是否公示")
"""The columns of 鹤双随机办〔2020〕19号 附件2 联合抽查统计表, in order."""

SUMMARY_RESULT_HEADERS = (
    "未发现问题", "未按规定公示应当公示的信息", "公示信息隐瞒真实情况、弄虚作假", "通过登记住所(经营场所)无法联系",
    "发现问题已责令改正", "不配合检查情节严重", "发展本次抽查涉及经营活动", "发现问题后处理待续",
)
"""附件3's eight columns under 抽查结果, worded as its header is (the narrow columns' line breaks taken out). They
are the eight results of 附件4 备注 in the same order; the seventh and eighth read differently there
(未发现开展本次抽查涉及的经营活动, 发现问题待后续处理)."""

SUMMARY_OUTCOME_HEADERS = ("责令改正", "立案处理", "函告许可部门", "移送司法机关")
"""附件3's four columns under 处理结果."""

RECORD_RESULTS = (
    "未发现问题", "未按规定公示应当公示的信息", "公示信息隐瞒真实情况弄虚作假", "通过登记的住所（经营场所）无法联系",
    "发现问题已责令改正", "不配合检查情节严重", "未发现开展本次抽查涉及的经营活动", "发现问题待后续处理",
)
"""The eight results 附件4 备注 lists, in order."""


def statistics_table(
    records: Iterable[InspectionRecord],
    subjects: Mapping[str, Subject],
    inspectors: Mapping[str, Inspector],
    *,
    units: Mapping[str, tuple[str, str]] | None = None,
) -> list[tuple[str, ...]]:
    """附件2 联合抽查统计表: a row per double-random inspection, in the columns of :data:`STATISTICS_COLUMNS`.

    It is filed with the joint office, not published: it carries the 法定代表人 and the 电话 the form asks for.
    ``units`` gives each subject's (管辖单位, 登记单位); 注册号 is the subject's where known, else empty.
    """
    rows: list[tuple[str, ...]] = []
    double_random = [r for r in records if r.kind.counts_as_double_random]
    for n, record in enumerate(double_random, start=1):
        subject = subjects[record.subject]
        jurisdiction, registry = (units or {}).get(record.subject, ("", ""))
        rows.append((
            str(n), subject.name, subject.uscc, subject.registration_number or "",
            subject.contact.legal_representative or "", subject.contact.address or "", subject.contact.phone or "",
            jurisdiction, registry,
            "、".join(inspectors[p].name if p in inspectors else p for p in record.team),
            record.result.label if record.result else "", "、".join(h.label for h in record.handling),
            "是" if record.on(Step.PUBLISHED) else "否",
        ))
    return rows


def summary_headers(scheme: ResultScheme) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The sub-headers under 抽查结果 and 处理结果: 附件3's own wording for 鹤壁's scheme (recognised by the eight
    results of 附件4 备注 and the four outcomes), else the scheme's labels."""
    results = tuple(c.label for c in scheme)
    outcomes = tuple(o.label for o in scheme.outcomes)
    if results == RECORD_RESULTS and outcomes == SUMMARY_OUTCOME_HEADERS:
        return SUMMARY_RESULT_HEADERS, SUMMARY_OUTCOME_HEADERS
    return results, outcomes


def summary_report(export: PlanExport) -> tuple[Sequence[str], Sequence[Sequence[str | int]]]:
    """附件3 联合抽查汇总表 as one flat table for the reports: 单位, 抽查户数, then 附件3's result and outcome headers
    (:func:`summary_headers`); a row per department (by name) and 合计
    (:func:`~random_inspection.workflow.summary_table`). It holds counts only."""
    scheme: ResultScheme = export.profile.value("results.scheme")
    results, outcomes = summary_headers(scheme)
    rows = [(export.department_name(str(r[0])) if r[0] != "合计" else "合计", *r[1:])
            for r in summary_table(export.records, scheme)]
    return ("单位", "抽查户数", *results, *outcomes), rows
