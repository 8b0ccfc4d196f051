"""What a teacher is in the middle of typing. The ids live in the state's data (in PostgreSQL), so
a half-typed homework survives a restart of the bot."""

from aiogram.fsm.state import State, StatesGroup


class TeacherInput(StatesGroup):
    topic = State()
    homework = State()
    marks_text = State()
    mark_comment = State()
