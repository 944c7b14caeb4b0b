"""Legal time limits: a working-day calendar over the State Council's holiday schedules and periods counted
as 《中华人民共和国民法典》 第二百零一至二百零四条 count them. Pure: no clock, no files, no environment."""

from random_inspection.timelimits.calendar import DayInfo, DayKind, WorkingCalendar
from random_inspection.timelimits.counting import CUT_OFF_BASIS, OTHERWISE_BASIS, CountingOverride, CutOff
from random_inspection.timelimits.periods import (
    CIVIL_CODE,
    Days,
    Deadline,
    Months,
    Period,
    WorkingDays,
    deadline,
    parse_period,
)
from random_inspection.timelimits.schedule import HolidaySchedule, official_schedules
from random_inspection.timelimits.statutory import statutory_schedule

__all__ = [
    "CIVIL_CODE",
    "CUT_OFF_BASIS",
    "OTHERWISE_BASIS",
    "CountingOverride",
    "CutOff",
    "DayInfo",
    "DayKind",
    "Days",
    "Deadline",
    "HolidaySchedule",
    "Months",
    "Period",
    "WorkingCalendar",
    "WorkingDays",
    "deadline",
    "official_schedules",
    "parse_period",
    "statutory_schedule",
]
