## Roles
role-coordinator = Координатор
role-deputy = Заместитель директора
role-teacher = Учитель
role-class_teacher = Классный руководитель
role-parent = Родитель
role-student = Ученик
role-class-teacher-of = классный руководитель { $classes }

## Buttons
btn-menu = 🏠 Меню
btn-back = ◀ Назад
btn-save = ✅ Сохранить
btn-cancel = ✖ Отмена
btn-today = Сегодня
btn-language = 🌐 Язык
btn-help = ❓ Помощь
btn-switch-role = 🔄 Сменить роль
btn-staff = 👥 Сотрудники
btn-classes = 🏫 Классы
btn-my-class = 🧑‍🏫 Мой класс { $label }
btn-class-timetable = 📅 Расписание { $label }
btn-my-timetable = 📅 Моё расписание
btn-timetable = 📅 Расписание
page-of = { $page } из { $pages }

joined = в боте ✅
not-joined = ещё не в боте ⏳

## Menu
menu-not-joined = Вы ещё не подключены к журналу. Откройте ссылку-приглашение: родителям и ученикам её даёт классный руководитель, сотрудникам — координатор.
menu-title = <b>{ $role }</b> · { $school }
menu-classes-led = { $count ->
        [1] Ваш класс
       *[other] Ваши классы
    }: { $classes }
menu-hint = Выберите раздел.
roles-choose = В какой роли открыть меню?
language-choose = Выберите язык / Choose your language
language-ru = Русский
language-en = English
cancelled = Отменено.
nothing-to-cancel = Отменять нечего.
stale-button = Эта кнопка больше не действует. Откройте меню заново: /menu
unknown-message = Не понял сообщение. Все действия — в меню.
start-not-joined =
    Здравствуйте! Это бот электронного журнала школы.
    Чтобы войти, откройте ссылку-приглашение: родителям и ученикам её даёт классный руководитель, сотрудникам школы — координатор.

## Help
help-intro = <b>Электронный журнал в Telegram</b>
help-coordinator = <b>Координатор</b>: «Сотрудники» — список, добавление сотрудника и ссылки-приглашения; «Классы» — кто из учеников и родителей уже подключился.
help-deputy = <b>Заместитель директора</b>: «Классы» — сколько учеников и семей подключено в каждом классе.
help-teacher = <b>Учитель</b>: «Моё расписание» — ваши уроки на день, с заменами; стрелки листают дни.
help-class_teacher = <b>Классный руководитель</b>: «Мой класс» — ученики и родители, кто подключён, и ссылки-приглашения для семей (по одной или все сразу файлом).
help-parent = <b>Родитель</b>: «Расписание» — уроки ребёнка на день, с заменами.
help-student = <b>Ученик</b>: «Расписание» — твои уроки на день, с заменами.
help-not-joined = Чтобы войти, откройте ссылку-приглашение от классного руководителя или координатора.
help-commands = Команды: /menu — меню, /timetable — расписание, /language — язык, /cancel — отменить ввод, /help — эта справка.

## Bot commands (the menu next to the text box)
command-menu = Главное меню
command-timetable = Расписание на сегодня
command-help = Справка
command-language = Язык / Language
command-cancel = Отменить ввод

## Errors
error-generic = Не получилось. Ничего не изменено.
error-unexpected = Что-то пошло не так. Ничего не изменено — попробуйте ещё раз чуть позже.
error-access-denied = Это действие вам недоступно.
error-invalid-input = Не понял введённое значение.
error-full-name = «{ $value }» не похоже на ФИО. Напишите фамилию, имя и отчество через пробел.
error-class-label = «{ $value }» не похоже на класс. Пример: 7А.
error-class-unknown = Класса { $value } нет в этом учебном году.
error-staff-roles = Отметьте хотя бы одну роль.
error-staff-exists = Сотрудник «{ $value }» уже есть в списке.
error-staff-unknown = Сотрудника «{ $value }» нет в списке.
error-staff-ambiguous = Сотрудников с именем «{ $value }» несколько — уточните.
error-student-unknown = Ученика «{ $value }» нет в этом классе.
error-student-ambiguous = Учеников с именем «{ $value }» в классе несколько — напишите ФИО полностью.
error-timezone = Неизвестный часовой пояс «{ $value }». Пример: Europe/Moscow.
error-school-name = Укажите название школы.
error-school-exists = Школа «{ $value }» уже есть.
error-school-unknown = Школы «{ $value }» нет.
error-no-school = Школ пока нет. Создайте: schoolbot school create --name "…"
error-school-ambiguous = Школ несколько — укажите --school.
error-school-has-no-year = У школы нет учебного года.
error-consent-required = Без согласия на обработку персональных данных подключиться нельзя.
error-account-already-staff = Этот аккаунт Telegram уже привязан к другому сотруднику школы.
error-account-already-student = Этот аккаунт Telegram уже привязан к другому ученику школы.
error-invite-unknown = Ссылка не найдена. Проверьте, что скопировали её целиком, или попросите новую.
error-invite-used = Эта ссылка уже использована. Попросите новую у классного руководителя или координатора.
error-invite-expired = Срок действия ссылки истёк. Попросите новую у классного руководителя или координатора.
error-invite-revoked = Эта ссылка заменена новой. Попросите актуальную у классного руководителя или координатора.
error-invite-too-many-attempts = Слишком много неверных ссылок. Попробуйте снова через час.
error-invite-busy = Сейчас проверка ссылок приостановлена: слишком много неверных ссылок за минуту. Попробуйте снова через минуту.

## Файлы (handlers/files.py, services/files.py).
btn-files = 📁 Файлы
files-title = 📁 <b>{ $name }</b>
files-staff-only = 🔒 только для сотрудников
files-empty = Здесь пока пусто.
files-count = { $count ->
        [one] { $count } файл
        [few] { $count } файла
       *[many] { $count } файлов
    }
btn-files-upload = ⬆ Загрузить сюда
btn-files-up = ⬆ Выше
files-upload-ask = Пришлите документ или фото (можно с подписью — она станет названием). Отменить — /cancel.
files-saved = ✅ Сохранено в «{ $folder }»: { $name }
files-cancelled = Загрузка отменена.
files-wrong-kind = Нужен документ или фото.
error-file-kind = Нужен документ или фото.
files-photo-name = Фото { $date }
btn-files-new-folder = ➕ Папка
files-folder-ask = Как назвать новую папку? Отменить — /cancel.
files-folder-who = Папка «{ $name }» — для кого?
btn-files-for-everyone = 👪 Для всех
btn-files-for-staff = 🔒 Только для сотрудников
error-folder-name = Название папки — от 1 до { $limit } символов.
error-folder-exists = Папка «{ $name }» здесь уже есть.
