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
