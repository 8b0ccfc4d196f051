cli-migrated = The database is up to date.
cli-school-created = School "{ $name }" created: academic year { $year }, { $periods } { $periods ->
        [one] period
       *[other] periods
    }.
cli-coordinator-link = The coordinator's link (valid through { $until }): { $link }
cli-staff-added = Staff member added: { $name } (id { $id }).
cli-invite-needs-name = Give --name: the staff member's or the student's full name.
cli-invite-needs-class = Give the class: --class 7А.
cli-invite-needs-who = Say whom the links are for: --parents and/or --students.
cli-invite-nobody = Everybody has joined already — no new links needed.
cli-invite-valid-until = { $count } { $count ->
        [one] link is
       *[other] links are
    } valid through { $until }. Each is for one person and works once.
cli-demo-built = Demo school "{ $name }" is ready. Sign-in links:
cli-bad-roles = Unknown role: { $roles }. Allowed: { $allowed } (class teachers come from the roster).
cli-substitute-needs-teacher = Give --teacher (the substitute's full name) or --cancel.

## schoolbot sandbox
sandbox-starting = Starting the sandbox (data in { $folder })…
sandbox-ready = The sandbox is ready: open { $address } in a browser.
sandbox-not-joined = Not joined yet (try joining yourself): { $name } — { $link }
sandbox-stop-hint = Stop it with Ctrl+C.
sandbox-stopping = Stopping the sandbox…
sandbox-port-busy = cannot open { $address }: { $reason }. Choose another port: --port 8090
sandbox-cannot-wipe = cannot clear { $folder } (is another process using it? stop the earlier sandbox)
sandbox-database-failed = cannot start the sandbox's database in { $folder }: { $reason }. Try --fresh
sandbox-bot-failed = the bot did not start. Its log: { $log }
    { $tail }

## schoolbot export
cli-export-written = Written: { $file }

## schoolbot db roles
cli-db-roles-embedded = The embedded database sets its roles up itself: its superuser owns the schema, and the bot runs as { $role }, which may not change, empty or remove the audit log and the message archive.
cli-db-roles-header = -- Run as a superuser (or the schema owner with CREATEROLE) on { $target }:
cli-db-roles-applied = Done: the role { $role } has its rights on { $target }.
cli-db-roles-settings = Then set in .env (migrations as the owner, the bot as its own role):
cli-db-roles-refused = the server refused: { $reason }. Hand the printed statements (run without --apply) to your PostgreSQL administrator.
cli-db-roles-bad-name = "{ $value }" is not a PostgreSQL role name: Latin letters, digits and _, up to 63 characters.

## schoolbot backup / restore
cli-backup-written = Backup written: { $file } ({ $kb } KB).
cli-backup-pruned = Old backups removed: { $count }, kept: { $kept }.
cli-restore-no-file = the file "{ $file }" was not found.
cli-restore-not-empty = the database already holds a journal ({ $schools } { $schools ->
        [one] school
       *[other] schools
    }). A restore replaces it whole; if that is what you want, add --force.
cli-restore-confirm = Restore the journal from "{ $file }"? Everything in the database now will be replaced. Type yes:
cli-restore-cancelled = Cancelled; the database is unchanged.
cli-restore-done = The journal is restored from "{ $file }": { $schools } { $schools ->
        [one] school
       *[other] schools
    }.

## schoolbot webhook
cli-webhook-deleted = The webhook is deleted: the bot will fetch updates itself again (remove WEBHOOK_URL from .env).
cli-webhook-none = No webhook is set (the bot fetches updates itself). Waiting: { $pending }.
cli-webhook-url = Address: { $url }
cli-webhook-pending = Waiting to be delivered: { $pending }
cli-webhook-connections = Requests at once: { $count }
cli-webhook-error = Last error ({ $when }): { $error }
