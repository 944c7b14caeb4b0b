"""石家庄市应急管理局 — 石应急〔2024〕20号《2024年石家庄市应急管理局“双随机、一公开”监管工作实施方案》.

A plan for the year 2024: its rules are taken to be in force from 2024-01-01 to 2024-12-31 — the title names
the year, the document bears no other dates (an assumption, shown in explain). Rules in the order of the sections.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from random_inspection.model import DateBasis, Document, Jurisdiction, Role
from random_inspection.profiles import AreaNames, Profile, Provision, Rule, Treatment, hookimpl

YEAR_PLAN = "the title names the year 2024 (《2024年…实施方案》) and the document bears no date of force: taken as the calendar year"

DOC = Document(
    "2024年石家庄市应急管理局“双随机、一公开”监管工作实施方案",
    doc_number="石应急〔2024〕20号",
    issuer="石家庄市应急管理局",
    effective_from=dt.date(2024, 1, 1),
    effective_until=dt.date(2024, 12, 31),
    from_basis=DateBasis.assumed(YEAR_PLAN),
    until_basis=DateBasis.assumed(YEAR_PLAN),
)
cite = DOC.cite

LEAD_AND_RESPONSIBLE = ("二(三) names a 牵头科室 (综合执法四科) and the 责任科室 (监管科室、综合执法科室) that carry the task out: "
                        "the 责任科室 plan and draw (承办股室); the 牵头科室 is itself a 综合执法科室, so it may too")

RULES = (
    Rule("pool.inspectors.requirement", "以市司法局执法人员数据库为基础，以实际在岗的监管执法人员为主", cite("二(一)")),
    Rule("pool.inspectors.tags", ("局内部职能划分", "执法人员种类", "执法专长"), cite("二(一)"),
         "对执法人员进行分类标注，实现对执法人员的精准匹配"),
    Rule("pool.inspectors.kept_current", True, cite("二(一)"), "对局执法人员名录库进行动态调整"),
    Rule("checklist.source", "应急管理系统在河北省“互联网+监管”平台上确认的监管事项清单", cite("二(二)")),
    Rule("plan.platform_only", True, cite("二(三)"), "平台之外无抽查",
         reading="a draw belongs on the platform: one made there is imported from its export and recorded as the "
                 "plan's draw (platform import), one made here is exported in the platform's columns for its "
                 "operator to enter (platform export); the ledger shows which, and neither is refused"),
    Rule("plan.platform", "双随机监管工作平台", cite("二(三)"), "组织实施随机抽查时，要在双随机监管工作平台上进行"),
    Rule("checklist.only_listed", True, cite("二(三)"), "清单之外无检查"),
    Rule("followup.no_exception", True, cite("二(三)"), "后续处置无例外"),
    Rule("plan.published", True, cite("二(三)"),
         "每次随机抽查制定的具体工作方案要在平台进行公示……调整后的抽查计划及时向社会公开"),
    Rule("joint.share", Fraction(1), cite("二(四)"), "除特殊情况外，联合抽查次数占比、户数占比均实现100%",
         qualifier="除特殊情况外"),
    Rule("draw.high_risk_emphasis", True, cite("二(五)"),
         "对重点检查事项、重要监管领域及高风险主体要通过加大比例和频次等监管执法措施"),
    Rule("followup.rectification", (
        "督促被抽查对象在规定期限内按照相关要求实施整改",
        "接到被抽查对象整改报告后，要按照程序组织现场复查，验收合格的予以销号",
        "经停产停业整顿仍不具备安全生产条件的，应当依法吊销其有关证照，并提请当地政府予以关闭",
        "各类违法违规典型案例在全市范围内要进行曝光或通报，形成有效威慑",
        "依法加大处罚力度",
        "按规定纳入社会信用记录",
        "发现违法违规行为属于其他负有安全生产监管职责部门权限范围内的，应移送负有管辖权的部门处理",
        "涉嫌犯罪的，移送司法机关处理",
    ), cite("二(六)")),
    Rule("followup.entry", "后续处理结果及时录入河北省双随机监管工作平台“后续处理”模块", cite("三(二)"),
         "坚决杜绝后续处理结果不回填或回填超期等现象"),
    Rule("draw.credit_risk_share", Fraction(9, 10), cite("三(三)"),
         "运用信用风险分级分类开展的抽查数量占比要达到本科室总抽查数的90%以上"),
    Rule("disclosure.platforms", ("局门户网站", "双随机监管工作平台"), cite("三(四)")),
    # who does each step
    Rule("actors.commit_plan", (Role.UNDERTAKING_SECTION,), cite("二(三)"),
         "每次随机抽查制定的具体工作方案要在平台进行公示……（牵头科室：综合执法四科，责任科室：监管科室、综合执法科室）",
         reading=LEAD_AND_RESPONSIBLE),
    Rule("actors.draw", (Role.UNDERTAKING_SECTION,), cite("二(三)"),
         "组织实施随机抽查时，要在双随机监管工作平台上进行……（牵头科室：综合执法四科，责任科室：监管科室、综合执法科室）",
         reading=LEAD_AND_RESPONSIBLE),
    Rule("actors.close", (Role.UNDERTAKING_SECTION,), cite("二(六)"),
         "监管执法科室接到被抽查对象整改报告后，要按照程序组织现场复查，验收合格的予以销号"),
    Rule("actors.follow_up", (Role.UNDERTAKING_SECTION,), cite("二(六)、三(二)"),
         "监管执法科室接到被抽查对象整改报告后，要按照程序组织现场复查……各监管、综合执法科室……将后续处理结果及时录入河北省双随机监管工作平台“后续处理”模块"),
)

PROVISIONS = (
    Provision(cite("一"), "完善工作机制，提升抽查工作规范化水平……实施差异化监管，提升监管执法效能",
              Treatment.NOT_OPERATIVE, "the plan's aims (工作思路及目标); its tasks are 二"),
    Provision(cite("二(七)"), "要加大对双随机抽查工作的宣传力度……市局要常态化开展随机抽查工作培训", Treatment.NOT_OPERATIVE,
              "publicity and training: no step to check"),
    Provision(cite("三(一)"), "进一步加强组织领导和统筹协调，完善工作制度和运行机制", Treatment.NOT_OPERATIVE,
              "organisation and leadership: no step to check"),
)
"""The sections, or parts, the profile does not encode as rules."""


@hookimpl
def random_inspection_profile() -> Profile:
    return Profile("shijiazhuang", "石家庄市应急管理局", Jurisdiction("130100", "石家庄市", "市", "130000"), "hebei",
                   (DOC,), RULES, provisions=PROVISIONS)


@hookimpl
def random_inspection_area_names() -> list[AreaNames]:
    from random_inspection_profiles.areas import SHIJIAZHUANG

    return [SHIJIAZHUANG]
