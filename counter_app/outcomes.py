"""The other ways to end a step: one tap each, next to Finish (which takes the default).

The office lists its outcomes in the config; the first is the default and belongs to the
Finish button and its key, so the usual case stays one key. The others (e.g. "documents
incomplete", which ends the visit) are a short row of buttons, one tap each, no dialog.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from counter_app.format import in_language
from db.views.queries import OutcomeView


class OutcomeRow(QWidget):
    """Signals:
    chosen(str): the code of the outcome tapped.
    """

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel(self.tr("Finish as:"))
        self.caption.setObjectName("muted")
        self.buttons: dict[str, QPushButton] = {}
        self._codes: tuple[str, ...] = ()
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(8)
        self._row.addWidget(self.caption)
        self._row.addStretch(1)
        self.hide()

    def show_outcomes(self, outcomes: tuple[OutcomeView, ...], enabled: bool) -> None:
        """The outcomes after the default; hidden when the office has no choice to offer."""
        others = outcomes[1:]
        codes = tuple(o.code for o in others)
        if codes != self._codes:
            self._rebuild(others)
        for button in self.buttons.values():
            button.setEnabled(enabled)
        self.setVisible(bool(others))

    def _rebuild(self, outcomes: tuple[OutcomeView, ...]) -> None:
        for old in self.buttons.values():
            self._row.removeWidget(old)
            old.hide()  # gone at once: deleteLater waits for the event loop
            old.deleteLater()
        self.buttons = {}
        for index, outcome in enumerate(outcomes):
            button = QPushButton(in_language(outcome.name_id, outcome.name_en))
            button.setObjectName("danger" if outcome.ends_visit else "outcome")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            note = " (ends the visit)" if outcome.ends_visit else ""
            button.setToolTip(f"{outcome.name_id} · {outcome.name_en}{note}")
            button.clicked.connect(lambda _=False, code=outcome.code: self.chosen.emit(code))
            self._row.insertWidget(1 + index, button)
            self.buttons[outcome.code] = button
        self._codes = tuple(self.buttons)
