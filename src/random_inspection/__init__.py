"""random-inspection: 双随机、一公开 supervision for emergency-management (应急管理) bureaus.

The core packages are pure (no clock, no files, no environment, no global random number generator):

* :mod:`random_inspection.model` — subjects, inspectors, checklist items, departments, jurisdictions,
  citations, result schemes, and the identifier checks (统一社会信用代码, 公民身份号码).
* :mod:`random_inspection.timelimits` — the working-day calendar and legal periods.
* :mod:`random_inspection.errors` — the exception hierarchy.

The edges read files and talk to people: :mod:`random_inspection.io` and the ``random-inspection`` command.
"""

__version__ = "0.1.0.dev0"
