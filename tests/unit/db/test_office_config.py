"""The office configuration file: both shipped files load, and every mistake is named precisely."""

from __future__ import annotations

import copy
import pickle
import re
from datetime import time
from pathlib import Path
from typing import Any

import pytest

from db.errors import UserError
from db.office_config import (
    CallOrderConfig,
    ConfigError,
    OfficeConfig,
    PriorityConfig,
    demo_config,
    load_config,
    parse_config,
)

DATA = Path(__file__).resolve().parents[3] / "db" / "data"

WEEKDAY_HOURS = {"days": "mon-fri", "open": "08:00", "issue_until": "15:00", "close": "16:00"}
SATURDAY_HOURS = {"days": "sat", "open": "08:00", "issue_until": "11:00", "close": "12:00"}

MINIMAL: dict[str, Any] = {
    "office": {"name": "Kantor Imigrasi"},
    "services": [
        {"code": "A", "name_id": "Paspor Baru", "name_en": "New passport"},
        {"code": "B", "name_id": "Penggantian Paspor", "name_en": "Passport renewal"},
    ],
    "counters": [{"number": 1, "services": ["A", "B"]}],
    "officers": [{"login": "budi", "name": "Budi Santoso"}],
}


def config(**changes: Any) -> dict[str, Any]:
    """A deep copy of MINIMAL with top-level keys replaced (None removes the key)."""
    data = copy.deepcopy(MINIMAL)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def with_service(**fields: Any) -> dict[str, Any]:
    """MINIMAL whose first service has `fields` added or replaced (None removes a field)."""
    data = config()
    service = data["services"][0]
    for key, value in fields.items():
        if value is None:
            service.pop(key)
        else:
            service[key] = value
    return data


def rejection(data: dict[str, Any]) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        parse_config(data, "office.toml")
    return caught.value


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "office.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --- the shipped files ----------------------------------------------------------------------------


def test_the_demo_office_loads_with_five_services_and_five_counters() -> None:
    demo = load_config(DATA / "demo_office.toml")
    assert [s.code for s in demo.services] == ["A", "B", "C", "D", "E"]
    assert [s.daily_quota for s in demo.services] == [100, 100, 20, None, None]
    assert [c.name for c in demo.counters] == [f"Loket {n}" for n in range(1, 6)]
    assert demo.priority.policy == "ratio"


def test_the_demo_office_is_open_at_any_hour_on_any_day() -> None:
    assert all(service.hours == () for service in demo_config().services)


def test_the_demo_office_allows_priority_everywhere_except_passport_pickup() -> None:
    allowed = {s.code: s.priority_allowed for s in demo_config().services}
    assert allowed == {"A": True, "B": True, "C": True, "D": False, "E": True}


def test_the_demo_office_has_a_supervisor_four_officers_and_a_front_desk() -> None:
    roles = {o.login: o.role for o in demo_config().officers}
    assert roles == {
        "kepala": "supervisor",
        "budi": "officer",
        "siti": "officer",
        "andi": "officer",
        "dewi": "officer",
        "rina": "front_desk",
    }


def test_the_demo_office_from_the_package_equals_the_file() -> None:
    assert demo_config() == load_config(DATA / "demo_office.toml")


def test_the_example_office_has_weekday_hours_and_a_saturday_walk_in_day() -> None:
    example = load_config(DATA / "example_office.toml")
    weekdays, saturday = example.services[0].hours
    assert weekdays.weekdays == frozenset(range(5))
    assert (weekdays.opens, weekdays.issue_until, weekdays.closes) == (
        time(8),
        time(15),
        time(16),
    )
    assert saturday.weekdays == frozenset({5})
    assert (saturday.opens, saturday.closes, saturday.quota) == (time(8), time(12), 25)
    assert example.priority.daily_cap == 40
    assert example.call_order == CallOrderConfig("appointments_first", 3)
    assert example.timezone == "Asia/Jakarta"


# --- reading files --------------------------------------------------------------------------------


def test_a_missing_file_is_named_in_the_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    with pytest.raises(ConfigError, match="file not found") as caught:
        load_config(path)
    assert caught.value.path == str(path)
    assert str(caught.value) == f"{path}: file not found"


def test_a_directory_instead_of_a_file_is_an_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read the file") as caught:
        load_config(tmp_path)
    assert caught.value.path == str(tmp_path)


def test_a_file_that_is_not_utf8_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "office.toml"
    path.write_bytes(b'[office]\nname = "Kantor \xff"\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(path)


def test_a_syntax_error_names_the_file_and_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[office]\nname = "Kantor"\n\n[[services]]\ncode = \n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    error = caught.value
    assert error.path == str(path)
    assert error.line == 5
    assert str(error).startswith(f"{path}: TOML syntax error at line 5, column")


def test_a_byte_order_mark_from_a_windows_editor_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "office.toml"
    text = '[office]\nname = "K"\n[[services]]\ncode = "A"\nname_id = "a"\nname_en = "a"\n'
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert load_config(path).name == "K"


def test_the_error_message_is_one_line_with_file_key_and_problem(tmp_path: Path) -> None:
    path = tmp_path / "office.toml"
    text = (
        '[office]\nname = "K"\n'
        '[[services]]\ncode = "A"\nname_id = "a"\nname_en = "a"\n'
        '[[services]]\ncode = "B"\nname_id = "b"\nname_en = "b"\n'
        '[[services]]\ncode = "C"\nname_id = "c"\nname_en = "c"\ndaily_quota = -5\n'
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == (
        f"{path}: services[2].daily_quota: must be a positive whole number, got -5"
    )
    assert (caught.value.key, caught.value.problem) == (
        "services[2].daily_quota",
        "must be a positive whole number, got -5",
    )


def test_a_config_error_is_a_user_error_and_survives_pickling() -> None:
    error = ConfigError("<demo>", "office.name", "must not be empty")
    assert isinstance(error, UserError)
    copied = pickle.loads(pickle.dumps(error))
    assert (copied.path, copied.key, copied.problem) == (
        "<demo>",
        "office.name",
        "must not be empty",
    )
    assert str(copied) == "<demo>: office.name: must not be empty"


# --- the minimal file and defaults ----------------------------------------------------------------


def test_a_minimal_file_takes_the_defaults() -> None:
    parsed = parse_config(config(counters=None, officers=None), "office.toml")
    assert parsed == OfficeConfig(
        name="Kantor Imigrasi",
        priority=PriorityConfig(fairness_minutes=None),
        services=parsed.services,
    )
    first = parsed.services[0]
    assert (first.daily_quota, first.priority_allowed, first.hours) == (None, True, ())


def test_a_counter_without_a_name_is_called_loket_and_its_number() -> None:
    parsed = parse_config(config(counters=[{"number": 7, "services": ["A"]}]), "office.toml")
    assert parsed.counters[0].name == "Loket 7"


def test_counter_services_as_a_list_all_weigh_one() -> None:
    parsed = parse_config(config(), "office.toml")
    assert parsed.counters[0].services == (("A", 1), ("B", 1))


def test_counter_services_as_a_table_keep_their_weights(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[office]\nname = "K"\n'
        '[[services]]\ncode = "A"\nname_id = "a"\nname_en = "a"\n'
        '[[services]]\ncode = "B"\nname_id = "b"\nname_en = "b"\n'
        "[[counters]]\nnumber = 3\nservices = { A = 2, B = 1 }\n",
    )
    assert load_config(path).counters[0].services == (("A", 2), ("B", 1))


def test_hours_accept_toml_local_times_as_well_as_text() -> None:
    rule = {"days": "sat-sun", "open": time(9), "issue_until": "11:30", "close": time(12)}
    parsed = parse_config(with_service(hours=[rule]), "office.toml")
    hours = parsed.services[0].hours[0]
    assert (hours.weekdays, hours.opens, hours.issue_until) == (
        frozenset({5, 6}),
        time(9),
        time(11, 30),
    )


@pytest.mark.parametrize(
    ("days", "weekdays"),
    [
        ("mon-fri", {0, 1, 2, 3, 4}),
        ("sat", {5}),
        ("mon,wed,fri", {0, 2, 4}),
        ("sat-sun", {5, 6}),
        ("mon-tue, thu", {0, 1, 3}),
    ],
)
def test_days_are_read_as_weekday_numbers(days: str, weekdays: set[int]) -> None:
    rule = dict(WEEKDAY_HOURS, days=days)
    parsed = parse_config(with_service(hours=[rule]), "office.toml")
    assert parsed.services[0].hours[0].weekdays == frozenset(weekdays)


def test_a_service_quota_on_one_day_is_kept_with_its_rule() -> None:
    data = with_service(daily_quota=100, hours=[WEEKDAY_HOURS, dict(SATURDAY_HOURS, quota=25)])
    service = parse_config(data, "office.toml").services[0]
    assert (service.daily_quota, [h.quota for h in service.hours]) == (100, [None, 25])


# --- each rule names its key ----------------------------------------------------------------------


def test_rejects_an_unknown_top_level_table() -> None:
    assert rejection(config(offices={"name": "x"})).key == "offices"


def test_rejects_a_misspelt_key_and_suggests_the_right_one() -> None:
    error = rejection(with_service(daly_quota=10))
    assert error.key == "services[0].daly_quota"
    assert 'did you mean "daily_quota"' in error.problem


def test_rejects_an_unknown_key_in_an_hours_rule() -> None:
    error = rejection(with_service(hours=[dict(WEEKDAY_HOURS, lunch="12:00")]))
    assert error.key == "services[0].hours[0].lunch"


def test_rejects_a_file_without_an_office_table() -> None:
    error = rejection(config(office=None))
    assert (error.key, error.problem) == ("office", "is required but missing")


def test_rejects_an_office_without_a_name() -> None:
    assert rejection(config(office={"timezone": "Asia/Jakarta"})).key == "office.name"


def test_rejects_an_empty_office_name() -> None:
    assert rejection(config(office={"name": "  "})).key == "office.name"


def test_rejects_an_unknown_time_zone() -> None:
    error = rejection(config(office={"name": "K", "timezone": "Asia/Medan"}))
    assert error.key == "office.timezone"
    assert "Asia/Medan" in error.problem


@pytest.mark.parametrize("zone", ["Asia", "../etc/passwd", "/etc/localtime"])
def test_rejects_a_time_zone_that_is_not_a_zone_name(zone: str) -> None:
    assert rejection(config(office={"name": "K", "timezone": zone})).key == "office.timezone"


def test_rejects_a_ticker_that_is_not_text() -> None:
    assert rejection(config(office={"name": "K", "ticker": 5})).key == "office.ticker"


def test_rejects_a_file_without_services() -> None:
    assert rejection(config(services=[])).key == "services"


def test_rejects_services_written_as_a_single_table() -> None:
    error = rejection(config(services={"code": "A"}))
    assert (error.key, error.problem) == ("services", "must be an array, got a table")


def test_rejects_a_service_without_a_code() -> None:
    assert rejection(with_service(code=None)).key == "services[0].code"


@pytest.mark.parametrize("code", ["a", "AB", "1", "", 1])
def test_rejects_a_service_code_that_is_not_one_capital_letter(code: object) -> None:
    error = rejection(with_service(code=code))
    assert error.key == "services[0].code"
    assert "one capital letter" in error.problem


def test_rejects_a_service_code_used_twice() -> None:
    data = config()
    data["services"][1]["code"] = "A"
    error = rejection(data)
    assert error.key == "services[1].code"
    assert "services[0]" in error.problem


def test_rejects_a_service_without_an_english_name() -> None:
    assert rejection(with_service(name_en=None)).key == "services[0].name_en"


@pytest.mark.parametrize("quota", [0, -5, 2.5, "100", True])
def test_rejects_a_daily_quota_that_is_not_a_positive_whole_number(quota: object) -> None:
    error = rejection(with_service(daily_quota=quota))
    assert error.key == "services[0].daily_quota"
    assert error.problem.startswith("must be a positive whole number, got ")


def test_rejects_priority_allowed_that_is_not_true_or_false() -> None:
    assert rejection(with_service(priority_allowed="yes")).key == "services[0].priority_allowed"


@pytest.mark.parametrize("colour", ["1F5FA8", "#1F5FA", "#GGGGGG", "blue"])
def test_rejects_a_colour_that_is_not_hash_rrggbb(colour: str) -> None:
    error = rejection(with_service(color=colour))
    assert error.key == "services[0].color"
    assert "#RRGGBB" in error.problem


def test_rejects_a_target_wait_of_zero_minutes() -> None:
    assert rejection(with_service(target_wait_minutes=0)).key == "services[0].target_wait_minutes"


def test_rejects_hours_written_as_a_single_table() -> None:
    assert rejection(with_service(hours=WEEKDAY_HOURS)).key == "services[0].hours"


def test_rejects_an_hours_rule_without_days() -> None:
    rule = {k: v for k, v in WEEKDAY_HOURS.items() if k != "days"}
    assert rejection(with_service(hours=[rule])).key == "services[0].hours[0].days"


@pytest.mark.parametrize("days", ["monday", "mon-", "fri-mon", "mon;fri", "", "mon,mon"])
def test_rejects_days_that_are_not_a_weekday_list(days: str) -> None:
    error = rejection(with_service(hours=[dict(WEEKDAY_HOURS, days=days)]))
    assert error.key == "services[0].hours[0].days"


@pytest.mark.parametrize("clock", ["8", "24:00", "08:60", "0800", "8 am", 800])
def test_rejects_an_opening_time_that_is_not_hh_mm(clock: object) -> None:
    error = rejection(with_service(hours=[dict(WEEKDAY_HOURS, open=clock)]))
    assert error.key == "services[0].hours[0].open"
    assert "HH:MM" in error.problem


def test_rejects_issuing_that_ends_before_opening() -> None:
    rule = dict(WEEKDAY_HOURS, open="09:00", issue_until="08:30")
    assert rejection(with_service(hours=[rule])).key == "services[0].hours[0].issue_until"


def test_rejects_closing_before_issuing_ends() -> None:
    rule = dict(WEEKDAY_HOURS, issue_until="15:00", close="14:00")
    assert rejection(with_service(hours=[rule])).key == "services[0].hours[0].close"


def test_accepts_issuing_until_closing_time() -> None:
    rule = dict(WEEKDAY_HOURS, issue_until="16:00", close="16:00")
    assert parse_config(with_service(hours=[rule]), "office.toml").services[0].hours


def test_rejects_two_hour_rules_of_one_service_on_the_same_day() -> None:
    data = with_service(hours=[WEEKDAY_HOURS, dict(SATURDAY_HOURS, days="fri-sat")])
    error = rejection(data)
    assert error.key == "services[0].hours[1].days"
    assert "fri" in error.problem
    assert "hours[0]" in error.problem


def test_allows_two_services_to_share_the_same_days() -> None:
    data = config()
    for service in data["services"]:
        service["hours"] = [WEEKDAY_HOURS]
    assert len(parse_config(data, "office.toml").services) == 2


def test_rejects_a_day_quota_of_zero() -> None:
    error = rejection(with_service(hours=[dict(SATURDAY_HOURS, quota=0)]))
    assert error.key == "services[0].hours[0].quota"


def test_rejects_an_unknown_priority_policy() -> None:
    error = rejection(config(priority={"policy": "fair"}))
    assert error.key == "priority.policy"
    assert '"strict", "ratio"' in error.problem


def test_rejects_a_priority_ratio_below_one() -> None:
    assert rejection(config(priority={"ratio": 0})).key == "priority.ratio"


def test_rejects_fairness_minutes_that_are_not_positive() -> None:
    assert rejection(config(priority={"fairness_minutes": -1})).key == "priority.fairness_minutes"


def test_rejects_a_priority_daily_cap_of_zero() -> None:
    assert rejection(config(priority={"daily_cap": 0})).key == "priority.daily_cap"


def test_a_priority_table_without_fairness_minutes_has_no_fairness_rule() -> None:
    parsed = parse_config(config(priority={"policy": "strict"}), "office.toml")
    assert parsed.priority == PriorityConfig(policy="strict", fairness_minutes=None)


def test_a_minimal_file_orders_appointments_and_walk_ins_by_time() -> None:
    parsed = parse_config(config(), "office.toml")
    assert parsed.call_order == CallOrderConfig(mode="by_time", max_in_row=3)


def test_a_call_order_table_sets_appointments_first_and_max_in_row() -> None:
    data = config(call_order={"mode": "appointments_first", "max_in_row": 2})
    assert parse_config(data, "office.toml").call_order == CallOrderConfig("appointments_first", 2)


def test_rejects_an_unknown_call_order_mode() -> None:
    error = rejection(config(call_order={"mode": "first"}))
    assert error.key == "call_order.mode"
    assert '"by_time", "appointments_first"' in error.problem


@pytest.mark.parametrize("value", [0, -2, "3", 2.5, True])
def test_rejects_a_max_in_row_that_is_not_a_positive_whole_number(value: object) -> None:
    error = rejection(config(call_order={"mode": "appointments_first", "max_in_row": value}))
    assert error.key == "call_order.max_in_row"
    assert "positive whole number" in error.problem


def test_rejects_a_misspelt_call_order_key_and_suggests_the_right_one() -> None:
    error = rejection(config(call_order={"max_in_a_row": 2}))
    assert error.key == "call_order.max_in_a_row"
    assert 'did you mean "max_in_row"' in error.problem


def test_rejects_a_call_order_that_is_not_a_table() -> None:
    error = rejection(config(call_order="appointments_first"))
    assert error.key == "call_order"
    assert "must be a table" in error.problem


def test_rejects_a_counter_that_names_an_unknown_service() -> None:
    error = rejection(config(counters=[{"number": 1, "services": ["A", "Z"]}]))
    assert error.key == "counters[0].services[1]"
    assert '"Z"' in error.problem


def test_rejects_a_weighted_counter_that_names_an_unknown_service() -> None:
    error = rejection(config(counters=[{"number": 1, "services": {"A": 1, "Q": 2}}]))
    assert error.key == "counters[0].services.Q"


def test_rejects_a_counter_weight_of_zero() -> None:
    error = rejection(config(counters=[{"number": 1, "services": {"A": 0}}]))
    assert error.key == "counters[0].services.A"
    assert "positive whole number" in error.problem


def test_rejects_a_counter_that_lists_a_service_twice() -> None:
    error = rejection(config(counters=[{"number": 1, "services": ["A", "B", "A"]}]))
    assert error.key == "counters[0].services[2]"


@pytest.mark.parametrize("services", [[], {}])
def test_rejects_a_counter_that_serves_nothing(services: object) -> None:
    assert rejection(config(counters=[{"number": 1, "services": services}])).key == (
        "counters[0].services"
    )


def test_rejects_a_counter_whose_services_are_one_code() -> None:
    assert rejection(config(counters=[{"number": 1, "services": "A"}])).key == (
        "counters[0].services"
    )


def test_rejects_a_counter_without_services() -> None:
    assert rejection(config(counters=[{"number": 1}])).key == "counters[0].services"


@pytest.mark.parametrize("number", [0, -1, "1", 1.0])
def test_rejects_a_counter_number_that_is_not_positive(number: object) -> None:
    error = rejection(config(counters=[{"number": number, "services": ["A"]}]))
    assert error.key == "counters[0].number"


def test_rejects_a_counter_number_used_twice() -> None:
    counters = [{"number": n, "services": ["A"]} for n in (1, 2, 1)]
    error = rejection(config(counters=counters))
    assert error.key == "counters[2].number"
    assert "counters[0]" in error.problem


@pytest.mark.parametrize("login", ["b", "Budi", "budi santoso", "x" * 33, "budi@kanim", 7])
def test_rejects_a_login_outside_the_allowed_characters(login: object) -> None:
    error = rejection(config(officers=[{"login": login, "name": "Budi"}]))
    assert error.key == "officers[0].login"


def test_accepts_logins_with_dots_dashes_and_underscores() -> None:
    officers = [{"login": "rina.k_2-x", "name": "Rina"}]
    assert parse_config(config(officers=officers), "office.toml").officers[0].login == "rina.k_2-x"


def test_rejects_a_login_used_twice() -> None:
    officers = [{"login": "budi", "name": "Budi"}, {"login": "budi", "name": "Budi Lain"}]
    assert rejection(config(officers=officers)).key == "officers[1].login"


def test_rejects_an_officer_without_a_name() -> None:
    assert rejection(config(officers=[{"login": "budi"}])).key == "officers[0].name"


def test_rejects_an_unknown_role() -> None:
    error = rejection(config(officers=[{"login": "budi", "name": "Budi", "role": "admin"}]))
    assert error.key == "officers[0].role"
    assert '"officer", "supervisor"' in error.problem


def test_the_demo_source_is_named_in_errors_about_data_given_in_code() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(config(office={"name": ""}), "<demo>")
    assert str(caught.value) == "<demo>: office.name: must not be empty"


def test_rejects_a_counter_service_that_is_not_a_code() -> None:
    error = rejection(config(counters=[{"number": 1, "services": [["A"]]}]))
    assert (error.key, error.problem) == (
        "counters[0].services[0]",
        "must be a service code, got an array",
    )


def test_a_name_with_a_line_break_is_shown_escaped_on_one_line() -> None:
    error = rejection(config(officers=[{"login": "budi", "name": "Budi\nSantoso"}]))
    assert str(error) == 'office.toml: officers[0].name: must be one line, got "Budi\\nSantoso"'


# --- the capacity guard ---------------------------------------------------------------------------


def test_capacity_guard_is_off_by_default_and_can_be_turned_on() -> None:
    assert parse_config(config(), "office.toml").services[0].capacity_guard is False
    data = with_service(capacity_guard=True, hours=[WEEKDAY_HOURS])
    assert parse_config(data, "office.toml").services[0].capacity_guard is True


def test_rejects_a_capacity_guard_that_is_not_true_or_false() -> None:
    error = rejection(with_service(capacity_guard="yes", hours=[WEEKDAY_HOURS]))
    assert str(error) == 'office.toml: services[0].capacity_guard: must be true or false, got "yes"'


def test_rejects_a_capacity_guard_without_a_closing_time() -> None:
    error = rejection(with_service(capacity_guard=True))
    assert error.key == "services[0].capacity_guard"
    assert "needs opening hours" in error.problem


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("http://10.0.0.5:8080", "http://10.0.0.5:8080"),
        ("https://antrean.kanim.lan/", "https://antrean.kanim.lan"),
        ("http://queue.lan/antrean/", "http://queue.lan/antrean"),
    ],
)
def test_a_public_url_is_kept_without_its_trailing_slash(given: str, kept: str) -> None:
    parsed = parse_config(config(office={"name": "K", "public_url": given}), "office.toml")
    assert parsed.public_url == kept


def test_no_public_url_means_no_phone_links() -> None:
    assert parse_config(config(), "office.toml").public_url is None


@pytest.mark.parametrize(
    "url",
    [
        "10.0.0.5:8080",
        "ftp://10.0.0.5",
        "http://",
        "http://10.0.0.5:99999",
        "http://q.lan/?a=1",
        "http://q lan",
        "",
        8080,
    ],
)
def test_rejects_a_public_url_phones_could_not_open(url: object) -> None:
    error = rejection(config(office={"name": "K", "public_url": url}))
    assert error.key == "office.public_url"


# --- appointments ---------------------------------------------------------------------------------


def test_appointment_rules_default_to_refusing_late_bookings_without_a_cut_off() -> None:
    rules = parse_config(config(), "office.toml").appointments
    assert (rules.early_minutes, rules.grace_minutes, rules.late_rule) == (60, 30, "refuse")
    assert (rules.trust_unlisted, rules.release_at) == (False, None)


def test_the_example_office_releases_unused_bookings_at_eleven() -> None:
    rules = load_config(DATA / "example_office.toml").appointments
    assert (rules.late_rule, rules.release_at, rules.trust_unlisted) == (
        "walk_in",
        time(11),
        True,
    )


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"late_rule": "ignore"}, 'appointments.late_rule: must be one of "refuse", "walk_in"'),
        ({"early_minutes": -5}, "appointments.early_minutes: must be a whole number of minutes"),
        ({"grace_minutes": True}, "appointments.grace_minutes: must be a whole number of minutes"),
        ({"release_at": "11h"}, 'appointments.release_at: must be a time "HH:MM"'),
        (
            {"grace_minute": 30},
            'appointments.grace_minute: unknown key (did you mean "grace_minutes"',
        ),
    ],
)
def test_bad_appointment_rules_are_named(rules: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        parse_config(config(appointments=rules), "office.toml")


# --- journeys -------------------------------------------------------------------------------------

STEPS = [
    {"code": "berkas", "name_id": "Pemeriksaan Berkas", "name_en": "Document check"},
    {"code": "biometrik", "name_id": "Foto & Wawancara", "name_en": "Photo & interview"},
]


def test_the_demo_office_has_two_step_journeys_and_step_counters() -> None:
    demo = demo_config()
    assert [len(s.steps) for s in demo.services] == [2, 2, 2, 0, 0]
    assert demo.counters[1].services[0] == ("A:berkas", 1)
    assert [o.code for o in demo.journey.outcomes if o.ends_visit] == ["berkas_kurang", "ditunda"]


def test_a_counter_may_serve_one_step_of_a_service() -> None:
    data = with_service(steps=STEPS)
    data["counters"] = [{"number": 1, "services": ["A:biometrik", "B"]}]
    assert parse_config(data, "office.toml").counters[0].services == (("A:biometrik", 1), ("B", 1))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["counters"][0].update(services=["A:photo"]),
            'counters[0].services[0]: names an unknown service "A:photo"',
        ),
        (
            lambda d: d["services"][0].update(steps=[STEPS[0], STEPS[0]]),
            'services[0].steps[1].code: "berkas" is already used by services[0].steps[0]',
        ),
        (
            lambda d: d["services"][0].update(steps=[{**STEPS[0], "code": "Berkas"}]),
            "services[0].steps[0].code: must be 1-32 of a-z",
        ),
        (
            lambda d: d.update(journey={"next_step_queue": "front"}),
            'journey.next_step_queue: must be one of "arrival", "back"',
        ),
        (
            lambda d: d.update(journey={"outcomes": [{"code": "ok", "name_id": "OK"}]}),
            "journey.outcomes[0].name_en: is required but missing",
        ),
    ],
)
def test_bad_journeys_are_named(change: Any, message: str) -> None:
    data = with_service(steps=STEPS)
    change(data)
    with pytest.raises(ConfigError, match=re.escape(message)):
        parse_config(data, "office.toml")


# --- [security] ----------------------------------------------------------------------------------


def test_pins_are_four_digits_or_longer_unless_the_office_says_otherwise() -> None:
    assert parse_config(config(), "office.toml").pin_min_length == 4
    six = parse_config(config(security={"pin_min_length": 6}), "office.toml")
    assert six.pin_min_length == 6


@pytest.mark.parametrize("length", [3, 13, "6", True])
def test_rejects_a_pin_min_length_outside_four_to_twelve(length: object) -> None:
    error = rejection(config(security={"pin_min_length": length}))
    assert error.key == "security.pin_min_length"


def test_rejects_an_unknown_security_key() -> None:
    assert rejection(config(security={"pin_length": 6})).key == "security.pin_length"


def test_the_example_office_asks_for_six_digit_pins() -> None:
    assert load_config(DATA / "example_office.toml").pin_min_length == 6
