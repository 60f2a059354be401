"""The main screen: header, one-line messages, the ticket and actions, the waiting list."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.actions import ActionPanel
from counter_app.controller import DeskController, Done
from counter_app.desk import DeskSnapshot
from counter_app.dialogs import ConfirmDialog, TicketCodeDialog, TransferDialog
from counter_app.outcomes import OutcomeRow
from counter_app.supervisor_panel import SupervisorPanel
from counter_app.ticket_card import TicketCard
from counter_app.waiting import FiguresRow, WaitingPanel, card
from db.results import TicketView

T = TypeVar("T")


class MessageBar(QLabel):
    """What just happened or what went wrong, in the header's free space.

    It takes no height of its own (the ticket keeps all of it on a 720-pixel screen) and its
    place stays when it is empty, so nothing moves under the officer's mouse.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message")
        self.setWordWrap(True)  # a long one takes a second line rather than widening the window
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self.hide()

    def say(self, text: str, level: str) -> None:
        """Show a line; an empty one clears it (its space stays, so nothing below jumps)."""
        self.setText(text)
        self.setToolTip(text)
        self.setProperty("level", level)
        self.style().unpolish(self)
        self.style().polish(self)
        self.setVisible(bool(text))


class DeskPage(QWidget):
    """Everything an officer works with once signed in; it only talks to its controller.

    Signals:
        sign_out_requested(): the officer pressed Sign out.
    """

    sign_out_requested = Signal()

    def __init__(self, controller: DeskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.controller = controller
        desk = controller.desk
        self.ticket_card = TicketCard()
        self.action_panel = ActionPanel()
        self.outcomes = OutcomeRow()
        self.waiting = WaitingPanel()
        self.figures = FiguresRow()
        self.message = MessageBar()
        self.sign_out = QPushButton("Sign out")
        self.supervisor = SupervisorPanel(controller) if desk.is_supervisor else None
        self.dialog: QDialog | None = None
        self._handlers: dict[str, Callable[[], None]] = {
            "call_next": lambda: self._run(desk.call_next),
            "recall": lambda: self._run(desk.recall, self._called_again),
            "start": lambda: self._run(desk.start_serving),
            "finish": lambda: self._finish(self._default_outcome()),
            "no_show": self._ask_no_show,
            "transfer": self._ask_transfer,
            "call_specific": self._ask_call_specific,
            "requeue": self._ask_requeue,
            "pause": self._toggle_pause,
        }
        self._build()
        self.action_panel.triggered.connect(lambda key: self._handlers[key]())
        self.outcomes.chosen.connect(self._finish)
        self.sign_out.clicked.connect(self.sign_out_requested)
        controller.snapshot_changed.connect(self._on_snapshot_changed)
        controller.message.connect(self.message.say)
        controller.online_changed.connect(self._on_online_changed)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._header())
        body = QVBoxLayout()
        body.setContentsMargins(16, 12, 16, 16)
        body.setSpacing(10)
        tabs = QTabWidget()
        tabs.addTab(self._counter_tab(), "Counter")
        if self.supervisor is not None:
            tabs.addTab(self.supervisor, "Supervisor")
        tabs.tabBar().setVisible(tabs.count() > 1)
        self.tabs = tabs
        body.addWidget(tabs, 1)
        layout.addLayout(body, 1)

    def _header(self) -> QWidget:
        desk = self.controller.desk
        header = QWidget()
        header.setObjectName("header")
        header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        title = QLabel(f"Loket {desk.counter}")
        title.setObjectName("headerTitle")
        role = " · supervisor" if desk.is_supervisor else ""
        who = QLabel(f"{desk.officer.name} ({desk.officer.login}){role}")
        who.setObjectName("headerSub")
        self.services_label = QLabel("")
        self.services_label.setObjectName("headerSub")
        row = QHBoxLayout(header)
        row.setContentsMargins(20, 10, 16, 10)
        row.setSpacing(18)
        row.addWidget(title)
        row.addWidget(self.services_label)
        row.addWidget(self.message, 1)
        row.addWidget(who)
        row.addWidget(self.sign_out)
        return header

    def _counter_tab(self) -> QWidget:
        tab = QWidget()
        left = QVBoxLayout()
        left.setSpacing(12)
        left.addWidget(self.ticket_card, 3)
        left.addWidget(self.action_panel, 2)
        self.ticket_card.add_footer(self.outcomes)
        waiting_box, waiting_layout = card("")
        waiting_layout.addWidget(self.waiting)
        figures_box, figures_layout = card("YOUR DAY")
        figures_layout.addWidget(self.figures)
        right = QVBoxLayout()
        right.setSpacing(12)
        right.addWidget(waiting_box, 1)
        right.addWidget(figures_box)
        row = QHBoxLayout(tab)
        row.setContentsMargins(0, 8, 0, 0)
        row.setSpacing(14)
        row.addLayout(left, 11)
        row.addLayout(right, 9)
        return tab

    def _run(self, action: Callable[[], T], done: Done[T] = None) -> None:
        self.controller.run(action, done)

    def _called_again(self, ticket: TicketView) -> str:
        return self.tr("{code} called again ({count}×).").format(
            code=ticket.code, count=ticket.recall_count
        )

    def _on_snapshot_changed(self, snapshot: DeskSnapshot) -> None:
        self.ticket_card.show_snapshot(snapshot)
        self.waiting.show_snapshot(snapshot)
        self.figures.show_figures(snapshot.figures)
        self.services_label.setText("Services " + ", ".join(snapshot.counter.services))
        self.action_panel.set_enabled_for(snapshot, online=self.controller.online)
        self._show_outcomes(snapshot, online=self.controller.online)
        if self.supervisor is not None and snapshot.supervisor is not None:
            self.supervisor.show_view(snapshot.supervisor)

    def _on_online_changed(self, online: bool, _reason: str) -> None:
        self.action_panel.set_enabled_for(self.controller.snapshot, online=online)
        self._show_outcomes(self.controller.snapshot, online=online)
        if self.supervisor is not None:
            self.supervisor.set_online(online)

    def _show_outcomes(self, snapshot: DeskSnapshot | None, *, online: bool) -> None:
        outcomes = snapshot.outcomes if snapshot else ()
        active = online and snapshot is not None and snapshot.current is not None
        self.outcomes.show_outcomes(outcomes, active)
        default = outcomes[0].name_en if outcomes else None
        self.action_panel.buttons["finish"].set_caption(
            f"Finish: {default}" if default else "Finish"
        )

    def _default_outcome(self) -> str | None:
        snapshot = self.controller.snapshot
        return snapshot.outcomes[0].code if snapshot and snapshot.outcomes else None

    def _finish(self, outcome: str | None) -> None:
        snapshot = self.controller.snapshot
        names = {o.code: o.name_en for o in snapshot.outcomes} if snapshot else {}
        name = names.get(outcome or "")

        def said(ticket: TicketView) -> str:
            if name:
                return self.tr("{code} finished: {outcome}.").format(code=ticket.code, outcome=name)
            return self.tr("{code} finished.").format(code=ticket.code)

        desk = self.controller.desk
        self._run(lambda: desk.finish(outcome), said)

    def _ask_no_show(self) -> None:
        snapshot = self.controller.snapshot
        if snapshot is None or snapshot.current is None:
            return
        code = snapshot.current.code
        dialog = ConfirmDialog(
            self.tr("No-show {code}").format(code=code),
            self.tr(
                "Mark <b>{code}</b> as a no-show? It leaves the line; F9 (Requeue) brings it "
                "back if the applicant turns up."
            ).format(code=code),
            self.tr("Mark no-show (Enter)"),
            self,
        )
        desk = self.controller.desk
        done = self.tr("{code} marked as no-show.")
        dialog.accepted.connect(
            lambda: self._run(desk.no_show, lambda ticket: done.format(code=ticket.code))
        )
        self._open(dialog)

    def _toggle_pause(self) -> None:
        snapshot = self.controller.snapshot
        desk = self.controller.desk
        if snapshot is not None and snapshot.counter.state != "open":
            self._run(desk.resume, "Counter resumed.")
        else:
            self._run(desk.pause, "Counter paused: displays show it as closed.")

    def _ask_transfer(self) -> None:
        snapshot = self.controller.snapshot
        if snapshot is None or snapshot.current is None:
            return
        current = snapshot.current
        targets = [s for s in snapshot.all_services if s[0] != current.service_code]
        dialog = TransferDialog(current.code, targets, self)
        dialog.accepted.connect(lambda: self._transfer(dialog))
        self._open(dialog)

    def _transfer(self, dialog: TransferDialog) -> None:
        service, keep = dialog.choice()
        if keep:
            done = self.tr("{code} transferred to {service}, keeping its place.")
        else:
            done = self.tr("{code} transferred to {service}, at the end of the line.")
        desk = self.controller.desk
        self._run(
            lambda: desk.transfer(service, keep),
            lambda ticket: done.format(code=ticket.code, service=service),
        )

    def _ask_call_specific(self) -> None:
        snapshot = self.controller.snapshot
        codes = [t.code for t in snapshot.no_shows + snapshot.waiting] if snapshot else []
        dialog = TicketCodeDialog(
            "Call number", "Call this ticket now (e.g. a late applicant):", codes, self
        )
        desk = self.controller.desk
        dialog.accepted.connect(lambda: self._run(lambda: desk.call_specific(dialog.value())))
        self._open(dialog)

    def _ask_requeue(self) -> None:
        snapshot = self.controller.snapshot
        codes = [t.code for t in snapshot.no_shows] if snapshot else []
        dialog = TicketCodeDialog(
            "Requeue no-show", "Put this no-show back in line:", codes, self, ask_keep_place=True
        )
        desk = self.controller.desk
        dialog.accepted.connect(
            lambda: self._run(
                lambda: desk.requeue(dialog.value(), dialog.keep_place()),
                f"{dialog.value()} is back in line.",
            )
        )
        self._open(dialog)

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()

    def _on_dialog_finished(self) -> None:
        self.dialog = None
