"""许昌市应急管理局 — 许应急〔2023〕14号《“双随机、一公开”监管工作实施细则》.

In force from its issue on 2023-03-09 (第二十四条 本细则自发布之日起施行). Rules in the order of the articles.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from random_inspection.model import DateBasis, Document, ItemClass, Jurisdiction, ResultCode, ResultScheme, Role
from random_inspection.profiles import AreaNames, Profile, Provision, Rule, Treatment, hookimpl
from random_inspection.timelimits import WorkingDays

DOC = Document(
    "“双随机、一公开”监管工作实施细则",
    doc_number="许应急〔2023〕14号",
    issuer="许昌市应急管理局",
    issued=dt.date(2023, 3, 9),
    effective_from=dt.date(2023, 3, 9),
    from_basis=DateBasis.assumed("第二十四条 本细则自发布之日起施行; the document bears only the day it was 印发, "
                                 "2023年3月9日: its 发布 is taken to be that day"),
)
cite = DOC.cite

RESULT_SCHEME = ResultScheme(
    "许昌 检查结果",
    (
        # 第十九条第一款: 2 and 3 find a 违法违规 (a problem, handled under 第二十条); 1 finds none; 4 其他 says
        # nothing of one, so only its record's own findings can show a problem
        ResultCode(1, "no_violation_found", "未发现违法违规情况"),
        ResultCode(2, "violation_ordered_to_correct", "存在违法违规行为，依法责令改正", finds_problem=True),
        ResultCode(3, "suspected_violation_case", "涉嫌违法违规，转案件处理程序", finds_problem=True),
        ResultCode(4, "other", "其他"),
    ),
    cite("第十九条第一款"),
)

RULES = (
    Rule("scope.planned_only", True, cite("第一条第一款"), "在依法依计划实施安全生产监督检查时"),
    Rule("scope.excluded_triggers", ("投诉、举报等计划外工作任务", "上级部门交办", "其他部门移送案件线索"),
         cite("第一条第二款"),
         "对因投诉、举报等计划外工作任务、上级部门交办或其他部门移送案件线索等原因，需要对具体被监管对象实施检查时，"
         "不适用“双随机、一公开”监管方式", open_list=True,
         reading="the exclusion is of an inspection of a named subject (需要对具体被监管对象实施检查时): an inspection "
                 "gives its trigger, and one the list names (or another of its kind, 等) is not a double-random plan"),
    Rule("scope.principles", ("依法实施", "综合实施", "公开透明", "谁监管谁反馈", "谁监管谁负责"), cite("第二条")),
    Rule("draw.types", ("不定向抽查", "定向抽查"), cite("第四条第一款")),
    Rule("draw.undirected_balance", "按照地理区域均衡原则随机抽取", cite("第四条第二款")),
    Rule("draw.directed_conditions", ("市场主体类型", "所属行业", "地理区域", "抽查方案要求"), cite("第四条第三款")),
    Rule("checklist.only_listed", True, cite("第五条、第六条第一款"),
         "法律法规和规章没有规定的，一律不得擅自开展检查……制定随机抽查事项清单，明确抽查依据",
         reading="第五条 forbids a check no law provides for, and 第六条 puts every check the law provides for on the "
                 "随机抽查事项清单 with its 抽查依据: the profile reads the two together as “no check outside the list”"),
    Rule("checklist.fields", ("抽查依据", "抽查主体", "抽查内容", "抽查方式"), cite("第六条第一款")),
    Rule("plan.platform_only", True, cite("第七条、第十条"),
         "通过国家企业信用信息公示系统—河南省双随机监管工作平台操作和实现……"
         "采取河南省双随机监管工作平台抽取的方式，确定待检查市场主体名单"),
    Rule("plan.platform", "国家企业信用信息公示系统—河南省双随机监管工作平台", cite("第七条"),
         "通过国家企业信用信息公示系统—河南省双随机监管工作平台操作和实现"),
    Rule("pool.subjects.scope", "许昌市范围内存续的合法市场主体", cite("第九条")),
    Rule("team.cover_all_items", True, cite("第十一条"), "确保完成对所有抽查事项的检查"),
    Rule("pool.inspectors.kept_current", True, cite("第十一条"), "检查人员名录库随人员单位变动、岗位调整等因素给予动态调整"),
    Rule("draw.min_ratio", Fraction(1, 10), cite("第十二条"),
         "抽查工作要按比例和周期进行。一般抽查事项按不低于年度监管对象主体库的10%抽取，具体比例根据实际情况和工作需要确定",
         reading="the floor is a share of the year's 主体库 (年度监管对象主体库) that the year's plans reach together, "
                 "checked at every commit, not a floor on each plan alone; 具体比例根据实际情况和工作需要确定 lets a plan "
                 "draw more, never less"),
    Rule("draw.min_ratio_items", ItemClass.ORDINARY, cite("第十二条"), "一般抽查事项按不低于年度监管对象主体库的10%抽取"),
    Rule("inspection.methods", ("询问调查", "实地核查", "视频采集"), cite("第十五条第一款")),
    Rule("inspection.other_findings", "可依法利用其他政府部门作出的检查、核查结果和专家及专业机构作出的专业结论",
         cite("第十五条第一款")),
    Rule("limit.feedback", WorkingDays(5), cite("第十六条"), "在检查结束后5个工作日内对被检查市场主体逐户反馈检查结果"),
    Rule("feedback.service", ("直接送达", "邮寄送达"), cite("第十六条"), "可以依法采取直接送达、邮寄送达等送达方式",
         open_list=True),
    Rule("inspection.records_kept", ("市场主体实地核查记录表", "责令限期整改指令书", "行政处罚决定书"), cite("第十七条")),
    Rule("results.non_cooperation", (
        "拒绝检查人员或其委托的专业机构进入被检查场所的",
        "拒绝向检查人员或其委托的专业机构提供相关材料的",
        "不如实或不按要求提供情况或相关材料的",
        "其他阻扰、妨碍检查工作的行为，致使检查工作无法正常进行的",
    ), cite("第十八条"), "有下列情形之一的，可以认定为“不予配合情节严重”", qualifier="可以"),
    Rule("results.scheme", RESULT_SCHEME, cite("第十九条第一款"),
         reading="codes 2 and 3 find a violation in their words; 4 其他 names none, so it is not read as finding a "
                 "problem (a problem found under it is shown by the items found not compliant)"),
    Rule("limit.publication", WorkingDays(5), cite("第十九条第二款"),
         "自检查结束之日起5个工作日内，将相应的检查结果信息录入河南省双随机监管工作平台向社会公开"),
    Rule("disclosure.platforms", ("河南省双随机监管工作平台",), cite("第十九条第二款")),
    Rule("results.referral", (
        "涉嫌违法违规，按照相关程序立案处理", "涉及其他部门的，移交相关部门处理", "涉嫌犯罪的移送司法机关处理",
    ), cite("第二十条")),
    Rule("joint.annual_plan", True, cite("第二十一条"), "按照抽查事项全覆盖的要求，制定年度跨部门抽查计划"),
    Rule("joint.lead_procedure", (
        "牵头业务科室、局属单位组织和相关协同部门沟通，确定抽查对象名录库和抽查事项清单，约定联合抽查定时间",
        "通过河南省双随机监管工作平台制定抽查方案，随机选取抽查对象，将名单派发给各协同部门",
        "各部门自行选派抽查人员",
        "组织各部门共同对抽查对象开展抽查，参照第四章进行",
        "抽查结果参照第五章执行",
    ), cite("第二十二条")),
    Rule("joint.partner_procedure", (
        "由相关业务科室、局属单位参与部门协同沟通，确定抽查对象名录库和抽查事项清单，约定联合抽查定时间",
        "按照河南省双随机监管工作平台派发的任务，自行选派抽查人员",
        "共同对抽查对象开展抽查，参照第四章进行",
        "抽查结果参照第五章执行",
    ), cite("第二十三条")),
    # who does each step
    Rule("actors.draw", (Role.UNDERTAKING_SECTION, Role.DOUBLE_RANDOM_OFFICE), cite("第十条、第十三条"),
         "检查对象随机抽取，按照下列程序进行……局各相关业务科室、局属单位依据职责，按照清单规定事项组织开展抽查工作，"
         "局双随机领导小组办公室负责组织、协调和监督",
         reading="第十条 names no one who draws: 第十三条 gives the 业务科室 the organising of the 抽查工作 and the "
                 "双随机办 its 组织、协调和监督, so either may make the draw (第二十二条 gives a joint plan's draw to its "
                 "牵头业务科室 expressly); the draw-v2 input fixes the result whoever makes it"),
    Rule("actors.commit_plan", (Role.UNDERTAKING_SECTION,), cite("第十四条"),
         "承担检查职责的相关科室、局属单位应制定具体的抽查工作方案"),
    Rule("actors.feed_back", (Role.INSPECTOR,), cite("第十六条"), "检查人员应在检查结束后5个工作日内对被检查市场主体逐户反馈检查结果"),
    Rule("actors.record_result", (Role.INSPECTOR,), cite("第十九条第一款"), "检查人员应当……形成检查结果"),
    Rule("actors.publish", (Role.INSPECTOR,), cite("第十九条第二款"),
         "检查人员应当自检查结束之日起5个工作日内，将相应的检查结果信息录入河南省双随机监管工作平台向社会公开"),
    # ... on a joint plan: the section that leads it (第二十二条) or takes part in it (第二十三条) plans and draws
    Rule("actors.joint_lead.commit_plan", (Role.UNDERTAKING_SECTION,), cite("第二十二条(一)(二)"),
         "牵头业务科室、局属单位组织和相关协同部门沟通……通过河南省双随机监管工作平台制定抽查方案"),
    Rule("actors.joint_lead.draw", (Role.UNDERTAKING_SECTION,), cite("第二十二条(一)(二)"),
         "牵头业务科室、局属单位组织和相关协同部门沟通……随机选取抽查对象，将名单派发给各协同部门"),
    Rule("actors.joint_partner.commit_plan", (Role.UNDERTAKING_SECTION,), cite("第二十三条(一)(二)"),
         "由相关业务科室、局属单位参与部门协同沟通……按照河南省双随机监管工作平台派发的任务，自行选派抽查人员"),
    Rule("actors.joint_partner.draw", (Role.UNDERTAKING_SECTION,), cite("第二十三条(一)(二)"),
         "由相关业务科室、局属单位参与部门协同沟通……按照河南省双随机监管工作平台派发的任务，自行选派抽查人员"),
    # the checks beyond the role this document states
    Rule("checks.own_inspection", "谁监管谁反馈、谁监管谁负责", cite("第二条"),
         "“双随机、一公开”监管工作应当遵循依法实施、综合实施、公开透明、谁监管谁反馈、谁监管谁负责的原则"),
    Rule("checks.plan_owner", "随机选取抽查对象，将名单派发给各协同部门", cite("第二十二条(二)"),
         "通过河南省双随机监管工作平台制定抽查方案，随机选取抽查对象，将名单派发给各协同部门"),
    Rule("checks.own_inspectors", "各部门自行选派抽查人员", cite("第二十二条(三)、第二十三条(二)"),
         "各部门自行选派抽查人员……按照河南省双随机监管工作平台派发的任务，自行选派抽查人员"),
)

PROVISIONS = (
    Provision(cite("第三条"), "局双随机领导小组办公室设在政策法规科，负责指导、组织、协调、督查、考核本局“双随机、一公开”工作",
              Treatment.NOT_OPERATIVE, "places the office and gives it guidance and oversight; the steps it takes are "
              "its actors.* rules (第八条, 第十三条)"),
    Provision(cite("第五条"), "内容包括检查市场主体公示信息情况、日常生产经营行为是否符合应急管理相关法律法规的情况",
              Treatment.OUTSIDE, "what a check covers is the checklist's content, which the bureau draws up (第六条); "
              "the library takes the checklist as given"),
    Provision(cite("第六条"), "由局双随机领导小组办公室统一汇总上报，并及时向社会进行公示……随机抽查事项清单，应当依据法律法规规章的"
              "立改废释、层级监督权限的调整等实际情况进行动态调整", Treatment.OUTSIDE,
              "the list is reported, published and kept current by the office on its portal and the platform; the "
              "library reads the list each plan commits (the checklist roster) and publishes it with the plan"),
    Provision(cite("第八条"), "局双随机领导小组办公室负责及时汇总更新人员名录库并录入河南省双随机监管工作平台", Treatment.OUTSIDE,
              "the office keeps the platform's roster; the library reads the roster each plan commits"),
    Provision(cite("第十五条第二款"), "市应急管理局对委托行为的合法性负责，不对其他政府部门检查核查结果和专家及专业机构结论本身的"
              "真实性、合法性负责", Treatment.NOT_OPERATIVE, "a rule of liability: no step to check"),
)
"""The articles, or parts, the profile does not encode as rules."""


@hookimpl
def random_inspection_profile() -> Profile:
    return Profile("xuchang", "许昌市应急管理局", Jurisdiction("411000", "许昌市", "市", "410000"), "henan",
                   (DOC,), RULES, provisions=PROVISIONS)


@hookimpl
def random_inspection_area_names() -> list[AreaNames]:
    from random_inspection_profiles.areas import XUCHANG

    return [XUCHANG]
