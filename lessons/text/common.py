"""Learner-facing strings shared by every lesson (see ``lessons/text``)."""

from __future__ import annotations

LANGUAGE = "id"

FIELD_NAMES = {
    "kesehatan": "Kesehatan",
    "pendidikan": "Pendidikan",
    "perempuan_anak": "Perempuan dan Anak",
    "bencana": "Penanggulangan Bencana",
    "kesejahteraan": "Kemiskinan dan Kesenjangan",
    "ketenagakerjaan": "Pekerjaan Layak dan Keterampilan",
    "budaya": "Budaya dan Identitas",
    "tata_kelola": "Tata Kelola",
}

#: Symbol the article gives each field of the network (ilustrasi jaringan).
FIELD_SYMBOLS = {
    "kesehatan": "palang merah",
    "pendidikan": "buku dan pensil",
    "perempuan_anak": "lambang kesetaraan gender",
    "bencana": "bantuan kemanusiaan",
    "kesejahteraan": "persegi",
    "ketenagakerjaan": "belah ketupat",
    "budaya": "segi enam",
    "tata_kelola": "lingkaran",
}

KIND_NAMES = {
    "lembaga": "Lembaga",
    "perjanjian": "Perjanjian",
    "deklarasi": "Deklarasi",
    "program": "Program",
    "pertemuan": "Pertemuan menteri/pejabat",
    "dana": "Dana/cadangan",
}

RELATION_NAMES = {
    "anggota": "anggota atau pihak",
    "tuan_rumah": "tuan rumah",
    "peserta": "peserta",
    "penerima": "penerima bantuan",
}

FORM_NAMES = {
    "pilihan_ganda": "Pilihan ganda",
    "pg_kompleks": "Pilihan ganda kompleks",
    "benar_salah": "Benar–salah",
    "menjodohkan": "Menjodohkan",
    "isian": "Isian singkat",
    "uraian": "Uraian",
    "data": "Soal data",
}

LEVEL_NAMES = {
    "C1": "C1 mengingat",
    "C2": "C2 memahami",
    "C3": "C3 menerapkan",
    "C4": "C4 menganalisis",
    "C5": "C5 mengevaluasi",
    "C6": "C6 mencipta",
}

STRINGS = {
    # general
    "all": "Semua",
    "search": "Cari kata",
    "search_placeholder": "ketik kata, misalnya: anak",
    "field": "Bidang",
    "kind": "Jenis",
    "country": "Negara",
    "none_selected": "— tidak ada —",
    "choose": "— pilih —",
    "warning_prefix": "⚠ Perhatian:",
    "teacher_tools_missing": "Alat guru (rilis, penilaian, kisi-kisi) tidak ada di salinan siswa ini; jalankan perintah itu dari folder kursus milik guru.",
    # data errors
    "data_dir_missing": "Folder kursus tidak ditemukan: data/datapackage.json kursus ini tidak ada di {where} maupun di folder di atas folder kerja, jadi jalankan dari folder kursus (yang berisi data/ dan notebooks/).",
    "data_file_missing": "Berkas {file} tidak ditemukan. Salin kembali berkas itu dari paket kursus.",
    "data_not_utf8": "Berkas {file} tidak dapat dibaca karena bukan teks UTF-8 (baris {row}). Simpan ulang berkas itu sebagai CSV UTF-8.",
    "data_bad_shape": "Berkas {file}, baris {row}: jumlah kolom tidak sesuai (seharusnya {expected}). Periksa tanda koma atau tanda kutip di baris itu.",
    "data_header": "Berkas {file}, baris 1: kolom \"{column}\" {problem}.",
    "data_header_missing": "tidak ada, padahal wajib",
    "data_header_extra": "tidak dikenal",
    "data_empty": "Berkas {file} kosong atau tidak berisi baris data.",
    "data_required": "Berkas {file}, baris {row}, kolom \"{column}\": isian wajib diisi tetapi kosong.",
    "data_type": "Berkas {file}, baris {row}, kolom \"{column}\": nilai \"{value}\" bukan {type}.",
    "data_pattern": "Berkas {file}, baris {row}, kolom \"{column}\": nilai \"{value}\" tidak sesuai format yang diminta.",
    "data_enum": "Berkas {file}, baris {row}, kolom \"{column}\": nilai \"{value}\" tidak termasuk pilihan yang sah ({allowed}).",
    "data_range": "Berkas {file}, baris {row}, kolom \"{column}\": nilai \"{value}\" di luar batas yang wajar ({low} sampai {high}).",
    "data_unique": "Berkas {file}, baris {row}, kolom \"{column}\": nilai \"{value}\" muncul dua kali, padahal harus unik.",
    "data_foreign": "Berkas {file}, baris {row}, kolom \"{column}\": nilai \"{value}\" tidak ada di berkas {other}.",
    "data_json": "Berkas {file} rusak dan tidak dapat dibaca ({detail}). Salin kembali berkas itu dari paket kursus.",
    "data_map": "Berkas {file}: bentuk negara {detail}.",
    "type_integer": "bilangan bulat",
    "type_number": "angka",
    "type_date": "tanggal berformat TTTT-BB-HH",
    "type_boolean": "true atau false",
    "type_string": "teks",
    # tables
    "table_summary": "Tabel {title}: menampilkan {shown} dari {total} baris",
    "table_filter": "{label} = {value}",
    "table_query": "kata \"{query}\" ditandai",
    "table_empty": "Tidak ada baris yang cocok. Coba ubah pilihan atau kata pencarian.",
    "col_issue": "Isu sosial",
    "col_goal": "Tujuan kerja sama",
    "col_strategies": "Strategi",
    "col_programmes": "Lembaga/program ASEAN",
    "col_results": "Hasil yang tercatat",
    "col_correction": "Koreksi atas artikel",
    "col_source": "Sumber",
    "col_name": "Nama",
    "col_acronym": "Singkatan",
    "col_year": "Tahun",
    "col_host": "Tempat",
    "col_description": "Kegiatan",
    "col_member": "Negara anggota",
    "col_capital": "Ibu kota",
    "col_joined": "Tanggal bergabung",
    "col_founder": "Pendiri",
    "col_kind": "Jenis",
    "yes": "ya",
    "no": "tidak",
    "show_corrections": "Tampilkan koreksi",
    "show_sources": "Tampilkan sumber",
    "member_group": "Kelompok",
    "group_all": "Semua anggota",
    "group_founders": "Pendiri (1967)",
    "group_later": "Bergabung kemudian",
    "issue_table_title": "isu sosial kerja sama ASEAN",
    "programme_table_title": "lembaga dan program ASEAN",
    "member_table_title": "negara anggota ASEAN",
    # diagrams
    "map_title": "Negara anggota ASEAN (11 negara sejak 26 Oktober 2025)",
    "map_alt": "Peta Asia Tenggara. Sebelas negara anggota ASEAN diberi warna dan ibu kotanya ditandai titik: {members}. Timor-Leste, anggota ke-11, ditandai khusus karena baru bergabung pada 26 Oktober 2025.",
    "map_newest": "anggota ke-11 (2025)",
    "map_members": "negara anggota",
    "map_capital": "ibu kota",
    "network_focus_title": " — sorotan: {country}",
    "caption_prefix": "Keterangan gambar:",
    "figure_prefix": "[Gambar]",
    "matching_choices": "Pilihan jawaban:",
    "map_no_geometry": "tanpa properti atau geometri",
    "map_context": "negara tetangga (bukan anggota)",
    "timeline_title": "Kapan negara anggota bergabung dengan ASEAN",
    "timeline_alt": "Garis waktu keanggotaan ASEAN: {events}.",
    "timeline_founders": "5 negara pendiri",
    "network_title": "Jaringan kerja sama sosial ASEAN",
    "network_subtitle": "Garis: negara anggota ikut serta, menjadi tuan rumah, atau menerima bantuan\ndari lembaga atau program itu. Simbol: lembaga atau program di bidangnya.",
    "network_alt": "Peta jaringan kerja sama sosial ASEAN untuk bidang {fields}. Titik bulat adalah ibu kota {n_members} negara anggota; simbol adalah {n_bodies} lembaga atau program di tempat kedudukannya; ada {n_edges} garis hubungan.",
    "network_alt_focus": " {country} terhubung ke {n} lembaga atau program: {bodies}.",
    "network_alt_focus_none": " {country} tidak punya garis pada bidang yang dipilih.",
    "network_alt_nofield": "Peta jaringan kosong karena tidak ada bidang yang dipilih. Pilih paling sedikit satu bidang.",
    "network_fields": "Bidang yang ditampilkan",
    "network_focus": "Sorot negara",
    "network_legend_members": "ibu kota negara anggota (abu-abu: tidak terhubung di bidang itu)",
    "network_floating": "* tanpa kantor tetap (pertemuan bergilir, dana)",
    "network_summary": "Jaringan kerja sama: bidang {fields}; sorotan: {focus}; {n_edges} garis.",
    "network_no_field": "Pilih paling sedikit satu bidang untuk melihat garis jaringan.",
    "and": "dan",
    # exercises
    "check": "Periksa",
    "hint": "Petunjuk",
    "answer_placeholder": "Ketik jawabanmu di sini",
    "essay_placeholder": "Tulis jawabanmu dengan kalimatmu sendiri",
    "number_placeholder": "Ketik angka, misalnya 12,5",
    "exercise_header": "Soal {id} · {form} · {level} · {points} poin",
    "exercise_stimulus": "Perhatikan bacaan berikut!",
    "statement": "Pernyataan {n}",
    "true": "Benar",
    "false": "Salah",
    "result_correct": "✔ Benar.",
    "result_partial": "◐ Sebagian benar.",
    "result_wrong": "✘ Belum tepat.",
    "result_invalid": "⚠ Jawaban belum dapat diperiksa.",
    "result_empty": "⚠ Belum ada jawaban.",
    "result_review": "✎ Jawaban uraian tersimpan dan perlu diperiksa guru.",
    "score_line": "Skor: {score} dari {points} poin.",
    "score_provisional": "Skor sementara menurut rubrik: {score} dari {points} poin. Guru akan memeriksa dan dapat mengubah skor ini.",
    "essay_met": "Gagasan yang sudah kamu sebut: {items}.",
    "essay_none": "Belum ada gagasan pokok yang terbaca. Coba jelaskan lebih lengkap.",
    "essay_short": "Jawabanmu terlalu singkat. Tulis paling sedikit {n} kata.",
    "statement_score": "{correct} dari {total} pernyataan sudah tepat.",
    "pairs_score": "{correct} dari {total} pasangan sudah tepat.",
    "hint_line": "Petunjuk: {hint}",
    "invalid_type": "Jawaban ini berjenis {got}, padahal soal ini meminta {expected}.",
    "invalid_option": "Pilihan \"{value}\" tidak ada. Pilihan yang tersedia: {allowed}.",
    "invalid_too_long": "Jawaban terlalu panjang ({n} karakter). Batasnya {limit} karakter.",
    "invalid_number": "\"{value}\" bukan angka. Tulis angka saja, misalnya 12,5.",
    "invalid_count": "Soal ini punya {expected} {what}, tetapi jawabannya berisi {got}.",
    "invalid_unknown_id": "Soal dengan kode \"{id}\" tidak ditemukan. Periksa kembali kode soalnya.",
    "expected_letter": "satu huruf pilihan",
    "expected_letters": "daftar huruf pilihan",
    "expected_truth": "Benar atau Salah untuk setiap pernyataan",
    "expected_pairs": "pasangan nomor dan huruf",
    "expected_text": "teks",
    "expected_number": "angka",
    "what_statements": "pernyataan",
    "what_pairs": "pasangan",
    "answer_saved": "Jawaban tersimpan di {file}.",
    "answer_restored": "Jawabanmu yang tersimpan sudah dimuat kembali.",
    "sheet_corrupt": "Lembar jawaban {file} rusak, jadi disimpan dengan nama {backup} dan dimulai lembar baru. Tidak ada berkas yang dihapus.",
    "sheet_unwritable": "Jawaban belum dapat disimpan ke {file} ({detail}). Jawabanmu masih ada di layar; coba lagi atau beri tahu guru.",
    "bank_error": "Bank soal {file} bermasalah: {detail}",
    "bank_missing": "Bank soal untuk pelajaran {lesson} tidak ditemukan.",
    "type_names": {
        "NoneType": "kosong",
        "str": "teks",
        "int": "bilangan bulat",
        "float": "angka",
        "bool": "benar/salah",
        "list": "daftar",
        "tuple": "daftar",
        "set": "himpunan",
        "dict": "pasangan",
        "bytes": "data biner",
    },
}


def type_name(value) -> str:
    """Indonesian name of the Python type of ``value`` (for error messages)."""
    return STRINGS["type_names"].get(type(value).__name__, "jenis lain")


def join_list(items) -> str:
    """Join ``items`` the Indonesian way: "a, b dan c"."""
    items = [str(i) for i in items]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {STRINGS['and']} " + items[-1]
