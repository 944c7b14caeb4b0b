"""鹤壁市部门联合“双随机一公开”监管工作联席会议办公室 — 鹤双随机办〔2020〕19号
《鹤壁市工业企业安全生产监督检查“双随机、一公开”跨部门联合监管实施方案》.

A joint campaign of 市应急管理局 (lead) and 市市场监管局, dated 2020-07-03 (printed 2020-09-03), for
inspections in 2020年7月 (三(一)). In force from 2020-07-03; the document states no end, and its end is taken
as the end of the campaign's year, 2020-12-31 (an assumption, shown in explain). A time limit that runs on
past the year is resolved on the date of the inspection that started it. Rules in the order of the sections,
then the attachments.

The package also supplies what the profile puts out: its four attachments as forms (:mod:`.forms`) and 附件3 as
a report table (:mod:`.reports`). They are imported when the hooks are called, so loading the profile does not
load the spreadsheet writers.
"""

from __future__ import annotations

import datetime as dt

from random_inspection.model import (
    ChecklistItem,
    DateBasis,
    DayRange,
    Department,
    Document,
    HandlingOutcome,
    Jurisdiction,
    ResultCode,
    ResultScheme,
    Role,
)
from random_inspection.profiles import (
    AreaNames,
    Duty,
    Form,
    Profile,
    Provision,
    ReportTable,
    Rule,
    Treatment,
    hookimpl,
)
from random_inspection.timelimits import Days, WorkingDays

DOC = Document(
    "鹤壁市工业企业安全生产监督检查“双随机、一公开”跨部门联合监管实施方案",
    doc_number="鹤双随机办〔2020〕19号",
    issuer="鹤壁市部门联合“双随机一公开”监管工作联席会议办公室",
    issued=dt.date(2020, 7, 3),
    effective_from=dt.date(2020, 7, 3),
    effective_until=dt.date(2020, 12, 31),
    from_basis=DateBasis.assumed("the notice of 2020年7月3日 asks that it be carried out (请结合实际认真贯彻执行) and "
                                 "states no other first day: taken as in force from that day"),
    until_basis=DateBasis.assumed("the document states no end; its inspections are of 2020年7月 (三(一)): taken as "
                                  "in force to the end of that year, so time limits started in July run their course"),
)
cite = DOC.cite

RESULT_SCHEME = ResultScheme(
    "鹤壁 联合抽查检查结果",
    (
        # 附件4 备注: 5 and 8 say 发现问题; 2, 3, 4 and 6 each record a failing of the subject (its 公示, its
        # address, its cooperation) that the 处理结果 of 附件3 and the transfer of 五(六) follow; 1 and 7 find none
        ResultCode(1, "no_problem_found", "未发现问题"),
        ResultCode(2, "required_information_not_published", "未按规定公示应当公示的信息", finds_problem=True),
        ResultCode(3, "published_information_false", "公示信息隐瞒真实情况弄虚作假", finds_problem=True),
        ResultCode(4, "unreachable_at_registered_address", "通过登记的住所（经营场所）无法联系", finds_problem=True),
        ResultCode(5, "problem_found_ordered_to_correct", "发现问题已责令改正", finds_problem=True),
        ResultCode(6, "serious_non_cooperation", "不配合检查情节严重", finds_problem=True),
        ResultCode(7, "no_relevant_business_activity", "未发现开展本次抽查涉及的经营活动"),
        ResultCode(8, "problem_found_pending_follow_up", "发现问题待后续处理", finds_problem=True),
    ),
    cite("附件3、附件4 备注"),
    (
        HandlingOutcome("ordered_to_correct", "责令改正"),
        HandlingOutcome("case_filed", "立案处理"),
        HandlingOutcome("licensing_department_notified", "函告许可部门"),
        HandlingOutcome("transferred_to_judiciary", "移送司法机关"),
    ),
    non_cooperation=6,  # 附件4 备注 6 不配合检查情节严重
)

def _items(department: str, prefix: str, names: tuple[str, ...]) -> tuple[ChecklistItem, ...]:
    # 附件4 lists the items by department without codes or stated bases: codes are numbered here in its order.
    return tuple(
        ChecklistItem(f"{prefix}-{i}", name, name, None, department, method="实地检查")
        for i, name in enumerate(names, 1)
    )


CHECKLIST = _items("yjj", "HB-YJ", (
    "建立风险管控和隐患排查治理制度，开展风险辨识、分级管控和事故隐患排查治理情况的检查",
    "对安全设备的维护、保养、定期检查情况的检查",
    "建立和落实安全生产责任制、安全生产规章制度和操作规程、作业规程情况的检查",
    "依法设置安全生产管理机构和配备安全生产管理人员情况的检查",
)) + _items("scjgj", "HB-SC", (
    "是否配备安全管理机构或配备专兼职管理人员",
    "是否按规定建立安全管理制度和岗位安全责任制",
    "是否制定特种设备应急专项预案并有演练记录",
    "是否建立设备档案，档案是否齐全",
    "在用特种设备是否在检验有效期内",
    "在用特种设备是否按规定进行日常维护保养或者定期自行检查并有记录",
    "特种设备安全管理人员和作业人员证件是否在有效期内",
    "是否有特种设备作业人员培训记录",
))

DEPARTMENTS = (
    Department("yjj", "鹤壁市应急管理局", "410600"),
    Department("scjgj", "鹤壁市市场监督管理局", "410600"),
)

RULES = (
    Rule("scope.principles", ("依法监管原则", "公正高效原则", "公开透明原则"), cite("二")),
    Rule("plan.window", DayRange(dt.date(2020, 7, 1), dt.date(2020, 7, 31), "2020年7月"), cite("三(一)"),
         "抽查时间：2020年7月"),
    Rule("pool.subjects.scope", "市区已登记注册，处于存续状态的工业企业", cite("三(二)")),
    Rule("draw.fixed_count", 1, cite("三(二)"), "抽取1家工业企业作为检查对象"),
    Rule("joint.departments", DEPARTMENTS, cite("五(一)"), "市应急管理局、市市场监管局联合开展本次抽查"),
    Rule("joint.lead", "市应急管理局", cite("六(一)"), "市应急管理局分管领导为组长……办公室设在市应急管理局",
         reading="the document names no lead department in words: the 领导小组's 组长 is of 市应急管理局 and its 办公室 "
                 "sits there, so 市应急管理局 is read as the lead"),
    Rule("plan.platform_only", True, cite("五(一)"),
         "通过市“双随机、一公开”监管平台建立检查对象库和执法人员库，随机抽取检查对象和执法人员"),
    Rule("plan.platform", "市“双随机、一公开”监管平台", cite("五(一)"), "随机抽取检查对象和执法人员"),
    Rule("checklist.items", CHECKLIST, cite("四、附件4"), "按照《联合检查记录表》列明的监督检查项目对被检查单位进行监督检查"),
    Rule("inspection.methods", ("实地检查", "其他检查方式同步进行"), cite("五(三)")),
    Rule("results.referral", (
        "属于当场可纠正的，应依法责令立即纠正",
        "对于依法应当取得而未取得许可证等属于立案查处的，按照法律、法规、规章规定的程序处理",
        "涉嫌犯罪的，依照有关规定移送司法机关",
    ), cite("五(四)")),
    Rule("limit.record_handover", Days(10), cite("五(五)"),
         "各检查组须于抽查结束后10日内将《联合抽查记录表》移交联合抽查领导小组办公室", title="移交《联合抽查记录表》"),
    Rule("joint.office_agrees_results", True, cite("五(五)"),
         "联合抽查领导小组办公室结合《联合抽查记录表》与参加联合检查的各部门执法人员共同协商汇总结果"),
    Rule("disclosure.platforms", ("国家企业信用信息公示系统（河南）",), cite("五(五)")),
    Rule("disclosure.principle", "由执法检查人员通过“国家企业信用信息公示系统（河南）”对外公示", cite("五(五)")),
    Rule("disclosure.inspection_only", True, cite("五(五)"),
         "抽查检查结果的公示只针对检查行为本身，后续对检查对象做出的列入经营异常名录、行政处罚等监管执法结果信息应按照规定程序另行公示"),
    Rule("limit.problem_transfer", Days(10), cite("五(六)"),
         "应于联合抽查结束后10日内……拟《关于移交双随机抽查有关问题的函》将有关问题和资料移交相关部门"),
    Rule("limit.case_or_reply", Days(7), cite("五(六)"), "应于7日内立案查处……应于7日内书面回复",
         reading="the text does not say from when the 7日 run: counted from the day the department receives the "
                 "《关于移交双随机抽查有关问题的函》 (收到移交函), the first day it can act; its 审核认定, which the text "
                 "puts first, has no date the office can see"),
    Rule("limit.case_outcome", WorkingDays(20), cite("五(六)"),
         "相关部门应于结案后20个工作日内，以书面形式告知……案件查处结果并通过“国家企业信用信息公示系统（河南）”公示行政处罚信息"),
    Rule("team.leader", True, cite("六(三)"), "联合检查组实行组长负责制"),
    Rule("conduct", ("严禁接受任何形式的吃请和礼品", "严守各项工作纪律，做到文明执法，廉洁执法"), cite("六(三)")),
    Rule("results.scheme", RESULT_SCHEME, cite("附件3、附件4 备注"),
         reading="附件4 备注 lists the eight results without saying which find a problem: all but 1 未发现问题 and "
                 "7 未发现开展本次抽查涉及的经营活动 are read as finding one (a follow-up is owed where a profile says "
                 "后续处置无例外)"),
    Rule("forms.filed", ("联合抽查记录表", "联合抽查统计表", "联合抽查汇总表", "随机抽取执法检查人员信息表"),
         cite("六(四)、附件1-4"), "及时将《联合抽查记录表》、《联合抽查统计表》、《联合抽查汇总表》报联合抽查领导小组办公室",
         reading="六(四) has three forms reported to the office (附件4, 附件2, 附件3); 附件1, the drawn inspectors' table, "
                 "is attached to the document without a word on where it goes: it is written beside them for the "
                 "office's file"),
    # who does each step
    Rule("actors.commit_plan", (Role.JOINT_OFFICE,), cite("五(一)"),
         "市联合抽查领导小组办公室负责……通过市“双随机、一公开”监管平台建立检查对象库和执法人员库"),
    Rule("actors.draw", (Role.JOINT_OFFICE,), cite("五(一)"), "随机抽取检查对象和执法人员"),
    Rule("actors.hand_over", (Role.INSPECTOR,), cite("五(五)"),
         "各检查组须于抽查结束后10日内将《联合抽查记录表》移交联合抽查领导小组办公室",
         title="移交《联合抽查记录表》：由谁进行"),
    Rule("actors.record_result", (Role.JOINT_OFFICE, Role.INSPECTOR), cite("五(三)、五(五)"),
         "由联合检查组对抽中市场主体开展实地核查，检查中遵照抽查事项检查作业指导书，逐项填写联合检查记录表……"
         "联合抽查领导小组办公室结合《联合抽查记录表》与参加联合检查的各部门执法人员共同协商汇总结果",
         reading="the 联合检查组 fills the record item by item (五(三)) and the office settles the result with the "
                 "inspectors (五(五)): a result may be recorded by either"),
    Rule("actors.publish", (Role.INSPECTOR,), cite("五(五)"), "由执法检查人员通过“国家企业信用信息公示系统（河南）”对外公示"),
    Rule("actors.transfer", (Role.DOUBLE_RANDOM_OFFICE,), cite("五(六)"),
         "市“双随机、一公开”工作领导小组办公室负责检查结果流转、问题线索移交工作"),
    Rule("actors.close", (Role.RECEIVING_DEPARTMENT,), cite("五(六)"),
         "相关部门经审核认定检查对象存在问题或基本违法事实成立，符合立案条件的，应于7日内立案查处……"
         "应于7日内书面回复……相关部门应于结案后20个工作日内，以书面形式告知"),
)

PROVISIONS = (
    Provision(cite("一"), "了解工业企业安全生产经营情况，规范企业安全生产制度制定、落实情况", Treatment.NOT_OPERATIVE,
              "the campaign's guiding idea (指导思想)"),
    Provision(cite("五(二)"), "严格按照市“双随机、一公开”工作领导小组办公室制定的联合抽查领导小组工作制度……等工作制度开展随机抽查",
              Treatment.OUTSIDE, "the eight 工作制度 are the office's own documents, not part of this one; what this one "
              "says of them is encoded where it says it: 组长负责 (六(三) team.leader), 结果集体研究 (五(五) "
              "joint.office_agrees_results), 结果流转处理 (五(六) limit.problem_transfer)"),
    Provision(cite("五(二)"), "根据各单位检查事项清单制定《联合检查记录表》", Treatment.OUTSIDE,
              "the office draws up the record form from the departments' lists; its items are 附件4 (checklist.items)"),
    Provision(cite("六(二)"), "做好车辆、经费保障，确保抽查任务按时高效完成", Treatment.NOT_OPERATIVE,
              "means and scheduling of the teams: no step to check"),
    Provision(cite("六(四)"), "办公室要认真总结抽查工作经验，形成书面材料报市“双随机、一公开”工作领导小组办公室",
              Treatment.OUTSIDE, "a written summary the office reports after the campaign; the library's reports "
              "(附件3) are its figures"),
)
"""The sections, or parts, the profile does not encode as rules."""


@hookimpl
def random_inspection_profile() -> Profile:
    return Profile("hebi", "鹤壁市部门联合“双随机一公开”监管工作联席会议办公室",
                   Jurisdiction("410600", "鹤壁市", "市", "410000"), "henan", (DOC,), RULES, provisions=PROVISIONS)


@hookimpl
def random_inspection_forms() -> list[Form]:
    from random_inspection_profiles.hebi.forms import FORMS

    return list(FORMS)


@hookimpl
def random_inspection_duties() -> list[Duty]:
    from random_inspection_profiles.hebi.duties import DUTIES

    return list(DUTIES)


@hookimpl
def random_inspection_report_tables() -> list[ReportTable]:
    from random_inspection_profiles.hebi.reports import summary_report

    return [ReportTable("联合抽查汇总表", cite("附件3"), summary_report)]


@hookimpl
def random_inspection_area_names() -> list[AreaNames]:
    from random_inspection_profiles.areas import HEBI

    return [HEBI]
