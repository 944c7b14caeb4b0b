"""The national root and the intermediate layers (河南, 河北, 湖南, 洛阳, 永州).

They declare where each bureau sits and set no rules: none of their documents is among the sources, and
where a document is silent nothing is invented. Each layer is one plugin object, registered under its own
entry point (``national = "random_inspection_profiles.layers:NATIONAL"``).
"""

from __future__ import annotations

import attrs

from random_inspection.model import Document, Jurisdiction, JurisdictionLevel
from random_inspection.profiles import Profile, hookimpl

NATIONAL_BASIS = Document(
    "国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见",
    doc_number="国发〔2019〕5号",
    issuer="国务院",
)


@attrs.frozen
class Layer:
    """A profile that only places a jurisdiction in the chain."""

    declaration: Profile

    @hookimpl
    def random_inspection_profile(self) -> Profile:
        return self.declaration


def _layer(code: str, area: str, name: str, level: JurisdictionLevel, parent: Profile | None) -> Layer:
    jurisdiction = Jurisdiction(area, name, level, parent.jurisdiction.code if parent else None)
    documents = () if parent else (NATIONAL_BASIS,)
    return Layer(Profile(code, name, jurisdiction, parent.code if parent else None, documents))


NATIONAL = _layer("national", "000000", "中华人民共和国", JurisdictionLevel.NATIONAL, None)
HENAN = _layer("henan", "410000", "河南省", JurisdictionLevel.PROVINCE, NATIONAL.declaration)
HEBEI = _layer("hebei", "130000", "河北省", JurisdictionLevel.PROVINCE, NATIONAL.declaration)
HUNAN = _layer("hunan", "430000", "湖南省", JurisdictionLevel.PROVINCE, NATIONAL.declaration)
LUOYANG = _layer("luoyang", "410300", "洛阳市", JurisdictionLevel.CITY, HENAN.declaration)
YONGZHOU = _layer("yongzhou", "431100", "永州市", JurisdictionLevel.CITY, HUNAN.declaration)
