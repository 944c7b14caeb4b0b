"""洛阳市偃师区应急管理局 — 偃应急〔2023〕18号《2023年“双随机、一公开”监管工作实施方案》.

A plan for the year 2023: its rules are taken to be in force from 2023-01-01 to 2023-12-31 — the title names
the year, the document bears no other dates (an assumption, shown in explain). Rules in the order of the sections.
"""

from __future__ import annotations

import datetime as dt

from random_inspection.model import DateBasis, Document, EnforcementDomain, IndustryTradeSector, Jurisdiction, Role
from random_inspection.profiles import Event, Profile, Rule, SameAct, hookimpl
from random_inspection.timelimits import Days, WorkingDays

YEAR_PLAN = "the title names the year 2023 (《2023年…实施方案》) and the document bears no date of force: taken as the calendar year"

DOC = Document(
    "2023年“双随机、一公开”监管工作实施方案",
    doc_number="偃应急〔2023〕18号",
    issuer="洛阳市偃师区应急管理局",
    effective_from=dt.date(2023, 1, 1),
    effective_until=dt.date(2023, 12, 31),
    from_basis=DateBasis.assumed(YEAR_PLAN),
    until_basis=DateBasis.assumed(YEAR_PLAN),
)
cite = DOC.cite

RULES = (
    Rule("pool.subjects.domains", (EnforcementDomain.INDUSTRY_TRADE,), cite("二(一)")),
    Rule("pool.subjects.sectors", (
        IndustryTradeSector.METALLURGY, IndustryTradeSector.NONFERROUS, IndustryTradeSector.BUILDING_MATERIALS,
        IndustryTradeSector.MACHINERY, IndustryTradeSector.LIGHT_INDUSTRY, IndustryTradeSector.TEXTILE,
    ), cite("二(一)"), "冶金、有色、建材、机械、轻工、纺织等工贸行业企业", open_list=True),
    Rule("pool.inspectors.requirement", "机关行业监管科室和综合行政执法大队取得有效行政执法证件的正式工作人员",
         cite("二(二)")),
    Rule("pool.inspectors.units", ("机关行业监管科室", "综合行政执法大队"), cite("二(二)")),
    Rule("limit.publication", WorkingDays(5), cite("二(三)"),
         "自检查结果产生之日起5个工作日内……由检查人员在国家企业信用信息公示系统（河南）上录入抽查结果",
         runs_from=Event.RESULT_PRODUCED),
    Rule("disclosure.principle", "谁检查、谁录入、谁公开", cite("二(三)")),
    Rule("disclosure.platforms", ("国家企业信用信息公示系统（河南）", "单位门户网站", "企业信用平台"),
         cite("二(三)、四.4")),
    Rule("checklist.areas", (
        "安全生产行政审批、管理机构和人员、责任制和规章制度、安全费用、事故报告、持证上岗",
        "重大危险源、安全警示标志和安全设备维护",
        "应急预案、应急救援组织和器材",
        "建设项目安全设施“三同时”",
        "安全生产教育培训、劳动防护用品、危险因素告知",
        "隐患排查治理",
        "高风险工艺、设备、场所、岗位、物品的分级监管",
        "同一作业区域安全管理、承包承租单位协调管理",
        "《河南省安全生产风险管控与隐患治理办法》规定检查的内容",
        "其他按照规定应当检查的情况",
    ), cite("三")),
    Rule("team.by_industry", True, cite("四.2"),
         "依据被检查单位的行业特点，随机抽取一定数量的执法人员。按照监管职责分工以及检查任务需要对检查任务和执法人员进行分组"),
    Rule("inspection.preparation", (
        "了解检查对象的基本情况", "编制现场检查方案", "准备检查所需的照相、录音录像、检验、检测工具仪器",
        "佩戴必要的防护用品", "将检查情况同步全程记录",
    ), cite("四.3")),
    Rule("limit.publication_portal", Days(5), cite("四.4"), "执法检查结束后，各单位要于5日内在单位门户网站和企业信用平台中公开执法检查情况",
         # the 企业信用平台 of 四.4 is the 国家企业信用信息公示系统（河南） of 二(三): one publication, two periods
         also_governs=(SameAct("limit.publication", cite("二(三)、四.4"),
                               "四.4 在单位门户网站和企业信用平台中公开 and 二(三) 在国家企业信用信息公示系统（河南）上录入抽查结果"
                               ": the credit platform is the same"),)),
    Rule("conduct", (
        "不得妨碍生产经营单位正常的生产经营活动", "不得索取、收受被检查对象及相关利益人的财物或其他利益",
    ), cite("五(四)")),
    # who does each step
    Rule("actors.record_result", (Role.INSPECTOR,), cite("二(三)"),
         "按照“谁检查、谁录入、谁公开”的原则，由检查人员在国家企业信用信息公示系统（河南）上录入抽查结果"),
    Rule("actors.publish", (Role.INSPECTOR,), cite("二(三)"), "谁检查、谁录入、谁公开"),
    Rule("actors.draw", (Role.DOUBLE_RANDOM_OFFICE,), cite("四.1、四.2"),
         "法规科……随机抽取一定数量的生产经营单位作为检查对象……法规科依据被检查单位的行业特点，随机抽取一定数量的执法人员"),
    # the check beyond the role this document states
    Rule("checks.own_inspection", "谁检查、谁录入、谁公开", cite("二(三)"),
         "按照“谁检查、谁录入、谁公开”的原则，由检查人员在国家企业信用信息公示系统（河南）上录入抽查结果"),
)


@hookimpl
def random_inspection_profile() -> Profile:
    return Profile("yanshi", "偃师区应急管理局", Jurisdiction("410307", "偃师区", "县区", "410300"), "luoyang",
                   (DOC,), RULES)
