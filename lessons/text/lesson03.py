"""Learner-facing strings of lesson 03 (disaster risk reduction and ASEAN's
disaster responses): the comparison widget, the disaster timeline and the
life-expectancy chart. Keys start with ``l03_``."""

from __future__ import annotations

STRINGS = {
    # dates
    "l03_months": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
    # comparison widget
    "l03_aspect_langkah": "Langkah yang diambil",
    "l03_aspect_keberhasilan": "Keberhasilan",
    "l03_aspect_kekurangan": "Kekurangan",
    "l03_choose_responses": "Tanggapan yang dibandingkan",
    "l03_choose_aspect": "Aspek",
    "l03_show_notes": "Tampilkan koreksi atas artikel",
    "l03_row_source": "Sumber",
    "l03_row_note": "Catatan atas artikel",
    "l03_col_aspect": "Aspek",
    "l03_no_note": "Artikel tidak membahasnya.",
    "l03_response_header": "{year}: {name}",
    "l03_comparison_summary": "Perbandingan tanggapan bencana: aspek {aspect}; {n} tanggapan dipilih ({names}).",
    "l03_comparison_none": "Perbandingan tanggapan bencana: aspek {aspect}; belum ada tanggapan yang dipilih. Centang paling sedikit satu.",
    "l03_comparison_notes_on": " Koreksi atas artikel ditampilkan.",
    "l03_bad_aspect": "Aspek \"{value}\" tidak dikenal. Pilih salah satu: {allowed}.",
    "l03_bad_response": "Tanggapan \"{value}\" tidak dikenal. Pilih dari: {allowed}.",
    # timeline
    "l03_years": "{n} tahun",
    "l03_months_n": "{n} bulan",
    "l03_timeline_title": "Bencana besar dan kerja sama bencana ASEAN, 2004–2022",
    "l03_timeline_left": "Bencana",
    "l03_timeline_right": "Langkah dan lembaga ASEAN",
    "l03_kind_bencana": "bencana",
    "l03_kind_mekanisme": "perjanjian, tim, atau pusat ASEAN",
    "l03_kind_tanggapan": "pertemuan atau keputusan ASEAN untuk bencana itu",
    "l03_timeline_alt": "Garis waktu tegak dari 2004 (atas) sampai 2022 (bawah). Setiap peristiwa diberi tanda: silang jingga untuk bencana, kotak hijau untuk perjanjian, tim, atau pusat ASEAN, dan bulatan biru untuk pertemuan atau keputusan ASEAN. Urutannya: {events}. Tsunami 2004 terjadi sebelum AADMER dan AHA Centre ada; AADMER ditandatangani {gap_aadmer} setelah tsunami, dan AHA Centre baru mulai berkantor di Jakarta sekitar {gap_aha} setelah tsunami.",
    # life expectancy
    "l03_event_tsunami": "tsunami",
    "l03_event_nargis": "Topan Nargis",
    "l03_event_covid": "COVID-19",
    "l03_dips_title": "Angka harapan hidup saat lahir",
    "l03_dips_ylabel": "tahun",
    "l03_dips_bar_title": "Perubahan 2020 → 2021",
    "l03_dips_bar_xlabel": "tahun (negatif = turun)",
    "l03_dips_alt": "Grafik pertama: garis angka harapan hidup 2000–2023 untuk {countries}, dengan tahun bencana ditandai garis putus-putus. {drops} Grafik kedua: batang perubahan dari 2020 ke 2021 untuk 11 negara anggota; angka harapan hidup turun di {n_down} dari 11 negara, paling besar di {worst} ({worst_drop} tahun), dan {unchanged}. Penurunan ini memperlihatkan korban jiwa bencana, bukan hasil atau kegagalan kerja sama ASEAN.",
    "l03_dips_alt_drop": "{country} turun {drop} tahun dari {before} ke {year} ({event}).",
    "l03_dips_alt_unchanged": "tidak turun di {names}",
    "l03_dips_alt_all_down": "semua negara turun",
    "l03_bad_country": "Kode negara \"{value}\" tidak dikenal. Gunakan kode tiga huruf anggota ASEAN, misalnya IDN.",
}
