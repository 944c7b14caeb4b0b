"""冷水滩区应急管理局 —《冷水滩区应急管理局“双随机一公开”抽查工作实施细则》.

The document has no 文号 and no date; it is in force from when it was made (第二十一条 本细则自制定之日起施行),
so it is treated as in force on every date. Rules in the order of the articles.

The package also supplies what the profile puts out: the 涉企检查登记备案表 as a form (:mod:`.forms`) and the
duties of 第五条, 第十四条 and 第十七条 (:mod:`.duties`). They are imported when the hooks are called.
"""

from __future__ import annotations

from random_inspection.model import DateBasis, Document, EnforcementDomain, Jurisdiction, RecordField, Role
from random_inspection.profiles import Duty, Form, Profile, Provision, Rule, TeamRule, Treatment, hookimpl
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
         "对因投诉、举报，上级部门交办、组织的专项行动或其他部门移送案件线索等原因，需要对具体被检查对象实施检查时，"
         "不采取“双随机”检查方式", open_list=True,
         reading="“上级部门交办、组织的专项行动” is read as two triggers, a task a higher authority assigns and a "
                 "专项行动 it organises (the comma before 上级部门 closes 投诉、举报); either way an inspection of a named "
                 "subject so triggered is not a double-random plan"),
    Rule("pool.inspectors.requirement", "冷水滩区人民政府司法局依法核发的“行政执法证”", cite("第九条")),
    Rule("pool.inspectors.certificate_issuer", "冷水滩区人民政府司法局", cite("第九条"),
         "根据冷水滩区人民政府司法局依法核发的“行政执法证”，建立完善的执法检查人员名录库",
         reading="the roster's 发证机关 must be that name as written; a certificate another body issued leaves the "
                 "inspector out of the pool, and a roster that does not say is refused"),
    Rule("pool.inspectors.kept_current", True, cite("第九条"), "执法检查人员名录库随人员单位变动、岗位调整等因素给予动态调整"),
    Rule("pool.subjects.domains", (
        EnforcementDomain.NON_COAL_MINE, EnforcementDomain.HAZARDOUS_CHEMICALS, EnforcementDomain.FIREWORKS,
        EnforcementDomain.COMPREHENSIVE,
    ), cite("第十条")),
    Rule("plan.annual_fixed_by", "每年底，确定下一年度检查计划", cite("第十一条")),
    Rule("plan.annual_contents", ("被检查对象的范围", "对执法检查人员的要求", "抽查的比例和频次", "实施检查的时间"),
         cite("第十二条"), "要保证必要的被检查对象覆盖面，保证必要的监管力度，同时防止过度检查"),
    Rule("plan.platform_only", True, cite("第十三条"), "由法规股使用省双随机平台随机抽取"),
    Rule("plan.platform", "省双随机平台", cite("第十三条"), "由法规股使用省双随机平台随机抽取"),
    Rule("draw.system_assigns", True, cite("第十三条"), "被检查对象和检查人员确定后，由系统随机进行分配"),
    Rule("team.rules", (TeamRule(2, EnforcementDomain.NON_COAL_MINE, (("非煤矿山", 1),)),), cite("第十三条"),
         "如在非煤矿山领域开展执法检查，从执法人员名录中随机抽取执法检查人员2名，其中负责非煤矿山监管执法业务人员不少于1名"),
    Rule("team.own_timing", True, cite("第十三条"), "在检查方案规定的时间段内自主确定具体的检查时间"),
    Rule("recusal.procedure", (
        "与其他执法检查人员或专家交换被检查对象", "不参与本次执法检查",
    ), cite("第十四条"), "回避可采取与其他执法检查人员或专家交换被检查对象的方式，也可以采取不参与本次执法检查的方式。"
                        "确定不参与本次执法检查的，再次由系统选取替代执法检查人员",
         reading="the text allows either way and does not say who chooses: the plan states one ([recusal] way) and "
                 "the manifest commits it before the dice, so that the declarer, who could compute both outcomes "
                 "from the published manifest, cannot choose where they land; an inspector is recused once per "
                 "plan, never from a place a swap gave them"),
    Rule("recusal.expert_swap", True, cite("第十四条"), "回避可采取与其他执法检查人员或专家交换被检查对象的方式",
         reading="the text does not say how the expert is chosen: the plan's experts are a roster committed with it "
                 "before the dice, the draw picks the swap partner among them and the other teams' members, and an "
                 "expert counts toward no team quota and takes the place without giving up a subject"),
    Rule("forms.filed", (
        "《冷水滩区“双随机、一公开”涉企检查登记备案表》（一式三份，区优化办、检查单位、检查对象各留存一份）",
        "《冷水滩区涉企检查满意度反馈卡》（扫描件或照相报区优化办）",
    ), cite("第十四条、第十七条")),
    Rule("frequency.yearly_cap", 4, cite("第十五条"), "原则上，在同一年度内对同一企业的抽查次数不超过4次",
         qualifier="原则上"),
    Rule("frequency.cap_exemptions", (
        "进入“严重违法失信企业名单”等处于经营异常状态", "因违法已受到行政处罚",
    ), cite("第十五条"), "但是，对于进入“严重违法失信企业名单”等处于经营异常状态、因违法已受到行政处罚的企业，不受前款限制",
         open_list=True,
         reading="the text sets no time for the penalty (已受到): a subject the roster marks as penalised, or in an "
                 "abnormal state (the list is open: 等), is exempt from the cap in any year"),
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
         "抽取执法检查人员时，执法检查人员与被检查对象有利害关系的，应依法回避",
         reading="the text says who owes the 回避, not who records it: the inspector who owes it declares it, for "
                 "themself only, and the system (the draw) chooses the swap or the replacement"),
    Rule("actors.file_form", (Role.UNDERTAKING_SECTION,), cite("第十四条、第十七条"),
         "检查企业、执法人员抽取完毕后由承办执法股室填写《冷水滩区“双随机、一公开”涉企检查登记备案表》报区优化办备案……"
         "局各股室(执法大队、应急办)应当于每次执法检查结束后汇总《冷水滩区涉企检查满意度反馈卡》扫描件（或照相）报区优化办",
         title="报送登记备案表、反馈卡：由谁进行"),
    Rule("actors.record_result", (Role.UNDERTAKING_SECTION,), cite("第十七条"),
         "局各股室(执法大队、应急办)……于七个工作日内将“双随机”抽查结果录入省双随机平台"),
    Rule("actors.publish", (Role.UNDERTAKING_SECTION,), cite("第十七条"), "并在“信用永州”网站公开"),
    # the check beyond the role this document states
    Rule("checks.own_inspection", "谁检查、谁反馈", cite("第五条"),
         "谁检查、谁反馈，是指冷水滩区应急管理局具体实施检查的各综合检查小组负责向被检查对象反馈各自实施的检查结果"),
)

PROVISIONS = (
    Provision(cite("第一条"), "为进一步创新事中事后监管方式，在我区应急管理领域全面推行“双随机一公开”监管模式，制定本《细则》",
              Treatment.NOT_OPERATIVE, "the purpose of the 细则"),
    Provision(cite("第二条"), "采取随机方式抽取被检查对象，采取随机方式选派执法检查人员，及时公开检查结果",
              Treatment.NOT_OPERATIVE, "defines the mode the library carries out; its steps are the rules of the "
              "articles that follow"),
    Provision(cite("第四条"), "统筹安排本部门的检查事项，组成综合执法检查小组，综合实施检查", Treatment.NOT_OPERATIVE,
              "a principle of organisation (第三条); the teams are drawn under 第十三条 (team.rules)"),
    Provision(cite("第七条"), "汇总后报法规股审核送宣教股通过政府门户网站系统向社会公示……随机抽查事项清单，应当依据法律法规规章的"
              "立改废释、层级监督权限的调整等实际情况进行动态调整", Treatment.OUTSIDE,
              "the list is reviewed, published on the government portal and kept current by the 法规股 and the 宣教股; "
              "the library reads the list each plan commits and publishes it with the plan"),
    Provision(cite("第九条"), "建立完善的执法检查人员名录库，并送宣教股通过政府门户网站对外公示", Treatment.OUTSIDE,
              "the roster is published on the government portal by the 宣教股; the library reads the roster each plan "
              "commits"),
    Provision(cite("第十条"), "检查企业名录库依据企业生存状态，动态确定抽查频次，动态调整", Treatment.OUTSIDE,
              "the bureau keeps the register current and sets each year's frequencies in its annual plan (第十一、十二条); "
              "the library holds the yearly cap of 第十五条"),
    Provision(cite("第二十条"), "不依照本《细则》开展“双随机一公开”工作，造成严重后果的，依法依纪追究责任",
              Treatment.NOT_OPERATIVE, "a rule of liability: no step to check"),
)
"""The articles, or parts, the profile does not encode as rules."""


@hookimpl
def random_inspection_profile() -> Profile:
    return Profile("lengshuitan", "冷水滩区应急管理局", Jurisdiction("431103", "冷水滩区", "县区", "431100"),
                   "yongzhou", (DOC,), RULES, provisions=PROVISIONS)


@hookimpl
def random_inspection_forms() -> list[Form]:
    from random_inspection_profiles.lengshuitan.forms import FORMS

    return list(FORMS)


@hookimpl
def random_inspection_duties() -> list[Duty]:
    from random_inspection_profiles.lengshuitan.duties import DUTIES

    return list(DUTIES)
