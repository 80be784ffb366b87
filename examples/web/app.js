// Service Desk JatengProv — an embeddable page on the Loket engine (loket-wasm).
// Plain ES module, no framework, no build step. Copy the package next to this file:
//   cp -r target/npm/loket-wasm examples/web/
// The time can be fixed for testing: index.html?now=2024-03-02T10:00:00%2B07:00

// ---------------------------------------------------------------- UI strings
const DAYS = {
  id: ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
  en: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
};
const MONTHS = {
  id: ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"],
  en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
};
const T = {
  id: {
    subtitle: "Aduan dan permintaan teknis aplikasi Pemerintah Provinsi Jawa Tengah",
    toggle: "English",
    nowHeading: "Waktu",
    nowLabel: "Waktu",
    nowReset: "Waktu sekarang",
    nowFixed: "waktu tetap",
    nowLive: "waktu sekarang",
    statusHeading: "Status layanan",
    openUntil: (t) => `Buka sampai ${t}`,
    closedOpens: (t) => `Tutup — buka ${t}`,
    closedForGood: "Tutup",
    today: "hari ini",
    tomorrow: "besok",
    hoursHeading: "Jam layanan",
    closed: "Tutup",
    holidaysHeading: "Hari libur berikutnya",
    noHolidays: "Tidak ada hari libur tercatat.",
    holidayKind: { national: "libur nasional", collective_leave: "cuti bersama", election: "hari pemungutan suara", local: "libur daerah" },
    provisional: "perkiraan",
    provisionalNote: (years) => `Perkiraan ini memakai tanggal libur ${years} yang belum ditetapkan pemerintah; bila tanggalnya berubah, tenggat menyesuaikan.`,
    formHeading: "Sampaikan aduan atau permintaan",
    channel: "Saluran",
    channels: { whatsapp: "WhatsApp", email: "Email", phone: "Telepon", voice_call: "Panggilan suara", video_call: "Panggilan video", voice_message: "Pesan suara" },
    application: "Aplikasi",
    other: "Lainnya…",
    applicationOther: "Nama aplikasi lain",
    kind: "Jenis",
    kinds: { complaint: "Aduan", request: "Permintaan", incident: "Insiden" },
    body: "Pesan",
    name: "Nama (opsional)",
    phone: "Telepon (opsional)",
    email: "Email (opsional)",
    previewHeading: "Tenggat menurut standar pelayanan",
    previewDue: (kind, target, when) => `${kind} yang dikirim sekarang ditangani paling lambat ${when} (${target}).`,
    clockStarts: (when) => `Waktu mulai dihitung: ${when}.`,
    clockStartsLater: (when) => `Layanan sedang tutup: waktu mulai dihitung pada ${when}.`,
    target: (n, unit) => (unit === "d" ? `${n} hari operasional` : `${n} jam operasional`),
    counted: "dihitung",
    skipped: "tidak dihitung",
    reasons: { outside_hours: "di luar jam layanan", no_hours: "tidak ada jam layanan", override: "penutupan khusus" },
    countedDays: (list) => `Hari operasional dihitung: ${list}.`,
    landing: (when, due) => `Jam yang sama pada hari terakhir (${when}) di luar jam layanan, jadi tenggatnya jam tutup sebelumnya: ${due}.`,
    landingOpening: (when, due) => `Jam yang sama pada hari terakhir (${when}) di luar jam layanan, jadi tenggatnya jam buka berikutnya: ${due}.`,
    fullExplanation: "Penjelasan lengkap",
    send: "Kirim",
    outcomes: { accepted: "Diterima", refused: "Ditolak", referred: "Diteruskan" },
    refusals: { not_written: "hanya pesan tertulis yang diterima", out_of_scope: "di luar lingkup layanan", empty: "pesan kosong" },
    ticketNumber: "Nomor tiket",
    due: "Tenggat",
    ticket: (n) => `Tiket ${n}`,
    state: "Status",
    tier: "Tingkat",
    states: {
      received: "diterima", handled_directly: "ditangani langsung", executing: "dikerjakan staf aplikasi",
      change_management: "di Manajemen Perubahan", information_security: "di Keamanan Informasi",
      operations_design: "di Desain Operasional & Sistem", waiting_for_reporter: "menunggu pelapor",
      solution_delivered: "solusi dikirim", closed: "ditutup", rejected: "ditolak", merged: "digabung", referred: "diteruskan ke pimpinan",
    },
    tiers: {
      first_line: "Lini pertama", application_staff: "Staf aplikasi", change_management: "Manajemen Perubahan",
      information_security: "Keamanan Informasi", operations_design: "Desain Operasional & Sistem",
    },
    clocks: { resolution: "SLA penyelesaian", first_response: "SLA tanggapan pertama" },
    clockStatus: { on_track: "sesuai jadwal", warning: "peringatan", breached: "terlampaui", met: "terpenuhi", cancelled: "dibatalkan" },
    running: "berjalan",
    paused: "dijeda",
    stopped: "berhenti",
    used: (a, b) => `terpakai ${a} dari ${b}`,
    remaining: (a) => `sisa ${a}`,
    overdue: (a) => `lewat ${a}`,
    stepsHeading: "Langkah berikutnya",
    steps: {
      create_ticket: "Buat tiket", handle_directly: "Tangani langsung", forward: "Teruskan", deliver_solution: "Kirim solusi", close: "Tutup tiket",
      reopen: "Buka kembali", wait_for_reporter: "Tanya pelapor", reject: "Tolak", merge_into: "Gabungkan", assign: "Tugaskan",
      classify: "Klasifikasikan", respond: "Tanggapi", comment: "Beri komentar",
    },
    forwardTo: "Teruskan ke",
    allowed: (list) => `Diperbolehkan sekarang: ${list}.`,
    staff: "Petugas Service Desk",
    solution: "Solusi telah diterapkan; silakan dicoba kembali.",
    timelineHeading: "Linimasa",
    timelineText: "Linimasa dan jam SLA (teks)",
    actors: { reporter: "pelapor", system: "sistem" },
    events: {
      received: "diterima", handle_directly: "ditangani langsung", create_ticket: "tiket dibuat", forward: "diteruskan",
      deliver_solution: "solusi dikirim", close: "ditutup", reopen: "dibuka kembali", wait_for_reporter: "menunggu pelapor",
      reporter_replied: "pelapor membalas", reject: "ditolak", merge_into: "digabung", assign: "ditugaskan",
      classify: "diklasifikasi", respond: "ditanggapi", comment: "komentar", sla_warning: "peringatan SLA",
      sla_breached: "SLA terlampaui", reevaluate: "SLA dievaluasi ulang",
    },
    footer: "Halaman contoh: pesan tidak dikirim ke mana pun; tenggat dan jawaban dihitung oleh mesin Loket (WebAssembly) di peramban Anda.",
    loadError: "Paket loket-wasm tidak dapat dimuat. Salin paketnya ke samping halaman ini: cp -r target/npm/loket-wasm examples/web/",
    hm: (h, m) => (h && m ? `${h} jam ${m} menit` : h ? `${h} jam` : `${m} menit`),
  },
  en: {
    subtitle: "Technical complaints and requests about the applications of the Central Java provincial government",
    toggle: "Bahasa Indonesia",
    nowHeading: "Time",
    nowLabel: "Time",
    nowReset: "Current time",
    nowFixed: "fixed time",
    nowLive: "current time",
    statusHeading: "Desk status",
    openUntil: (t) => `Open until ${t}`,
    closedOpens: (t) => `Closed — opens ${t}`,
    closedForGood: "Closed",
    today: "today",
    tomorrow: "tomorrow",
    hoursHeading: "Service hours",
    closed: "Closed",
    holidaysHeading: "Next holidays",
    noHolidays: "No holidays listed.",
    holidayKind: { national: "national holiday", collective_leave: "collective leave", election: "election day", local: "local holiday" },
    provisional: "expected",
    provisionalNote: (years) => `This uses the expected ${years} holiday dates, not yet set by the government; if they change, the deadline follows.`,
    formHeading: "Send a complaint or request",
    channel: "Channel",
    channels: { whatsapp: "WhatsApp", email: "Email", phone: "Phone", voice_call: "Voice call", video_call: "Video call", voice_message: "Voice message" },
    application: "Application",
    other: "Other…",
    applicationOther: "Other application's name",
    kind: "Kind",
    kinds: { complaint: "Complaint", request: "Request", incident: "Incident" },
    body: "Message",
    name: "Name (optional)",
    phone: "Phone (optional)",
    email: "Email (optional)",
    previewHeading: "Deadline under the service standard",
    previewDue: (kind, target, when) => `A ${kind.toLowerCase()} sent now is handled by ${when} (${target}).`,
    clockStarts: (when) => `Counting starts: ${when}.`,
    clockStartsLater: (when) => `The desk is closed: counting starts at ${when}.`,
    target: (n, unit) => (unit === "d" ? `${n} operational day${n === 1 ? "" : "s"}` : `${n} operational hour${n === 1 ? "" : "s"}`),
    counted: "counted",
    skipped: "not counted",
    reasons: { outside_hours: "outside service hours", no_hours: "no service hours", override: "special closure" },
    countedDays: (list) => `Operational days counted: ${list}.`,
    landing: (when, due) => `The same time on the last day (${when}) is outside service hours, so the deadline is the closing before it: ${due}.`,
    landingOpening: (when, due) => `The same time on the last day (${when}) is outside service hours, so the deadline is the next opening: ${due}.`,
    fullExplanation: "Full explanation",
    send: "Send",
    outcomes: { accepted: "Accepted", refused: "Refused", referred: "Referred" },
    refusals: { not_written: "only written messages are accepted", out_of_scope: "out of scope", empty: "empty message" },
    ticketNumber: "Ticket number",
    due: "Due",
    ticket: (n) => `Ticket ${n}`,
    state: "State",
    tier: "Tier",
    states: {
      received: "received", handled_directly: "handled directly", executing: "with application staff",
      change_management: "at Change Management", information_security: "at Information Security",
      operations_design: "at Operations & System Design", waiting_for_reporter: "waiting for the reporter",
      solution_delivered: "solution delivered", closed: "closed", rejected: "rejected", merged: "merged", referred: "referred to the head of the agency",
    },
    tiers: {
      first_line: "First line", application_staff: "Application staff", change_management: "Change Management",
      information_security: "Information Security", operations_design: "Operations & System Design",
    },
    clocks: { resolution: "Resolution SLA", first_response: "First-response SLA" },
    clockStatus: { on_track: "on track", warning: "warning", breached: "breached", met: "met", cancelled: "cancelled" },
    running: "running",
    paused: "paused",
    stopped: "stopped",
    used: (a, b) => `${a} used of ${b}`,
    remaining: (a) => `${a} left`,
    overdue: (a) => `${a} over`,
    stepsHeading: "Next steps",
    steps: {
      create_ticket: "Create ticket", handle_directly: "Handle directly", forward: "Forward", deliver_solution: "Deliver solution", close: "Close ticket",
      reopen: "Reopen", wait_for_reporter: "Ask the reporter", reject: "Reject", merge_into: "Merge", assign: "Assign",
      classify: "Classify", respond: "Respond", comment: "Comment",
    },
    forwardTo: "Forward to",
    allowed: (list) => `Allowed now: ${list}.`,
    staff: "Service Desk officer",
    solution: "The fix is in place; please try again.",
    timelineHeading: "Timeline",
    timelineText: "Timeline and SLA clocks (text)",
    actors: { reporter: "reporter", system: "system" },
    events: {
      received: "received", handle_directly: "handled directly", create_ticket: "ticket created", forward: "forwarded",
      deliver_solution: "solution delivered", close: "closed", reopen: "reopened", wait_for_reporter: "waiting for the reporter",
      reporter_replied: "reporter replied", reject: "rejected", merge_into: "merged", assign: "assigned",
      classify: "classified", respond: "responded", comment: "comment", sla_warning: "SLA warning",
      sla_breached: "SLA breached", reevaluate: "SLA re-evaluated",
    },
    footer: "Example page: messages are not sent anywhere; deadlines and answers are computed by the Loket engine (WebAssembly) in your browser.",
    loadError: "The loket-wasm package could not be loaded. Copy it next to this page: cp -r target/npm/loket-wasm examples/web/",
    hm: (h, m) => (h && m ? `${h} h ${m} min` : h ? `${h} h` : `${m} min`),
  },
};
const CHANNELS = ["whatsapp", "email", "phone", "voice_call", "video_call", "voice_message"];
const KINDS = ["complaint", "request", "incident"];
const FORWARD_TO = ["change_management", "operations_design", "information_security"];

// ---------------------------------------------------------------- state
const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
};
const params = new URLSearchParams(location.search);
let lang = params.get("lang") === "en" ? "en" : "id";
let fixedNow = null; // epoch ms, or null for the real clock
let wasm, profile, calendar, tz;
let ticket = null; // the Ticket of the last accepted message
let lastIntake = null; // { message, options } to re-render the answer in the other language
let serial = 0;

const t = () => T[lang];
const now = () => fixedNow ?? Date.now();

// ---------------------------------------------------------------- time helpers
// Wall-clock parts of an instant in the desk's time zone (the engine's zone, not the browser's).
let partsFormat;
function parts(at) {
  partsFormat ??= new Intl.DateTimeFormat("en-US", {
    timeZone: tz, year: "numeric", month: "numeric", day: "numeric", weekday: "short",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  });
  const o = {};
  for (const p of partsFormat.formatToParts(new Date(at))) o[p.type] = p.value;
  return {
    y: +o.year, m: +o.month, d: +o.day,
    wd: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(o.weekday),
    hm: `${o.hour}:${o.minute}`,
  };
}
const pad = (n) => String(n).padStart(2, "0");
const dateKey = (p) => `${p.y}-${pad(p.m)}-${pad(p.d)}`;
// "YYYY-MM-DDTHH:MM" in the desk's zone (for the datetime-local input) and back.
function toLocalInput(at) {
  const p = parts(at);
  return `${dateKey(p)}T${p.hm}`;
}
function fromLocalInput(value) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  const offset = (at) => {
    const p = parts(at);
    const [h, mi] = p.hm.split(":").map(Number);
    return Date.UTC(p.y, p.m - 1, p.d, h, mi) - Math.floor(at / 60000) * 60000;
  };
  let at = wall - offset(wall);
  const o2 = offset(at);
  if (wall - o2 !== at) at = wall - o2;
  return at;
}
// "Senin 07:00", "hari ini 15:30", or the engine's full form for later dates.
function relative(at) {
  const p = parts(at);
  const today = parts(now());
  const days = (Date.UTC(p.y, p.m - 1, p.d) - Date.UTC(today.y, today.m - 1, today.d)) / 864e5;
  if (days === 0) return `${t().today} ${p.hm}`;
  if (days === 1) return `${t().tomorrow} (${DAYS[lang][p.wd]}) ${p.hm}`;
  if (days < 7) return `${DAYS[lang][p.wd]} ${p.hm}`;
  return calendar.formatInstant(at, { lang });
}
const full = (at) => calendar.formatInstant(at, { lang });
function shortWhen(at) {
  const p = parts(at);
  return `${DAYS[lang][p.wd].slice(0, 3)} ${p.d} ${MONTHS[lang][p.m - 1].slice(0, 3)} ${p.hm}`;
}
function longDate(ymd) {
  const [y, m, d] = ymd.split("-").map(Number);
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return lang === "id"
    ? `${DAYS.id[wd]}, ${d} ${MONTHS.id[m - 1]} ${y}`
    : `${DAYS.en[wd]}, ${d} ${MONTHS.en[m - 1]} ${y}`;
}
function hours(seconds) {
  const s = Math.abs(seconds);
  return t().hm(Math.floor(s / 3600), Math.floor((s % 3600) / 60));
}
function target(d) {
  const m = /^(\d+)([dh])$/.exec(d);
  return m ? t().target(+m[1], m[2]) : d;
}

// ---------------------------------------------------------------- rendering
function renderStatic() {
  document.documentElement.lang = lang;
  for (const e of document.querySelectorAll("[data-t]")) {
    const v = t()[e.dataset.t];
    if (typeof v === "string") e.textContent = v;
  }
  const toggle = $("lang-toggle");
  toggle.textContent = t().toggle;
  toggle.lang = lang === "id" ? "en" : "id";
  fill($("channel"), CHANNELS.map((c) => [c, t().channels[c]]));
  fill($("kind"), KINDS.map((k) => [k, t().kinds[k]]));
  fill($("application"), [...profile.products().map((p) => [p.id, p.name]), ["", t().other]]);
  fill($("forward-to"), FORWARD_TO.map((x) => [x, t().tiers[x]]));
  for (const b of document.querySelectorAll("[data-step]")) b.textContent = t().steps[b.dataset.step];
}
function fill(select, options) {
  const had = select.options.length > 0;
  const keep = select.value;
  select.replaceChildren(...options.map(([value, label]) => el("option", { value }, label)));
  if (had) select.value = keep;
  if (select.selectedIndex < 0) select.selectedIndex = 0;
}

function renderNow() {
  const input = $("now");
  if (document.activeElement !== input) input.value = toLocalInput(now());
  $("now-zone").textContent = `${tz} · ${fixedNow === null ? t().nowLive : t().nowFixed}`;
  $("now-reset").disabled = fixedNow === null;
}

function renderStatus() {
  const at = now();
  const s = calendar.status(at);
  let text, detail;
  if (s.state === "open") {
    const p = parts(s.until);
    text = t().openUntil(dateKey(p) === dateKey(parts(at)) ? p.hm : relative(s.until));
    detail = full(s.until);
  } else if (s.opens) {
    text = t().closedOpens(relative(s.opens));
    detail = full(s.opens);
  } else {
    text = t().closedForGood;
    detail = "";
  }
  const status = $("status");
  status.textContent = text;
  status.className = `status ${s.state}`;
  $("status-detail").textContent = detail;

  const week = calendar.spec().week ?? {};
  const order = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
  $("hours").replaceChildren(
    ...order.map((day, i) => {
      const spans = week[day] ?? [];
      return el("tr", {},
        el("th", { scope: "row" }, DAYS[lang][(i + 1) % 7]),
        el("td", {}, spans.length ? spans.map((x) => x.replace("-", "–")).join(", ") : t().closed));
    }),
  );
  const list = calendar.holidays(at, 5);
  $("holidays").replaceChildren(
    ...(list.length
      ? list.map((h) => el("li", {}, el("strong", {}, longDate(h.date)), ` — ${h.name} `, el("span", { class: "tag" }, t().holidayKind[h.kind] ?? h.kind), h.provisional ? el("span", { class: "tag quiet" }, t().provisional) : ""))
      : [el("li", {}, t().noHolidays)]),
  );
}

function stretchItem(s) {
  const span = `${shortWhen(s.from)} – ${shortWhen(s.to)}`;
  if (s.type === "counted") {
    return el("li", { class: "counted" }, el("span", { class: "mark", "aria-hidden": "true" }, "+"), ` ${span}: ${hours(s.seconds)} ${t().counted}`);
  }
  const why = s.reason === "holiday"
    ? `${s.name} (${t().holidayKind[s.kind] ?? s.kind}${s.provisional ? `, ${t().provisional}` : ""})`
    : s.reason === "override" && s.name ? s.name : t().reasons[s.reason] ?? s.reason;
  return el("li", { class: "skipped" }, el("span", { class: "mark", "aria-hidden": "true" }, "–"), ` ${span}: ${t().skipped} — ${why}`);
}

function renderPreview() {
  const kind = $("kind").value;
  const r = profile.deadline(kind, now());
  const d = r.value;
  $("preview-due").textContent = t().previewDue(t().kinds[kind], target(d.target), full(d.due));
  // A quiet note when the deadline counts holidays not yet decreed (provisional).
  const years = [...new Set([...r.provisionalYears, ...r.provisionalDates.map((x) => Number(x.slice(0, 4)))])].sort();
  const note = $("preview-provisional");
  note.hidden = years.length === 0;
  note.textContent = years.length ? t().provisionalNote(years.join(", ")) : "";
  $("preview-start").textContent = d.clockStarts === d.received ? t().clockStarts(full(d.clockStarts)) : t().clockStartsLater(full(d.clockStarts));
  const e = d.explanation;
  const items = e.stretches.map(stretchItem);
  if (e.days) {
    items.push(el("li", { class: "note" }, t().countedDays(e.days.countedDays.map(longDate).join(", "))));
    if (Date.parse(e.days.landing) !== Date.parse(e.end)) {
      const f = e.boundary === "opening" ? t().landingOpening : t().landing;
      items.push(el("li", { class: "note" }, f(full(e.days.landing), full(e.end))));
    }
  }
  $("preview-why").replaceChildren(...items);
  $("preview-text").textContent = calendar.renderExplanation(e, { lang });
}

function renderAnswer() {
  const box = $("answer");
  if (!lastIntake) {
    box.hidden = true;
    return;
  }
  const r = profile.intake(lastIntake.message, { ...lastIntake.options, lang });
  const o = r.outcome;
  const head = el("h3", {}, t().outcomes[o.outcome]);
  const kids = [head];
  if (o.outcome === "refused") head.append(` — ${t().refusals[o.refusal.reason] ?? o.refusal.reason}`);
  kids.push(el("p", {}, r.answer));
  if (o.outcome === "accepted") {
    kids.push(el("dl", {},
      el("dt", {}, t().ticketNumber), el("dd", {}, lastIntake.options.number),
      el("dt", {}, t().due), el("dd", {}, full(o.due))));
  }
  box.className = `answer ${o.outcome}`;
  box.replaceChildren(...kids);
  box.hidden = false;
}

function eventText(e) {
  let what = t().events[e.event] ?? e.event;
  if (e.event === "forward") what += ` → ${t().tiers[e.to] ?? e.to}`;
  if (e.event === "received") what += `: ${t().kinds[e.kind]} · ${t().channels[e.channel]}`;
  if (e.event === "deliver_solution") what += `: ${e.solution}`;
  if (e.event === "assign") what += ` → ${e.to}`;
  if (e.event === "merge_into") what += ` → ${e.target}`;
  return what;
}
function actorText(a) {
  return a.type === "staff" || a.type === "router" ? a.name : t().actors[a.type] ?? a.type;
}

function renderTicket() {
  const section = $("ticket");
  if (!ticket) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  const at = now();
  const data = ticket.toJSON();
  $("ticket-h").textContent = t().ticket(ticket.number);
  $("ticket-state").replaceChildren(
    el("strong", {}, `${t().state}: `), t().states[ticket.stateName] ?? ticket.stateName,
    " · ", el("strong", {}, `${t().tier}: `), t().tiers[data.tier] ?? data.tier);

  $("clocks").replaceChildren(
    ...ticket.clocks(profile, at).map((c) => {
      const label = `${t().clocks[c.kind] ?? c.kind}: ${t().clockStatus[c.status] ?? c.status}`;
      const mode = c.running ? t().running : c.paused ? t().paused : t().stopped;
      const left = c.remaining >= 0 ? t().remaining(hours(c.remaining)) : t().overdue(hours(c.remaining));
      const meter = el("meter", { min: "0", max: String(c.budget), value: String(Math.min(c.elapsed, c.budget)), low: String(c.budget * 0.75), high: String(c.budget * 0.99), optimum: "0", "aria-label": label });
      return el("div", { class: `clock ${c.status}`, "data-clock": c.kind },
        el("p", {}, el("strong", {}, label), ` (${mode})`),
        meter,
        el("p", {}, `${t().used(hours(c.elapsed), hours(c.budget))} · ${left} · ${t().due}: ${full(c.due)}`));
    }),
  );
  // `allowed()` lists the events the flow allows now: {event, to?} (to for forwards).
  const allowed = ticket.allowed();
  const allows = (step) => allowed.some((a) => a.event === step);
  for (const b of document.querySelectorAll("[data-step]")) b.classList.toggle("allowed", allows(b.dataset.step));
  const label = (a) => {
    if (a.to) return `${t().steps.forward} → ${t().tiers[a.to] ?? a.to}`;
    return t().steps[a.event] ?? t().events[a.event] ?? a.event;
  };
  $("allowed").textContent = t().allowed(allowed.map(label).join(", "));
  $("events").replaceChildren(
    ...ticket.events().map((e) => el("li", {}, el("time", { datetime: e.at }, shortWhen(e.at)), ` · ${actorText(e.by)} · ${eventText(e)}`)),
  );
  $("timeline-text").textContent = ticket.timeline(profile, at, { lang });
}

function renderAll() {
  renderStatic();
  renderNow();
  renderStatus();
  renderPreview();
  renderAnswer();
  renderTicket();
}

// ---------------------------------------------------------------- actions
function send(ev) {
  ev.preventDefault();
  const f = ev.target.elements;
  const at = now();
  const application = f.application.value || f.applicationOther.value.trim() || null;
  const reporter = {};
  for (const k of ["name", "phone", "email"]) if (f[k].value.trim()) reporter[k] = f[k].value.trim();
  const message = {
    channel: f.channel.value,
    application,
    kind: f.kind.value,
    body: f.body.value,
    reporter,
    receivedAt: new Date(at).toISOString(),
  };
  // A demo numbering; a real portal gets the number from the desk's server.
  const number = `JTG-${parts(at).y}-${String(serial + 1).padStart(6, "0")}`;
  const options = { number, now: at };
  const r = profile.intake(message, { ...options, lang });
  lastIntake = { message, options };
  if (r.events) serial++; // refused messages get no number
  if (r.events && r.outcome.outcome === "accepted") {
    ticket?.free();
    ticket = wasm.Ticket.replay(r.events);
    $("step-error").hidden = true;
  }
  renderAnswer();
  renderTicket();
}

function step(kind) {
  const base = { at: new Date(now()).toISOString(), by: { type: "staff", name: t().staff } };
  const event =
    kind === "forward" ? { ...base, event: "forward", to: $("forward-to").value }
    : kind === "deliver_solution" ? { ...base, event: "deliver_solution", solution: t().solution }
    : { ...base, event: kind };
  const err = $("step-error");
  try {
    ticket.apply(profile, event);
    err.hidden = true;
  } catch (e) {
    err.textContent = e && e.name === "LoketError" ? e.message : String(e);
    err.hidden = false;
  }
  renderTicket();
}

// An unexpected engine error (e.g. a time outside the calendar's range) is shown, not thrown.
function safely(fn) {
  return (...args) => {
    const box = $("load-error");
    try {
      fn(...args);
      box.hidden = true;
    } catch (e) {
      box.textContent = e && e.message ? e.message : String(e);
      box.hidden = false;
    }
  };
}

function setNow(at) {
  fixedNow = at;
  renderNow();
  renderStatus();
  renderPreview();
  renderTicket();
}

// ---------------------------------------------------------------- start
async function start() {
  try {
    wasm = await import("./loket-wasm/loket_wasm.js");
    await wasm.default(); // fetches loket_wasm_bg.wasm next to the module
    performance.mark("loket:init");
  } catch (e) {
    const box = $("load-error");
    box.textContent = `${t().loadError} (${e && e.message ? e.message : e})`;
    box.hidden = false;
    document.body.dataset.ready = "error";
    return;
  }
  wasm.setLanguage(lang);
  profile = wasm.Profile.jatengprov();
  calendar = profile.calendar;
  tz = calendar.timezone;

  const q = params.get("now");
  if (q) {
    const ms = Date.parse(q);
    if (!Number.isNaN(ms)) fixedNow = ms;
  }
  safely(renderAll)();

  $("lang-toggle").addEventListener("click", safely(() => {
    lang = lang === "id" ? "en" : "id";
    wasm.setLanguage(lang);
    $("step-error").hidden = true; // its message was in the other language
    renderAll();
  }));
  $("now").addEventListener("change", safely((e) => {
    const at = fromLocalInput(e.target.value);
    if (at !== null) setNow(at);
  }));
  $("now-reset").addEventListener("click", safely(() => setNow(null)));
  $("kind").addEventListener("change", safely(renderPreview));
  $("application").addEventListener("change", () => {
    document.body.classList.toggle("other-app", $("application").value === "");
  });
  $("intake").addEventListener("submit", (e) => {
    e.preventDefault();
    safely(send)(e);
  });
  for (const b of document.querySelectorAll("[data-step]")) b.addEventListener("click", () => step(b.dataset.step));
  setInterval(safely(() => {
    if (fixedNow === null) {
      renderNow();
      renderStatus();
      renderPreview();
      renderTicket();
    }
  }), 30_000);
  performance.mark("loket:ready");
  document.body.dataset.ready = "1";
}

start();
