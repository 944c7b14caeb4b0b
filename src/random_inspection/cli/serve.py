"""The ``serve`` command: the HTTP service (docs/service.md) over a store, a folder of plan files and the
profiles, on 127.0.0.1 unless told otherwise. The service's package is imported only when the command runs, so
that the other commands start as fast as before."""

from __future__ import annotations

from pathlib import Path

import click

from random_inspection.cli._base import SCHEDULE, main, option, profile_sources, registry_for, say
from random_inspection.cli.plans import STORE
from random_inspection.errors import InvalidInputError
from random_inspection.io.plan_steps import has_store
from random_inspection.messages import tr
from random_inspection.store import mask_url


@main.command(help=tr("Serve the public reads and the signed writes over HTTP (OpenAPI at /openapi.json, docs at "
                      "/docs)."))
@STORE
@option("--plans", "plans", type=click.Path(file_okay=False, exists=True), default=".", show_default=True,
        help=tr("The folder of the plan files the service commits, draws and records (each plan's manifest, "
                "private declarations, notice and draw are written beside its file)."))
@option("--host", default="127.0.0.1", show_default=True,
        help=tr("The address to listen on; another than a loopback one exposes the service to the network."))
@option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help=tr("The port."))
@SCHEDULE
@profile_sources
def serve(store_url: str, plans: str, host: str, port: int, schedules: tuple[str, ...], folders: tuple[str, ...],
          blocked: tuple[str, ...]) -> None:
    from random_inspection.service import ServiceConfig
    from random_inspection.service import serve as run
    from random_inspection.service.app import is_loopback

    if not has_store(store_url):
        raise InvalidInputError(tr("there is no store at {store}", store=mask_url(store_url)), where="--store",
                                fix=tr("give an existing store, or create one: random-inspection ledger init "
                                       "--store STORE --as ADMINISTRATOR_FILE"))
    if not is_loopback(host):
        say(tr("warning: listening on {host}, not a loopback address: the service is reachable from the network "
               "(its reads are public; its writes still need their actors' signatures)", host=host), err=True)
    from random_inspection.io import load_schedule_file

    config = ServiceConfig(store_url, Path(plans).resolve(), registry_for(folders, blocked),
                           tuple(load_schedule_file(p) for p in schedules))
    run(config, host=host, port=port)
