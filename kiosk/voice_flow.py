"""The voice guide's dialogue: which keypad digit does what on each step (pure, no Qt).

    menu      1-7 a service, 8 the other language, 9 leave the guide, 0 repeat
    service   1 take a number, 2 a priority number (where the service gives them), 9 back
    priority  1-4 the priority group, 9 back
    waiting   (the ticket is being made) 0 repeat
    issued    0 hear the number again, 9 finish

Every answer is a `Reply`: the prompt to speak, and what the kiosk must do (issue a ticket,
switch the language, leave the guide).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from kiosk import voice_script as script
from kiosk.voice_script import Prompt, ServiceName

MENU_KEYS = 7  # digits 1-7 choose services; 8 and 9 are the language and leaving


class Step(Enum):
    MENU = "menu"
    SERVICE = "service"
    PRIORITY = "priority"
    WAITING = "waiting"
    ISSUED = "issued"


@dataclass(frozen=True)
class Option:
    """A service on the menu: its key is its place among the kiosk's services (stable)."""

    key: int
    code: str
    name_id: str
    name_en: str
    available: bool
    priority_allowed: bool

    def named(self, lang: str) -> ServiceName:
        return ServiceName(self.code, self.name_id if lang == "id" else self.name_en)


@dataclass(frozen=True)
class Issue:
    """Ask the kiosk for a ticket."""

    service: str
    priority: str | None


@dataclass(frozen=True)
class Reply:
    prompt: Prompt
    issue: Issue | None = None
    switch_language: bool = False
    leave: bool = False


class VoiceFlow:
    """The dialogue's state. Feed it keys ("0"-"9") and events; speak what it answers."""

    def __init__(self, options: list[Option], lang: str) -> None:
        self.options = options
        self.lang = lang
        self.step = Step.MENU
        self._chosen: Option | None = None
        self._last: Prompt = script.silence()
        self._issued: Prompt | None = None

    def start(self) -> Reply:
        self.step = Step.MENU
        self._chosen = None
        return self._say(self._menu(welcome=True))

    def update(self, options: list[Option]) -> None:
        """New service states (a quota filled, a service closed) for the next prompt."""
        self.options = options

    def key(self, key: str) -> Reply:
        if key == "0":
            return Reply(self._last)
        handlers = {
            Step.MENU: self._on_menu,
            Step.SERVICE: self._on_service,
            Step.PRIORITY: self._on_priority,
            Step.ISSUED: self._on_issued,
        }
        handler = handlers.get(self.step)
        if handler is None or not key.isdigit():
            return Reply(script.silence())
        return handler(int(key))

    def issued(self, code: str, people_ahead: int) -> Reply:
        """The ticket exists: say its number (the print result follows with `printed`)."""
        self.step = Step.ISSUED
        self._issued = script.number(code, people_ahead, self.lang)
        return self._say(self._issued)

    def printed(self, outcome: str) -> Reply:
        """ "printed", "shown" (no printer) or "failed": appended after the number."""
        names = {"printed": "take_ticket", "shown": "no_printer"}
        tail = script.phrase(names.get(outcome, "print_failed"), self.lang)
        tail += script.phrase("hear_again", self.lang)
        self._issued = (self._issued or script.silence()) + tail
        self._last = self._issued
        return Reply(tail)

    def refused(self) -> Reply:
        self.step = Step.MENU
        return self._say(script.phrase("refused", self.lang) + self._menu(welcome=False))

    def out_of_service(self) -> Reply:
        return self._say(script.phrase("out_of_service", self.lang))

    def leave(self) -> Reply:
        return Reply(script.phrase("goodbye", self.lang), leave=True)

    # --- steps ----------------------------------------------------------------------------------

    def _on_menu(self, key: int) -> Reply:
        if key == 8:
            self.lang = "en" if self.lang == "id" else "id"
            return Reply(self._say(self._menu(welcome=False)).prompt, switch_language=True)
        if key == 9:
            return self.leave()
        option = next((o for o in self.options if o.key == key), None)
        if option is None:
            return self._say(script.phrase("no_choice", self.lang) + self._menu(welcome=False))
        if not option.available:
            return self._say(script.phrase("unavailable", self.lang) + self._menu(welcome=False))
        self._chosen = option
        self.step = Step.SERVICE
        return self._say(self._service_prompt(option))

    def _on_service(self, key: int) -> Reply:
        option = self._chosen
        if key == 9 or option is None:
            self.step = Step.MENU
            return self._say(self._menu(welcome=False))
        if key == 1:
            return self._wait(Issue(option.code, None))
        if key == 2 and option.priority_allowed:
            self.step = Step.PRIORITY
            return self._say(script.groups(self.lang))
        return self._say(script.phrase("no_choice", self.lang) + self._service_prompt(option))

    def _on_priority(self, key: int) -> Reply:
        option = self._chosen
        if key == 9 or option is None:
            self.step = Step.SERVICE if option else Step.MENU
            return self._say(self._service_prompt(option) if option else self._menu(welcome=False))
        if 1 <= key <= len(script.PRIORITY_GROUPS):
            return self._wait(Issue(option.code, script.PRIORITY_GROUPS[key - 1]))
        return self._say(script.phrase("no_choice", self.lang) + script.groups(self.lang))

    def _on_issued(self, key: int) -> Reply:
        if key == 9:
            return self.leave()
        return Reply(script.silence())

    # --- helpers --------------------------------------------------------------------------------

    def _wait(self, issue: Issue) -> Reply:
        self.step = Step.WAITING
        return Reply(self._say(script.phrase("please_wait", self.lang)).prompt, issue=issue)

    def _menu(self, *, welcome: bool) -> Prompt:
        shown = [(o.key, o.named(self.lang)) for o in self.options if o.available]
        closed = [o.named(self.lang) for o in self.options if not o.available]
        return script.menu(shown, self.lang, welcome=welcome, closed=closed)

    def _service_prompt(self, option: Option) -> Prompt:
        return script.service_chosen(
            option.named(self.lang), self.lang, priority_allowed=option.priority_allowed
        )

    def _say(self, prompt: Prompt) -> Reply:
        self._last = prompt
        return Reply(prompt)
