"""The supervisor's tab: every counter, the services' quotas, ticket moves, the ticker message."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from counter_app.controller import DeskController
from counter_app.desk import SupervisorView
from counter_app.dialogs import ConfirmDialog
from counter_app.format import office_clock, since, status_label, translate
from counter_app.waiting import card, read_only_table, set_row
from db.rules.clock import utcnow
from db.services.counters import CounterOverview
from db.services.devices import DeviceStatus
from db.services.supervisor import MAX_QUOTA, ServiceControl
from qtshared.i18n import QT_TRANSLATE_NOOP

COUNTER_COLUMNS = (
    QT_TRANSLATE_NOOP("Counter", "Counter"),
    QT_TRANSLATE_NOOP("Counter", "Officer"),
    QT_TRANSLATE_NOOP("Counter", "State"),
    QT_TRANSLATE_NOOP("Counter", "Ticket"),
    QT_TRANSLATE_NOOP("Counter", "Since"),
)
SERVICE_COLUMNS = (
    QT_TRANSLATE_NOOP("Counter", "Service"),
    QT_TRANSLATE_NOOP("Counter", "Status"),
    QT_TRANSLATE_NOOP("Counter", "Waiting"),
    QT_TRANSLATE_NOOP("Counter", "Issued"),
    QT_TRANSLATE_NOOP("Counter", "Quota today"),
)
DEVICE_COLUMNS = (
    QT_TRANSLATE_NOOP("Counter", "Device"),
    QT_TRANSLATE_NOOP("Counter", "State"),
    QT_TRANSLATE_NOOP("Counter", "Last seen"),
    QT_TRANSLATE_NOOP("Counter", "Health"),
)


def _button(text: str, name: str = "") -> QPushButton:
    button = QPushButton(text)
    if name:
        button.setObjectName(name)
    return button


def _counter_row(view: CounterOverview, timezone: str) -> list[str]:
    officer = view.officer_name or "—"
    ticket = view.current
    now = utcnow()
    if ticket is not None:
        activity = f"{ticket.code} · {status_label(ticket.status)}"
        moment = ticket.serving_at or ticket.called_at
        started = f"{office_clock(moment, timezone, now)} ({since(moment, now)})"
    else:
        activity = translate("Counter", "idle") if view.idle_since else ""
        idle = translate("Counter", "idle {time}")
        started = idle.format(time=since(view.idle_since, now)) if view.idle_since else ""
    return [view.name, officer, status_label(view.state), activity, started]


def _device_row(device: DeviceStatus, timezone: str) -> list[str]:
    state = translate("Counter", "alive") if device.alive else translate("Counter", "SILENT")
    health = ", ".join(f"{k}: {v}" for k, v in sorted(device.health.items())) or "—"
    return [device.name, state, office_clock(device.last_seen, timezone, utcnow()), health]


def _service_row(control: ServiceControl) -> list[str]:
    if control.quota is None:
        quota = translate("Counter", "no limit")
    else:
        left = max(control.quota - control.issued, 0)
        quota = translate("Counter", "{quota}  ({left} left)").format(
            quota=control.quota, left=left
        )
    if control.overridden:
        quota += translate("Counter", " · changed today")
    state = translate("Counter", "Open") if control.active else translate("Counter", "Closed")
    name = f"{control.code} · {control.name_id}"
    return [name, state, str(control.waiting), str(control.issued), quota]


class SupervisorPanel(QWidget):
    """Reads everything from the snapshot; every button is one supervisor action."""

    def __init__(self, controller: DeskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._view: SupervisorView | None = None
        self.dialog: ConfirmDialog | None = None  # the open confirmation, if any
        self.counters = read_only_table(COUNTER_COLUMNS, self)
        self.services = read_only_table(SERVICE_COLUMNS, self)
        self.devices = read_only_table(DEVICE_COLUMNS, self)
        self.service = QComboBox()
        self.quota = QSpinBox()
        self.quota.setRange(0, MAX_QUOTA)
        self.no_limit = QCheckBox(self.tr("No limit"))
        self.set_quota = _button(self.tr("Set quota"), "primary")
        self.toggle_service = _button(self.tr("Close service"), "danger")
        self.ticket = QLineEdit()
        self.ticket.setPlaceholderText(self.tr("Ticket, e.g. A012"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Reason for cancelling"))
        self.cancel_ticket = _button(self.tr("Cancel ticket"), "danger")
        self.move_to = QComboBox()
        self.keep_place = QCheckBox(self.tr("Keep its place"))
        self.keep_place.setChecked(True)
        self.move_ticket = _button(self.tr("Move ticket"))
        self.ticker = QLineEdit()
        self.ticker.setPlaceholderText(self.tr("Message scrolling on the waiting-room displays"))
        self.set_ticker = _button(self.tr("Set ticker"), "primary")
        self._build()
        self._connect()

    def _build(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(12)
        counters_box, counters_layout = card(self.tr("COUNTERS"))
        counters_layout.addWidget(self.counters, 3)
        devices_box, devices_layout = card(self.tr("DEVICES"))
        devices_layout.addWidget(self.devices)
        counters_layout.addWidget(devices_box, 2)
        services_box, services_layout = card(self.tr("SERVICES TODAY"))
        services_layout.addWidget(self.services, 1)
        services_layout.addLayout(
            _row(self.service, self.quota, self.no_limit, self.set_quota, self.toggle_service)
        )
        ticket_box, ticket_layout = card(self.tr("TICKETS"))
        ticket_layout.addLayout(_row(self.ticket, self.reason, self.cancel_ticket))
        ticket_layout.addLayout(_row(self.move_to, self.keep_place, self.move_ticket))
        ticker_box, ticker_layout = card(self.tr("DISPLAY TICKER"))
        ticker_layout.addLayout(_row(self.ticker, self.set_ticker))
        ticker_layout.addStretch(1)
        ticket_layout.addStretch(1)
        grid.addWidget(counters_box, 0, 0)
        grid.addWidget(services_box, 0, 1)
        grid.addWidget(ticket_box, 1, 0)
        grid.addWidget(ticker_box, 1, 1)
        grid.setRowStretch(0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

    def _connect(self) -> None:
        self.service.currentIndexChanged.connect(self._on_service_chosen)
        self.no_limit.toggled.connect(lambda on: self.quota.setEnabled(not on))
        self.set_quota.clicked.connect(self._on_set_quota)
        self.toggle_service.clicked.connect(self._on_toggle_service)
        self.cancel_ticket.clicked.connect(self._on_cancel_ticket)
        self.move_ticket.clicked.connect(self._on_move_ticket)
        self.set_ticker.clicked.connect(self._on_set_ticker)

    def show_view(self, view: SupervisorView) -> None:
        first, self._view = self._view is None, view
        self.counters.setRowCount(len(view.counters))
        for row, counter in enumerate(view.counters):
            set_row(self.counters, row, _counter_row(counter, view.timezone))
        self.devices.setRowCount(len(view.devices))
        for row, device in enumerate(view.devices):
            set_row(self.devices, row, _device_row(device, view.timezone))
        self.services.setRowCount(len(view.services))
        for row, control in enumerate(view.services):
            set_row(self.services, row, _service_row(control))
        _fill_combo(self.service, [(c.code, f"{c.code} · {c.name_id}") for c in view.services])
        _fill_combo(
            self.move_to,
            [
                (c.code, self.tr("to {service}").format(service=f"{c.code} · {c.name_id}"))
                for c in view.services
            ],
        )
        if not self.ticker.hasFocus():
            self.ticker.setText(view.ticker)
            self.ticker.setCursorPosition(0)
        if first:
            self._on_service_chosen()
        else:
            self._sync_toggle()

    def set_online(self, online: bool) -> None:
        for button in (
            self.set_quota,
            self.toggle_service,
            self.cancel_ticket,
            self.move_ticket,
            self.set_ticker,
        ):
            button.setEnabled(online)

    def _chosen(self) -> ServiceControl | None:
        code = self.service.currentData()
        services = self._view.services if self._view else ()
        return next((c for c in services if c.code == code), None)

    def _on_service_chosen(self) -> None:
        control = self._chosen()
        if control is None:
            return
        self.no_limit.setChecked(control.quota is None)
        self.quota.setValue(control.quota or 0)
        self._sync_toggle()

    def _sync_toggle(self) -> None:
        control = self._chosen()
        if control is None:
            return
        self.toggle_service.setText(
            self.tr("Close service") if control.active else self.tr("Reopen service")
        )
        self.toggle_service.setObjectName("danger" if control.active else "")
        self.toggle_service.style().polish(self.toggle_service)

    def _on_set_quota(self) -> None:
        code = str(self.service.currentData())
        quota = None if self.no_limit.isChecked() else self.quota.value()
        said = self.tr("no limit") if quota is None else str(quota)
        self._controller.run(
            lambda: self._controller.desk.set_quota(code, quota),
            self.tr("Today's quota of {code} is now {quota}.").format(code=code, quota=said),
        )

    def _on_toggle_service(self) -> None:
        control = self._chosen()
        if control is None:
            return
        desk = self._controller.desk
        if control.active:
            self._ask_close(control)
        else:
            self._controller.run(
                lambda: desk.reopen_service(control.code),
                self.tr("Service {code} reopened.").format(code=control.code),
            )

    def _ask_close(self, control: ServiceControl) -> None:
        name = f"{control.code} · {control.name_id}"
        dialog = ConfirmDialog(
            self.tr("Close service {code}").format(code=control.code),
            self.tr(
                "Close <b>{name}</b> until it is reopened? The kiosks stop issuing its tickets; "
                "the {waiting} already waiting are still called."
            ).format(name=name, waiting=control.waiting),
            self.tr("Close service (Enter)"),
            self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        desk, code = self._controller.desk, control.code
        done = self.tr("Service {code} closed.").format(code=code)

        def close() -> object:
            return desk.close_service(code)

        dialog.accepted.connect(lambda: self._controller.run(close, done))
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def _on_cancel_ticket(self) -> None:
        code, reason = self.ticket.text().strip().upper(), self.reason.text().strip()
        if self._controller.run(
            lambda: self._controller.desk.cancel_ticket(code, reason),
            self.tr("{code} cancelled.").format(code=code),
        ):
            self.ticket.clear()
            self.reason.clear()

    def _on_move_ticket(self) -> None:
        code, target = self.ticket.text().strip().upper(), str(self.move_to.currentData())
        keep = self.keep_place.isChecked()
        if self._controller.run(
            lambda: self._controller.desk.move_ticket(code, target, keep),
            self.tr("{code} moved to {service}.").format(code=code, service=target),
        ):
            self.ticket.clear()

    def _on_set_ticker(self) -> None:
        text = self.ticker.text()
        self._controller.run(
            lambda: self._controller.desk.set_ticker(text), self.tr("Ticker updated.")
        )


def _row(*widgets: QWidget) -> QHBoxLayout:
    layout = QHBoxLayout()
    layout.setSpacing(8)
    for widget in widgets:
        layout.addWidget(widget, 1 if isinstance(widget, QLineEdit) else 0)
    return layout


def _fill_combo(combo: QComboBox, items: list[tuple[str, str]]) -> None:
    """Replace the items, keeping the current choice."""
    current = combo.currentData()
    if [combo.itemData(i) for i in range(combo.count())] == [code for code, _ in items]:
        for index, (_code, text) in enumerate(items):
            combo.setItemText(index, text)
        return
    combo.blockSignals(True)
    combo.clear()
    for code, text in items:
        combo.addItem(text, code)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)
