"""Every word the phone pages show, in Indonesian and English, and the choice of language.

Templates use `{name}` placeholders; the pages' scripts fill the same templates, so a text changes
in one place for the server-rendered page and for its live updates.
"""

from __future__ import annotations

from datetime import date

from db.models import SKM_ITEMS

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
COOKIE = "lang"

TEXTS: dict[str, dict[str, str]] = {
    "id": {
        "lang_name": "Bahasa Indonesia",
        "site": "Sistem antrean",
        "your_number": "Nomor antrean Anda",
        "title_ticket": "Nomor antrean {code}",
        "valid_on": "Berlaku hanya pada {date}",
        "live_note": "Halaman ini diperbarui otomatis. Biarkan tetap terbuka.",
        "priority": "Prioritas: {category}",
        "waiting": "Menunggu dipanggil",
        "step": "Langkah {n} dari {of}",
        "session_from": "Jadwal Anda mulai pukul {time}: nomor Anda dipanggil setelah itu",
        "ahead_0": "Anda berikutnya",
        "ahead_1": "1 orang di depan Anda",
        "ahead_n": "{n} orang di depan Anda",
        "wait_range": "Perkiraan menunggu {low}–{high} menit",
        "wait_unknown": "Perkiraan waktu tunggu belum tersedia",
        "soon": "Giliran Anda sebentar lagi. Mohon tetap di ruang tunggu.",
        "stay": "Mohon tetap di ruang tunggu dan perhatikan layar panggilan.",
        "called": "Silakan menuju loket {counter}",
        "called_at": "Dipanggil pukul {time}",
        "recalled": "Dipanggil ulang ({n}×) — segera menuju loket",
        "called_advice": "Tunjukkan tiket ini kepada petugas di loket.",
        "serving": "Sedang dilayani di loket {counter}",
        "no_show": "Anda tidak hadir saat dipanggil",
        "no_show_advice": "Nomor Anda dilewati. Silakan ke meja informasi, atau minta petugas "
        "di loket memasukkan nomor Anda kembali ke antrean. Tunjukkan tiket ini.",
        "finished": "Pelayanan selesai",
        "finished_note": "Terima kasih atas kunjungan Anda.",
        "cancelled": "Nomor antrean ini dibatalkan",
        "expired": "Nomor antrean ini sudah tidak berlaku",
        "ask_desk": "Jika ada pertanyaan, silakan ke meja informasi.",
        "conn_lost": "Koneksi terputus. Mencoba menyambung kembali…",
        "db_lost": "Koneksi ke database antrean terputus. Mencoba lagi…",
        "last_data": "Data terakhir pukul {time}.",
        "back": "Tersambung kembali.",
        "notify": "Beri tahu saya",
        "notify_hint": "Ponsel bergetar dan berbunyi saat tinggal 3 orang di depan Anda dan "
        "saat Anda dipanggil.",
        "notify_on": "Pemberitahuan aktif — ketuk untuk mematikan",
        "survey_title": "Survei Kepuasan Masyarakat",
        "survey_intro": "Bantu kami memperbaiki pelayanan. Pilih satu jawaban untuk setiap "
        "pertanyaan.",
        "survey_send": "Kirim penilaian",
        "survey_thanks": "Terima kasih, penilaian Anda sudah kami terima.",
        "survey_twice": "Survei untuk nomor ini sudah diisi sebelumnya. Terima kasih!",
        "survey_closed": "Survei dapat diisi setelah pelayanan selesai, pada hari yang sama.",
        "survey_incomplete": "Mohon jawab semua pertanyaan.",
        "survey_failed": "Penilaian belum terkirim. Periksa koneksi lalu coba lagi.",
        "page_expired": "Halaman ini sudah kedaluwarsa. Muat ulang halaman lalu kirim kembali.",
        "back_to_ticket": "Kembali ke tiket",
        "past_title": "Tiket tidak berlaku lagi",
        "past_body": "Nomor antrean ini untuk tanggal {date} dan sudah tidak berlaku. "
        "Silakan ambil nomor baru di mesin antrean.",
        "not_found_title": "Tiket tidak ditemukan",
        "not_found_body": "Alamat ini tidak cocok dengan nomor antrean mana pun. Periksa "
        "tautannya, atau pindai kembali kode QR pada tiket Anda.",
        "page_missing_title": "Halaman tidak ditemukan",
        "page_missing_body": "Alamat ini tidak ada. Pindai kode QR pada tiket Anda.",
        "busy_title": "Terlalu banyak permintaan",
        "busy_body": "Mohon tunggu {seconds} detik, lalu coba lagi.",
        "unavailable_title": "Sistem antrean sedang tidak dapat dihubungi",
        "unavailable_body": "Halaman ini akan mencoba lagi secara otomatis. Nomor antrean Anda "
        "tetap berlaku.",
        "error_title": "Terjadi kesalahan",
        "error_body": "Mohon coba lagi sebentar lagi. Jika masih terjadi, silakan ke meja "
        "informasi.",
        "bad_request_title": "Permintaan tidak dapat diproses",
        "retry": "Coba lagi",
        "office_title": "Antrean hari ini",
        "office_page": "Papan antrean",
        "now_serving": "Loket",
        "counter": "Loket {n}",
        "counter_paused": "Istirahat",
        "counter_closed": "Tutup",
        "counter_idle": "Belum memanggil",
        "at_counter_called": "dipanggil",
        "at_counter_serving": "sedang dilayani",
        "recent": "Panggilan terakhir",
        "no_calls": "Belum ada panggilan",
        "services": "Layanan",
        "waiting_n": "{n} menunggu",
        "issuing": "Nomor antrean masih tersedia",
        "why_quota": "Kuota hari ini sudah habis",
        "why_not_yet_open": "Dibuka pukul {time}",
        "why_issuing_ended": "Pengambilan nomor sudah ditutup",
        "why_capacity": "Antrean sudah penuh untuk hari ini",
        "why_not_today": "Tidak buka hari ini",
        "why_inactive": "Tutup: nomor yang sudah diambil tetap dilayani",
        "scan_hint": "Untuk melihat nomor Anda, pindai kode QR pada tiket.",
    },
    "en": {
        "lang_name": "English",
        "site": "Queue system",
        "your_number": "Your ticket number",
        "title_ticket": "Ticket {code}",
        "valid_on": "Valid only on {date}",
        "live_note": "This page updates by itself. Keep it open.",
        "priority": "Priority: {category}",
        "waiting": "Waiting to be called",
        "step": "Step {n} of {of}",
        "session_from": "Your session starts at {time}: your number is called after that",
        "ahead_0": "You are next",
        "ahead_1": "1 person ahead of you",
        "ahead_n": "{n} people ahead of you",
        "wait_range": "Estimated wait {low}–{high} minutes",
        "wait_unknown": "No wait estimate yet",
        "soon": "Your turn is coming soon. Please stay in the waiting room.",
        "stay": "Please stay in the waiting room and watch the call screen.",
        "called": "Please go to counter {counter}",
        "called_at": "Called at {time}",
        "recalled": "Called again ({n}×) — please go now",
        "called_advice": "Show this ticket to the officer at the counter.",
        "serving": "Being served at counter {counter}",
        "no_show": "You were not there when called",
        "no_show_advice": "Your number was skipped. Go to the information desk, or ask the "
        "officer at a counter to put your number back in the queue. Show this ticket.",
        "finished": "Service completed",
        "finished_note": "Thank you for your visit.",
        "cancelled": "This ticket was cancelled",
        "expired": "This ticket is no longer valid",
        "ask_desk": "If you have questions, please go to the information desk.",
        "conn_lost": "Connection lost. Reconnecting…",
        "db_lost": "Connection to the queue database lost. Retrying…",
        "last_data": "Last data at {time}.",
        "back": "Connected again.",
        "notify": "Notify me",
        "notify_hint": "Your phone vibrates and beeps when 3 or fewer people are ahead of you "
        "and when you are called.",
        "notify_on": "Notifications on — tap to turn off",
        "survey_title": "Public satisfaction survey",
        "survey_intro": "Help us improve our service. Choose one answer for each question.",
        "survey_send": "Send my answers",
        "survey_thanks": "Thank you, we have received your answers.",
        "survey_twice": "The survey for this ticket was already answered. Thank you!",
        "survey_closed": "The survey opens when your service is completed, on the same day.",
        "survey_incomplete": "Please answer every question.",
        "survey_failed": "Your answers were not sent. Check the connection and try again.",
        "page_expired": "This page has expired. Reload it and send again.",
        "back_to_ticket": "Back to the ticket",
        "past_title": "Ticket no longer valid",
        "past_body": "This ticket was for {date} and is no longer valid. Please take a new "
        "number at the ticket machine.",
        "not_found_title": "Ticket not found",
        "not_found_body": "This address does not match any ticket. Check the link, or scan the "
        "QR code on your ticket again.",
        "page_missing_title": "Page not found",
        "page_missing_body": "This address does not exist. Scan the QR code on your ticket.",
        "busy_title": "Too many requests",
        "busy_body": "Please wait {seconds} seconds, then try again.",
        "unavailable_title": "The queue system cannot be reached",
        "unavailable_body": "This page will try again by itself. Your ticket is still valid.",
        "error_title": "Something went wrong",
        "error_body": "Please try again shortly. If it keeps happening, please go to the "
        "information desk.",
        "bad_request_title": "The request could not be processed",
        "retry": "Try again",
        "office_title": "Today's queue",
        "office_page": "Queue board",
        "now_serving": "Counters",
        "counter": "Counter {n}",
        "counter_paused": "On break",
        "counter_closed": "Closed",
        "counter_idle": "No call yet",
        "at_counter_called": "called",
        "at_counter_serving": "being served",
        "recent": "Recent calls",
        "no_calls": "No calls yet",
        "services": "Services",
        "waiting_n": "{n} waiting",
        "issuing": "Tickets still available",
        "why_quota": "Today's quota is used up",
        "why_not_yet_open": "Opens at {time}",
        "why_issuing_ended": "No more tickets today",
        "why_capacity": "The queue is full for today",
        "why_not_today": "Closed today",
        "why_inactive": "Closed: tickets already taken are still served",
        "scan_hint": "To follow your own number, scan the QR code on your ticket.",
    },
}

PRIORITY_NAMES: dict[str, dict[str, str]] = {
    "id": {
        "lansia": "lansia",
        "disabilitas": "penyandang disabilitas",
        "ibu_hamil": "ibu hamil",
        "balita": "dengan anak balita",
    },
    "en": {
        "lansia": "senior citizen",
        "disabilitas": "person with a disability",
        "ibu_hamil": "pregnant woman",
        "balita": "with a child under five",
    },
}

# The SKM questions, one per item of the regulation, in its order (keys are db.models.SKM_ITEMS).
SURVEY_QUESTIONS: dict[str, dict[str, str]] = {
    "id": {
        "requirements": "Persyaratan: apakah persyaratan sesuai dengan jenis pelayanannya?",
        "procedure": "Prosedur: seberapa mudah prosedur pelayanannya?",
        "timeliness": "Waktu pelayanan: seberapa cepat pelayanannya?",
        "cost": "Biaya/tarif: seberapa wajar biaya atau tarifnya?",
        "product": "Produk layanan: apakah hasilnya sesuai dengan yang dijanjikan?",
        "competence": "Kompetensi pelaksana: seberapa mampu petugasnya?",
        "behaviour": "Perilaku pelaksana: seberapa sopan dan ramah petugasnya?",
        "complaints": "Penanganan pengaduan: bagaimana pengaduan dan saran ditangani?",
        "facilities": "Sarana dan prasarana: bagaimana kualitas fasilitasnya?",
    },
    "en": {
        "requirements": "Requirements: do the requirements fit the service?",
        "procedure": "Procedure: how easy is the procedure?",
        "timeliness": "Service time: how fast is the service?",
        "cost": "Cost/fee: how fair is the cost or fee?",
        "product": "Service product: is the result what was promised?",
        "competence": "Staff competence: how capable are the staff?",
        "behaviour": "Staff behaviour: how polite and friendly are the staff?",
        "complaints": "Complaint handling: how are complaints and suggestions handled?",
        "facilities": "Facilities: how good are the facilities?",
    },
}

# Answer 1 is the worst and 4 the best, as the regulation scores them.
SURVEY_SCALE: dict[str, tuple[str, str, str, str]] = {
    "id": ("Tidak baik", "Kurang baik", "Baik", "Sangat baik"),
    "en": ("Poor", "Fair", "Good", "Very good"),
}

_DAYS = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS = {
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
    "en": "January February March April May June July August September October November December",
}


def text(lang: str, key: str, **values: object) -> str:
    """The text `key` in `lang`, with its placeholders filled."""
    template = TEXTS[lang][key]
    return template.format(**values) if values else template


def other_language(lang: str) -> str:
    return "en" if lang == "id" else "id"


def long_date(day: date, lang: str) -> str:
    """`Jumat, 27 November 2026` / `Friday 27 November 2026`."""
    weekday = _DAYS[lang][day.weekday()]
    month = _MONTHS[lang].split()[day.month - 1]
    separator = ", " if lang == "id" else " "
    return f"{weekday}{separator}{day.day} {month} {day.year}"


def choose_language(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The page language: an explicit `?lang=`, else the cookie, else the browser's preference."""
    for explicit in (query, cookie):
        if explicit in LANGUAGES:
            return explicit
    return negotiate(accept_language or "")


def negotiate(accept_language: str) -> str:
    """The best of Indonesian and English for an Accept-Language header (Indonesian on a tie)."""
    best, best_q = DEFAULT_LANGUAGE, 0.0
    for part in accept_language.split(","):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        primary = "id" if primary == "in" else primary  # "in" is the old code for Indonesian
        if primary not in LANGUAGES:
            continue
        q = _quality(params)
        if q > best_q or (q == best_q and primary == DEFAULT_LANGUAGE):
            best, best_q = primary, q
    return best


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip() == "q":
            try:
                return min(max(float(value), 0.0), 1.0)
            except ValueError:
                return 0.0
    return 1.0


def check_complete() -> None:
    """Fail loudly at import when a language lacks a text or a survey item lacks a question."""
    for table in (TEXTS, PRIORITY_NAMES, SURVEY_QUESTIONS):
        keys = {frozenset(table[lang]) for lang in LANGUAGES}
        if len(keys) != 1:
            raise RuntimeError(f"the languages disagree on the keys of a text table: {keys}")
    if set(SURVEY_QUESTIONS["id"]) != set(SKM_ITEMS):
        raise RuntimeError("every SKM item needs a question, and only those")


check_complete()
