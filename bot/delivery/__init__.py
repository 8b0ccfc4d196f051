"""The outbox sender: claims due rows (services.delivery), renders them, sends them at Telegram's
limits and settles the outcome. Runs inside `schoolbot run` and alone as `schoolbot worker`."""
