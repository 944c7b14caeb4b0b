"""洛阳市偃师区应急管理局 — 偃应急〔2023〕18号《2023年“双随机、一公开”监管工作实施方案》.

A plan for the year 2023: its rules are taken to be in force from 2023-01-01 to 2023-12-31 — the title names
the year, the document bears no other dates (an assumption, shown in explain). Rules in the order of the sections.
"""

from __future__ import annotations

import datetime as dt

from random_inspection.model import DateBasis, Document, EnforcementDomain, IndustryTradeSector, Jurisdiction, Role
from random_inspection.profiles import Event, Profile, Provision, Rule, SameAct, Treatment, hookimpl
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
    Rule("pool.inspectors.units", ("机关行业监管科室", "综合行政执法大队"), cite("二(二)"),
         reading="机关行业监管科室 names a kind of unit, not a unit a roster lists: the units are matched to the roster's "
                 "单位 as written, or to the bureau's own names of them given by the plan ([draw] units)"),
    Rule("pool.inspectors.regular_staff", True, cite("二(二)"),
         "随机抽取机关行业监管科室和综合行政执法大队取得有效行政执法证件的正式工作人员"),
    Rule("limit.publication", WorkingDays(5), cite("二(三)"),
         "自检查结果产生之日起5个工作日内……由检查人员在国家企业信用信息公示系统（河南）上录入抽查结果",
         runs_from=Event.RESULT_PRODUCED),
    Rule("disclosure.principle", "谁检查、谁录入、谁公开", cite("二(三)")),
    Rule("plan.platform_only", True, cite("四.1"), "在省信用信息系统中随机抽取一定数量的生产经营单位作为检查对象"),
    Rule("plan.platform", "省信用信息系统", cite("四.1"), "在省信用信息系统中随机抽取"),
    Rule("disclosure.platforms", ("国家企业信用信息公示系统（河南）", "单位门户网站", "企业信用平台"),
         cite("二(三)、四.4")),
    Rule("checklist.areas", (
        "依法通过有关安全生产行政审批的情况；安全生产管理机构 and 安全生产管理人员设置配备情况；建立和落实安全生产责任制、安全生产"
        "规章制度和操作规程、作业规程的情况；安全费用提取、使用情况及安全投入情况；生产安全事故报告情况；负责人、安全管理人员和特种"
        "作业人员取证上岗情况",
        "重大危险源登记建档、定期检测、评估、监控和制定应急预案的情况；安全警示标志设置和对安全设备的维护、保养、定期检测的情况",
        "制定、实施生产安全事故应急预案，定期组织应急预案演练，以及有关应急预案备案的情况；危险物品的生产、经营、储存单位以及矿山、"
        "金属冶炼单位建立应急救援组织或者兼职救援队伍、签订应急救援协议情况；应急救援器材、设备和物资的配备、维护、保养的情况以及配备"
        "或者聘用注册安全工程师情况",
        "新建、改建、扩建工程项目的安全设施与主体工程同时设计、同时施工、同时投入生产和使用，以及按规定办理设计审查和竣工验收的情况",
        "对从业人员、被派遣劳动者和实习学生的安全生产教育、培训情况；劳动防护用品的提供和佩戴使用情况；向从业人员如实告知作业场所和"
        "工作岗位存在的危险因素、防范措施以及事故应急措施的情况",
        "生产经营单位实施隐患排查治理以及建立健全生产安全事故隐患排查治理制度情况",
        "高风险工艺、高风险设备、高风险场所、高风险岗位、高风险物品的分级监管制度建立和落实情况",
        "同一作业区域内进行生产经营活动时的安全管理状况；对承包单位、承租单位安全生产工作的协调管理等情况",
        "《河南省安全生产风险管控与隐患治理办法》规定检查的内容",
        "其他按照规定应当检查的情况",
    ), cite("三"), "执法检查的基本内容为生产经营单位是否具备有关法律、法规、规章和国家标准或者行业标准规定的安全生产条件，"
       "重点检查下列对象和事项"),
    Rule("team.by_industry", True, cite("四.2"),
         "依据被检查单位的行业特点，随机抽取一定数量的执法人员。按照监管职责分工以及检查任务需要对检查任务和执法人员进行分组",
         reading="the words say what the choice is based on and set no number: read as a preference — a team asks "
                 "one inspector tagged with the subject's sector wherever the pool can give every such subject one, "
                 "and a sector it cannot serve is reported, never a draw refused"),
    Rule("inspection.preparation", (
        "了解检查对象的基本情况", "编制现场检查方案", "准备检查所需的照相、录音录像、检验、检测工具仪器",
        "佩戴必要的防护用品", "将检查情况同步全程记录",
    ), cite("四.3")),
    Rule("limit.publication_portal", Days(5), cite("四.4"), "执法检查结束后，各单位要于5日内在单位门户网站和企业信用平台中公开执法检查情况",
         # the 企业信用平台 of 四.4 is the 国家企业信用信息公示系统（河南） of 二(三): one publication, two periods
         also_governs=(SameAct("limit.publication", cite("二(三)、四.4"),
                               "四.4 在单位门户网站和企业信用平台中公开 and 二(三) 在国家企业信用信息公示系统（河南）上录入抽查结果"
                               ": the credit platform is the same"),)),
    Rule("followup.violations", ("依法从严查处", "及时公布查处结果"), cite("四.4"),
         "对检查中发现的违法违规行为，要依法从严查处，并及时公布查处结果"),
    Rule("conduct", (
        "不得妨碍生产经营单位正常的生产经营活动", "不得索取、收受被检查对象及相关利益人的财物或其他利益",
    ), cite("五(四)")),
    # who does each step
    Rule("actors.record_result", (Role.INSPECTOR,), cite("二(三)"),
         "按照“谁检查、谁录入、谁公开”的原则，由检查人员在国家企业信用信息公示系统（河南）上录入抽查结果"),
    Rule("actors.publish", (Role.INSPECTOR, Role.UNDERTAKING_SECTION), cite("二(三)、四.4"),
         "谁检查、谁录入、谁公开……执法检查结束后，各单位要于5日内在单位门户网站和企业信用平台中公开执法检查情况",
         reading="二(三) has the inspectors enter and publish the result; 四.4 binds 各单位 — the 科室 and the 大队 the "
                 "inspectors come from (二(二)) — to publish on their portal and the credit platform: either records a "
                 "publication"),
    Rule("actors.draw", (Role.DOUBLE_RANDOM_OFFICE,), cite("四.1、四.2"),
         "法规科……随机抽取一定数量的生产经营单位作为检查对象……法规科依据被检查单位的行业特点，随机抽取一定数量的执法人员"),
    # the check beyond the role this document states
    Rule("checks.own_inspection", "谁检查、谁录入、谁公开", cite("二(三)"),
         "按照“谁检查、谁录入、谁公开”的原则，由检查人员在国家企业信用信息公示系统（河南）上录入抽查结果"),
)

PROVISIONS = (
    Provision(cite("一"), "规范安全生产监督管理执法行为，切实解决检查任意性，避免同一生产经营单位多层次重复执法等现象",
              Treatment.NOT_OPERATIVE, "the plan's aims (工作目标)"),
    Provision(cite("五(一)"), "要加强督促指导和业绩考评，将其纳入年终责任目标考核内容", Treatment.NOT_OPERATIVE,
              "leadership and performance review: no step to check"),
    Provision(cite("五(二)"), "加强对生产经营单位的宣传和引导……要加强执法人员业务培训", Treatment.NOT_OPERATIVE,
              "publicity and training: no step to check"),
    Provision(cite("五(三)"), "坚持凡执法检查必录入系统，凡行政处罚必须依法公开", Treatment.OUTSIDE,
              "entry of every inspection on the 系统 and publication of every penalty are the platform's; the "
              "library's part is 二(三)'s entry and publication of each result (limit.publication)"),
    Provision(cite("五(四)"), "必须要严格按照执法计划和“双随机一公开”抽取的企业进行安全生产行政执法", Treatment.NOT_OPERATIVE,
              "the library accepts results only for the subjects a committed plan drew (store.inforce), which is the "
              "part of this a library can hold"),
)
"""The sections, or parts, the profile does not encode as rules."""


@hookimpl
def random_inspection_profile() -> Profile:
    return Profile("yanshi", "偃师区应急管理局", Jurisdiction("410307", "偃师区", "县区", "410300"), "luoyang",
                   (DOC,), RULES, provisions=PROVISIONS)
