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
    # issue 20: the course's own Voilà template (lessons/deploy/voila_template/): loading screen, errors
    "page_title": "Kerja Sama Sosial ASEAN",
    "loading_title": "Pelajaran sedang disiapkan",
    "loading_wait": "Tunggu sebentar, halaman akan muncul sendiri.",
    "loading_progress": "Menyiapkan bagian {i} dari {n}",
    "noscript": "Halaman kursus memerlukan JavaScript. Aktifkan JavaScript di peramban, lalu muat ulang halaman ini.",
    "error_title": "Halaman ini tidak dapat dibuka",
    "error_404": "Halaman ini tidak ada di kursus. Kembali ke Beranda, lalu pilih pelajaran dari daftarnya.",
    "error_403": "Halaman ini tidak boleh dibuka dari sini. Kembali ke Beranda, lalu pilih pelajaran dari daftarnya.",
    "error_500": "Server kursus sedang bermasalah. Muat ulang halaman sebentar lagi; bila masih gagal, beri tahu guru.",
    "error_other": "Terjadi masalah saat membuka halaman ini. Muat ulang halaman; bila masih gagal, beri tahu guru.",
    "error_code": "Kode kesalahan: {code}",
    "error_home": "Kembali ke Beranda",
    "cell_error_name": "Bagian ini gagal dijalankan",
    "cell_error": "Muat ulang halaman. Bila bagian ini masih gagal, beri tahu guru.",
    "cell_timeout": "Bagian ini terlalu lama dijalankan sehingga dihentikan. Muat ulang halaman; bila masih terjadi, beri tahu guru.",
}
