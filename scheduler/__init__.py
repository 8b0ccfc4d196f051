"""Scheduled jobs: the APScheduler timer (timer.py), the table of jobs (jobs.py), and the runs that fall
due in each school's own time, each claimed once across instances (runs.py). The work itself is in
services/; nothing here imports aiogram."""
