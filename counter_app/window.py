"""The counter app's window: sign-in, then the desk; officers switch without a restart."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from counter_app import style
from counter_app.controller import DeskController
from counter_app.desk import Desk
from counter_app.desk_page import DeskPage
from counter_app.front_desk.config import FrontDeskConfig
from counter_app.front_desk.model import FrontDesk
from counter_app.front_desk.page import FrontDeskPage
from counter_app.signin import SignInPage
from db.results import OfficerView
from db.store.engine import Database
from qtshared.changes import ChangeNotifier
from qtshared.i18n import QT_TRANSLATE_NOOP
from qtshared.live import RETRY_MS

BANNER = QT_TRANSLATE_NOOP(
    "Counter", "Database connection lost: reconnecting… Actions are disabled until it is back."
)


class CounterWindow(QMainWindow):
    """One counter PC: owns the change notifier; a DeskController lives while one is signed in."""

    def __init__(
        self,
        db: Database,
        *,
        counter: int | None = None,
        office_name: str = "",
        notifier: ChangeNotifier | None = None,
        retry_ms: Sequence[int] = RETRY_MS,
        front_desk: FrontDeskConfig | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle(
            self.tr("Counter") if counter is None else self.tr("Counter {n}").format(n=counter)
        )
        self.setStyleSheet(style.STYLESHEET)
        self.db = db
        self.notifier = notifier or ChangeNotifier(db, self)
        self.controller: DeskController | None = None
        self._retry_ms = retry_ms
        self.page: DeskPage | None = None
        self.front_desk_config = front_desk or FrontDeskConfig()
        self.front_desk: FrontDeskPage | None = None  # the page, or the supervisor's tab
        self.banner = QLabel(self.tr(BANNER))
        self.banner.setObjectName("banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.signin = SignInPage(db, office_name, counter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.signin)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.signin.signed_in.connect(self._on_signed_in)
        self.signin.front_desk_signed_in.connect(self._on_front_desk_signed_in)
        self.notifier.connection_lost.connect(lambda reason: self._on_link(False, reason))
        self.notifier.connection_restored.connect(self._on_restored)

    def start(self) -> None:
        """Watch the database and show the sign-in page."""
        self.signin.load_counters()
        self.notifier.start()
        self.signin.reset()

    def _on_signed_in(self, desk: Desk) -> None:
        controller = DeskController(desk, self.notifier, self, retry_ms=self._retry_ms)
        page = DeskPage(controller)
        controller.online_changed.connect(self._on_link)
        page.sign_out_requested.connect(self.sign_out)
        self.controller, self.page = controller, page
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        title = self.tr("Counter {n}").format(n=desk.counter)
        self.setWindowTitle(f"{title} · {desk.officer.name}")
        controller.refresh()
        if desk.is_supervisor:  # a supervisor may also serve at the front desk
            tab = self._open_front_desk(desk.officer, with_header=False)
            page.tabs.addTab(tab, self.tr("Front desk"))
            page.tabs.tabBar().setVisible(True)
            tab.refresh()

    def _on_front_desk_signed_in(self, officer: OfficerView) -> None:
        page = self._open_front_desk(officer, with_header=True)
        page.sign_out_requested.connect(self.sign_out)
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self.setWindowTitle(self.tr("Front desk · {name}").format(name=officer.name))
        page.start()  # once shown: a hidden widget cannot take the focus

    def _open_front_desk(self, officer: OfficerView, *, with_header: bool) -> FrontDeskPage:
        page = FrontDeskPage(
            FrontDesk(self.db, officer, self.front_desk_config),
            with_header=with_header,
            notifier=self.notifier,
        )
        self.front_desk = page
        return page

    def _close_front_desk(self) -> None:
        page, self.front_desk = self.front_desk, None
        if page is None:
            return
        page.stop()
        if self.stack.indexOf(page) >= 0:
            self.stack.removeWidget(page)
        page.deleteLater()

    def sign_out(self) -> bool:
        """Leave the counter (refused, with a message, while a ticket is in hand)."""
        controller, page = self.controller, self.page
        if controller is None and self.front_desk is not None:  # the front desk holds nothing
            self.stack.setCurrentWidget(self.signin)
            self._close_front_desk()
            self.setWindowTitle("Counter")
            self.signin.reset()
            return True
        if controller is None or page is None:
            return False
        if not controller.run(controller.desk.sign_out):
            return False
        controller.detach()
        self._close_front_desk()
        self.controller = self.page = None
        self.stack.setCurrentWidget(self.signin)
        self.stack.removeWidget(page)
        page.deleteLater()
        controller.deleteLater()
        self.setWindowTitle(self.tr("Counter"))
        self.signin.reset()
        return True

    def _on_link(self, online: bool, reason: str) -> None:
        self.banner.setVisible(not online)
        self.banner.setToolTip(reason)
        self.signin.set_online(online)

    def _on_restored(self) -> None:
        if self.controller is None:
            self._on_link(True, "")
            self.signin.load_counters()

    def stop(self) -> None:
        """Stop watching and reading the database (the app is closing)."""
        if self.controller is not None:
            self.controller.detach()
        self.notifier.stop()
        if self.front_desk is not None:
            self.front_desk.stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop()
        super().closeEvent(event)
