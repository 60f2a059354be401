"""What the voice guide says: its phrase clips and the clip sequence of each prompt (pure).

A prompt is chained from short clips, as the display's announcements are: fixed phrases
("untuk", "tekan", "Anda memilih"), service names (`service_a`, recorded per service code),
number words and letters (`qtshared.voice.words`). Each prompt also carries its lines as text:
the screen shows what is spoken, large, so that the guide works without a sound device and for
an applicant who hears badly.

The spoken texts are the `[kiosk_voice]` section of the one catalogue (`assets/i18n/texts.toml`),
which the clips are rendered from (`python -m kiosk.voice_clips`); a caption is always the text of
the clips actually queued.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from db.rules import words
from qtshared.voice.words import LANGUAGES, Reading, code_clips, display_word, whole_words

PRIORITY_GROUPS = ("lansia", "disabilitas", "ibu_hamil", "balita")


def phrases(lang: str) -> dict[str, str]:
    """A language's phrase clips, clip name -> what is said (and shown): the catalogue's
    `[kiosk_voice]` section."""
    return words.section("kiosk_voice", lang)


# The clip of the other language's hint is spoken in that language, so it lives in its folder.
_LANGUAGE_HINT_FOLDER = {"id": "en", "en": "id"}


@dataclass(frozen=True)
class ServiceName:
    """A service as the guide names it: its code and its name in the prompt's language."""

    code: str
    name: str


@dataclass(frozen=True)
class Piece:
    """One part of a prompt: clip names (`<lang>/<name>`), or a service to be named.

    A service's clip is found (or spelt: "layanan A") by the player side, which knows which
    recordings exist; its caption is the service's name.
    """

    clips: tuple[str, ...] = ()
    service: ServiceName | None = None
    lang: str = "id"  # the language a service is named in


@dataclass(frozen=True)
class Prompt:
    """What to say: the pieces in order, and the lines the screen shows meanwhile."""

    pieces: tuple[Piece, ...]
    lines: tuple[str, ...]

    def __add__(self, other: Prompt) -> Prompt:
        return Prompt(self.pieces + other.pieces, self.lines + other.lines)


def phrase(name: str, lang: str) -> Prompt:
    """One fixed phrase clip."""
    folder = _LANGUAGE_HINT_FOLDER[lang] if name == "language_hint" else lang
    text = phrases(lang)[name]
    return Prompt((Piece((f"{folder}/{name}",)),), (text,))


def silence() -> Prompt:
    return Prompt((), ())


def choice(what: Prompt, key: int, lang: str) -> Prompt:
    """ "Untuk paspor baru, tekan 1." as one line."""
    key_clips = tuple(f"{lang}/{w}" for w in whole_words(key, lang))
    pieces = (Piece((f"{lang}/for",)), *what.pieces, Piece((f"{lang}/press", *key_clips)))
    line = f"{phrases(lang)['for']} {' '.join(what.lines)}, {phrases(lang)['press']} {key}."
    return Prompt(pieces, (line,))


def service(option: ServiceName, lang: str) -> Prompt:
    return Prompt((Piece(service=option, lang=lang),), (option.name,))


def group(category: str, lang: str) -> Prompt:
    name = f"group_{category}"
    return Prompt((Piece((f"{lang}/{name}",)),), (phrases(lang)[name],))


def menu(
    options: Sequence[tuple[int, ServiceName]],
    lang: str,
    *,
    welcome: bool,
    closed: Sequence[ServiceName] = (),
) -> Prompt:
    """The service menu: each open service with its key, then those closed now (so that nobody
    waits for a service that is not read out), the language switch, leave, repeat."""
    prompt = phrase("welcome", lang) if welcome else silence()
    prompt += phrase("choose_service", lang)
    for key, option in options:
        prompt += choice(service(option, lang), key, lang)
    for option in closed:
        named = service(option, lang) + phrase("not_now", lang)
        prompt += Prompt(named.pieces, (f"{option.name}: {phrases(lang)['not_now']}",))
    for hint in ("language_hint", "end_hint", "repeat_hint"):
        prompt += phrase(hint, lang)
    return prompt


def service_chosen(option: ServiceName, lang: str, *, priority_allowed: bool) -> Prompt:
    """ "Anda memilih paspor baru. Untuk mengambil nomor antrean, tekan satu. ..." """
    you = phrase("you_chose", lang) + service(option, lang)
    prompt = Prompt(you.pieces, (" ".join(you.lines) + ".",))
    prompt += phrase("take_number", lang)
    if priority_allowed:
        prompt += phrase("priority_offer", lang)
    return prompt + phrase("back_hint", lang) + phrase("repeat_hint", lang)


def groups(lang: str) -> Prompt:
    prompt = phrase("choose_group", lang)
    for key, category in enumerate(PRIORITY_GROUPS, start=1):
        prompt += choice(group(category, lang), key, lang)
    return prompt + phrase("back_hint", lang) + phrase("repeat_hint", lang)


def number(code: str, people_ahead: int, lang: str) -> Prompt:
    """ "Nomor antrean Anda A nol nol tujuh. Tiga orang di depan Anda." """
    spoken = [f"{lang}/{c}" for c in code_clips(code, lang, Reading.DIGITS)]
    words = [display_word(c.split("/", 1)[1]) for c in spoken]
    first = Prompt(
        (Piece((f"{lang}/your_number", *spoken)),),
        (f"{phrases(lang)['your_number']} {code}: {' '.join(words)}.",),
    )
    return first + ahead(people_ahead, lang)


def ahead(count: int, lang: str) -> Prompt:
    if count == 0:
        return phrase("nobody_ahead", lang)
    name = "person_ahead" if count == 1 else "people_ahead"
    counted = tuple(f"{lang}/{w}" for w in whole_words(count, lang))
    line = f"{count} {phrases(lang)[name]}"
    return Prompt((Piece((*counted, f"{lang}/{name}")),), (line,))


def clip_names(lang: str) -> dict[str, str]:
    """Every phrase clip of a language's folder and its text (for rendering the clip set)."""
    _check_language(lang)
    names = {name: text for name, text in phrases(lang).items() if name != "language_hint"}
    other = next(other for other, folder in _LANGUAGE_HINT_FOLDER.items() if folder == lang)
    names["language_hint"] = phrases(other)["language_hint"]
    return names


def _check_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
