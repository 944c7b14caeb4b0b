"""The publication site of a bureau (一公开): an index of its plans, newest first, and a page per plan, rendered
from Jinja2 templates with autoescaping (``data/site/``: ``base.html``, ``index.html``, ``plan.html``,
``table.html``, ``style.css``). A bureau puts the pages in its own government site's look by giving a folder of
templates: a template of the same name there replaces the built-in one (docs/exports.md lists the context each
receives).

Layout of a site folder::

    SITE/<profile code>/index.html            the index of the bureau's plans
    SITE/<profile code>/site.json             the plans published so far (the index is rebuilt from it)
    SITE/<profile code>/<plan>/index.html     a plan's page
    SITE/<profile code>/<plan>/disclosure.json, manifest.json, draw.json, verify.html

Every page is checked by :func:`~random_inspection.workflow.check_public` after it is rendered — the text and
the attribute values a browser would show, whatever template made them — so an overriding template that prints a
phone number is refused like a record holding one. Every page is rendered and checked before the first file is
written.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Protocol

import jinja2

from random_inspection.errors import InvalidInputError
from random_inspection.io.atomic import write_bytes_atomic
from random_inspection.io.disclosure_page import _as_json, _codes, _manifest_codes, disclosure_json
from random_inspection.io.filenames import plan_file_stem
from random_inspection.io.plan_data import PlanExport
from random_inspection.io.site_context import Publication, plan_context, zh_day
from random_inspection.io.verifier_page import VERIFIER_FILE, verifier_html
from random_inspection.messages import tr
from random_inspection.sampling import canonical_json
from random_inspection.workflow import Disclosure, check_public

__all__ = ["INDEX_FILE", "SITE_ENTRY_KEYS", "SITE_FILE", "Chart", "build_site", "render_page", "site_environment",
           "write_files", "write_site"]

INDEX_FILE = "index.html"
SITE_FILE = "site.json"
"""The plans a bureau's site lists, kept beside its index: ``{"bureau", "plans": [{...}]}``, each plan with the keys
:data:`SITE_ENTRY_KEYS`, newest first (docs/schemas/site.schema.json)."""
SITE_ENTRY_KEYS = ("plan_id", "title", "published_on", "office", "window", "subjects", "href")
"""The keys of a plan in :data:`SITE_FILE`."""


class Chart(Protocol):
    """A chart on a plan's page: a title and SVG markup (checked for personal data, then printed as it is)."""

    @property
    def title(self) -> str: ...

    @property
    def svg(self) -> str: ...


def site_environment(templates: str | Path | None = None) -> jinja2.Environment:
    """The templates: those in ``templates`` first (a file of the same name replaces the built-in one), then the
    built-in ones. Autoescaping is on for every template; undefined names fail.

    Raises:
        InvalidInputError: ``templates`` is not a folder.
    """
    loaders: list[jinja2.BaseLoader] = []
    if templates is not None:
        if not Path(templates).is_dir():
            raise InvalidInputError(tr("the templates folder {path} does not exist", path=templates),
                                    where=tr("site templates"),
                                    fix=tr("give a folder holding base.html, index.html or plan.html to override"))
        loaders.append(jinja2.FileSystemLoader(str(templates)))
    loaders.append(jinja2.PackageLoader("random_inspection", "data/site"))
    return jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


class _Shown(HTMLParser):
    """What a browser would show of a page: its texts and attribute values (``data:`` links left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.texts += [v for _, v in attrs if v and not v.startswith("data:")]

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


def render_page(env: jinja2.Environment, name: str, context: Mapping[str, Any], *, allowed: Iterable[str],
                where: str) -> str:
    """Render template ``name`` and check what it shows for personal data.

    Raises:
        InvalidInputError: the template fails (a syntax error, an undefined name), naming it.
        PersonalDataError: the page shows a 公民身份号码 or a phone number.
    """
    try:
        page = env.get_template(name).render(**context)
    except jinja2.TemplateError as exc:
        raise InvalidInputError(tr("template {name} cannot be rendered: {exc}", name=name, exc=exc), where=where,
                                fix=tr("correct the template; docs/exports.md lists what each receives")) from exc
    shown = _Shown()
    shown.feed(page)
    shown.close()
    check_public(shown.texts, allowed=list(allowed), free_text=(), where=tr("{where}, shown text", where=where))
    return page


def _site_of(folder: Path) -> list[dict[str, Any]]:
    path = folder / SITE_FILE
    if not path.exists():
        return []
    plans: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["plans"]
    return plans


def build_site(
    site: str | Path,
    export: PlanExport,
    public: Disclosure | Mapping[str, Any],
    publication: Publication,
    *,
    labels: Mapping[str, str],
    templates: str | Path | None = None,
    charts: Sequence[Chart] = (),
) -> dict[Path, bytes]:
    """The files that publish a plan on its bureau's site under ``site``, by path, rendered and checked but not
    written (:func:`write_site` writes them): the plan's page with the disclosure, manifest, draw and verifier
    beside it, and the bureau's index rebuilt from the plans ``site`` lists already, with this one in it (a plan
    published again replaces its entry).

    Args:
        public: the plan's disclosure (:func:`~random_inspection.workflow.disclose`, or its JSON).
        publication: the day and the issuing office shown on every page.
        labels: display names of codes (:func:`~random_inspection.io.disclosure_labels`).
        templates: a folder of templates overriding the built-in ones.
        charts: charts for the plan's page (``title`` and ``svg``); each is checked before it is shown.

    Raises:
        PersonalDataError: personal data in the disclosure, the manifest, the draw, a chart or a rendered page.
        InvalidInputError: a template that cannot be rendered, or the templates folder missing.
    """
    env = site_environment(templates)
    record = _as_json(public)
    manifest = export.manifest
    bureau = export.profile.profile.jurisdiction.name
    folder = Path(site) / export.profile.code
    stem = plan_file_stem(export.plan.plan_id)
    allowed = _codes(record, manifest) + list(export.subjects)
    names = {"disclosure": "disclosure.json", "manifest": "manifest.json", "draw": "draw.json",
             "verifier": VERIFIER_FILE}
    check_public(export.draw.to_json(), allowed=allowed, where="draw.json")
    if manifest is not None:
        check_public(json.loads(manifest.canonical()), allowed=_manifest_codes(manifest), where="manifest.json")
    for n, chart in enumerate(charts):
        check_public([chart.title, chart.svg], allowed=allowed, free_text=(), where=tr("chart {chart}", chart=n + 1))
    common = {"bureau": bureau, "bureau_code": export.profile.code, "office": publication.office,
              "office_basis": publication.basis, "published_on": publication.on.isoformat(),
              "published_on_zh": zh_day(publication.on)}
    context = plan_context(record, manifest=manifest, labels=labels, files=names)
    context.update(site={**common, "home": f"../{INDEX_FILE}"}, charts=list(charts))
    plan_page = render_page(env, "plan.html", context, allowed=allowed, where="/".join((stem, INDEX_FILE)))
    entry = dict(zip(SITE_ENTRY_KEYS, (export.plan.plan_id, context["plan"]["title"], publication.on.isoformat(),
                                       publication.office, context["plan"]["window"], len(export.draw.subjects),
                                       f"{stem}/{INDEX_FILE}"), strict=True))
    plans = [p for p in _site_of(folder) if p["plan_id"] != entry["plan_id"]] + [entry]
    plans.sort(key=lambda p: (p["published_on"], p["plan_id"]), reverse=True)
    listed = [{**p, "published_on_zh": zh_day(dt.date.fromisoformat(p["published_on"]))} for p in plans]
    index = render_page(env, INDEX_FILE, {"site": {**common, "home": INDEX_FILE}, "plans": listed},
                        allowed=allowed, where=INDEX_FILE)
    plan_folder = folder / stem
    files = {plan_folder / INDEX_FILE: plan_page.encode("utf-8"),
             plan_folder / names["disclosure"]: disclosure_json(record),
             plan_folder / names["draw"]: canonical_json(export.draw.to_json()),
             plan_folder / VERIFIER_FILE: verifier_html()}
    if manifest is not None:
        files[plan_folder / names["manifest"]] = manifest.canonical()
    files[folder / SITE_FILE] = canonical_json({"bureau": bureau, "plans": plans})
    files[folder / INDEX_FILE] = index.encode("utf-8")  # last: the index lists the plan once its page is there
    return files


def write_files(files: Mapping[Path, bytes]) -> list[Path]:
    """Write what :func:`build_site` gave, each file whole (:mod:`random_inspection.io.atomic`), in its order."""
    written = []
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        written.append(write_bytes_atomic(path, data))
    return written


def write_site(
    site: str | Path,
    export: PlanExport,
    public: Disclosure | Mapping[str, Any],
    publication: Publication,
    *,
    labels: Mapping[str, str],
    templates: str | Path | None = None,
    charts: Sequence[Chart] = (),
) -> list[Path]:
    """Publish a plan on its bureau's site under ``site`` (:func:`build_site`, then :func:`write_files`): every
    page is rendered and checked before the first file is written. Returns the files written.

    Raises:
        PersonalDataError, InvalidInputError: as :func:`build_site`.
    """
    return write_files(build_site(site, export, public, publication, labels=labels, templates=templates,
                                  charts=charts))
