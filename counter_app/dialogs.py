"""Small window-modal dialogs: transfer to another service, and pick a ticket number.

They are opened with `open()`, not `exec()`: the event loop keeps running (live updates go on,
and tests can fill them in and accept them).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setObjectName("primary")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class TransferDialog(QDialog):
    """Choose the service to send the current ticket to, and whether it keeps its place."""

    def __init__(
        self, code: str, services: Sequence[tuple[str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Transfer {code}")
        self.service = QComboBox()
        for service_code, name in services:
            self.service.addItem(f"{service_code} · {name}", service_code)
        self.keep = QRadioButton("Keep its place in the line (arrival time)")
        self.end = QRadioButton("Go to the end of the line")
        self.keep.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.keep)
        group.addButton(self.end)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Send <b>{code}</b> to the service:"))
        layout.addWidget(self.service)
        layout.addWidget(self.keep)
        layout.addWidget(self.end)
        layout.addWidget(_buttons(self, "Transfer"))

    def choice(self) -> tuple[str, bool]:
        return str(self.service.currentData()), self.keep.isChecked()

    def select(self, service_code: str, *, keep_place: bool) -> None:
        self.service.setCurrentIndex(self.service.findData(service_code))
        (self.keep if keep_place else self.end).setChecked(True)


class TicketCodeDialog(QDialog):
    """Type or pick a ticket number (e.g. A012); optionally ask whether it keeps its place."""

    def __init__(
        self,
        title: str,
        prompt: str,
        suggestions: Sequence[str],
        parent: QWidget | None = None,
        *,
        ask_keep_place: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.code = QComboBox()
        self.code.setEditable(True)
        self.code.addItems(list(suggestions))
        line = self.code.lineEdit()
        assert line is not None
        line.setPlaceholderText("e.g. A012")
        self.keep = QCheckBox("Keep its original place in the line")
        self.keep.setVisible(ask_keep_place)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt))
        layout.addWidget(self.code)
        layout.addWidget(self.keep)
        layout.addWidget(_buttons(self, title.split(" ")[0]))

    def value(self) -> str:
        return self.code.currentText().strip().upper()

    def keep_place(self) -> bool:
        return self.keep.isChecked()


class ConfirmDialog(QDialog):
    """Asks before an action that cannot simply be undone; Enter confirms, Esc cancels."""

    def __init__(
        self, title: str, question: str, confirm: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.question = QLabel(question)
        self.question.setWordWrap(True)
        buttons = _buttons(self, confirm)
        self.confirm = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.confirm.setObjectName("danger")
        self.confirm.setDefault(True)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancel (Esc)"))
        cancel.setAutoDefault(False)
        for button in (self.confirm, cancel):
            button.setIcon(QIcon())  # a desktop theme's stock OK icon says nothing here
        layout = QVBoxLayout(self)
        layout.setSpacing(16)
        layout.addWidget(self.question)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
