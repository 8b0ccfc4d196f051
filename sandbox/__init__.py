"""A stateful fake Telegram Bot API for running and testing the bot without Telegram.

* :class:`sandbox.telegram.FakeTelegram` - the state: Bot API side (``call``), user side
  (``add_user``, ``send_text``, ``press_button``, ...) and inspection (``messages``, ``screen``).
* :mod:`sandbox.server` - the same fake over HTTP (``serving``, ``run_server``,
  ``python -m sandbox``), for a real bot process using long polling.
* :mod:`sandbox.session` - ``FakeTelegramSession`` / ``create_bot``: aiogram in-process, no HTTP.
* :mod:`sandbox.driver` - ``InProcessUsers`` and ``HttpUsers``: tests act as users.
"""
