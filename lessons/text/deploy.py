"""What people read from the course's servers: the student-mode launcher
(``python -m lessons mulai``), the Voilà pages and the class server."""

STRINGS = {
    "start_running": "Kursus sudah berjalan. Buka alamat ini di peramban bila belum terbuka sendiri: {url}",
    "start_keep_open": "Biarkan jendela ini terbuka selama belajar. Untuk berhenti, tekan Ctrl+C di jendela ini.",
    "start_no_notebooks": "Folder notebooks/ tidak ada di folder kursus {where}; salin kembali folder kursus lengkap.",
    "start_no_home": "Berkas {file} tidak ada di folder notebooks/; salin kembali folder kursus lengkap.",
    "start_bad_option": "Pilihan {option} tidak dikenal. Yang dapat dipakai: --port NOMOR dan --tanpa-peramban.",
    "start_bad_port": "Nomor port harus bilangan bulat antara 1024 dan 65535, bukan {value}.",
    "start_stopped": "Kursus dihentikan.",
    # issue 19: class server
    "live_session_shared": (
        "Pelajaran ini juga sedang terbuka di peramban lain, padahal server ini hanya untuk satu siswa, "
        "jadi jawaban tidak disimpan agar jawaban dua siswa tidak tercampur: tutup halaman di perangkat lain, "
        "atau minta guru memakai server kelas (setiap siswa masuk dengan akunnya sendiri)."
    ),
}
