"""Benchmark: a synthetic region, and the weekly absence summaries and control reports for all of it.

Fills --schools schools (30 classes of grades 2..11 each, --students per class, a week's timetable of
six lessons a day, a trimester of lessons from 1 September with attendance exceptions, marks,
homework and topics) with set-based SQL, then times, for every school, the Friday job that writes the
class teachers' summaries and the deputies' control report, counting SQL statements and the
process's peak memory. Targets (issue 6): statements do not grow with the number of classes, the
whole run under 60 s and 1 GB.

Run:  .venv/bin/python bench/region.py [--schools 100] [--students 27]
With no DATABASE_URL it starts an embedded PostgreSQL in a temporary folder.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bench.teacher_taps import database_url, fresh_schema
from bot.db import make_engine, make_session_factory
from bot.migrate import upgrade
from services import absence_summary, control_report
from services.audit import CLI
from services.schools import create_school

TODAY = dt.date(2026, 11, 27)  # a Friday, twelve weeks into the first trimester
NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)  # 15:00 in Moscow: the summaries' time
LETTERS = "АБВ"
SUBJECTS = ("Русский язык", "Литература", "Математика", "Физика", "Химия", "Биология", "История",
            "География", "Английский язык", "Информатика")  # fmt: skip
TEACHERS = 40


async def fill(session_factory: async_sessionmaker[AsyncSession], schools: int, students: int) -> list[int]:
    ids = []
    for number in range(schools):
        async with session_factory() as session, session.begin():
            created = await create_school(
                session, CLI, name=f"Школа №{number + 1}", timezone="Europe/Moscow", today=TODAY
            )
            ids.append(created.school_id)
            await _school_people(session, created.school_id, students)
    async with session_factory() as session, session.begin():
        for statement in _REGION_SQL:
            await session.execute(text(statement), {"today": TODAY, "start": dt.date(2026, 9, 1)})
    return ids


async def _school_people(session: AsyncSession, school_id: int, students: int) -> None:
    """Subjects, teachers (a deputy among them), 30 classes with class teachers, students, timetable."""
    params: dict[str, Any] = {"s": school_id, "n": students, "subjects": list(SUBJECTS), "teachers": TEACHERS}
    await session.execute(
        text("INSERT INTO subject (school_id, name) SELECT :s, unnest(CAST(:subjects AS text[]))"), params
    )
    await session.execute(
        text(
            "INSERT INTO staff (school_id, last_name, first_name, is_teacher, is_deputy, tg_user_id) "
            "SELECT :s, 'Учитель' || g, 'Анна', true, g = 1, NULL FROM generate_series(1, :teachers) g"
        ),
        params,
    )
    await session.execute(
        text("""
        INSERT INTO school_class (school_id, academic_year_id, grade_level, letter, class_teacher_id)
        SELECT :s, (SELECT id FROM academic_year WHERE school_id = :s), g, l,
               (SELECT id FROM staff WHERE school_id = :s ORDER BY id OFFSET ((g - 2) * 3 + i - 1) LIMIT 1)
          FROM generate_series(2, 11) g, unnest(ARRAY['А', 'Б', 'В']) WITH ORDINALITY AS t(l, i)
        """),
        params,
    )
    await session.execute(
        text("""
        INSERT INTO student (school_id, class_id, last_name, first_name)
        SELECT :s, c.id, 'Ученик' || g, 'Иван' FROM school_class c, generate_series(1, :n) g
         WHERE c.school_id = :s
        """),
        params,
    )
    # Six lessons a day, Monday to Friday; subject and teacher spread over the class and the day.
    await session.execute(
        text("""
        INSERT INTO timetable_slot (school_id, class_id, weekday, lesson_number, subject_id, teacher_id,
                                    valid_from)
        SELECT :s, c.id, d, k,
               (SELECT id FROM subject WHERE school_id = :s ORDER BY id OFFSET ((c.id + d + k) % 10) LIMIT 1),
               (SELECT id FROM staff WHERE school_id = :s ORDER BY id
                 OFFSET ((c.id * 7 + d * 3 + k) % :teachers) LIMIT 1),
               DATE '2026-09-01'
          FROM school_class c, generate_series(1, 5) d, generate_series(1, 6) k
         WHERE c.school_id = :s
        """),
        params,
    )


# The trimester up to today, for the whole region at once: lessons from the timetable, then the
# journal on them (about 90% with attendance taken, 80% with a topic, 70% with homework; 5% of
# students absent and 2% late per lesson, a fifth of the class marked).
_REGION_SQL = (
    """
    INSERT INTO lesson (school_id, class_id, subject_id, teacher_id, slot_id, date, lesson_number, topic,
                        attendance_taken_at)
    SELECT t.school_id, t.class_id, t.subject_id, t.teacher_id, t.id, d, t.lesson_number,
           CASE WHEN random() < 0.8 THEN 'Тема' END,
           CASE WHEN random() < 0.9 THEN d + time '09:00' END
      FROM timetable_slot t, generate_series(CAST(:start AS date), CAST(:today AS date), interval '1 day') d
     WHERE extract(isodow FROM d) = t.weekday
    """,
    """
    INSERT INTO homework (school_id, class_id, subject_id, lesson_id, due_on, text)
    SELECT l.school_id, l.class_id, l.subject_id, l.id, l.date + 7, '§ 1' FROM lesson l WHERE random() < 0.7
    """,
    """
    INSERT INTO attendance (lesson_id, student_id, status, excused)
    SELECT l.id, st.id, CASE WHEN r < 0.05 THEN 'absent' ELSE 'late' END, r < 0.01
      FROM lesson l JOIN student st ON st.class_id = l.class_id
      CROSS JOIN LATERAL (SELECT random() + 0 * st.id AS r) x  -- per row: it names the row
     WHERE l.attendance_taken_at IS NOT NULL AND r < 0.07
    """,
    """
    INSERT INTO mark (school_id, lesson_id, student_id, kind_id, value, entry_key)
    SELECT l.school_id, l.id, st.id, (SELECT id FROM mark_kind k WHERE k.school_id = l.school_id
                                       ORDER BY k.sort_order LIMIT 1),
           2 + floor(random() * 4)::int, 'b'
      FROM lesson l JOIN student st ON st.class_id = l.class_id
     WHERE random() < 0.2
    """,
    "ANALYZE",
)


async def run_reports(engine: AsyncEngine, school_ids: list[int]) -> dict[str, float]:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    session_factory = make_session_factory(engine)
    event.listen(engine.sync_engine, "before_cursor_execute", count)
    figures: dict[str, float] = {}
    try:
        started = time.perf_counter()
        summaries = 0
        for school_id in school_ids:
            async with session_factory() as session, session.begin():
                summaries += await absence_summary.send_summaries(
                    session, school_id, TODAY, now=NOW, run_key=f"bench:{school_id}"
                )
        figures["summaries_s"] = time.perf_counter() - started
        figures["summaries"] = summaries
        figures["summary_statements"] = len(statements)
        statements.clear()
        started = time.perf_counter()
        lines = 0
        for school_id in school_ids:
            async with session_factory() as session, session.begin():
                report = await control_report.build(session, school_id, None, now=NOW)
                control_report.report_xlsx(report, {k: k for k in control_report.XLSX_WORDS})
                lines += len(report.lines)
        figures["control_s"] = time.perf_counter() - started
        figures["control_lines"] = lines
        figures["control_statements"] = len(statements)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    return figures


async def main_async(args: argparse.Namespace, url: str) -> None:
    engine = make_engine(url, pool_size=5)
    await fresh_schema(engine)
    started = time.perf_counter()
    school_ids = await fill(make_session_factory(engine), args.schools, args.students)
    async with engine.connect() as conn:
        sizes = {
            table: await conn.scalar(text(f"SELECT count(*) FROM {table}"))
            for table in ("school_class", "student", "lesson", "attendance", "mark", "homework")
        }
    print(
        f"filled in {time.perf_counter() - started:.0f} s: "
        + ", ".join(f"{k} {v:,}" for k, v in sizes.items())
    )
    # Class teachers of every class have joined (the summaries go to joined accounts only).
    async with engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO tg_user (id, chat_id, first_name) "
                "SELECT id + 5000000, id + 5000000, 'Учитель' FROM staff"
            )
        )
        await conn.execute(text("UPDATE staff SET tg_user_id = id + 5000000"))
    started = time.perf_counter()
    figures = await run_reports(engine, school_ids)
    total = time.perf_counter() - started
    await engine.dispose()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    schools = len(school_ids)
    print(f"\nregion: {schools} schools, {sizes['school_class']:,} classes, {sizes['student']:,} students")
    summary_sql, control_sql = figures["summary_statements"], figures["control_statements"]
    print(
        f"  weekly summaries: {figures['summaries']:.0f} messages in {figures['summaries_s']:.1f} s, "
        f"{summary_sql:.0f} SQL statements ({summary_sql / schools:.1f} per school)"
    )
    print(
        f"  control reports:  {figures['control_lines']:.0f} lines (with XLSX) "
        f"in {figures['control_s']:.1f} s, "
        f"{control_sql:.0f} SQL statements ({control_sql / schools:.1f} per school)"
    )
    print(f"  both: {total:.1f} s; peak memory of this process {peak_mb:.0f} MB")
    fast, small = total < 60, peak_mb < 1024
    print(f"targets: under 60 s -> {'ok' if fast else 'MISSED'}; under 1 GB -> {'ok' if small else 'MISSED'}")
    print("reproduce: .venv/bin/python bench/region.py " + " ".join(sys.argv[1:]))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--schools", type=int, default=100)
    parser.add_argument("--students", type=int, default=27, help="students per class (30 classes a school)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="schoolbot-region-") as folder:
        url = database_url(folder)
        upgrade(url)
        asyncio.run(main_async(args, url))


if __name__ == "__main__":
    main()
