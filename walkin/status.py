"""`walkin status [--json]`: services, queues, counters and devices today.

A module of its own so that the command imports only the read models it shows (no office
configuration, no counter actions): it is the one people run to see if all is well.
"""

from __future__ import annotations

import argparse

from db.services import counters, devices
from db.views import queries
from walkin import output
from walkin.database import opened


def show(args: argparse.Namespace) -> int:
    with opened(args) as db:
        services = queries.service_statuses(db)
        counter_views = counters.list_counters(db)
        device_list = devices.device_statuses(db)
        timezone = queries.office_info(db).timezone
    if args.json:
        report = output.status_json(services, counter_views)
        report["devices"] = output.devices_json(device_list)
        output.emit_json(report)
    else:
        lines = output.status_lines(services, counter_views)
        lines += output.device_lines(device_list, timezone)
        print("\n".join(lines))
    return 0
