"""The voice guide's dialogue and what it says, as clip names (no Qt, no sound)."""

from __future__ import annotations

from kiosk import voice_script
from kiosk.voice_flow import Issue, Option, Step, VoiceFlow
from kiosk.voice_script import Prompt

OPTIONS = [
    Option(1, "A", "Paspor Baru", "New passport", available=True, priority_allowed=True),
    Option(2, "B", "Penggantian Paspor", "Passport renewal", True, True),
    Option(3, "C", "Paspor Hilang atau Rusak", "Lost or damaged passport", False, True),
    Option(4, "E", "Informasi", "Information", True, priority_allowed=False),
]


def clips(prompt: Prompt) -> list[str]:
    """The clip names, with a service shown as `<lang>/{X}` (the player side finds its clip)."""
    names: list[str] = []
    for piece in prompt.pieces:
        names += piece.clips
        if piece.service is not None:
            names.append(f"{piece.lang}/{{{piece.service.code}}}")
    return names


def test_the_menu_names_each_open_service_with_its_key_in_indonesian() -> None:
    menu = VoiceFlow(OPTIONS, "id").start().prompt
    assert clips(menu) == [
        "id/welcome",
        "id/choose_service",
        *("id/for", "id/{A}", "id/press", "id/satu"),
        *("id/for", "id/{B}", "id/press", "id/dua"),
        *("id/for", "id/{E}", "id/press", "id/empat"),
        *("id/{C}", "id/not_now"),  # full today: said, without a key
        "en/language_hint",  # "For English, press eight", in the English voice
        "id/end_hint",
        "id/repeat_hint",
    ]
    assert menu.lines[2] == "Untuk Paspor Baru, tekan 1."
    assert menu.lines[5] == "Paspor Hilang atau Rusak: sedang tidak tersedia."


def test_choosing_a_service_then_one_asks_for_a_ticket() -> None:
    flow = VoiceFlow(OPTIONS, "id")
    flow.start()
    chosen = flow.key("1")
    assert clips(chosen.prompt)[:2] == ["id/you_chose", "id/{A}"]
    assert "id/priority_offer" in clips(chosen.prompt)
    assert chosen.prompt.lines[0] == "Anda memilih Paspor Baru."
    reply = flow.key("1")
    assert reply.issue == Issue("A", None)
    assert clips(reply.prompt) == ["id/please_wait"]
    assert flow.step is Step.WAITING
    assert flow.key("5").issue is None  # nothing more is issued while it is being made


def test_a_priority_ticket_takes_the_group_as_a_digit() -> None:
    flow = VoiceFlow(OPTIONS, "en")
    flow.start()
    flow.key("2")
    groups = flow.key("2").prompt
    assert clips(groups)[:5] == [
        "en/choose_group",
        "en/for",
        "en/group_lansia",
        "en/press",
        "en/one",
    ]
    assert flow.key("2").issue == Issue("B", "disabilitas")


def test_a_service_without_priority_tickets_does_not_offer_them() -> None:
    flow = VoiceFlow(OPTIONS, "id")
    flow.start()
    chosen = flow.key("4").prompt
    assert "id/priority_offer" not in clips(chosen)
    again = flow.key("2")
    assert again.issue is None
    assert clips(again.prompt)[0] == "id/no_choice"


def test_zero_repeats_and_nine_goes_back() -> None:
    flow = VoiceFlow(OPTIONS, "id")
    menu = flow.start().prompt
    assert flow.key("0").prompt == menu
    chosen = flow.key("2").prompt
    assert flow.key("0").prompt == chosen
    back = flow.key("9").prompt
    assert clips(back)[0] == "id/choose_service"
    assert flow.step is Step.MENU
    assert flow.key("9").leave  # nine on the menu leaves the guide


def test_a_full_service_and_a_missing_key_are_said_and_the_menu_follows() -> None:
    flow = VoiceFlow(OPTIONS, "id")
    flow.start()
    assert clips(flow.key("3").prompt)[:2] == ["id/unavailable", "id/choose_service"]
    assert clips(flow.key("7").prompt)[:2] == ["id/no_choice", "id/choose_service"]
    assert flow.step is Step.MENU


def test_eight_switches_the_language() -> None:
    flow = VoiceFlow(OPTIONS, "id")
    flow.start()
    reply = flow.key("8")
    assert reply.switch_language
    assert flow.lang == "en"
    assert clips(reply.prompt)[:3] == ["en/choose_service", "en/for", "en/{A}"]
    assert "id/language_hint" in clips(reply.prompt)  # "Untuk bahasa Indonesia, tekan delapan"


def test_the_number_is_said_letter_and_digits_then_the_people_ahead() -> None:
    flow = VoiceFlow(OPTIONS, "id")
    flow.start()
    flow.key("1")
    flow.key("1")
    said = flow.issued("A007", 3).prompt
    assert clips(said) == [
        "id/your_number",
        *("id/letter_a", "id/nol", "id/nol", "id/tujuh"),
        *("id/tiga", "id/people_ahead"),
    ]
    assert said.lines == ("Nomor antrean Anda A007: A nol nol tujuh.", "3 orang di depan Anda.")
    tail = flow.printed("printed").prompt
    assert clips(tail) == ["id/take_ticket", "id/hear_again"]
    assert clips(flow.key("0").prompt) == clips(said) + clips(tail)  # 0: the whole of it again
    assert flow.key("9").leave


def test_people_ahead_in_english_and_nobody_ahead() -> None:
    assert clips(voice_script.ahead(1, "en")) == ["en/one", "en/person_ahead"]
    assert clips(voice_script.ahead(21, "en")) == ["en/twenty", "en/one", "en/people_ahead"]
    assert clips(voice_script.ahead(0, "id")) == ["id/nobody_ahead"]


def test_a_refusal_is_said_and_the_menu_is_read_again() -> None:
    flow = VoiceFlow(OPTIONS, "id")
    flow.start()
    flow.key("1")
    flow.key("1")
    refused = flow.refused().prompt
    assert clips(refused)[:2] == ["id/refused", "id/choose_service"]
    assert flow.step is Step.MENU


def test_a_failed_print_tells_the_applicant_to_go_to_the_desk() -> None:
    flow = VoiceFlow(OPTIONS, "en")
    flow.issued("B012", 0)
    assert clips(flow.printed("failed").prompt) == ["en/print_failed", "en/hear_again"]
