"""Command line for teachers: ``python -m lessons release|grade|blueprint``.

Every message is in Indonesian; a problem ends with one sentence and exit
code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m lessons", description="Alat guru untuk kursus Kerja Sama Sosial ASEAN.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="perintah")

    rel = sub.add_parser("release", help="membuat salinan kursus untuk siswa (tanpa kunci jawaban)")
    rel.add_argument("folder", type=Path, help="folder tujuan, misalnya rilis-kelas-8a")
    rel.add_argument("--pelajaran", nargs="+", metavar="NN", help="pelajaran yang disertakan, misalnya 00 01 (bawaan: semua)")
    rel.add_argument("--soal", nargs="+", metavar="NN-MM", help="hanya soal tertentu, misalnya 01-03 01-09")
    rel.add_argument("--judul", default="", help="judul tugas")
    rel.add_argument("--batas", metavar="TTTT-BB-HH", help="batas pengumpulan")
    rel.add_argument("--timpa", action="store_true", help="timpa folder tujuan bila sudah berisi")

    grd = sub.add_parser("grade", help="menilai folder kiriman siswa")
    grd.add_argument("kiriman", type=Path, help="folder berisi lembar jawaban dan/atau buku catatan siswa")
    grd.add_argument("--tugas", type=Path, help="berkas tugas.json dari perintah release (bawaan: seluruh kursus)")
    grd.add_argument("--hasil", type=Path, default=Path("hasil-penilaian"), help="folder hasil (bawaan: hasil-penilaian)")
    grd.add_argument("--daftar", type=Path, help="daftar siswa (CSV dengan kolom nama, dan boleh kolom berkas)")
    grd.add_argument("--koreksi", type=Path, help="koreksi nilai guru (CSV: siswa, soal, skor, catatan)")
    grd.add_argument("--tanpa-progres", action="store_true", help="jangan tampilkan bilah progres")

    bp = sub.add_parser("blueprint", help="membuat kisi-kisi soal (CSV dan HTML) untuk guru")
    bp.add_argument("folder", type=Path, nargs="?", default=Path("kisi-kisi"), help="folder tujuan (bawaan: kisi-kisi)")
    bp.add_argument("--pelajaran", nargs="+", metavar="NN")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from lessons.core.data import DataFileError
    from lessons.engine.exercises import BankError
    from lessons.teacher.grading import GradingError
    from lessons.teacher.release import ReleaseError

    try:
        if args.command == "release":
            from lessons.teacher.release import build_release

            release = build_release(args.folder, args.pelajaran, args.soal, args.judul, args.batas, force=args.timpa)
            if release.leaks:
                print("Salinan TIDAK aman: kunci jawaban terbaca di:", *release.leaks, sep="\n- ")
                return 2
            print(f"Salinan siswa dibuat di {release.folder}: pelajaran {', '.join(release.lessons)}, "
                  f"{len(release.exercises)} soal, skor maksimum {release.total_points:g}.")
            print("Pemeriksaan kebocoran kunci jawaban: bersih.")
            return 0
        if args.command == "grade":
            from lessons.teacher.grading import Assignment, grade, write_outputs

            assignment = Assignment.read(args.tugas)
            run = grade(args.kiriman, assignment, args.daftar, args.koreksi, progress=not args.tanpa_progres)
            paths = write_outputs(run, args.hasil)
            print(f"{len(run.students)} siswa dinilai dari {run.files} berkas dalam {run.seconds:.1f} detik.")
            print(f"Buku nilai: {paths['xlsx']} (Excel/Google Sheets) dan {paths['csv']}")
            print(f"Umpan balik per siswa: {paths['feedback']}/")
            print(f"Uraian yang perlu diperiksa: {paths['template']} (salin, isi kolom skor, lalu jalankan lagi dengan --koreksi)")
            if run.rejected_overrides:
                print("Koreksi yang ditolak:", *run.rejected_overrides, sep="\n- ")
            return 0
        if args.command == "blueprint":
            from lessons.teacher.blueprint import write

            paths = write(args.folder, args.pelajaran)
            print(f"Kisi-kisi dibuat: {paths['csv']} dan {paths['html']} (untuk guru saja).")
            return 0
    except (ReleaseError, GradingError, DataFileError, BankError, OSError) as err:
        print(f"Gagal: {err}", file=sys.stderr)
        return 2
    return 2


if __name__ == "__main__":
    sys.exit(main())
