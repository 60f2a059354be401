"""The accessible kiosk: the voice guide (touch or keypad), large text, and patience.

One object per kiosk window, wired to it through the window's public parts: the screens'
stack (to follow where the applicant is), the ticket jobs (to hear the number and the print
result), and the window's back-home timer (longer while the voice guide is on).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from db.errors import UserError
from kiosk import contrast, keypad, style
from kiosk.access_screens import BAR_SHEET, SHEET, AccessBar, VoiceScreen
from kiosk.config import KioskConfig
from kiosk.jobs import Issued
from kiosk.keypad import KeypadFilter
from kiosk.patience import Patience
from kiosk.voice_clips import KioskClips
from kiosk.voice_flow import MENU_KEYS, Option, Reply, VoiceFlow
from kiosk.voice_guide import VoiceGuide
from kiosk.widgets import vbox
from qtshared.voice.player import ClipPlayer, make_player
from ticket_printer.job import Outcome, PrinterError, PrintResult

if TYPE_CHECKING:
    from kiosk.window import KioskWindow

log = logging.getLogger(__name__)

NORMAL_SHEET = style.SHEET + SHEET + BAR_SHEET
HIGH_SHEET = contrast.high_contrast_sheet(style.SHEET + SHEET) + BAR_SHEET
_SPOKEN_OUTCOMES = {Outcome.CONFIRMED: "printed", Outcome.PREVIEW: "shown", Outcome.NONE: "shown"}


def kiosk_clips(config: KioskConfig, cache: Path | None = None) -> KioskClips:
    """The office's recordings first, then the shipped set, then clips synthesized at run time."""
    office = Path(config.voice_folder) if config.voice_folder else None
    cache = cache or Path(platformdirs.user_cache_dir("walkin", appauthor=False)) / "kiosk-voice"
    return KioskClips(office, cache, shutil.which("espeak-ng"))


class Access(QObject):
    """The kiosk's accessibility: its bar, the voice guide's screen and dialogue, large text.

    Args:
        window: the kiosk window it serves.
        config: the kiosk settings (high_contrast, large_ticket_number, voice_*).
        player: plays the clips (None: QMediaPlayer, or silence without an audio device).
        clips: the clip set (None: the office's folder, the shipped set, espeak-ng).
    """

    def __init__(
        self,
        window: KioskWindow,
        config: KioskConfig,
        *,
        player: ClipPlayer | None = None,
        clips: KioskClips | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._config = config
        self.bar = AccessBar()
        self.screen = VoiceScreen()
        self.keypad = KeypadFilter(self)
        self.patience = Patience(config.voice_idle_factor)
        self.patience.add_listener(window.idle.set_patience)
        self._footer: QWidget | None = None
        made = player  # None: the sound device's player, made when the guide first speaks

        def make() -> ClipPlayer:
            return made or make_player(mute=False, volume=config.voice_volume)

        self.guide = VoiceGuide(clips or kiosk_clips(config), make, self)
        self.high_contrast = False
        self._connect()
        self._apply_look(config.high_contrast)
        window.installEventFilter(self)

    def _connect(self) -> None:
        window = self._window
        self.bar.voice_requested.connect(self.start_voice)
        self.bar.contrast_toggled.connect(lambda: self.set_high_contrast(not self.high_contrast))
        self.screen.stop.connect(self.leave_voice)
        self.keypad.pressed.connect(self.key)
        self.guide.shown.connect(self._on_shown)
        self.guide.active_changed.connect(self.patience.set_slow)
        self.guide.quiet.connect(self._on_quiet)
        window.jobs.issued.connect(self._on_issued)
        window.jobs.printed.connect(self._on_printed)
        window.jobs.print_failed.connect(self._on_print_failed)
        window.jobs.refused.connect(self._on_refused)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        relayout = (QEvent.Type.Resize, QEvent.Type.LayoutRequest)
        if watched is self._window and event.type() in relayout:
            self.fit_bar()
        return False

    def below(self, footer: QWidget) -> QWidget:
        """The strip under every screen: this bar, then the window's `footer`."""
        self._footer = footer
        strip = QWidget()
        column = vbox(strip)
        column.addWidget(self.bar)
        column.addWidget(footer)
        return strip

    def fit_bar(self) -> None:
        """Show the bar below the screen wherever there is room for it: everywhere at 1920x1080
        but on the booking keypad (whose keys need the height; the keypad's + still works)."""
        screen = self._window.current_screen()
        if screen is None:
            return
        needed = screen.minimumSizeHint().height() + self.bar.minimumSizeHint().height()
        footer = self._footer
        if footer is not None and footer.isVisibleTo(self._window):
            needed += footer.sizeHint().height()
        self.bar.setVisible(needed <= self._window.height())

    def start(self) -> None:
        """Listen to the keypad (installed last, so it sees a keypad key before the scanner)."""
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.keypad)

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.keypad)
        self.guide.silence()

    # --- the voice guide ------------------------------------------------------------------------

    def key(self, key: str) -> None:
        """A keypad key: "+" starts the guide (from any screen), "-" leaves it, digits choose."""
        if key == keypad.START:
            self.start_voice()
        elif self.guide.flow is None:
            return
        elif key == keypad.LEAVE:
            self.leave_voice()
        else:
            # The applicant is there: a fresh full period (this filter takes the key before the
            # idle timer's own filter could see it).
            self._window.idle.poke()
            self._act(self.guide.flow.key(key))

    def start_voice(self) -> None:
        window = self._window
        lang = window.translations.language
        if window.current_screen() is window.out_of_service or not window.statuses:
            self.guide.say(VoiceFlow([], lang).out_of_service().prompt)
            return
        window.show_screen(self.screen)
        self.guide.start(self.options(), lang)

    def leave_voice(self) -> None:
        if self.guide.flow is not None:
            self.guide.finish(self.guide.flow.leave())
            self._window.show_home()

    def options(self) -> list[Option]:
        """The window's services as menu choices; services past the seventh are not offered."""
        statuses = self._window.statuses
        if len(statuses) > MENU_KEYS:
            log.warning("voice guide: only the first %d services can be chosen", MENU_KEYS)
        return [
            Option(
                key=index,
                code=s.code,
                name_id=s.name_id,
                name_en=s.name_en,
                available=s.availability.open and s.quota_left != 0,
                priority_allowed=s.priority_allowed,
            )
            for index, s in enumerate(statuses[:MENU_KEYS], start=1)
        ]

    def _act(self, reply: Reply) -> None:
        flow = self.guide.flow
        language = self._window.translations.language
        if reply.switch_language and flow is not None and language != flow.lang:
            self._window.toggle_language()
        if reply.leave:
            self.guide.finish(reply)
            self._window.show_home()
            return
        self.guide.say(reply.prompt)
        if reply.issue is not None:
            self._issue(reply.issue.service, reply.issue.priority)

    def _issue(self, service: str, priority: str | None) -> None:
        window = self._window
        status = next((s for s in window.statuses if s.code == service), None)
        if not window.ready_for_job() or window.office is None:
            self._on_refused(None)
            return
        started = window.jobs.issue(
            service,
            priority,
            window.office,
            status.color if status else style.NAVY,
            qr_url=window.config.qr_url,
            footer=window.config.footer,
        )
        if started:
            window.job_started()

    def _on_issued(self, issued: Issued) -> None:
        flow = self.guide.flow
        if flow is not None:
            content = issued.content
            self.guide.say(flow.issued(content.code, content.people_ahead).prompt)

    def _on_printed(self, result: PrintResult) -> None:
        if self.guide.flow is not None:
            outcome = _SPOKEN_OUTCOMES.get(result.outcome, "failed")
            self.guide.then_say(self.guide.flow.printed(outcome).prompt)

    def _on_print_failed(self, _error: PrinterError) -> None:
        if self.guide.flow is not None:
            self.guide.then_say(self.guide.flow.printed("failed").prompt)

    def _on_refused(self, _error: UserError | None) -> None:
        if self.guide.flow is not None:
            self.guide.say(self.guide.flow.refused().prompt)

    def on_screen_changed(self, screen: QWidget | None) -> None:
        """The window changed screens: home (the back-home timer, a tap on Done) ends the guide,
        and the out-of-service screen is announced."""
        flow = self.guide.flow
        shown_here = screen is self.screen or flow is None
        self.bar.show_caption(None if shown_here else self.guide.lines)
        self.fit_bar()
        if flow is None:
            return
        if screen is self._window.home:
            self.guide.finish(flow.leave())
        elif screen is self._window.out_of_service:
            self.guide.say(flow.out_of_service().prompt)

    def _on_shown(self, lines: tuple[str, ...]) -> None:
        self.screen.set_silent(self.guide.silent)
        self.screen.show_lines(lines)
        on_screen = self._window.current_screen() is self.screen
        self.bar.show_caption(None if on_screen or not self.guide.active else lines)
        self.fit_bar()

    def _on_quiet(self) -> None:
        if self.guide.active:
            self._window.idle.poke()  # the time to decide starts when the prompt ends

    # --- large text -----------------------------------------------------------------------------

    def set_high_contrast(self, on: bool) -> None:
        """Large text and high contrast on every screen, and the large number on the ticket."""
        self._apply_look(on)
        self._window.retranslate()  # the service buttons restyle themselves on their update
        self._window.rearm_idle()  # away from the settings' look, the idle reset brings it back

    def _apply_look(self, on: bool) -> None:
        self.high_contrast = on
        window = self._window
        window.setProperty(contrast.PROPERTY, on)
        window.setStyleSheet(HIGH_SHEET if on else NORMAL_SHEET)
        window.jobs.large_number = on or self._config.large_ticket_number
        self.bar.high_contrast = on

    def reset(self) -> None:
        """Back to the settings' look with the guide off (the idle reset, between applicants)."""
        if self.guide.flow is not None:
            self.guide.finish(self.guide.flow.leave())  # "Terima kasih. Panduan suara selesai."
        if self.high_contrast != self._config.high_contrast:
            self._apply_look(self._config.high_contrast)

    def at_rest(self) -> bool:
        """Nothing of the last applicant's left: the guide off, the look of the settings."""
        return self.guide.flow is None and self.high_contrast == self._config.high_contrast

    def retranslate(self) -> None:
        self.bar.retranslate()
        self.screen.retranslate()
