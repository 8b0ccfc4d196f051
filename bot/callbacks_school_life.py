"""Callback data of questions on posts, correcting posts and managing files (the rest: bot/callbacks.py)."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData


class QuestionAction(enum.StrEnum):
    ANSWER = "a"  # a reader's tap: an option, for himself or for one of his children
    RESULTS = "r"  # the author's tally: counts and classes
    CLASS = "c"  # who in a class has not answered yet
    STAFF = "s"  # who in the staff room has not answered yet
    REMIND = "m"  # remind those who have not (once a day)
    FILE = "f"  # the answers as an XLSX file


class QuestionCb(CallbackData, prefix="qa"):
    """Every id is checked against who pressed: the post (may he answer it, may he see its answers),
    the child (his, in the post's classes), the option (one of the question's)."""

    action: QuestionAction
    post_id: int
    student_id: int = 0
    choice: int = 0
    class_id: int = 0


class DraftQuestionAction(enum.StrEnum):
    ADD = "a"  # the preview's «❓ Добавить вопрос»: which kind
    KIND = "k"  # the kind chosen (options are typed next for a choice)
    PER_CHILD = "p"  # about each child, or each person
    NO_DEADLINE = "n"  # no deadline: the preview again
    DROP = "d"  # the question taken off the draft


class DraftQuestionCb(CallbackData, prefix="dq"):
    action: DraftQuestionAction
    kind: str = ""
    per_child: bool = False


class PostFixAction(enum.StrEnum):
    EDIT = "e"  # type the corrected text
    SAVE = "s"  # the corrected text previewed: send the correction
    WITHDRAW = "w"  # asks to confirm
    CONFIRM_WITHDRAW = "y"
    ARCHIVE = "h"  # the administration's list of withdrawn posts
    ARCHIVED = "o"  # one withdrawn post, read in the archive


class PostFixCb(CallbackData, prefix="pf"):
    action: PostFixAction
    post_id: int = 0
    page: int = 0


class FileFixAction(enum.StrEnum):
    RENAME = "n"  # a file or folder: its new name typed next
    MOVE = "m"  # which folder to move it to (a page of them)
    MOVE_TO = "t"  # moved into `target_id`
    REMOVE = "r"  # asks to confirm
    CONFIRM_REMOVE = "y"
    ARCHIVE = "h"  # the administration: what was removed (a page)
    ARCHIVED = "o"  # one removed file sent, with «Вернуть»
    RESTORE = "b"


class FileFixCb(CallbackData, prefix="ff"):
    """Managing «Файлы»: a file (`file_id`) or else a folder (`folder_id`); every id is checked against
    who pressed (he may write there; folders are the administration's)."""

    action: FileFixAction
    file_id: int = 0
    folder_id: int = 0
    target_id: int = 0
    page: int = 0
