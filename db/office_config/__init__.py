"""The office configuration file (TOML): parsed and fully validated before anything is applied.

The values (`models`) are plain frozen dataclasses; `db.ops.setup.apply_config` writes them to the
database. `load_config(path)` reads a file, `parse_config(data, source)` checks already-parsed TOML
data and `demo_config()` gives the demo office (``db/data/demo_office.toml``). Every problem is a
`ConfigError` naming the file, the key and the fix, e.g.
``office.toml: services[2].daily_quota: must be a positive whole number, got -5``.
The JSON Schema of the file is shipped as ``assets/schema/office.schema.json`` (for editors).

Layout (tables and keys not listed here are errors, so a typo is never silently ignored)::

    [office]
    name = "Kantor Imigrasi Kelas I TPI Polonia"
    timezone = "Asia/Jakarta"     # optional, an IANA time zone
    ticker = "..."                # optional, text scrolling on the wall display
    public_url = "http://10.0.0.5:8080"  # optional: where phones reach `walkin web` (QR links)

    [priority]                    # optional table; a missing key means "off" / the default below
    policy = "ratio"              # strict | ratio (default ratio)
    ratio = 2                     # >= 1 (default 2)
    fairness_minutes = 60         # optional positive; absent = no fairness rule
    daily_cap = 40                # optional positive; absent = no cap

    [call_order]                  # optional table: appointment holders and walk-ins in one line
    mode = "by_time"              # by_time | appointments_first (default by_time: queue order,
                                  # a booking checked in early from its session start)
    max_in_row = 3                # >= 1 (default 3): appointments_first only: after this many
                                  # appointment calls in a row, one walk-in if one waits

    [appointments]                # optional table: M-Paspor bookings checked in at the kiosk
    early_minutes = 60            # >= 0 (default 60): check in this long before the session
    grace_minutes = 30            # >= 0 (default 30): still an appointment this long after it
    late_rule = "walk_in"         # refuse | walk_in (default refuse): later than the grace
    trust_unlisted = false        # optional: no list imported today: take any code, to verify
    release_at = "11:00"          # optional: unused bookings become walk-in places then

    [[services]]                  # at least one
    code = "A"                    # one capital letter A-Z, unique
    name_id = "Paspor Baru"
    name_en = "New passport"
    daily_quota = 100             # optional positive; absent = no quota
    priority_allowed = true       # optional (default true)
    color = "#1F5FA8"             # optional "#RRGGBB"
    target_wait_minutes = 60      # optional positive (default 60)
    capacity_guard = true         # optional (default false): stop issuing once the waiting
                                  # queue, at the recent pace, would outlast closing time
    steps = [                     # optional: the visit's steps, each with its own counters
      { code = "berkas", name_id = "Pemeriksaan Berkas", name_en = "Document check" },
      { code = "biometrik", name_id = "Foto & Wawancara", name_en = "Photo & interview" },
    ]
    hours = [                     # optional; absent = open at any hour on every day
      { days = "mon-fri", open = "08:00", issue_until = "15:00", close = "16:00" },
      { days = "sat", open = "08:00", issue_until = "11:00", close = "12:00", quota = 25 },
    ]

    [[counters]]                  # optional array
    number = 1                    # positive, unique
    name = "Loket 1"              # optional (default "Loket <number>")
    services = ["A", "B"]         # or weights: { A = 2, B = 1 }; "A:biometrik" = one step
                                  # of A only ("A" alone: every step of A)

    [journey]                     # optional table
    next_step_queue = "arrival"   # arrival | back: where a ticket queues for its next step
    outcomes = [                  # optional: chosen at Finish; the first is the default
      { code = "selesai", name_id = "Selesai", name_en = "Done" },
      { code = "berkas_kurang", name_id = "Berkas kurang", name_en = "Documents incomplete",
        ends_visit = true },      # ends the visit even with steps left
    ]

    [[officers]]                  # optional array
    login = "budi"                # [a-z0-9._-]{2,32}, unique
    name = "Budi Santoso"
    role = "supervisor"           # officer | supervisor | front_desk (default officer)

    [security]                    # optional table
    pin_min_length = 6            # 4 to 12 (default 4): officers' PINs are this long or longer

`days` is a comma-separated list of weekdays or forward ranges of them ("mon-fri", "sat",
"mon,wed,fri", "sat-sun"); the hour rules of one service must not share a weekday. Times are
"HH:MM" strings (TOML local times are accepted too) with open <= issue_until <= close.
"""

from db.config_schema.errors import ConfigError
from db.office_config.loading import DEMO_SOURCE, OfficeFile, demo_config, load_config, parse_config
from db.office_config.models import (
    CALL_ORDER_MODES,
    DEFAULT_SERVICE_COLOUR,
    LATE_RULES,
    NEXT_STEP_QUEUES,
    PRIORITY_CATEGORIES,
    PRIORITY_POLICIES,
    ROLES,
    AppointmentsConfig,
    CallOrderConfig,
    CounterConfig,
    HoursRule,
    JourneyConfig,
    OfficeConfig,
    OfficerConfig,
    OutcomeConfig,
    PriorityConfig,
    ServiceConfig,
    StepConfig,
)
from db.office_config.rules import WEEKDAYS

__all__ = [
    "CALL_ORDER_MODES",
    "DEFAULT_SERVICE_COLOUR",
    "DEMO_SOURCE",
    "LATE_RULES",
    "NEXT_STEP_QUEUES",
    "PRIORITY_CATEGORIES",
    "PRIORITY_POLICIES",
    "ROLES",
    "WEEKDAYS",
    "AppointmentsConfig",
    "CallOrderConfig",
    "ConfigError",
    "CounterConfig",
    "HoursRule",
    "JourneyConfig",
    "OfficeConfig",
    "OfficeFile",
    "OfficerConfig",
    "OutcomeConfig",
    "PriorityConfig",
    "ServiceConfig",
    "StepConfig",
    "demo_config",
    "load_config",
    "parse_config",
]
