"""冷水滩区应急管理局 —《冷水滩区应急管理局“双随机一公开”抽查工作实施细则》.

The document has no 文号 and no date; it is in force from when it was made (第二十一条 本细则自制定之日起施行),
so it is treated as in force on every date. Rules in the order of the articles.

The package also supplies what the profile puts out: the 涉企检查登记备案表 as a form (:mod:`.forms`) and the
duties of 第五条, 第十四条 and 第十七条 (:mod:`.duties`). They are imported when the hooks are called.
"""

from __future__ import annotations

from random_inspection.model import DateBasis, Document, EnforcementDomain, Jurisdiction, RecordField, Role
from random_inspection.profiles import Duty, Form, Profile, Rule, TeamRule, hookimpl
from random_inspection.timelimits import WorkingDays

DOC = Document(
    "冷水滩区应急管理局“双随机一公开”抽查工作实施细则",
    issuer="冷水滩区应急管理局",
    from_basis=DateBasis.unknown("第二十一条 本细则自制定之日起施行"),  # the document bears no date
)
cite = DOC.cite

RULES = (
    Rule("scope.principles", ("统筹安排、综合实施", "谁检查、谁反馈", "公开、公正、透明"), cite("第三条")),
    Rule("disclosure.whole_process", ("检查清单", "检查计划", "抽取结果", "实施过程", "检查结果"), cite("第六条"),
         "检查工作全过程应当依法公开"),
    Rule("checklist.fields", ("事项名称", "内容", "依据"), cite("第七条第一款")),
    Rule("scope.excluded_triggers", ("投诉、举报", "上级部门交办", "组织的专项行动", "其他部门移送案件线索"), cite("第八条"),
         "对因投诉、举报，上级部门交办、组织的专项行动或其他部门移送案件线索等原因", open_list=True),
    Rule("pool.inspectors.requirement", "冷水滩区人民政府司法局依法核发的“行政执法证”", cite("第九条")),
    Rule("pool.inspectors.kept_current", True, cite("第九条"), "执法检查人员名录库随人员单位变动、岗位调整等因素给予动态调整"),
    Rule("pool.subjects.domains", (
        EnforcementDomain.NON_COAL_MINE, EnforcementDomain.HAZARDOUS_CHEMICALS, EnforcementDomain.FIREWORKS,
        EnforcementDomain.COMPREHENSIVE,
    ), cite("第十条")),
    Rule("plan.annual_fixed_by", "每年底，确定下一年度检查计划", cite("第十一条")),
    Rule("plan.annual_contents", ("被检查对象的范围", "对执法检查人员的要求", "抽查的比例和频次", "实施检查的时间"),
         cite("第十二条"), "要保证必要的被检查对象覆盖面，保证必要的监管力度，同时防止过度检查"),
    Rule("plan.platform_only", True, cite("第十三条"), "由法规股使用省双随机平台随机抽取"),
    Rule("draw.system_assigns", True, cite("第十三条"), "被检查对象和检查人员确定后，由系统随机进行分配"),
    Rule("team.rules", (TeamRule(2, EnforcementDomain.NON_COAL_MINE, (("非煤矿山", 1),)),), cite("第十三条"),
         "如在非煤矿山领域开展执法检查，从执法人员名录中随机抽取执法检查人员2名，其中负责非煤矿山监管执法业务人员不少于1名"),
    Rule("team.own_timing", True, cite("第十三条"), "在检查方案规定的时间段内自主确定具体的检查时间"),
    Rule("recusal.procedure", (
        "与其他执法检查人员或专家交换被检查对象", "不参与本次执法检查",
    ), cite("第十四条"), "回避可采取与其他执法检查人员或专家交换被检查对象的方式，也可以采取不参与本次执法检查的方式。"
                        "确定不参与本次执法检查的，再次由系统选取替代执法检查人员"),
    Rule("recusal.expert_swap", True, cite("第十四条"), "回避可采取与其他执法检查人员或专家交换被检查对象的方式"),
    Rule("forms.filed", (
        "《冷水滩区“双随机、一公开”涉企检查登记备案表》（一式三份，区优化办、检查单位、检查对象各留存一份）",
        "《冷水滩区涉企检查满意度反馈卡》（扫描件或照相报区优化办）",
    ), cite("第十四条、第十七条")),
    Rule("frequency.yearly_cap", 4, cite("第十五条"), "原则上，在同一年度内对同一企业的抽查次数不超过4次",
         qualifier="原则上"),
    Rule("frequency.cap_exemptions", (
        "进入“严重违法失信企业名单”等处于经营异常状态", "因违法已受到行政处罚",
    ), cite("第十五条")),
    Rule("draw.types", ("定向抽查", "不定向抽查"), cite("第十六条")),
    Rule("draw.directed_conditions", ("设定类别条件选择被检查对象", "设定资质资格条件选择执法检查人员"), cite("第十六条")),
    Rule("limit.publication", WorkingDays(7), cite("第十七条"),
         "于七个工作日内将“双随机”抽查结果录入省双随机平台并在“信用永州”网站公开"),
    Rule("disclosure.platforms", ("省双随机平台", "“信用永州”网站"), cite("第十七条")),
    Rule("disclosure.contents", (
        "被检查对象和执法检查人员的抽取", "检查的时间、过程与结果", "检查的反馈情况", "被检查对象的意见建议",
        "检查结果的运用",
    ), cite("第十七条")),
    Rule("disclosure.record_fields", (RecordField.FED_BACK, RecordField.OPINION), cite("第十七条"),
         "公开的内容应当包括被检查对象和执法检查人员的抽取，检查的时间、过程与结果，检查的反馈情况，被检查对象的意见建议，"
         "检查结果的运用等"),
    Rule("followup.violations", ("是否予以行政处罚", "移送其他行政机关", "移送司法机关", "依法进行公示"), cite("第十八条")),
    Rule("conduct", (
        "不得妨碍检查对象正常的生产经营活动", "不得索取或者收受检查对象财物", "不得谋取其他利益",
    ), cite("第十九条")),
    # who does each step
    Rule("actors.feed_back", (Role.INSPECTOR,), cite("第五条"),
         "具体实施检查的各综合检查小组负责向被检查对象反馈各自实施的检查结果"),
    Rule("actors.commit_plan", (Role.UNDERTAKING_SECTION,), cite("第十一条、第十三条"),
         "局各相关业务股室(执法大队、应急办)应当于每年底，确定下一年度检查计划……各承办执法股室实施年度检查计划，应当具体制定切实可行的检查方案"),
    Rule("actors.draw", (Role.DOUBLE_RANDOM_OFFICE,), cite("第十三条"), "由法规股使用省双随机平台随机抽取"),
    Rule("actors.recusal", (Role.INSPECTOR,), cite("第十四条"),
         "抽取执法检查人员时，执法检查人员与被检查对象有利害关系的，应依法回避"),
    Rule("actors.file_form", (Role.UNDERTAKING_SECTION,), cite("第十四条、第十七条"),
         "检查企业、执法人员抽取完毕后由承办执法股室填写《冷水滩区“双随机、一公开”涉企检查登记备案表》报区优化办备案……"
         "局各股室(执法大队、应急办)应当于每次执法检查结束后汇总《冷水滩区涉企检查满意度反馈卡》扫描件（或照相）报区优化办"),
    Rule("actors.record_result", (Role.UNDERTAKING_SECTION,), cite("第十七条"),
         "局各股室(执法大队、应急办)……于七个工作日内将“双随机”抽查结果录入省双随机平台"),
    Rule("actors.publish", (Role.UNDERTAKING_SECTION,), cite("第十七条"), "并在“信用永州”网站公开"),
    # the check beyond the role this document states
    Rule("checks.own_inspection", "谁检查、谁反馈", cite("第五条"),
         "谁检查、谁反馈，是指冷水滩区应急管理局具体实施检查的各综合检查小组负责向被检查对象反馈各自实施的检查结果"),
)


@hookimpl
def random_inspection_profile() -> Profile:
    return Profile("lengshuitan", "冷水滩区应急管理局", Jurisdiction("431103", "冷水滩区", "县区", "431100"),
                   "yongzhou", (DOC,), RULES)


@hookimpl
def random_inspection_forms() -> list[Form]:
    from random_inspection_profiles.lengshuitan.forms import FORMS

    return list(FORMS)


@hookimpl
def random_inspection_duties() -> list[Duty]:
    from random_inspection_profiles.lengshuitan.duties import DUTIES

    return list(DUTIES)
