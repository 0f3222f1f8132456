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
    # what a widget's place says while it loads, and when its model never came (after one automatic reload)
    "widget_loading": "Memuat…",
    "widget_failed": "Bagian ini tidak dapat ditampilkan. Muat ulang halaman; bila masih gagal, beri tahu guru.",
    "cell_timeout": "Bagian ini terlalu lama dijalankan sehingga dihentikan. Muat ulang halaman; bila masih terjadi, beri tahu guru.",
    # issue 19: class server
    "live_session_shared": (
        "Pelajaran ini juga sedang terbuka di peramban lain, padahal server ini hanya untuk satu siswa, "
        "jadi jawaban tidak disimpan agar jawaban dua siswa tidak tercampur: tutup halaman di perangkat lain, "
        "atau minta guru memakai server kelas (setiap siswa masuk dengan akunnya sendiri); bila halaman lain itu "
        "sudah tertutup atau hilang, halaman ini kembali menyimpan jawaban paling lama 4 menit kemudian."
    ),
    "hub_login_title": "Masuk ke Kelas ASEAN",
    "hub_login_help": (
        "Tulis nama akunmu seperti yang diberikan guru. Pada kali pertama masuk, kata sandi yang kamu ketik "
        "menjadi kata sandimu (paling sedikit 6 karakter); ingatlah baik-baik. Bila lupa, minta guru mengaturnya ulang."
    ),
    "hub_password_short": "Kata sandi terlalu pendek: pilih kata sandi yang paling sedikit {count} karakter.",
    "hub_login_name": "Nama akun",
    "hub_login_password": "Kata sandi",
    "hub_login_button": "Masuk",
    "class_help": "Server kelas: satu server JupyterHub untuk seluruh kelas, satu akun dan satu folder untuk setiap siswa.",
    "class_start_help": "Menyiapkan akun dari daftar siswa, salinan kursus untuk siswa, lalu menjalankan server kelas.",
    "class_reset_help": "Mengatur ulang kata sandi satu siswa: pada kali berikutnya siswa itu masuk, kata sandi yang diketiknya menjadi kata sandi baru.",
    "class_arg_roster": "berkas CSV daftar siswa (kolom nama), sama dengan yang dibaca penilaian",
    "class_arg_folder": "folder server kelas: akun, salinan kursus, dan folder rumah setiap siswa (bawaan: server-kelas)",
    "class_arg_port": "nomor port yang dibuka siswa di peramban (bawaan: 8000)",
    "class_arg_address": "alamat jaringan yang didengarkan (bawaan 0.0.0.0: semua jaringan sekolah; 127.0.0.1: komputer ini saja)",
    "class_arg_teacher": "nama akun guru, admin server kelas (bawaan: guru)",
    "class_arg_lessons": "nomor pelajaran yang dirilis (bawaan: semua)",
    "class_arg_preheat": (
        "pelajaran hari ini: disiapkan di server setiap siswa sebelum siswa masuk, sehingga terbuka dalam beberapa "
        "detik (bawaan: pelajaran --pelajaran bila hanya satu)"
    ),
    "class_preheating": (
        "Server {count} siswa sedang dinyalakan dan Pelajaran {lessons} disiapkan di setiap server. "
        "Jalankan server kelas paling lambat 5 menit dan paling cepat 30 menit sebelum pelajaran dimulai."
    ),
    "class_preheat_unknown": "Pelajaran {lessons} tidak ada di salinan kursus untuk siswa; periksa nomor pelajaran.",
    "class_arg_account": "nama akun siswa, seperti tertulis di akun.csv",
    "class_no_node": "Node.js dan npm belum terpasang; pasanglah dulu (misalnya: sudo apt install nodejs npm), lalu jalankan perintah ini lagi.",
    "class_no_proxy": "configurable-http-proxy belum terpasang.",
    "class_installing_proxy": "Memasang configurable-http-proxy (sekali saja) ke {folder} …",
    "class_proxy_failed": "configurable-http-proxy tidak dapat dipasang dengan npm: {detail}",
    "class_accounts": "{count} akun siswa tercatat di {file}.",
    "class_running": "Server kelas berjalan di {url} (dari komputer lain: ganti localhost dengan alamat IP komputer ini). Guru masuk dengan akun {teacher}.",
    "class_keep_open": "Biarkan jendela ini terbuka selama pelajaran. Untuk berhenti, tekan Ctrl+C di jendela ini.",
    "class_stopped": "Server kelas dihentikan.",
    "class_reset_done": "Kata sandi akun {account} sudah diatur ulang: kata sandi yang diketik pada kali berikutnya menjadi kata sandi baru.",
    "class_reset_unknown": "Akun {account} belum punya kata sandi atau tidak ada di server kelas ini; periksa nama akun di akun.csv.",
    "class_collect_not_here": (
        "Meja Guru ini tidak berjalan di server kelas, jadi tidak ada folder siswa untuk dibaca; "
        "pakai langkah Kumpulkan di atas untuk mengunggah lembar jawaban."
    ),
    "class_collect_no_accounts": "Folder server kelas {folder} tidak memuat akun.csv; jalankan server kelas dengan python -m lessons kelas mulai.",
    "desk_class_collect_button": "Kumpulkan dari server kelas",
    "desk_class_collect_help": (
        "Lembar jawaban setiap siswa dibaca langsung dari folder rumahnya di server kelas ({folder}), tanpa unggah "
        "dan tanpa mengubah berkas apa pun, lalu dinilai seperti biasa. Pilih tugas, lalu tekan tombol."
    ),
    "desk_reset_title": "Kata sandi siswa",
    "desk_reset_help": (
        "Siswa lupa kata sandi? Pilih namanya, tekan tombol, lalu minta siswa itu segera masuk lagi: "
        "kata sandi yang diketiknya pada kali berikutnya menjadi kata sandi barunya."
    ),
    "desk_reset_student": "Siswa",
    "desk_reset_button": "Atur ulang kata sandi",
    "desk_reset_done": (
        "Kata sandi {name} (akun {account}) sudah diatur ulang. Minta siswa itu masuk sekarang dengan kata sandi "
        "baru pilihannya (paling sedikit 6 karakter)."
    ),
    "desk_summary_class_collect": "Kumpulkan dari server kelas: pilih tugas, lalu nilai langsung dari folder siswa.",
}
