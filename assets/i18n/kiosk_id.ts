<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>Kiosk</name>
    <message>
        <source>Please choose a service</source>
        <translation>Silakan pilih layanan</translation>
    </message>
    <message>
        <source>Touch one of the buttons below to take a number</source>
        <translation>Sentuh salah satu tombol di bawah untuk mengambil nomor antrean</translation>
    </message>
    <message>
        <source>Bahasa Indonesia</source>
        <translation>English</translation>
    </message>
    <message>
        <source>Priority service
seniors, disabilities, pregnant women, small children</source>
        <translation>Layanan prioritas
lansia, disabilitas, ibu hamil, anak balita</translation>
    </message>
    <message>
        <source>Priority service</source>
        <translation>Layanan prioritas</translation>
    </message>
    <message>
        <source>Choose what applies to you, then the service</source>
        <translation>Pilih yang sesuai dengan Anda, lalu pilih layanan</translation>
    </message>
    <message>
        <source>Priority: %1. Now choose the service.</source>
        <translation>Prioritas: %1. Sekarang pilih layanan.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Kembali</translation>
    </message>
    <message>
        <source>Cancel priority</source>
        <translation>Batalkan prioritas</translation>
    </message>
    <message>
        <source>No priority tickets for this service</source>
        <translation>Tidak ada antrean prioritas untuk layanan ini</translation>
    </message>
    <message>
        <source>Today&apos;s quota is full</source>
        <translation>Kuota hari ini sudah penuh</translation>
    </message>
    <message>
        <source>Open, tickets until %1</source>
        <translation>Buka, nomor antrean sampai pukul %1</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Buka</translation>
    </message>
    <message>
        <source>Closed, opens at %1</source>
        <translation>Tutup, buka pukul %1</translation>
    </message>
    <message>
        <source>Closed, tickets were issued until %1</source>
        <translation>Tutup, nomor antrean hanya sampai pukul %1</translation>
    </message>
    <message>
        <source>Full today: the queue already lasts until %1</source>
        <translation>Penuh hari ini: antrean sudah sampai pukul %1</translation>
    </message>
    <message>
        <source>Closed today</source>
        <translation>Tutup hari ini</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>Your queue number</source>
        <translation>Nomor antrean Anda</translation>
    </message>
    <message>
        <source>Nobody is ahead of you</source>
        <translation>Tidak ada antrean di depan Anda</translation>
    </message>
    <message>
        <source>People ahead of you: %1</source>
        <translation>Antrean di depan Anda: %1 orang</translation>
    </message>
    <message>
        <source>Estimated wait: %1 to %2 minutes</source>
        <translation>Perkiraan waktu tunggu: %1 sampai %2 menit</translation>
    </message>
    <message>
        <source>Valid today only</source>
        <translation>Berlaku hari ini saja</translation>
    </message>
    <message>
        <source>Printing your ticket...</source>
        <translation>Tiket Anda sedang dicetak ...</translation>
    </message>
    <message>
        <source>Please take your ticket below the screen</source>
        <translation>Silakan ambil tiket Anda di bawah layar</translation>
    </message>
    <message>
        <source>Please remember your number</source>
        <translation>Harap ingat nomor antrean Anda</translation>
    </message>
    <message>
        <source>If no ticket came out, photograph this screen or scan the code</source>
        <translation>Jika tiket tidak keluar, foto layar ini atau pindai kodenya</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <source>Scan to follow the queue</source>
        <translation>Pindai untuk memantau antrean</translation>
    </message>
    <message>
        <source>Back to the start screen in %1 s. Touch the screen if you need more time.</source>
        <translation>Kembali ke layar awal dalam %1 detik. Sentuh layar jika perlu waktu lebih.</translation>
    </message>
    <message>
        <source>The printer is out of order: your number will be shown on the screen</source>
        <translation>Printer sedang bermasalah: nomor Anda akan ditampilkan di layar</translation>
    </message>
    <message>
        <source>Printer: %1</source>
        <translation>Printer: %1</translation>
    </message>
    <message>
        <source>out of paper</source>
        <translation>kertas habis</translation>
    </message>
    <message>
        <source>paper running low</source>
        <translation>kertas hampir habis</translation>
    </message>
    <message>
        <source>not printing</source>
        <translation>tidak mencetak</translation>
    </message>
    <message>
        <source>I have an M-Paspor booking</source>
        <translation>Sudah punya jadwal M-Paspor</translation>
    </message>
    <message>
        <source>Enter your booking code</source>
        <translation>Masukkan kode booking Anda</translation>
    </message>
    <message>
        <source>Type the code from your M-Paspor booking, or hold its barcode under the scanner</source>
        <translation>Ketik kode booking M-Paspor Anda, atau arahkan barcode-nya ke pemindai</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Hapus semua</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Booking %1: choose the service you booked</source>
        <translation>Booking %1: pilih layanan yang Anda pesan</translation>
    </message>
    <message>
        <source>Booked session %1-%2</source>
        <translation>Jadwal Anda pukul %1-%2</translation>
    </message>
    <message>
        <source>You came early: your number is called from %1</source>
        <translation>Datang lebih awal: nomor Anda dipanggil mulai pukul %1</translation>
    </message>
    <message>
        <source>Your session has passed: you got a walk-in number instead</source>
        <translation>Jadwal Anda sudah lewat: Anda mendapat nomor antrean biasa</translation>
    </message>
    <message>
        <source>This booking is already checked in: this is its number. Lost the ticket? Please go to the information desk</source>
        <translation>Booking ini sudah check-in: ini nomornya. Tiket hilang? Silakan ke meja informasi</translation>
    </message>
    <message>
        <source>Your booking cannot be checked in here</source>
        <translation>Booking Anda tidak dapat diproses di sini</translation>
    </message>
    <message>
        <source>It is too early: check-in opens at %1.</source>
        <translation>Terlalu awal: check-in dibuka pukul %1.</translation>
    </message>
    <message>
        <source>This booking is for %1, not today.</source>
        <translation>Jadwal booking ini tanggal %1, bukan hari ini.</translation>
    </message>
    <message>
        <source>This is not a booking code.</source>
        <translation>Ini bukan kode booking.</translation>
    </message>
    <message>
        <source>This code is not on today&apos;s list.</source>
        <translation>Kode ini tidak ada dalam daftar hari ini.</translation>
    </message>
    <message>
        <source>The session of this booking has ended.</source>
        <translation>Jadwal booking ini sudah berakhir.</translation>
    </message>
    <message>
        <source>Your session has ended and today&apos;s walk-in places are taken.</source>
        <translation>Jadwal Anda sudah berakhir dan kuota antrean hari ini sudah penuh.</translation>
    </message>
    <message>
        <source>This service is not open now.</source>
        <translation>Layanan ini sedang tidak buka.</translation>
    </message>
    <message>
        <source>This booking could not be checked in.</source>
        <translation>Booking ini tidak dapat di-check-in.</translation>
    </message>
    <message>
        <source>Please go to the information desk</source>
        <translation>Silakan ke meja informasi</translation>
    </message>
    <message>
        <source>Voice guide</source>
        <translation>Panduan suara</translation>
    </message>
    <message>
        <source>or press + on the keypad</source>
        <translation>atau tekan + pada keypad</translation>
    </message>
    <message>
        <source>Stop the voice guide</source>
        <translation>Keluar dari panduan suara</translation>
    </message>
    <message>
        <source>Voice guide: use the keypad beside the screen</source>
        <translation>Panduan suara: gunakan keypad di samping layar</translation>
    </message>
    <message>
        <source>No sound on this kiosk: the guide is shown here as text</source>
        <translation>Kios ini tanpa suara: panduan ditampilkan sebagai teks di sini</translation>
    </message>
    <message>
        <source>Large text</source>
        <translation>Teks besar</translation>
    </message>
    <message>
        <source>Normal text</source>
        <translation>Teks biasa</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>en</source>
        <translation>id</translation>
    </message>
</context>
</TS>
