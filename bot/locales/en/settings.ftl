## Settings errors: printed as "schoolbot: KEY: text".

settings-got = (now "{ $value }")
settings-missing-token = missing — get a token from @BotFather and put it in .env or the environment
settings-bad-token = does not look like a token from @BotFather (digits, a colon, letters)
settings-token-rejected = rejected by the Bot API server (Unauthorized) — check it with @BotFather
settings-bad-username = must be the bot's @username: Latin letters, digits and _
settings-no-username = not set, and without BOT_TOKEN it cannot be asked from Telegram — set either
settings-bad-api-url = must be the address of a Bot API server: http://… or https://…
settings-bad-listen = must be host:port, e.g. 127.0.0.1:9108
settings-listen-failed = cannot open this address ({ $reason }): it is taken (another copy of the bot running?) or not this machine's
settings-api-unreachable = cannot reach { $target } — { $reason }
settings-api-answer = getMe answered { $status } { $description }
settings-bad-database-url = must start with postgresql:// (PostgreSQL is the only database supported)
settings-database-unreachable = cannot connect to { $target } — { $reason }
settings-bad-redis-url = must start with redis://
settings-redis-missing = set, but the redis package is not installed — pip install -e '.[redis]'
settings-not-integer = must be a whole number
settings-too-small = must be at least { $limit }
settings-too-big = must be at most { $limit }
settings-one-of = allowed values: { $expected }
settings-missing = missing
settings-string_type = must be text
settings-bad-webhook-url = must be the https://… address Telegram will send updates to
settings-bad-webhook-secret = 1 to 256 characters: Latin letters, digits, _ and -
settings-missing-webhook-secret = missing, though WEBHOOK_URL is set — make up a long random string (Latin letters, digits, _ and -)
settings-bad-proxy = must be a proxy address: http://host:port or socks5://host:port
settings-no-ca-bundle = no such file (a PEM file of the certificates to trust)
