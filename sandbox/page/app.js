// The sandbox page: the demo school's people on the left, the chat of the one picked on the right.
// Everything the bot shows comes from the fake Telegram (/ui/...); changes arrive as server-sent events.
"use strict";

const TEXTS = {
  ru: {
    title: "Песочница",
    groups: {
      coordinator: "Координатор", deputy: "Завуч", teacher: "Учителя",
      class_teacher: "Классные руководители", parent: "Родители", student: "Ученики",
    },
    roles: {
      coordinator: "Координатор", deputy: "Завуч", teacher: "Учитель",
      class_teacher: "Классный руководитель", parent: "Родитель", student: "Ученик",
    },
    pick: "Выберите человека слева — и действуйте за него, как в Telegram.",
    placeholder: "Сообщение",
    attach: "Отправить файл",
    notJoined: "ещё не подключён",
    joinText: (link) => `Ещё не подключён. Его ссылка-приглашение: ${link}`,
    join: "Открыть ссылку",
    messengers: { telegram: "Telegram", max: "MAX" },
    messengersShort: { telegram: "TG", max: "MAX" },
    switchTo: (name) => `Перейти в ${name}`,
    switching: "Переходит…",
    edited: "изменено",
    classes: (list) => `классы: ${list}`,
    children: (list) => `дети: ${list}`,
    pupil: (label) => `класс ${label}`,
    clock: "Часы: запустить сейчас",
    clockHint: "Задания по расписанию выполняются сразу, и их сообщения приходят в чаты.",
    queued: (n) => n === 0 ? "Сообщений нет: напоминать не о чем."
      : `Отправлено: ${n} ${plural(n, "сообщение", "сообщения", "сообщений")}.`,
    failed: "Не получилось",
    jobs: {
      teacher_nudge: ["🔔 Напоминание учителям (17:00)", "Что не заполнено за последний учебный день"],
      teacher_nudge_last: ["🔔 Утреннее напоминание (8:00)", "Последнее напоминание о вчерашних уроках"],
      absence_summary: ["📋 Сводка пропусков (пятница, 15:00)", "Классным руководителям — их класс за неделю"],
      finals_reminder: ["🏁 Итоговые оценки: напоминание", "Как в последний день триместра"],
      finals_deadline: ["⏳ Итоговые оценки: срок", "Учителям — и завучу список недостающих"],
      report_card_ready: ["📄 Табели готовы", "Семьям — кнопка табеля за период, как после срока итоговых"],
      control_report: ["📊 Контроль журнала (1-е число)", "Отчёт завучу за месяц"],
      event_reminder: ["⏰ Напоминание о событиях (18:00)", "О завтрашних событиях — тем, для кого они"],
      test_reminder: ["📝 Напоминание о контрольной (18:00)", "Семьям класса — накануне ближайшей контрольной"],
      morning_brief: ["☀️ Утренняя сводка", "Тем, кто её включил: день (или ближайший учебный) сразу"],
      meeting_reminder: ["🗓 Напоминание о встречах (18:00)", "О завтрашних встречах — родителям и учителям"],
      release_held: ["🌙 Дайджесты и тихие часы", "Доставить отложенные сообщения сейчас"],
    },
  },
  en: {
    title: "Sandbox",
    groups: {
      coordinator: "Coordinator", deputy: "Deputy head", teacher: "Teachers",
      class_teacher: "Class teachers", parent: "Parents", student: "Students",
    },
    roles: {
      coordinator: "Coordinator", deputy: "Deputy head", teacher: "Teacher",
      class_teacher: "Class teacher", parent: "Parent", student: "Student",
    },
    pick: "Pick a person on the left and act as them, as in Telegram.",
    placeholder: "Message",
    attach: "Send a file",
    notJoined: "not joined yet",
    joinText: (link) => `Not joined yet. The invite link: ${link}`,
    join: "Open the link",
    messengers: { telegram: "Telegram", max: "MAX" },
    messengersShort: { telegram: "TG", max: "MAX" },
    switchTo: (name) => `Move to ${name}`,
    switching: "Moving…",
    edited: "edited",
    classes: (list) => `classes: ${list}`,
    children: (list) => `children: ${list}`,
    pupil: (label) => `class ${label}`,
    clock: "Clock: run now",
    clockHint: "Scheduled jobs run at once and their messages arrive in the chats.",
    queued: (n) => n === 0 ? "No messages: nothing to remind of." : `Sent: ${n} message${n === 1 ? "" : "s"}.`,
    failed: "Failed",
    jobs: {
      teacher_nudge: ["🔔 Teacher nudge (17:00)", "What is missing from the last school day"],
      teacher_nudge_last: ["🔔 Morning reminder (8:00)", "The last reminder of yesterday's lessons"],
      absence_summary: ["📋 Weekly absences (Friday 15:00)", "To class teachers: their class's week"],
      finals_reminder: ["🏁 Final marks: reminder", "As on the last day of the term"],
      finals_deadline: ["⏳ Final marks: deadline", "To teachers, and the missing list to the deputy"],
      report_card_ready: ["📄 Report cards ready", "To families: the period's report card, as after the finals' deadline"],
      control_report: ["📊 Journal control (the 1st)", "The deputy's monthly report"],
      event_reminder: ["⏰ Event reminder (18:00)", "Tomorrow's events, to those they are for"],
      test_reminder: ["📝 Test reminder (18:00)", "To the class's families, the school day before the next test"],
      morning_brief: ["☀️ Morning brief", "To those who asked: today (or the next school day) at once"],
      meeting_reminder: ["🗓 Meeting reminder (18:00)", "Tomorrow's meetings, to parents and teachers"],
      release_held: ["🌙 Digests and quiet hours", "Deliver the held messages now"],
    },
  },
};

function plural(n, one, few, many) {
  const rule = new Intl.PluralRules("ru").select(n);
  return rule === "one" ? one : rule === "few" ? few : many;
}

const COLORS = ["#e17076", "#7bc862", "#65aadd", "#a695e7", "#ee7aae", "#6ec9cb", "#faa774"];
const state = { people: [], current: null, bot: null, answers: {}, T: TEXTS.ru, stickToBottom: true };
const $ = (id) => document.getElementById(id);

async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  };
  const reply = await fetch(path, options);
  const data = await reply.json();
  if (!reply.ok) throw new Error(data.error || reply.statusText);
  return data;
}

// ---- the people ---------------------------------------------------------------------------------

async function loadPeople() {
  const data = await api("/ui/people");
  state.T = TEXTS[data.locale] || TEXTS.ru;
  state.people = data.people;
  state.bot = data.bot;
  state.jobs = data.jobs;
  document.documentElement.lang = data.locale;
  $("school-name").textContent = `${state.T.title} · ${data.school}`;
  $("bot-name").textContent = `@${data.bot.username}`;
  $("clock-open").title = state.T.clock;
  $("text").placeholder = state.T.placeholder;
  $("attach").title = state.T.attach;
  $("empty").textContent = state.T.pick;
  renderPeople();
  const open = state.current === null ? null : personById(state.current);
  if (open) renderJoinBar(open); // he may have joined since the chat was drawn
}

function renderPeople() {
  const list = $("people");
  list.replaceChildren();
  let group = null;
  state.people.forEach((person, index) => {
    if (person.role !== group) {
      group = person.role;
      const head = document.createElement("div");
      head.className = "group";
      head.textContent = state.T.groups[group] || group;
      list.append(head);
    }
    const item = document.createElement("button");
    item.type = "button";
    item.className = "person" + (state.current === person.user_id ? " active" : "");
    item.dataset.person = person.key;
    item.dataset.user = person.user_id;
    const avatar = document.createElement("span");
    avatar.className = "avatar";
    avatar.style.background = COLORS[index % COLORS.length];
    avatar.textContent = initials(person.name);
    const who = document.createElement("span");
    who.className = "who";
    const name = document.createElement("div");
    name.className = "name";
    name.textContent = person.name;
    name.prepend(messengerTag(person, true)); // before the name: a long name is cut, not the tag
    const last = document.createElement("div");
    last.className = "last muted";
    last.textContent = person.joined ? (person.last || about(person)) : state.T.notJoined;
    who.append(name, last);
    const badge = document.createElement("span");
    badge.className = "badge";
    badge.textContent = person.unread;
    badge.hidden = !person.unread;
    item.append(avatar, who, badge);
    item.addEventListener("click", () => openChat(person.user_id));
    list.append(item);
  });
}

function messengerTag(person, short = false) {
  const tag = document.createElement("span");
  tag.className = `messenger ${person.messenger}` + (short ? " short" : "");
  tag.textContent = short ? state.T.messengersShort[person.messenger] : state.T.messengers[person.messenger];
  tag.title = state.T.messengers[person.messenger];
  return tag;
}

function otherMessenger(person) {
  return person.messenger === "max" ? "telegram" : "max";
}

function initials(name) {
  const [last, first] = name.split(" ");
  return ((first || "")[0] || "") + ((last || "")[0] || "");
}

function about(person) {
  const parts = [state.T.roles[person.role] || person.role];
  if (person.classes) parts.push(state.T.classes(person.classes.join(", ")));
  if (person.children) parts.push(state.T.children(person.children.join(", ")));
  else if (person.role === "student" && person.class) parts.push(state.T.pupil(person.class));
  return parts.join(" · ");
}

function personById(userId) {
  return state.people.find((person) => person.user_id === userId);
}

// ---- the chat -----------------------------------------------------------------------------------

async function openChat(userId) {
  state.current = userId;
  state.answers[userId] = undefined;
  document.body.classList.add("chat-open");
  $("empty").hidden = true;
  const person = personById(userId);
  $("chat-name").textContent = person.name;
  $("chat-name").append(messengerTag(person));
  $("chat-about").textContent = about(person);
  $("switch").textContent = state.T.switchTo(state.T.messengers[otherMessenger(person)]);
  renderPeople();
  await refreshChat(true);
  $("text").focus();
}

async function refreshChat(jump) {
  const userId = state.current;
  if (userId === null) return;
  const chat = await api(`/ui/chats/${userId}`);
  if (userId !== state.current) return;
  const box = $("messages");
  const atBottom = jump || box.scrollHeight - box.scrollTop - box.clientHeight < 80;
  state.stickToBottom = atBottom; // a photo that loads later keeps the newest message in view
  box.replaceChildren(...chat.messages.map(renderMessage));
  if (atBottom) box.scrollTop = box.scrollHeight;
  showAnswer(userId, chat.answer);
  const person = personById(userId);
  renderJoinBar(person);
  if (person.unread) {
    await api(`/ui/chats/${userId}/read`, {});
    person.unread = 0;
    renderPeople();
  }
}

function renderJoinBar(person) {
  $("join-bar").hidden = person.joined;
  if (!person.joined) {
    $("join-text").textContent = state.T.joinText(person.link);
    $("join").textContent = state.T.join;
  }
}

function showAnswer(userId, answer) {
  // The toast of a button press: shown once, when it is new (not for what was there on opening).
  const seen = state.answers[userId];
  state.answers[userId] = answer ? answer.id : null;
  if (seen === undefined || !answer || answer.id === seen || !answer.text) return;
  const toast = $("toast");
  toast.textContent = answer.text;
  toast.className = answer.alert ? "alert" : "";
  toast.hidden = false;
  clearTimeout(showAnswer.timer);
  showAnswer.timer = setTimeout(() => { toast.hidden = true; }, answer.alert ? 6000 : 2500);
}

function renderMessage(message) {
  const wrap = document.createElement("div");
  wrap.className = "msg" + (message.from_bot ? "" : " mine");
  wrap.dataset.id = message.id;
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  if (message.photo) {
    const img = document.createElement("img");
    img.src = message.photo;
    img.alt = "";
    img.addEventListener("load", () => {
      if (state.stickToBottom) $("messages").scrollTop = $("messages").scrollHeight;
    });
    bubble.append(img);
  }
  if (message.document) {
    const link = document.createElement("a");
    link.className = "doc";
    link.href = message.document.url;
    link.download = message.document.name;
    const icon = document.createElement("span");
    icon.className = "icon";
    icon.textContent = "📄";
    const name = document.createElement("span");
    name.textContent = message.document.name;
    link.append(icon, name);
    bubble.append(link);
  }
  if (message.text) {
    const body = document.createElement("div");
    body.className = "text";
    body.innerHTML = formatted(message.text, message.entities || []);
    bubble.append(body);
  }
  const meta = document.createElement("div");
  meta.className = "meta";
  const time = new Date(message.date * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
  meta.textContent = (message.edited ? state.T.edited + " " : "") + time;
  bubble.append(meta);
  wrap.append(bubble);
  if (message.buttons.length) wrap.append(renderKeyboard(message));
  return wrap;
}

function renderKeyboard(message) {
  const keyboard = document.createElement("div");
  keyboard.className = "keyboard";
  for (const row of message.buttons) {
    const line = document.createElement("div");
    line.className = "row";
    for (const spec of row) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "kb";
      button.textContent = spec.text;
      button.title = spec.text;
      if (spec.kind === "callback_data") {
        button.addEventListener("click", () => press(button, message.id, spec.data));
      } else if (spec.url) {
        button.addEventListener("click", () => openUrl(spec.url));
      } else {
        button.disabled = true;
      }
      line.append(button);
    }
    keyboard.append(line);
  }
  return keyboard;
}

async function press(button, messageId, data) {
  button.classList.add("busy");
  try {
    await api(`/ui/chats/${state.current}/press`, { message_id: messageId, data });
  } catch (error) {
    flash(`${state.T.failed}: ${error.message}`);
  } finally {
    setTimeout(() => button.classList.remove("busy"), 400);
  }
}

// Opening t.me/<this bot>?start=<token> in Telegram sends the bot "/start <token>"; so it does here.
function openUrl(url) {
  const match = /^https:\/\/t\.me\/([A-Za-z0-9_]+)\?start=([A-Za-z0-9_-]+)$/.exec(url);
  if (match && state.bot && match[1].toLowerCase() === state.bot.username.toLowerCase()) {
    send(`/start ${match[2]}`);
    return;
  }
  window.open(url, "_blank", "noopener");
}

async function send(text) {
  if (!text.trim() || state.current === null) return;
  try {
    await api(`/ui/chats/${state.current}/text`, { text });
    await refreshChat(true);
  } catch (error) {
    flash(`${state.T.failed}: ${error.message}`);
  }
}

async function sendFile(file) {
  const content = await new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
  await api(`/ui/chats/${state.current}/document`, {
    filename: file.name, mime: file.type || "application/octet-stream", content_b64: content,
  });
  await refreshChat(true);
}

function flash(text) {
  const toast = $("toast");
  toast.textContent = text;
  toast.className = "";
  toast.hidden = false;
  setTimeout(() => { toast.hidden = true; }, 3000);
}

// ---- Telegram's entities as HTML (offsets count UTF-16 units, as JavaScript strings do) -------------

const TAGS = {
  bold: "b", italic: "i", underline: "u", strikethrough: "s", code: "code", pre: "pre",
  blockquote: "blockquote", expandable_blockquote: "blockquote",
};

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function safeUrl(url) {
  return /^(https?:|tg:)/i.test(url) ? url : "#";
}

function openTag(entity, text) {
  if (entity.type === "text_link" || entity.type === "url") {
    const url = entity.type === "url" ? text.substr(entity.offset, entity.length) : entity.url;
    return `<a href="${escapeHtml(safeUrl(url))}" data-url="${escapeHtml(url)}" target="_blank" rel="noopener">`;
  }
  if (entity.type === "spoiler") return '<span class="spoiler">';
  return TAGS[entity.type] ? `<${TAGS[entity.type]}>` : "<span>";
}

function closeTag(entity) {
  if (entity.type === "text_link" || entity.type === "url") return "</a>";
  return TAGS[entity.type] ? `</${TAGS[entity.type]}>` : "</span>";
}

function formatted(text, entities) {
  const opens = new Map();
  const closes = new Map();
  const ordered = [...entities].sort((a, b) => a.offset - b.offset || b.length - a.length);
  for (const entity of ordered) {
    if (!opens.has(entity.offset)) opens.set(entity.offset, []);
    opens.get(entity.offset).push(entity);
    const end = entity.offset + entity.length;
    if (!closes.has(end)) closes.set(end, []);
    closes.get(end).unshift(entity); // the inner one, opened last, closes first
  }
  let html = "";
  for (let i = 0; i <= text.length; i++) {
    for (const entity of closes.get(i) || []) html += closeTag(entity);
    for (const entity of opens.get(i) || []) html += openTag(entity, text);
    if (i < text.length) html += escapeHtml(text[i]);
  }
  return html;
}

// ---- the clock ----------------------------------------------------------------------------------

function openClock() {
  $("clock-title").textContent = state.T.clock;
  $("clock-hint").textContent = state.T.clockHint;
  $("clock-result").textContent = "";
  const jobs = $("jobs");
  jobs.replaceChildren();
  for (const key of state.jobs) {
    const [label, hint] = state.T.jobs[key] || [key, ""];
    const button = document.createElement("button");
    button.type = "button";
    button.className = "job";
    button.dataset.job = key;
    const title = document.createElement("span");
    title.textContent = label;
    const small = document.createElement("span");
    small.className = "muted";
    small.textContent = hint;
    button.append(title, small);
    button.addEventListener("click", () => runJob(key, button));
    jobs.append(button);
  }
  $("clock").hidden = false;
}

async function runJob(key, button) {
  button.disabled = true;
  try {
    const result = await api(`/ui/clock/${key}`, {});
    $("clock-result").textContent = state.T.queued(result.queued);
  } catch (error) {
    $("clock-result").textContent = `${state.T.failed}: ${error.message}`;
  } finally {
    button.disabled = false;
  }
}

// ---- live updates -------------------------------------------------------------------------------

function listen() {
  const events = new EventSource("/ui/events");
  events.onmessage = (event) => {
    const change = JSON.parse(event.data);
    const person = personById(change.chat);
    if (!person) return;
    person.unread = change.unread;
    if (change.chat === state.current) scheduleChatRefresh();
    schedulePeopleRefresh();
  };
}

let chatTimer = null;
let peopleTimer = null;
function scheduleChatRefresh() {
  clearTimeout(chatTimer);
  chatTimer = setTimeout(() => refreshChat(false).catch(() => {}), 60);
}
function schedulePeopleRefresh() {
  clearTimeout(peopleTimer);
  peopleTimer = setTimeout(() => loadPeople().catch(() => {}), 150);
}

// ---- wiring -------------------------------------------------------------------------------------

function wire() {
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("text").value;
    $("text").value = "";
    send(text);
  });
  $("text").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      $("composer").requestSubmit();
    }
  });
  $("file").addEventListener("change", () => {
    const file = $("file").files[0];
    $("file").value = "";
    if (file) sendFile(file).catch((error) => flash(`${state.T.failed}: ${error.message}`));
  });
  $("messages").addEventListener("click", (event) => {
    const link = event.target.closest("a[data-url]");
    if (!link) return;
    event.preventDefault();
    openUrl(link.dataset.url);
  });
  $("back").addEventListener("click", () => {
    document.body.classList.remove("chat-open");
    state.current = null;
    renderPeople();
  });
  $("join").addEventListener("click", async () => {
    $("join").disabled = true;
    try {
      await api(`/ui/people/${state.current}/join`, {});
    } finally {
      $("join").disabled = false;
    }
  });
  // In MAX he opens a fresh invite, as a person moving messengers would; his chat there opens.
  $("switch").addEventListener("click", async () => {
    $("switch").disabled = true;
    $("switch").textContent = state.T.switching;
    try {
      const moved = await api(`/ui/people/${state.current}/messenger`, {});
      await loadPeople();
      await openChat(moved.user_id);
    } catch (error) {
      flash(`${state.T.failed}: ${error.message}`);
    } finally {
      $("switch").disabled = false;
    }
  });
  $("clock-open").addEventListener("click", openClock);
  $("clock-close").addEventListener("click", () => { $("clock").hidden = true; });
  $("clock").addEventListener("click", (event) => { if (event.target.id === "clock") $("clock").hidden = true; });
}

wire();
loadPeople().then(listen);
