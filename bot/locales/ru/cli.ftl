cli-migrated = База данных в актуальном состоянии.
cli-school-created = Школа «{ $name }» создана: { $year } учебный год, { $periods } { $periods ->
        [one] учебный период
        [few] учебных периода
       *[many] учебных периодов
    }.
cli-coordinator-link = Ссылка для координатора (действует по { $until } включительно): { $link }
cli-staff-added = Сотрудник добавлен: { $name } (id { $id }).
cli-invite-needs-name = Укажите --name: ФИО сотрудника или ученика.
cli-invite-needs-class = Укажите класс: --class 7А.
cli-invite-needs-who = Укажите, для кого ссылки: --parents и/или --students.
cli-invite-nobody = Все уже подключены — новых ссылок не нужно.
cli-invite-valid-until = { $count } { $count ->
        [one] ссылка действует
        [few] ссылки действуют
       *[many] ссылок действуют
    } по { $until } включительно. Каждая — для одного человека, одноразовая.
cli-demo-built = Демо-школа «{ $name }» готова. Ссылки для входа:
cli-bad-roles = Неизвестная роль: { $roles }. Можно: { $allowed } (классного руководителя назначает список учеников).
cli-substitute-needs-teacher = Укажите --teacher (ФИО заменяющего) или --cancel.

## schoolbot sandbox
sandbox-starting = Запускаю песочницу (данные в { $folder })…
sandbox-ready = Песочница готова: откройте { $address } в браузере.
sandbox-not-joined = Ещё не подключён (попробуйте подключение сами): { $name } — { $link }
sandbox-stop-hint = Остановить — Ctrl+C.
sandbox-stopping = Останавливаю песочницу…
sandbox-port-busy = не удалось открыть { $address }: { $reason }. Укажите другой порт: --port 8090
sandbox-cannot-wipe = не удалось очистить { $folder } (его занимает другой процесс? остановите прежнюю песочницу)
sandbox-database-failed = не удалось запустить базу данных песочницы в { $folder }: { $reason }. Попробуйте --fresh
sandbox-bot-failed = бот не запустился. Журнал бота: { $log }
    { $tail }

## schoolbot export
cli-export-written = Файл записан: { $file }

## schoolbot db roles
cli-db-roles-embedded = Встроенная база настраивает роли сама: схемой владеет её суперпользователь, бот работает под ролью { $role }, которой нельзя менять, очищать и удалять журнал действий и архив переписки.
cli-db-roles-header = -- Выполните от имени суперпользователя (или владельца схемы с правом CREATEROLE) в { $target }:
cli-db-roles-applied = Готово: роль { $role } получила права в { $target }.
cli-db-roles-settings = Затем укажите в .env (миграции — от владельца, бот — от своей роли):
cli-db-roles-refused = сервер отказал: { $reason }. Передайте напечатанные команды (без --apply) администратору PostgreSQL.
cli-db-roles-bad-name = «{ $value }» — не имя роли PostgreSQL: латинские буквы, цифры и _, не длиннее 63 знаков.

## schoolbot backup / restore
cli-backup-written = Резервная копия записана: { $file } ({ $kb } КБ).
cli-backup-pruned = Удалено старых копий: { $count }, осталось { $kept }.
cli-restore-no-file = файл «{ $file }» не найден.
cli-restore-not-empty = в базе уже есть журнал ({ $schools } { $schools ->
        [one] школа
        [few] школы
       *[many] школ
    }). Восстановление заменит его целиком; если это и нужно, добавьте --force.
cli-restore-confirm = Восстановить журнал из «{ $file }»? Всё, что сейчас в базе, будет заменено. Введите yes:
cli-restore-cancelled = Отменено, база не изменена.
cli-restore-done = Журнал восстановлен из «{ $file }»: { $schools } { $schools ->
        [one] школа
        [few] школы
       *[many] школ
    }.

## schoolbot webhook
cli-webhook-deleted = Вебхук удалён: бот снова будет сам забирать обновления (уберите WEBHOOK_URL из .env).
cli-webhook-none = Вебхук не задан (бот забирает обновления сам). Ждут: { $pending }.
cli-webhook-url = Адрес: { $url }
cli-webhook-pending = Ждут доставки: { $pending }
cli-webhook-connections = Одновременных запросов: { $count }
cli-webhook-error = Последняя ошибка ({ $when }): { $error }
