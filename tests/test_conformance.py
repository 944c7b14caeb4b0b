"""The five built-in profiles pass the conformance kit, each on dates its documents are in force, including
days inside the Spring Festival and National Day holidays."""

from __future__ import annotations

import datetime as dt

from random_inspection.testing import ProfileConformance

D = dt.date


class TestXuchang(ProfileConformance):
    profile_code = "xuchang"
    as_of = (D(2023, 3, 9), D(2025, 1, 29), D(2025, 10, 1))


class TestLengshuitan(ProfileConformance):
    profile_code = "lengshuitan"
    as_of = (D(2024, 2, 10), D(2026, 10, 1))


class TestShijiazhuang(ProfileConformance):
    profile_code = "shijiazhuang"
    as_of = (D(2024, 2, 10), D(2024, 10, 1))


class TestHebi(ProfileConformance):
    profile_code = "hebi"
    as_of = (D(2020, 7, 3), D(2020, 10, 1))


class TestYanshi(ProfileConformance):
    profile_code = "yanshi"
    as_of = (D(2023, 1, 22), D(2023, 10, 1))
