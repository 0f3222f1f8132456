"""Learner-facing strings of lesson 04 (cultural cooperation): its table and timeline."""

from __future__ import annotations

STRINGS = {
    # the table
    "l04_table_title": "kerja sama ASEAN menurut bidang dan negara",
    "l04_country": "Negara (tuan rumah atau peserta)",
    "l04_col_countries": "Negara yang terlibat",
    "l04_col_organiser": "Diselenggarakan badan ASEAN?",
    "l04_col_year_note": "Rincian waktu dan tempat",
    "l04_show_year_note": "Tampilkan rincian",
    "l04_organiser_yes": "ya",
    "l04_organiser_no": "tidak (bukan program tetap badan ASEAN)",
    "l04_organiser_mixed": "sebagian",
    "l04_unknown_country": "Negara \"{value}\" tidak dikenal. Pilih salah satu: {allowed}.",
    "l04_unknown_field": "Bidang \"{value}\" tidak dikenal. Pilih salah satu: {allowed}.",
    "l04_unknown_event": "Peristiwa \"{value}\" tidak ada di data/cultural_milestones.csv.",
    # the timeline
    "l04_timeline_title": "Garis waktu kerja sama budaya dan warisan ASEAN",
    "l04_kind_lembaga": "lembaga dibentuk atau bersidang",
    "l04_kind_deklarasi": "deklarasi ditandatangani atau disahkan",
    "l04_kind_program": "program atau acara digelar",
    "l04_hollow": "simbol berlubang: tidak diselenggarakan badan ASEAN",
    "l04_parks": "{n} kawasan",
    "l04_year_axis": "Tahun",
    "l04_timeline_alt": (
        "Garis waktu kerja sama budaya dan warisan ASEAN dari {first} sampai {last}: {n_events} peristiwa dalam "
        "{n_rows} baris, satu baris untuk setiap lembaga, deklarasi, atau program. {rows}. Jumlah Taman Warisan ASEAN, "
        "yang merupakan kawasan alam, naik dari {parks}. Simbol berlubang menandai kegiatan yang tidak diselenggarakan "
        "badan ASEAN: {hollow}."
    ),
    "l04_alt_row": "{name}: {events}",
    "l04_alt_event": "{year} ({label})",
    "l04_alt_parks": "{n} kawasan ({year})",
    "l04_alt_parks_change": "{first} menjadi {rest}",
    # ASEAN identity in the Charter
    "l04_identity_title": "identitas dan simbol ASEAN menurut Piagam ASEAN",
    "l04_article": "Pasal {n}",
    "l04_col_article": "Pasal Piagam",
    "l04_col_symbol": "Simbol",
    # the ASEAN Heritage Parks in Indonesia
    "l04_parks_title": "Taman Warisan ASEAN di Indonesia (sampai 2019)",
    "l04_col_location": "Letak",
    "l04_col_park_year": "Tahun penetapan",
    "l04_col_park_note": "Keterangan",
    "l04_year_unknown": "sebelum 2016",
    "l04_location_unknown": "tidak disebut sumber",
}
