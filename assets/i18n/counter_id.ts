<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>ActionPanel</name>
    <message>
        <source>Resume</source>
        <translation>Lanjutkan</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Istirahat</translation>
    </message>
</context>
<context>
    <name>AvailabilityPanel</name>
    <message>
        <source>Service</source>
        <translation>Layanan</translation>
    </message>
    <message>
        <source>Walk-in tickets now</source>
        <translation>Tiket walk-in sekarang</translation>
    </message>
    <message>
        <source>Places left</source>
        <translation>Sisa tempat</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Menunggu</translation>
    </message>
    <message>
        <source>Wait for a newcomer</source>
        <translation>Tunggu untuk pendatang baru</translation>
    </message>
    <message>
        <source>Booked sessions to come</source>
        <translation>Sesi terjadwal berikutnya</translation>
    </message>
    <message>
        <source>Walk-in tickets stop when today&apos;s places are taken or when the queue would run past closing time. Booked applicants still to come are counted in the wait.</source>
        <translation>Tiket walk-in berhenti bila tempat hari ini habis atau antrean akan melewati jam tutup. Pemohon terjadwal yang belum datang ikut dihitung dalam waktu tunggu.</translation>
    </message>
    <message>
        <source>TODAY, PER SERVICE  ·  F5 REFRESH</source>
        <translation>HARI INI, PER LAYANAN  ·  F5 MUAT ULANG</translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Batal (Esc)</translation>
    </message>
</context>
<context>
    <name>Counter</name>
    <message>
        <source>Call next</source>
        <translation>Panggil berikutnya</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Panggil ulang</translation>
    </message>
    <message>
        <source>Start serving</source>
        <translation>Mulai layani</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>Tidak hadir</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>Alihkan…</translation>
    </message>
    <message>
        <source>Call number…</source>
        <translation>Panggil nomor…</translation>
    </message>
    <message>
        <source>Requeue no-show…</source>
        <translation>Antrekan lagi…</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Istirahat</translation>
    </message>
    <message>
        <source>Call {code}</source>
        <translation>Panggil {code}</translation>
    </message>
    <message>
        <source>Finish ({outcome})</source>
        <translation>Selesai ({outcome})</translation>
    </message>
    <message>
        <source>Transfer to {service}</source>
        <translation>Alihkan ke {service}</translation>
    </message>
    <message>
        <source>Requeue {code}</source>
        <translation>Antrekan lagi {code}</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Lanjutkan</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Keluar</translation>
    </message>
    <message>
        <source>Quota of {service}</source>
        <translation>Kuota {service}</translation>
    </message>
    <message>
        <source>Close {service}</source>
        <translation>Tutup {service}</translation>
    </message>
    <message>
        <source>Reopen {service}</source>
        <translation>Buka lagi {service}</translation>
    </message>
    <message>
        <source>Cancel {code}</source>
        <translation>Batalkan {code}</translation>
    </message>
    <message>
        <source>Move {code} to {service}</source>
        <translation>Pindahkan {code} ke {service}</translation>
    </message>
    <message>
        <source>Ticker</source>
        <translation>Teks berjalan</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Menunggu</translation>
    </message>
    <message>
        <source>Called</source>
        <translation>Dipanggil</translation>
    </message>
    <message>
        <source>Serving</source>
        <translation>Dilayani</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Dibatalkan</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Kedaluwarsa</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Buka</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Istirahat</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>&lt;1 min</source>
        <translation>&lt;1 mnt</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} j {m} mnt</translation>
    </message>
    <message>
        <source>{m} min</source>
        <translation>{m} mnt</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Loket</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Keadaan</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>Tiket</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Sejak</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Layanan</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Diterbitkan</translation>
    </message>
    <message>
        <source>Quota today</source>
        <translation>Kuota hari ini</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Perangkat</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Terakhir aktif</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Kondisi</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>luang</translation>
    </message>
    <message>
        <source>idle {time}</source>
        <translation>luang {time}</translation>
    </message>
    <message>
        <source>alive</source>
        <translation>aktif</translation>
    </message>
    <message>
        <source>SILENT</source>
        <translation>DIAM</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>tanpa batas</translation>
    </message>
    <message>
        <source>{quota}  ({left} left)</source>
        <translation>{quota}  (sisa {left})</translation>
    </message>
    <message>
        <source> · changed today</source>
        <translation> · diubah hari ini</translation>
    </message>
    <message>
        <source> · recalled {n}×</source>
        <translation> · dipanggil ulang {n}×</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Prioritas</translation>
    </message>
    <message>
        <source>Waited</source>
        <translation>Menunggu</translation>
    </message>
    <message>
        <source>Database connection lost: reconnecting… Actions are disabled until it is back.</source>
        <translation>Koneksi database terputus: menyambung kembali… Tombol dinonaktifkan sampai koneksi pulih.</translation>
    </message>
    <message>
        <source>Nobody is waiting for counter {n}.</source>
        <translation>Tidak ada yang menunggu untuk loket {n}.</translation>
    </message>
    <message>
        <source>Counter {n} is paused: resume it first.</source>
        <translation>Loket {n} sedang istirahat: lanjutkan dulu.</translation>
    </message>
    <message>
        <source>Counter {n} still has {code}: finish it, mark it no-show or transfer it.</source>
        <translation>Loket {n} masih memegang {code}: selesaikan, catat tidak hadir, atau alihkan dulu.</translation>
    </message>
    <message>
        <source>Counter {n} has no ticket called or being served.</source>
        <translation>Loket {n} tidak sedang memanggil atau melayani tiket.</translation>
    </message>
    <message>
        <source>There is no ticket {code} today.</source>
        <translation>Tidak ada tiket {code} hari ini.</translation>
    </message>
    <message>
        <source>Wrong login or PIN.</source>
        <translation>Nama pengguna atau PIN salah.</translation>
    </message>
    <message>
        <source>{login} is not a supervisor.</source>
        <translation>{login} bukan supervisor.</translation>
    </message>
</context>
<context>
    <name>CounterWindow</name>
    <message>
        <source>Counter</source>
        <translation>Loket</translation>
    </message>
    <message>
        <source>Counter {n}</source>
        <translation>Loket {n}</translation>
    </message>
    <message>
        <source>Front desk</source>
        <translation>Meja depan</translation>
    </message>
    <message>
        <source>Front desk · {name}</source>
        <translation>Meja depan · {name}</translation>
    </message>
</context>
<context>
    <name>DeskController</name>
    <message>
        <source>Not connected to the database: wait for it to come back.</source>
        <translation>Tidak tersambung ke database: tunggu sampai tersambung kembali.</translation>
    </message>
    <message>
        <source>Connection back. {action} was done.</source>
        <translation>Koneksi pulih. {action} sudah terlaksana.</translation>
    </message>
    <message>
        <source>Connection back. {action} did NOT happen: do it again if needed.</source>
        <translation>Koneksi pulih. {action} TIDAK terlaksana: ulangi bila perlu.</translation>
    </message>
</context>
<context>
    <name>DeskPage</name>
    <message>
        <source>Sign out</source>
        <translation>Keluar</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Loket</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Counter {n}</source>
        <translation>Loket {n}</translation>
    </message>
    <message>
        <source> · supervisor</source>
        <translation> · supervisor</translation>
    </message>
    <message>
        <source>YOUR DAY</source>
        <translation>HARI INI ANDA</translation>
    </message>
    <message>
        <source>{code} called again ({count}×).</source>
        <translation>{code} dipanggil ulang ({count}×).</translation>
    </message>
    <message>
        <source>Services {codes}</source>
        <translation>Layanan {codes}</translation>
    </message>
    <message>
        <source>Finish: {outcome}</source>
        <translation>Selesai: {outcome}</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <source>{code} finished: {outcome}.</source>
        <translation>{code} selesai: {outcome}.</translation>
    </message>
    <message>
        <source>{code} finished.</source>
        <translation>{code} selesai.</translation>
    </message>
    <message>
        <source>No-show {code}</source>
        <translation>Tidak hadir {code}</translation>
    </message>
    <message>
        <source>Mark &lt;b&gt;{code}&lt;/b&gt; as a no-show? It leaves the line; F9 (Requeue) brings it back if the applicant turns up.</source>
        <translation>Catat &lt;b&gt;{code}&lt;/b&gt; tidak hadir? Nomor ini keluar dari antrean; F9 (Antrekan lagi) mengembalikannya bila pemohon datang.</translation>
    </message>
    <message>
        <source>Mark no-show (Enter)</source>
        <translation>Catat tidak hadir (Enter)</translation>
    </message>
    <message>
        <source>{code} marked as no-show.</source>
        <translation>{code} dicatat tidak hadir.</translation>
    </message>
    <message>
        <source>{code} transferred to {service}, keeping its place.</source>
        <translation>{code} dialihkan ke {service}, tetap di urutannya.</translation>
    </message>
    <message>
        <source>{code} transferred to {service}, at the end of the line.</source>
        <translation>{code} dialihkan ke {service}, di akhir antrean.</translation>
    </message>
    <message>
        <source>Counter resumed.</source>
        <translation>Loket dibuka kembali.</translation>
    </message>
    <message>
        <source>Counter paused: displays show it as closed.</source>
        <translation>Loket istirahat: layar menampilkannya sebagai tutup.</translation>
    </message>
    <message>
        <source>Call number</source>
        <translation>Panggil nomor</translation>
    </message>
    <message>
        <source>Call this ticket now (e.g. a late applicant):</source>
        <translation>Panggil nomor ini sekarang (mis. pemohon yang terlambat):</translation>
    </message>
    <message>
        <source>Requeue no-show</source>
        <translation>Antrekan lagi yang tidak hadir</translation>
    </message>
    <message>
        <source>Put this no-show back in line:</source>
        <translation>Masukkan kembali ke antrean nomor yang tidak hadir ini:</translation>
    </message>
    <message>
        <source>{code} is back in line.</source>
        <translation>{code} masuk antrean lagi.</translation>
    </message>
</context>
<context>
    <name>FiguresRow</name>
    <message>
        <source>SERVED</source>
        <translation>DILAYANI</translation>
    </message>
    <message>
        <source>MEDIAN TIME</source>
        <translation>WAKTU MEDIAN</translation>
    </message>
    <message>
        <source>NO-SHOW</source>
        <translation>TIDAK HADIR</translation>
    </message>
</context>
<context>
    <name>FrontDesk</name>
    <message>
        <source>the desk printer</source>
        <translation>printer meja</translation>
    </message>
    <message>
        <source>the kiosk printer</source>
        <translation>printer kios</translation>
    </message>
    <message>
        <source>{code} exists, but printing on {where} failed: {problem}. Press Reprint.</source>
        <translation>{code} sudah ada, tetapi pencetakan di {where} gagal: {problem}. Tekan Cetak ulang.</translation>
    </message>
    <message>
        <source>{code} sent to {where} (it cannot confirm printing).</source>
        <translation>{code} dikirim ke {where} (printer tidak dapat memastikan hasil cetak).</translation>
    </message>
    <message>
        <source>{code} printed on {where}.</source>
        <translation>{code} dicetak di {where}.</translation>
    </message>
    <message>
        <source>not known yet</source>
        <translation>belum diketahui</translation>
    </message>
    <message>
        <source>about {low}-{high} min</source>
        <translation>sekitar {low}-{high} mnt</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Layanan</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Prioritas</translation>
    </message>
    <message>
        <source>Booking</source>
        <translation>Jadwal</translation>
    </message>
    <message>
        <source>M-Paspor appointment</source>
        <translation>Jadwal M-Paspor</translation>
    </message>
    <message>
        <source>{step} of {steps}</source>
        <translation>{step} dari {steps}</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Langkah</translation>
    </message>
    <message>
        <source>People ahead</source>
        <translation>Orang di depan</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>Tunggu</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Loket</translation>
    </message>
    <message>
        <source>Loket {n}</source>
        <translation>Loket {n}</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Diterbitkan</translation>
    </message>
    <message>
        <source>Last called</source>
        <translation>Terakhir dipanggil</translation>
    </message>
    <message>
        <source>No: today&apos;s places are taken</source>
        <translation>Tidak: tempat hari ini sudah habis</translation>
    </message>
    <message>
        <source>Yes, until {time}</source>
        <translation>Ya, sampai {time}</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ya</translation>
    </message>
    <message>
        <source>No: the queue would run past {time}</source>
        <translation>Tidak: antrean akan melewati {time}</translation>
    </message>
    <message>
        <source>Not yet: opens {time}</source>
        <translation>Belum: buka {time}</translation>
    </message>
    <message>
        <source>No: stopped at {time}</source>
        <translation>Tidak: berhenti pukul {time}</translation>
    </message>
    <message>
        <source>No: closed today</source>
        <translation>Tidak: tutup hari ini</translation>
    </message>
    <message>
        <source>No: closed</source>
        <translation>Tidak: tutup</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>tanpa batas</translation>
    </message>
    <message>
        <source>{left} of {quota}</source>
        <translation>{left} dari {quota}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>tidak ada</translation>
    </message>
    <message>
        <source>unlisted</source>
        <translation>tidak terdaftar</translation>
    </message>
</context>
<context>
    <name>FrontDeskPage</name>
    <message>
        <source>Sign out</source>
        <translation>Keluar</translation>
    </message>
    <message>
        <source>Refresh  (F5)</source>
        <translation>Muat ulang  (F5)</translation>
    </message>
    <message>
        <source>Front desk</source>
        <translation>Meja depan</translation>
    </message>
    <message>
        <source>Not connected to the database: {reason}</source>
        <translation>Tidak tersambung ke database: {reason}</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>en</source>
        <translation>id</translation>
    </message>
</context>
<context>
    <name>LookupPanel</name>
    <message>
        <source>Ticket number, e.g. A012, then Enter</source>
        <translation>Nomor tiket, mis. A012, lalu Enter</translation>
    </message>
    <message>
        <source>Desk printer</source>
        <translation>Printer meja</translation>
    </message>
    <message>
        <source>Kiosk printer</source>
        <translation>Printer kios</translation>
    </message>
    <message>
        <source>Reprint  (Ctrl+P)</source>
        <translation>Cetak ulang  (Ctrl+P)</translation>
    </message>
    <message>
        <source>No printer is set up at this desk.</source>
        <translation>Belum ada printer di meja ini.</translation>
    </message>
    <message>
        <source>Why the applicant cancels, e.g. must leave</source>
        <translation>Alasan pemohon membatalkan, mis. harus pergi</translation>
    </message>
    <message>
        <source>Cancel ticket</source>
        <translation>Batalkan tiket</translation>
    </message>
    <message>
        <source>LOOK UP A TICKET  ·  F6</source>
        <translation>CARI TIKET  ·  F6</translation>
    </message>
    <message>
        <source>Printing {code}…</source>
        <translation>Mencetak {code}…</translation>
    </message>
    <message>
        <source>Give the reason the applicant cancels.</source>
        <translation>Isi alasan pemohon membatalkan.</translation>
    </message>
    <message>
        <source>Cancel ticket {code}? This cannot be undone.</source>
        <translation>Batalkan tiket {code}? Ini tidak dapat dibatalkan kembali.</translation>
    </message>
    <message>
        <source>{code} is cancelled.</source>
        <translation>{code} dibatalkan.</translation>
    </message>
    <message>
        <source>There is no ticket {code} today: check the letter and the digits.</source>
        <translation>Tidak ada tiket {code} hari ini: periksa huruf dan angkanya.</translation>
    </message>
</context>
<context>
    <name>OutcomeRow</name>
    <message>
        <source>Finish as:</source>
        <translation>Selesai sebagai:</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <source>e.g. budi</source>
        <translation>mis. budi</translation>
    </message>
    <message>
        <source>digits only</source>
        <translation>hanya angka</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Masuk</translation>
    </message>
    <message>
        <source>Counter sign-in</source>
        <translation>Masuk ke loket</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Nama pengguna</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Loket</translation>
    </message>
    <message>
        <source>This PC is set to counter {n}, which does not exist.</source>
        <translation>PC ini diatur untuk loket {n}, yang tidak ada.</translation>
    </message>
    <message>
        <source>Not signed in: {reason}</source>
        <translation>Belum masuk: {reason}</translation>
    </message>
</context>
<context>
    <name>SupervisorPanel</name>
    <message>
        <source>No limit</source>
        <translation>Tanpa batas</translation>
    </message>
    <message>
        <source>Set quota</source>
        <translation>Atur kuota</translation>
    </message>
    <message>
        <source>Close service</source>
        <translation>Tutup layanan</translation>
    </message>
    <message>
        <source>Ticket, e.g. A012</source>
        <translation>Tiket, mis. A012</translation>
    </message>
    <message>
        <source>Reason for cancelling</source>
        <translation>Alasan pembatalan</translation>
    </message>
    <message>
        <source>Cancel ticket</source>
        <translation>Batalkan tiket</translation>
    </message>
    <message>
        <source>Keep its place</source>
        <translation>Tetap di urutannya</translation>
    </message>
    <message>
        <source>Move ticket</source>
        <translation>Pindahkan tiket</translation>
    </message>
    <message>
        <source>Message scrolling on the waiting-room displays</source>
        <translation>Pesan berjalan di layar ruang tunggu</translation>
    </message>
    <message>
        <source>Set ticker</source>
        <translation>Atur teks berjalan</translation>
    </message>
    <message>
        <source>COUNTERS</source>
        <translation>LOKET</translation>
    </message>
    <message>
        <source>DEVICES</source>
        <translation>PERANGKAT</translation>
    </message>
    <message>
        <source>SERVICES TODAY</source>
        <translation>LAYANAN HARI INI</translation>
    </message>
    <message>
        <source>TICKETS</source>
        <translation>TIKET</translation>
    </message>
    <message>
        <source>DISPLAY TICKER</source>
        <translation>TEKS BERJALAN LAYAR</translation>
    </message>
    <message>
        <source>to {service}</source>
        <translation>ke {service}</translation>
    </message>
    <message>
        <source>Reopen service</source>
        <translation>Buka lagi layanan</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>tanpa batas</translation>
    </message>
    <message>
        <source>Today&apos;s quota of {code} is now {quota}.</source>
        <translation>Kuota hari ini untuk {code} sekarang {quota}.</translation>
    </message>
    <message>
        <source>Close service {code}</source>
        <translation>Tutup layanan {code}</translation>
    </message>
    <message>
        <source>Close &lt;b&gt;{name}&lt;/b&gt; until it is reopened? The kiosks stop issuing its tickets; the {waiting} already waiting are still called.</source>
        <translation>Tutup &lt;b&gt;{name}&lt;/b&gt; sampai dibuka lagi? Kios berhenti menerbitkan tiketnya; {waiting} yang sudah menunggu tetap dipanggil.</translation>
    </message>
    <message>
        <source>Close service (Enter)</source>
        <translation>Tutup layanan (Enter)</translation>
    </message>
    <message>
        <source>Service {code} closed.</source>
        <translation>Layanan {code} ditutup.</translation>
    </message>
    <message>
        <source>Service {code} reopened.</source>
        <translation>Layanan {code} dibuka kembali.</translation>
    </message>
    <message>
        <source>{code} cancelled.</source>
        <translation>{code} dibatalkan.</translation>
    </message>
    <message>
        <source>{code} moved to {service}.</source>
        <translation>{code} dipindahkan ke {service}.</translation>
    </message>
    <message>
        <source>Ticker updated.</source>
        <translation>Teks berjalan diperbarui.</translation>
    </message>
</context>
<context>
    <name>TicketCard</name>
    <message>
        <source>CURRENT TICKET</source>
        <translation>TIKET SAAT INI</translation>
    </message>
    <message>
        <source>M-Paspor booking</source>
        <translation>Jadwal M-Paspor</translation>
    </message>
    <message>
        <source>Counter paused</source>
        <translation>Loket istirahat</translation>
    </message>
    <message>
        <source>No ticket</source>
        <translation>Tidak ada tiket</translation>
    </message>
    <message>
        <source>Resume the counter to call again.</source>
        <translation>Lanjutkan loket untuk memanggil lagi.</translation>
    </message>
    <message>
        <source>Press Call next (F2).</source>
        <translation>Tekan Panggil berikutnya (F2).</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Istirahat</translation>
    </message>
    <message>
        <source>Waited {time}</source>
        <translation>Menunggu {time}</translation>
    </message>
    <message>
        <source>Serving for</source>
        <translation>Dilayani selama</translation>
    </message>
    <message>
        <source>Called</source>
        <translation>Dipanggil</translation>
    </message>
</context>
<context>
    <name>TicketCodeDialog</name>
    <message>
        <source>Keep its original place in the line</source>
        <translation>Tetap di urutan semula dalam antrean</translation>
    </message>
</context>
<context>
    <name>TicketForm</name>
    <message>
        <source>None (normal ticket)</source>
        <translation>Tidak ada (tiket biasa)</translation>
    </message>
    <message>
        <source>Required for a priority group, e.g. KTP: aged 72</source>
        <translation>Wajib untuk kelompok prioritas, mis. KTP: usia 72</translation>
    </message>
    <message>
        <source>Desk printer</source>
        <translation>Printer meja</translation>
    </message>
    <message>
        <source>Kiosk printer</source>
        <translation>Printer kios</translation>
    </message>
    <message>
        <source>Do not print</source>
        <translation>Jangan cetak</translation>
    </message>
    <message>
        <source>Issue ticket  (Ctrl+Enter)</source>
        <translation>Terbitkan tiket  (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Type or scan the booking code, then Enter</source>
        <translation>Ketik atau pindai kode jadwal, lalu Enter</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>Check-in</translation>
    </message>
    <message>
        <source>ISSUE A TICKET  ·  F2</source>
        <translation>TERBITKAN TIKET  ·  F2</translation>
    </message>
    <message>
        <source>&amp;Service</source>
        <translation>&amp;Layanan</translation>
    </message>
    <message>
        <source>&amp;Priority group</source>
        <translation>Kelompok &amp;prioritas</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>&amp;Alasan</translation>
    </message>
    <message>
        <source>Pri&amp;nt on</source>
        <translation>&amp;Cetak di</translation>
    </message>
    <message>
        <source>CHECK IN A BOOKING  ·  F3</source>
        <translation>CHECK-IN JADWAL  ·  F3</translation>
    </message>
    <message>
        <source>Service if not listed</source>
        <translation>Layanan bila tidak terdaftar</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Choose a service first.</source>
        <translation>Pilih layanan dulu.</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Diterbitkan</translation>
    </message>
    <message>
        <source>Type or scan a booking code.</source>
        <translation>Ketik atau pindai kode jadwal.</translation>
    </message>
    <message>
        <source>Checked in (late: walk-in ticket)</source>
        <translation>Check-in (terlambat: tiket walk-in)</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>Check-in berhasil</translation>
    </message>
    <message>
        <source>Not on today&apos;s list: choose its service, then press Check in.</source>
        <translation>Tidak ada di daftar hari ini: pilih layanannya, lalu tekan Check-in.</translation>
    </message>
    <message>
        <source>{n} ahead</source>
        <translation>{n} di depan</translation>
    </message>
    <message>
        <source>printing…</source>
        <translation>mencetak…</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Transfer {code}</source>
        <translation>Alihkan {code}</translation>
    </message>
    <message>
        <source>Keep its place in the line (arrival time)</source>
        <translation>Tetap di urutannya (menurut waktu datang)</translation>
    </message>
    <message>
        <source>Go to the end of the line</source>
        <translation>Ke akhir antrean</translation>
    </message>
    <message>
        <source>Send &lt;b&gt;{code}&lt;/b&gt; to the service:</source>
        <translation>Kirim &lt;b&gt;{code}&lt;/b&gt; ke layanan:</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Alihkan</translation>
    </message>
</context>
<context>
    <name>WaitingPanel</name>
    <message>
        <source>WAITING</source>
        <translation>MENUNGGU</translation>
    </message>
    <message>
        <source>Nobody is waiting for this counter&apos;s services.</source>
        <translation>Tidak ada yang menunggu untuk layanan loket ini.</translation>
    </message>
    <message>
        <source>WAITING · {n}</source>
        <translation>MENUNGGU · {n}</translation>
    </message>
    <message>
        <source>{name}: {waiting} waiting, {issued} issued today</source>
        <translation>{name}: {waiting} menunggu, {issued} diterbitkan hari ini</translation>
    </message>
</context>
</TS>
