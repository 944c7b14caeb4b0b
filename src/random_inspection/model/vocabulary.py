"""Controlled vocabularies of the model. Members have English names; values are the Chinese terms as the
source documents write them, so that a value read from a roster or written to a form is the office's word."""

from __future__ import annotations

import enum

__all__ = [
    "CreditRiskClass",
    "EnforcementDomain",
    "Gender",
    "IndustryTradeSector",
    "ItemClass",
    "JurisdictionLevel",
    "RecusalReason",
    "SubjectStatus",
    "SubjectType",
]


class EnforcementDomain(str, enum.Enum):
    """监管领域: the pool a subject belongs to and the checklist items that apply to it.

    冷水滩 第十条 splits its 检查企业名录库 into 非煤矿山、危险化学品、烟花爆竹、综合监管领域 enterprises;
    偃师 二(一) inspects 工贸 enterprises (see :class:`IndustryTradeSector`).
    """

    NON_COAL_MINE = "非煤矿山"
    HAZARDOUS_CHEMICALS = "危险化学品"
    FIREWORKS = "烟花爆竹"
    INDUSTRY_TRADE = "工贸"
    COMPREHENSIVE = "综合监管领域"


class IndustryTradeSector(str, enum.Enum):
    """The six 工贸 sectors of 偃应急〔2023〕18号 二(一): 冶金、有色、建材、机械、轻工、纺织."""

    METALLURGY = "冶金"
    NONFERROUS = "有色"
    BUILDING_MATERIALS = "建材"
    MACHINERY = "机械"
    LIGHT_INDUSTRY = "轻工"
    TEXTILE = "纺织"


class SubjectType(str, enum.Enum):
    """市场主体类型 (许昌 第四条第三款 filters directed draws by it)."""

    ENTERPRISE = "企业"
    INDIVIDUAL_BUSINESS = "个体工商户"
    FARMERS_COOPERATIVE = "农民专业合作社"
    OTHER = "其他"


class SubjectStatus(str, enum.Enum):
    """登记状态 as the enterprise credit-information system shows it. Only 存续 subjects are in the pool
    (许昌 第九条 “存续的合法市场主体”; 鹤壁 三(二))."""

    EXISTING = "存续"
    REVOKED = "吊销"
    DEREGISTERED = "注销"
    MOVED_OUT = "迁出"
    CANCELLED = "撤销"

    @property
    def in_existence(self) -> bool:
        return self is SubjectStatus.EXISTING


class CreditRiskClass(str, enum.Enum):
    """企业信用风险分类 (石应急〔2024〕20号 三(三)): A 低风险, B 一般风险, C 较高风险, D 高风险."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"

    @property
    def label(self) -> str:
        return {"A": "信用风险低", "B": "信用风险一般", "C": "信用风险较高", "D": "信用风险高"}[self.value]


class Gender(str, enum.Enum):
    """性别, a column of 鹤壁 附件1 随机抽取执法检查人员信息表."""

    MALE = "男"
    FEMALE = "女"


class JurisdictionLevel(str, enum.Enum):
    """Administrative level of a jurisdiction, most general first."""

    NATIONAL = "国家"
    PROVINCE = "省"
    CITY = "市"
    DISTRICT = "县区"

    @property
    def rank(self) -> int:
        return list(JurisdictionLevel).index(self)


class ItemClass(str, enum.Enum):
    """The class of a checklist item: 一般 (一般抽查事项, drawn at the ordinary ratio; 许昌 第十二条) or 重点
    (重点检查事项, checked more often and at a higher ratio; 石家庄 二(五))."""

    ORDINARY = "一般"
    KEY = "重点"


class RecusalReason(str, enum.Enum):
    """回避的原因类别: the one word a recusal publishes (冷水滩 第十四条 回避). The circumstances, which may name
    people, stay in the private record; the public sees only the category."""

    INTEREST = "利害关系"  # an interest in the subject (a holding, a former post there...)
    RELATIVE = "近亲属"  # a close relative works there or holds it
    OTHER = "其他"  # any other cause that may affect impartiality
