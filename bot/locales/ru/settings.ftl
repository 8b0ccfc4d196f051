## Ошибки настроек: строка «schoolbot: КЛЮЧ: текст», поэтому тексты со строчной буквы.

settings-got = (сейчас «{ $value }»)
settings-missing-token = не задан — получите токен у @BotFather и впишите его в .env или в переменные окружения
settings-bad-token = не похож на токен от @BotFather (цифры, двоеточие, буквы)
settings-token-rejected = сервер Bot API не принял токен (Unauthorized) — проверьте его у @BotFather
settings-bad-username = должен быть @username бота: латинские буквы, цифры и _
settings-no-username = не задан, а без BOT_TOKEN узнать его у Telegram нельзя — задайте одно из двух
settings-bad-api-url = должен быть адресом сервера Bot API: http://… или https://…
settings-bad-listen = должен быть адресом вида хост:порт, например 127.0.0.1:9108
settings-listen-failed = на этом адресе не удаётся открыть порт ({ $reason }): он занят — уже запущена другая копия бота? — или адрес не этой машины
settings-api-unreachable = не удаётся связаться с { $target } — { $reason }
settings-api-answer = getMe ответил { $status } { $description }
settings-bad-database-url = должен начинаться с postgresql:// (поддерживается только PostgreSQL)
settings-database-unreachable = не удаётся подключиться к { $target } — { $reason }
settings-bad-redis-url = должен начинаться с redis://
settings-redis-missing = задан, но пакет redis не установлен — pip install -e '.[redis]'
settings-not-integer = должно быть целым числом
settings-too-small = должно быть не меньше { $limit }
settings-too-big = должно быть не больше { $limit }
settings-one-of = допустимые значения: { $expected }
settings-missing = не задан
settings-string_type = должно быть строкой
settings-bad-webhook-url = должен быть адресом https://…, по которому Telegram будет присылать обновления
settings-bad-webhook-secret = от 1 до 256 знаков: латинские буквы, цифры, _ и -
settings-missing-webhook-secret = не задан, а WEBHOOK_URL задан — придумайте длинную случайную строку (латинские буквы, цифры, _ и -)
settings-bad-proxy = должен быть адресом прокси вида http://хост:порт или socks5://хост:порт
settings-no-ca-bundle = такого файла нет (нужен файл PEM с сертификатами, которым доверять)
