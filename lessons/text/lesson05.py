"""Learner-facing strings of lesson 05 (mechanisms and decision-making)."""

from __future__ import annotations

#: Level of a body in the structure diagram → (row label in the figure, name in the table).
LEVEL_LABELS = {
    "ktt": ("Pemimpin", "KTT (kepala negara atau pemerintahan)"),
    "dewan": ("Dewan", "Dewan pilar (menteri)"),
    "menteri": ("Menteri", "Badan sektoral tingkat menteri"),
    "pejabat_senior": ("Pejabat senior", "Pejabat senior"),
    "kelompok_kerja": ("Kelompok kerja", "Kelompok kerja atau klaster"),
    "pendukung": ("Pendukung", "Pendukung semua tingkat"),
}

#: The article's five steps, read as a GENERAL policy cycle: (name, what it means, the ACTIP example).
CYCLE_STEPS = (
    (
        "Identifikasi isu",
        "Sebuah masalah diakui sebagai masalah bersama yang perlu ditangani, bukan hanya urusan satu negara.",
        "Perdagangan orang, terutama perempuan dan anak, melintasi batas negara. Pada KTT ASEAN ke-10 "
        "(29 November 2004) para pemimpin mengesahkan Deklarasi ASEAN Menentang Perdagangan Orang dan "
        "menyatakan perlunya pendekatan regional yang menyeluruh.",
    ),
    (
        "Diskusi dan konsultasi",
        "Negara-negara bertukar informasi dan pengalaman, lalu berunding sampai menemukan rumusan yang dapat "
        "diterima semua pihak.",
        "Deklarasi 2004 belum mengikat secara hukum. Selama bertahun-tahun sesudahnya, negara anggota terus "
        "bertukar informasi dan merundingkan aturan bersama yang lebih kuat.",
    ),
    (
        "Perumusan kebijakan",
        "Hasil perundingan dituangkan dalam dokumen: deklarasi, rencana kerja, atau perjanjian yang mengikat.",
        "Para pemimpin menandatangani Konvensi ASEAN Menentang Perdagangan Orang, Terutama Perempuan dan Anak "
        "(ACTIP) pada KTT ke-27 di Kuala Lumpur, 21 November 2015.",
    ),
    (
        "Pelaksanaan",
        "Setiap negara menjalankan kesepakatan itu, misalnya dengan mengubah undang-undang, melatih petugas, "
        "dan menyediakan layanan.",
        "Konvensi berlaku setelah enam negara meratifikasinya. Filipina menjadi negara keenam (7 Februari 2017), "
        "sehingga ACTIP berlaku sejak 8 Maret 2017. Negara pihak wajib mencegah perdagangan orang, menghukum "
        "pelakunya, dan melindungi korbannya, dibantu Rencana Aksi ASEAN (APA).",
    ),
    (
        "Pemantauan dan evaluasi",
        "Pelaksanaan diperiksa: apa yang sudah berjalan, apa yang belum, dan apa yang perlu diperbaiki. "
        "Hasilnya menjadi bahan untuk putaran berikutnya.",
        "Seorang peneliti hukum internasional menilai ACTIP masih membutuhkan cara pengawasan kepatuhan yang "
        "lebih kuat (Yusran, 2017). Di pilar sosial budaya, Divisi Pemantauan Sekretariat ASEAN membantu para "
        "pejabat senior (SOCA) dan Dewan Masyarakat Sosial Budaya ASEAN memantau pelaksanaan rencana kerja pilar ini: "
        "dahulu Cetak Biru 2016–2025, dan sesudah itu Rencana Strategis Masyarakat Sosial Budaya ASEAN (ASCC Strategic Plan) untuk masa sesudah 2025.",
    ),
)

#: Vote values of the consensus simulator → (button text, word used in sentences).
VOTE_LABELS = {
    "setuju": ("✔ setuju", "setuju"),
    "tidak_setuju": ("✘ tidak setuju", "tidak setuju"),
    "abstain": ("○ abstain", "abstain"),
}

STRINGS = {
    # structure diagram and table
    "l05_structure_title": "Susunan kerja sama sosial ASEAN: dari KTT sampai kelompok kerja",
    "l05_secretariat_support": "mendukung\nsemua tingkat",
    "l05_structure_below": "badan tingkat menteri:\nbagian kedua gambar",
    "l05_legend_arrow": "arahan turun; laporan naik lewat jalur yang sama",
    "l05_legend_support": "dukungan Sekretariat ASEAN",
    "l05_legend_dashed": "garis putus-putus: kelompok kerja, atau badan yang tidak digambar satu per satu",
    "l05_structure_alt": "Bagan bertingkat susunan kerja sama sosial ASEAN. Di puncak ada {top}. Di bawahnya {council}, "
                         "yang membawahkan badan sektoral tingkat menteri: {ministers}. Tingkat pejabat senior: {seniors}. "
                         "Kelompok kerja yang digambar: {groups}. {secretariat} digambar di samping bagan dan "
                         "dihubungkan dengan garis titik-titik ke setiap tingkat karena mendukung semua tingkat.",
    "l05_alt_pair": "{child} di bawah {parent}",
    "l05_structure_table_title": "susunan kerja sama sosial ASEAN",
    "l05_col_level": "Tingkat",
    "l05_col_reports_to": "Melapor kepada",
    "l05_col_role": "Tugas",
    "l05_level_filter": "Tingkat",
    # decision cycle
    "l05_cycle_title": "Lima langkah dari artikel, digambar sebagai siklus kebijakan",
    "l05_cycle_centre": "Siklus kebijakan UMUM\n(ilustrasi, bukan prosedur\nresmi ASEAN)",
    "l05_cycle_alt": "Diagram lingkaran lima langkah yang saling menyambung dengan panah searah jarum jam: {steps}; "
                     "dari langkah terakhir panah kembali ke langkah pertama. Di tengah tertulis bahwa ini siklus "
                     "kebijakan umum, bukan prosedur resmi ASEAN.",
    "l05_cycle_alt_step": " Langkah {n}, {name}, sedang disorot.",
    "l05_prev": "Sebelumnya",
    "l05_next": "Berikutnya",
    "l05_step_of": "Langkah {n} dari {total}",
    "l05_step_meaning": "Artinya",
    "l05_step_example": "Contoh ASEAN: jalan panjang ACTIP",
    "l05_cycle_summary": "Siklus kebijakan umum (bukan prosedur resmi ASEAN) — langkah {n} dari {total}: {name}. {meaning}",
    "l05_cycle_bad_step": "Langkah \"{value}\" tidak ada. Pilih nomor 1 sampai {total}.",
    # consensus simulator
    "l05_sim_title": "Simulasi mufakat (disederhanakan)",
    "l05_sim_proposal": "Usulan rekaan untuk latihan: \"Semua negara anggota mengadakan pekan kampanye cuci tangan bersama setiap tahun.\"",
    "l05_sim_instructions": "Pilih sikap setiap negara. Hasil di bawah langsung berubah.",
    "l05_sim_all_agree": "Semua setuju",
    "l05_vote_status": "Sikap",
    "l05_tally": "Hitungan: {setuju} setuju · {tidak_setuju} tidak setuju · {abstain} abstain",
    "l05_head_mufakat": "✔ Mufakat tercapai.",
    "l05_head_tidak_mufakat": "✘ Belum ada mufakat.",
    "l05_head_tanpa_dukungan": "○ Tidak ada yang dapat disepakati.",
    "l05_head_tidak_valid": "⚠ Hasil belum dapat dihitung.",
    "l05_explain_mufakat": "Tidak ada negara yang menyatakan keberatan, jadi usulan diterima melalui musyawarah dan mufakat (Piagam ASEAN, Pasal 20 ayat 1).",
    "l05_explain_abstain": "{n} negara abstain: tidak ikut mendukung, tetapi juga tidak menghalangi.",
    "l05_explain_tidak_mufakat": "{names} tidak setuju, sehingga mufakat belum tercapai (Piagam ASEAN, Pasal 20 ayat 1). "
                                 "Usulan seperti ini biasanya ditunda dan dibahas lagi lewat konsultasi, atau KTT ASEAN "
                                 "dapat menentukan cara mengambil keputusan khusus ini (Pasal 20 ayat 2).",
    "l05_explain_tanpa_dukungan": "Tidak ada negara yang keberatan, tetapi juga tidak ada yang mendukung. Tanpa dukungan, "
                                  "tidak ada yang dapat disepakati, sehingga usulan tidak dilanjutkan.",
    "l05_majority_win": "{setuju} setuju, {tidak_setuju} tidak setuju: dalam pemungutan suara mayoritas usulan ini menang, "
                        "tetapi menurut Piagam ASEAN belum ada mufakat.",
    "l05_majority_lose": "{setuju} setuju, {tidak_setuju} tidak setuju: usulan ini kalah dalam pemungutan suara mayoritas "
                         "dan juga belum mencapai mufakat.",
    "l05_majority_tie": "{setuju} setuju, {tidak_setuju} tidak setuju: suaranya seimbang, dan menurut Piagam ASEAN belum ada mufakat.",
    "l05_majority_same": "{setuju} setuju, {tidak_setuju} tidak setuju: pemungutan suara mayoritas dan mufakat sama-sama menerima usulan ini.",
    "l05_majority_none": "0 setuju, 0 tidak setuju: tidak ada suara yang dapat dihitung.",
    "l05_simplified": "Ini simulasi yang disederhanakan. Dalam praktik, mufakat dicapai lewat musyawarah yang panjang, sering "
                      "di luar ruang sidang, dan tidak ada pemungutan suara. Para ahli menekankan bahwa mufakat tidak sama "
                      "dengan suara bulat: sebuah negara dapat memilih diam agar tidak menghalangi.",
    "l05_sim_summary": "Simulasi mufakat (disederhanakan): {tally}. {head}",
    "l05_invalid_not_mapping": "Sikap negara harus diberikan sebagai pasangan nama negara dan sikapnya, bukan {got}.",
    "l05_invalid_country": "\"{value}\" bukan negara anggota ASEAN.",
    "l05_invalid_vote": "Sikap \"{value}\" untuk {country} tidak dikenal. Pilih salah satu: setuju, tidak setuju, atau abstain.",
    "l05_invalid_missing": "Belum semua negara anggota memberi sikap. Yang belum: {names}.",
    "l05_invalid_twice": "{country} memberi sikap lebih dari sekali.",
}
