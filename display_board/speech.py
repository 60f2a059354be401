"""What is said for a call: number words and the sequence of voice clips (pure, no Qt).

A call is announced by chaining short recorded clips, as commercial queue systems do:
`common/chime`, then for each language `id/nomor_antrean`, the letter, the number, the phrase
before the counter and the counter number. A clip is named `<folder>/<name>`; its file is
`<folder>/<name>.wav` in the clip set (see `display_board.voices`).

Numbers are read digit by digit ("nol nol satu") or whole ("seratus dua puluh tiga"); counters
are always read whole. The number words are shared with the kiosk (`qtshared.voice.words`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from db.rules import words
from qtshared.voice.words import (
    ID_LETTERS,
    LANGUAGES,
    MAX_WHOLE,
    Reading,
    code_clips,
    display_word,
    letter_clip,
    number_clips,
    say_number,
    split_code,
    whole_words,
    words_en,
    words_id,
)

__all__ = [
    "CHIME",
    "ID_LETTERS",
    "LANGUAGES",
    "MAX_WHOLE",
    "PHRASE_CLIPS",
    "Call",
    "Reading",
    "announcement",
    "call_clips",
    "letter_clip",
    "number_clips",
    "phrases",
    "say_number",
    "split_code",
    "spoken_text",
    "words_en",
    "words_id",
]

CHIME = "common/chime"

# The clips of the fixed phrases, per language: before the ticket, before the counter. The names
# are fixed (an office's own recordings are found by them); what espeak-ng says for them is the
# catalogue's `[voice]` (`phrases`).
PHRASE_CLIPS = {
    "id": ("nomor_antrean", "silakan_menuju_loket"),
    "en": ("ticket", "please_proceed_to_counter"),
}


def phrases(lang: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """(clip name, spoken text) before the ticket and before the counter, in `lang`."""
    before_ticket, before_counter = PHRASE_CLIPS[lang]
    return (
        (before_ticket, words.text("voice", "before_ticket", lang)),
        (before_counter, words.text("voice", "before_counter", lang)),
    )


@dataclass(frozen=True)
class Call:
    """One call to announce: a ticket code such as "A001" and a counter number."""

    code: str
    counter: int


def call_clips(call: Call, lang: str, reading: Reading) -> list[str]:
    """The clips of one call in one language, without the chime."""
    _check_language(lang)
    before_ticket, before_counter = PHRASE_CLIPS[lang]
    names = [before_ticket, *code_clips(call.code, lang, reading)]
    names += [before_counter, *whole_words(call.counter, lang)]
    return [f"{lang}/{name}" for name in names]


def announcement(call: Call, languages: Sequence[str], reading: Reading) -> list[str]:
    """The full clip sequence: the chime, then the call in each language, in order."""
    clips = [CHIME]
    for lang in languages:
        clips += call_clips(call, lang, reading)
    return clips


def spoken_text(call: Call, lang: str, reading: Reading) -> str:
    """What the clips say, as a sentence (for logs and for the on-screen caption)."""
    words = [name.split("/", 1)[1] for name in call_clips(call, lang, reading)]
    return " ".join(display_word(word) for word in words)


def _check_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
