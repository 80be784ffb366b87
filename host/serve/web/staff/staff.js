// Loket — the staff page of Service Desk JatengProv: the queue, one ticket, its flow.
// Plain ES module, no framework, no build step. Served by `loket serve` at /staff/,
// on the same origin as the API (/api/v1/…). Start in English with ?lang=en.
//
// SLA clocks count down in operational time: the server gives `remaining` at
// `asOf`; between refreshes the page subtracts the operational seconds since then,
// computed by the Loket engine (loket-wasm, /loket-wasm/loket_wasm.js) on the desk's
// calendar, so nothing moves while the desk is closed. Without the engine the page
// shows the server's figures and refreshes them every 30 s.

// ---------------------------------------------------------------- constants
const API = "/api/v1";
const WASM_URL = "/loket-wasm/loket_wasm.js";
const REFRESH_MS = 30_000;
const TICK_MS = 1_000;
const PAGE = 50;
const KEYS = { token: "loket.staff.token", drafts: "loket.staff.drafts", filters: "loket.staff.filters", lang: "loket.staff.lang" };

// The seven products of the desk (core/profiles/jatengprov-desk.toml); replaced by the
// engine's or the server's list when available.
const PRODUCTS = [
  { id: "e-planning", name: "e-Planning" },
  { id: "e-budgeting", name: "e-Budgeting" },
  { id: "e-penatausahaan", name: "e-Penatausahaan" },
  { id: "e-controlling", name: "e-Controlling" },
  { id: "laporangub", name: "LaporanGub" },
  { id: "tatapraja", name: "Tatapraja" },
  { id: "website", name: "Website jatengprov.go.id" },
];
const STATES = ["received", "handled_directly", "executing", "change_management", "information_security", "operations_design",
  "waiting_for_reporter", "solution_delivered", "closed", "rejected", "merged", "referred"];
const TIERS = ["first_line", "application_staff", "change_management", "information_security", "operations_design"];
const SLA_FILTERS = ["ok", "warning", "breached", "paused", "none"];
const PRIORITIES = ["low", "normal", "high", "urgent"];
const ROLE_RANK = { agent: 1, supervisor: 2, admin: 3 };
const SUPERVISOR_ONLY = new Set(["reject", "merge_into", "reevaluate"]);
// Order of the step buttons; the first group is the flow chart's own steps.
const ORDER = ["handle_directly", "create_ticket", "forward", "deliver_solution", "wait_for_reporter", "reporter_replied",
  "close", "reopen", "respond", "assign", "classify", "comment", "reject", "merge_into", "reevaluate"];
const PRIMARY = new Set(["handle_directly", "create_ticket", "forward", "deliver_solution", "reporter_replied", "close", "reopen"]);
// The fields each event needs (all but `comment` also take an optional reason).
const FORMS = {
  deliver_solution: [{ name: "solution", kind: "textarea", required: true }],
  wait_for_reporter: [{ name: "question", kind: "textarea", required: true }],
  reporter_replied: [{ name: "text", label: "replied", kind: "textarea", required: true }],
  respond: [{ name: "text", label: "respond", kind: "textarea", required: true }],
  comment: [{ name: "text", label: "comment", kind: "textarea", required: true }],
  assign: [{ name: "to", kind: "input", required: true, list: "team-list" }],
  merge_into: [{ name: "target", kind: "input", required: true, placeholder: "JTG-2026-000123", pattern: "^[A-Za-z]+-\\d{4}-\\d+$" }],
  classify: [{ name: "category", kind: "input" }, { name: "priority", kind: "select" }],
};
const NO_REASON = new Set(["comment"]);

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
    title: "Loket — Petugas Service Desk JatengProv",
    subtitle: "Meja petugas: antrean tiket dan alur layanan",
    skip: "Langsung ke isi",
    toggle: "English",
    signOut: "Keluar",
    signInHeading: "Masuk",
    tokenLabel: "Token akses",
    signIn: "Masuk",
    tokenHelp: "Tempel token dari administrator. Token hanya disimpan di tab ini dan hilang saat tab ditutup.",
    tokenEmpty: "Tempel token akses terlebih dahulu.",
    who: (name, role) => `${name} · ${role}`,
    roles: { agent: "petugas", supervisor: "supervisor", admin: "administrator" },
    deskOpen: (until) => `Layanan buka sampai ${until} · jam SLA berjalan`,
    deskClosed: (opens) => `Layanan tutup · jam SLA berhenti sampai ${opens}`,
    deskClosedForGood: "Layanan tutup · jam SLA berhenti",
    today: "hari ini",
    tomorrow: "besok",
    wasmMissing: "Mesin waktu operasional (loket-wasm) tidak dapat dimuat: jam SLA tidak menghitung mundur di halaman ini, angkanya dari server dan diperbarui setiap 30 detik.",
    queueHeading: "Antrean tiket",
    application: "Aplikasi",
    allApps: "Semua aplikasi",
    state: "Status",
    tier: "Tingkat",
    assignee: "Petugas",
    sla: "SLA",
    search: "Cari (nomor, perihal, isi)",
    any: "Semua",
    openStates: "Belum selesai",
    mine: "Tiket saya",
    resetFilters: "Hapus filter",
    number: "Nomor",
    subject: "Perihal",
    priority: "Prioritas",
    slaColumn: "SLA (waktu operasional)",
    pages: "Halaman",
    prev: "‹ Sebelumnya",
    next: "Berikutnya ›",
    pageInfo: (a, b, n) => `${a}–${b} dari ${n}`,
    count: (n) => `${n} tiket`,
    updated: (t) => `diperbarui ${t}`,
    loading: "Memuat…",
    noTickets: "Tidak ada tiket yang cocok dengan filter.",
    unassigned: "—",
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
    slaStatus: {
      ok: "sesuai jadwal", on_track: "sesuai jadwal", warning: "peringatan", breached: "terlampaui", paused: "dijeda",
      met: "terpenuhi", cancelled: "dibatalkan", none: "tanpa SLA",
    },
    priorities: { low: "rendah", normal: "normal", high: "tinggi", urgent: "mendesak" },
    kinds: { complaint: "Aduan", request: "Permintaan", incident: "Insiden" },
    channels: { whatsapp: "WhatsApp", email: "Email" },
    left: (x) => `sisa ${x}`,
    over: (x) => `lewat ${x}`,
    dueAt: (x) => `tenggat ${x}`,
    back: "← Kembali ke antrean",
    ticket: (n) => `Tiket ${n}`,
    message: "Pesan",
    reporterHeading: "Kontak pelapor",
    reporterNote: "Data pribadi: hanya untuk petugas, jangan diteruskan.",
    reporterFields: { name: "Nama", phone: "Telepon", email: "Email", nik: "NIK", proof: "Kontak" },
    proof: {
      whatsapp: "terbukti oleh WhatsApp",
      email: "terbukti oleh server email",
      portal: (name) => `dijamin oleh portal ${name}`,
      none: "hanya dinyatakan pengirim (belum terbukti)",
    },
    showNik: "Tampilkan NIK",
    hideNik: "Sembunyikan NIK",
    noData: "—",
    kind: "Jenis",
    channel: "Saluran",
    receivedAt: "Diterima",
    category: "Kategori",
    mergedInto: "Digabung ke",
    deliveredAt: "Solusi dikirim",
    due: "Tenggat",
    clocksHeading: "Jam SLA",
    clockKinds: { resolution: "SLA penyelesaian", first_response: "SLA tanggapan pertama" },
    running: "berjalan",
    paused: "dijeda",
    stopped: "berhenti",
    used: (a, b) => `terpakai ${a} dari ${b}`,
    noClocks: "Tiket ini tidak punya jam SLA.",
    actionsHeading: "Langkah yang diperbolehkan",
    noActions: "Tidak ada langkah yang diperbolehkan sekarang.",
    needsSupervisor: "Langkah yang dinonaktifkan memerlukan peran supervisor.",
    steps: {
      handle_directly: "Tangani langsung", create_ticket: "Buat tiket untuk staf aplikasi", forward: "Teruskan",
      deliver_solution: "Kirim solusi", wait_for_reporter: "Tanya pelapor", reporter_replied: "Catat balasan pelapor",
      close: "Tutup tiket", reopen: "Buka kembali", respond: "Tanggapi pelapor", assign: "Tugaskan",
      classify: "Klasifikasikan", comment: "Catatan internal", reject: "Tolak (di luar lingkup)",
      merge_into: "Gabungkan ke tiket lain", reevaluate: "Evaluasi ulang SLA",
    },
    forwardTo: (tier) => `Teruskan ke ${tier}`,
    fields: {
      solution: "Solusi untuk pelapor", question: "Pertanyaan untuk pelapor", replied: "Balasan pelapor",
      respond: "Pesan untuk pelapor", comment: "Catatan (hanya petugas)", to: "Nama petugas",
      target: "Nomor tiket tujuan", category: "Kategori", priority: "Prioritas", reason: "Alasan (opsional)",
    },
    unchanged: "tidak diubah",
    confirmHint: "Langkah dicatat atas nama Anda dengan waktu sekarang dan tidak dapat dihapus.",
    cancel: "Batal",
    sending: "Mengirim…",
    done: (step) => `Tercatat: ${step}.`,
    required: (f) => `${f} wajib diisi.`,
    badNumber: "Nomor tiket tidak valid (contoh: JTG-2026-000123).",
    classifyEmpty: "Isi kategori atau pilih prioritas.",
    draftKept: "Isian Anda tetap tersimpan di formulir ini.",
    drafts: "Draf belum terkirim (langkahnya tidak diperbolehkan lagi):",
    timelineHeading: "Linimasa",
    actors: { reporter: "pelapor", system: "sistem", router: "router" },
    reason: "alasan",
    network: "Server tidak dapat dihubungi. Coba lagi sebentar lagi.",
    unauthorized: "Token tidak dikenal atau sudah tidak berlaku. Silakan masuk lagi.",
    http: (s) => `Kesalahan server (HTTP ${s}).`,
    footer: "Loket · Service Desk JatengProv, Dinas Kominfo Provinsi Jawa Tengah. Jam SLA dihitung dalam waktu operasional (jam layanan, tanpa hari libur).",
  },
  en: {
    title: "Loket — Service Desk JatengProv staff",
    subtitle: "Staff desk: ticket queue and service flow",
    skip: "Skip to content",
    toggle: "Bahasa Indonesia",
    signOut: "Sign out",
    signInHeading: "Sign in",
    tokenLabel: "Access token",
    signIn: "Sign in",
    tokenHelp: "Paste the token from your administrator. It is kept in this tab only and forgotten when the tab closes.",
    tokenEmpty: "Paste an access token first.",
    who: (name, role) => `${name} · ${role}`,
    roles: { agent: "agent", supervisor: "supervisor", admin: "admin" },
    deskOpen: (until) => `Desk open until ${until} · SLA clocks running`,
    deskClosed: (opens) => `Desk closed · SLA clocks stopped until ${opens}`,
    deskClosedForGood: "Desk closed · SLA clocks stopped",
    today: "today",
    tomorrow: "tomorrow",
    wasmMissing: "The operational-time engine (loket-wasm) could not be loaded: SLA clocks do not count down on this page; their figures come from the server and are refreshed every 30 s.",
    queueHeading: "Ticket queue",
    application: "Application",
    allApps: "All applications",
    state: "State",
    tier: "Tier",
    assignee: "Assignee",
    sla: "SLA",
    search: "Search (number, subject, text)",
    any: "Any",
    openStates: "Open (not finished)",
    mine: "My tickets",
    resetFilters: "Clear filters",
    number: "Number",
    subject: "Subject",
    priority: "Priority",
    slaColumn: "SLA (operational time)",
    pages: "Pages",
    prev: "‹ Previous",
    next: "Next ›",
    pageInfo: (a, b, n) => `${a}–${b} of ${n}`,
    count: (n) => `${n} ticket${n === 1 ? "" : "s"}`,
    updated: (t) => `updated ${t}`,
    loading: "Loading…",
    noTickets: "No tickets match the filters.",
    unassigned: "—",
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
    slaStatus: {
      ok: "on track", on_track: "on track", warning: "warning", breached: "breached", paused: "paused",
      met: "met", cancelled: "cancelled", none: "no SLA",
    },
    priorities: { low: "low", normal: "normal", high: "high", urgent: "urgent" },
    kinds: { complaint: "Complaint", request: "Request", incident: "Incident" },
    channels: { whatsapp: "WhatsApp", email: "Email" },
    left: (x) => `${x} left`,
    over: (x) => `${x} over`,
    dueAt: (x) => `due ${x}`,
    back: "← Back to the queue",
    ticket: (n) => `Ticket ${n}`,
    message: "Message",
    reporterHeading: "Reporter contact",
    reporterNote: "Personal data: for staff only, do not pass it on.",
    reporterFields: { name: "Name", phone: "Phone", email: "Email", nik: "NIK", proof: "Contact" },
    proof: {
      whatsapp: "proved by WhatsApp",
      email: "proved by the mail server",
      portal: (name) => `attested by the portal ${name}`,
      none: "only claimed by the sender (not proved)",
    },
    showNik: "Show NIK",
    hideNik: "Hide NIK",
    noData: "—",
    kind: "Kind",
    channel: "Channel",
    receivedAt: "Received",
    category: "Category",
    mergedInto: "Merged into",
    deliveredAt: "Solution delivered",
    due: "Due",
    clocksHeading: "SLA clocks",
    clockKinds: { resolution: "Resolution SLA", first_response: "First-response SLA" },
    running: "running",
    paused: "paused",
    stopped: "stopped",
    used: (a, b) => `${a} used of ${b}`,
    noClocks: "This ticket has no SLA clock.",
    actionsHeading: "Steps allowed now",
    noActions: "No step is allowed now.",
    needsSupervisor: "Disabled steps need the supervisor role.",
    steps: {
      handle_directly: "Handle directly", create_ticket: "Create ticket for application staff", forward: "Forward",
      deliver_solution: "Deliver solution", wait_for_reporter: "Ask the reporter", reporter_replied: "Record reporter's reply",
      close: "Close ticket", reopen: "Reopen", respond: "Respond to reporter", assign: "Assign",
      classify: "Classify", comment: "Internal note", reject: "Reject (out of scope)",
      merge_into: "Merge into another ticket", reevaluate: "Re-evaluate SLA",
    },
    forwardTo: (tier) => `Forward to ${tier}`,
    fields: {
      solution: "Solution for the reporter", question: "Question for the reporter", replied: "The reporter's reply",
      respond: "Message to the reporter", comment: "Note (staff only)", to: "Staff member",
      target: "Ticket number it duplicates", category: "Category", priority: "Priority", reason: "Reason (optional)",
    },
    unchanged: "unchanged",
    confirmHint: "The step is recorded in your name with the current time and cannot be removed.",
    cancel: "Cancel",
    sending: "Sending…",
    done: (step) => `Recorded: ${step}.`,
    required: (f) => `${f} is required.`,
    badNumber: "Not a ticket number (e.g. JTG-2026-000123).",
    classifyEmpty: "Enter a category or choose a priority.",
    draftKept: "What you typed is kept in this form.",
    drafts: "Unsent drafts (the step is no longer allowed):",
    timelineHeading: "Timeline",
    actors: { reporter: "reporter", system: "system", router: "router" },
    reason: "reason",
    network: "The server cannot be reached. Try again in a moment.",
    unauthorized: "Unknown or expired token. Please sign in again.",
    http: (s) => `Server error (HTTP ${s}).`,
    footer: "Loket · Service Desk JatengProv, Dinas Kominfo Provinsi Jawa Tengah. SLA clocks count operational time (service hours, holidays excluded).",
  },
};

// ---------------------------------------------------------------- state
const params = new URLSearchParams(location.search);
let lang = params.get("lang") ?? sessionStorage.getItem(KEYS.lang) ?? "id";
if (lang !== "en") lang = "id";
let token = sessionStorage.getItem(KEYS.token);
let me = null; // { name, role }
let products = PRODUCTS;
let engine = null; // { wasm, calendar } once loket-wasm is loaded
let tz = "Asia/Jakarta";
let warningRatio = 0.75; // the desk's warning share (admins read it from the profile)
let coverageWarning = null; // GET /api/v1/desk → coverage.warning: the confirmed holiday list ends soon
let filters = { application: "", state: "open", tier: "", assignee: "", sla: "", q: "", offset: 0, ...readJSON(KEYS.filters) };
let list = null; // the last listing, with `at` (local ms when received)
let view = null; // the last ticket view, with `at`
let panel = null; // the open step form: { key, step }
let live = []; // countdowns on screen: { node, sla, at, render }
let listSeq = 0;
let ticketSeq = 0;

const t = () => T[lang];
const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : v);
  e.append(...children.filter((c) => c !== null && c !== undefined));
  return e;
};
function readJSON(key) {
  try {
    return JSON.parse(sessionStorage.getItem(key)) ?? {};
  } catch {
    return {};
  }
}
const atLeast = (role) => (ROLE_RANK[me?.role] ?? 0) >= ROLE_RANK[role];

// ---------------------------------------------------------------- time helpers
// Wall-clock parts of an instant in the desk's zone (not the browser's).
let partsFormat = null;
function parts(at) {
  partsFormat ??= new Intl.DateTimeFormat("en-US", {
    timeZone: tz, year: "numeric", month: "numeric", day: "numeric", weekday: "short",
    hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
  });
  const o = {};
  for (const p of partsFormat.formatToParts(new Date(at))) o[p.type] = p.value;
  return {
    y: +o.year, m: +o.month, d: +o.day,
    wd: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(o.weekday),
    hm: `${o.hour}:${o.minute}`, hms: `${o.hour}:${o.minute}:${o.second}`,
  };
}
const pad = (n) => String(n).padStart(2, "0");
const dayNumber = (p) => Date.UTC(p.y, p.m - 1, p.d) / 864e5;
// "Sen 2 Mar 2026 08:00"
function when(at) {
  const p = parts(at);
  return `${DAYS[lang][p.wd].slice(0, 3)} ${p.d} ${MONTHS[lang][p.m - 1].slice(0, 3)} ${p.y} ${p.hm}`;
}
// "15:30", "besok (Senin) 07:00", "Senin 07:00", or the date.
function relative(at) {
  const p = parts(at);
  const days = dayNumber(p) - dayNumber(parts(Date.now()));
  if (days === 0) return p.hm;
  if (days === 1) return `${t().tomorrow} (${DAYS[lang][p.wd]}) ${p.hm}`;
  if (days > 1 && days < 7) return `${DAYS[lang][p.wd]} ${p.hm}`;
  return when(at);
}
// Operational seconds as h:mm:ss (no days: an operational day is not 24 hours).
function hms(seconds) {
  const s = Math.abs(Math.trunc(seconds));
  return `${Math.floor(s / 3600)}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

// ---------------------------------------------------------------- API
class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}
async function api(path, { method = "GET", body, auth = true } = {}) {
  const headers = { Accept: "application/json", "Accept-Language": lang };
  if (auth && token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: "no-store" });
  } catch {
    throw new ApiError(0, "network", t().network);
  }
  let data = null;
  try {
    data = await res.json();
  } catch {
    /* not JSON */
  }
  if (res.ok) return data;
  const e = data?.error ?? {};
  const err = new ApiError(res.status, e.code ?? `http.${res.status}`, e.message ?? t().http(res.status), e.details);
  if (res.status === 401 && auth && path !== `${API}/me`) expire();
  throw err;
}
function query(obj) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(obj)) if (v !== "" && v !== undefined && v !== null) q.set(k, v);
  return q.toString();
}

// ---------------------------------------------------------------- SLA countdown
// Remaining operational seconds now: the server's figure minus the operational time
// since `asOf` (measured with the local clock from when the answer arrived, so a
// skewed browser clock does not matter).
const betweenCache = new Map();
function remainingNow(sla, at) {
  if (!sla.running || !engine || !sla.asOf) return sla.remaining;
  const from = Date.parse(sla.asOf);
  const wall = Math.floor((Date.now() - at) / 1000) * 1000;
  if (wall <= 0 || Number.isNaN(from)) return sla.remaining;
  const key = `${from}+${wall}`;
  let spent = betweenCache.get(key);
  if (spent === undefined) {
    try {
      spent = engine.calendar.between(from, from + wall).value;
    } catch {
      spent = 0;
    }
    betweenCache.set(key, spent);
  }
  return sla.remaining - spent;
}
// The look of a clock now: the server's status, moved on locally to warning (past the
// desk's warning share) and breached (past zero) while it counts down.
function slaLook(c, remaining) {
  const s = c.paused ? "paused" : c.status === "on_track" ? "ok" : c.status;
  if (s === "met" || s === "cancelled" || s === "paused") return s;
  if (!c.running) return s === "breached" ? "breached" : "paused";
  if (remaining < 0) return "breached";
  if (s === "ok" && c.budget > 0 && c.budget - remaining >= warningRatio * c.budget) return "warning";
  return s;
}
function tick() {
  betweenCache.clear();
  renderDesk();
  live = live.filter((c) => c.node.isConnected);
  for (const c of live) c.render(remainingNow(c.sla, c.at));
}

// ---------------------------------------------------------------- static text
function renderStatic() {
  document.documentElement.lang = lang;
  document.title = t().title;
  for (const e of document.querySelectorAll("[data-t]")) {
    const v = t()[e.dataset.t];
    if (typeof v === "string") e.textContent = v;
  }
  for (const e of document.querySelectorAll("[data-t-label]")) e.setAttribute("aria-label", t()[e.dataset.tLabel]);
  const toggle = $("lang-toggle");
  toggle.textContent = t().toggle;
  toggle.lang = lang === "id" ? "en" : "id";
  fill($("f-state"), [["", t().any], ["open", t().openStates], ...STATES.map((s) => [s, t().states[s]])], filters.state);
  fill($("f-tier"), [["", t().any], ...TIERS.map((s) => [s, t().tiers[s]])], filters.tier);
  fill($("f-sla"), [["", t().any], ...SLA_FILTERS.map((s) => [s, t().slaStatus[s]])], filters.sla);
  $("f-assignee").value = filters.assignee;
  $("f-q").value = filters.q;
  renderApps();
  renderWho();
  renderNotice();
}
function fill(select, options, value) {
  select.replaceChildren(...options.map(([v, label]) => el("option", { value: v }, label)));
  select.value = value ?? "";
  if (select.selectedIndex < 0) select.selectedIndex = 0;
}
function renderApps() {
  const box = $("apps");
  const label = box.firstElementChild;
  const button = (id, name) => {
    const b = el("button", { type: "button", class: "app", "data-app": id, "aria-pressed": String(filters.application === id) }, name);
    b.addEventListener("click", () => setFilter({ application: id }));
    return b;
  };
  box.replaceChildren(label, button("", t().allApps), ...products.map((p) => button(p.id, p.name)));
  $("team-list").replaceChildren(...[...new Set(products.flatMap((p) => p.team ?? []))].map((n) => el("option", { value: n })));
}
function renderWho() {
  const who = $("who");
  who.hidden = !me;
  $("sign-out").hidden = !token;
  if (me) who.textContent = t().who(me.name, t().roles[me.role] ?? me.role);
  renderCoverage();
  const mine = $("f-mine");
  mine.setAttribute("aria-pressed", String(!!me && filters.assignee === me.name));
  mine.disabled = !me;
}
// The coverage warning, for administrators and supervisors only: the holiday
// list's decreed dates end soon (or have ended) and the next year is provisional.
function renderCoverage() {
  const box = $("coverage-warning");
  const w = coverageWarning;
  box.hidden = !(w && me && atLeast("supervisor"));
  if (box.hidden) return;
  box.textContent = (lang === "en" ? w.messageEn : w.messageId) ?? w.message ?? "";
  box.className = `coverage-warning ${w.state === "ended" ? "ended" : "ending"}`;
  box.dataset.code = w.code ?? "";
}
function renderNotice() {
  const n = $("notice");
  n.hidden = engine !== false;
  n.textContent = t().wasmMissing;
}
function renderDesk() {
  const box = $("desk-status");
  if (!engine) {
    box.hidden = true;
    return;
  }
  let s;
  try {
    s = engine.calendar.status(Date.now());
  } catch {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  box.className = `desk-status ${s.state}`;
  const text = s.state === "open" ? t().deskOpen(relative(s.until)) : s.opens ? t().deskClosed(relative(s.opens)) : t().deskClosedForGood;
  if (box.textContent !== text) box.textContent = text;
}

// ---------------------------------------------------------------- views and routing
function show(which) {
  for (const id of ["signin", "queue", "ticket"]) $(id).hidden = id !== which;
}
// `focus`: move the focus to the view's heading (after navigation).
function route(focus) {
  if (!token || !me) {
    show("signin");
    return;
  }
  const m = /^#\/t\/([^/?#]+)$/.exec(location.hash);
  if (m) {
    const number = decodeURIComponent(m[1]);
    if (view?.ticket.number !== number) {
      view = null;
      closePanel();
      $("ticket-h").textContent = t().ticket(number);
      for (const id of ["ticket-subject", "ticket-fields", "ticket-body", "reporter", "clocks", "actions", "timeline", "actions-note", "drafts"]) $(id).replaceChildren();
      $("drafts").hidden = true;
    }
    show("ticket");
    $("ticket-h").focus();
    loadTicket(number);
  } else {
    show("queue");
    if (focus) $("queue-h").focus();
    loadList();
  }
}
function current() {
  const m = /^#\/t\/([^/?#]+)$/.exec(location.hash);
  return m ? decodeURIComponent(m[1]) : null;
}

// ---------------------------------------------------------------- sign-in
async function signIn(ev) {
  ev.preventDefault();
  const input = $("token");
  const box = $("signin-error");
  const value = input.value.trim();
  if (!value) {
    box.textContent = t().tokenEmpty;
    box.hidden = false;
    input.setAttribute("aria-invalid", "true");
    input.focus();
    return;
  }
  token = value;
  try {
    await whoAmI();
  } catch (e) {
    token = null;
    box.textContent = e.status === 401 ? t().unauthorized : e.message;
    box.hidden = false;
    input.setAttribute("aria-invalid", "true");
    input.focus();
    return;
  }
  sessionStorage.setItem(KEYS.token, token);
  input.value = "";
  input.removeAttribute("aria-invalid");
  box.hidden = true;
  $("global-error").hidden = true;
  route(true);
}
async function whoAmI() {
  me = await api(`${API}/me`);
  renderWho();
  loadProfile();
}
// The desk's profile has the products, their teams and the calendar in force.
async function loadProfile() {
  try {
    const p = await api(`${API}/desk`);
    const list = p?.desk?.product ?? p?.desk?.products;
    if (Array.isArray(list) && list.length) {
      products = list.map((x) => ({ id: x.id, name: x.name ?? x.id, team: x.team ?? [] }));
      renderApps();
    }
    if (typeof p?.desk?.warning_ratio === "number") warningRatio = p.desk.warning_ratio;
    coverageWarning = p?.coverage?.warning ?? null;
    renderCoverage();
    if (engine && p?.calendar) {
      engine.calendar = engine.wasm.Calendar.fromSpec(p.calendar);
      tz = engine.calendar.timezone;
      partsFormat = null;
    }
  } catch {
    /* keep the defaults */
  }
}
function signOut() {
  token = null;
  me = null;
  coverageWarning = null;
  view = null;
  list = null;
  sessionStorage.removeItem(KEYS.token);
  sessionStorage.removeItem(KEYS.drafts); // drafts may quote personal data
  closePanel();
  renderWho();
  history.replaceState(null, "", location.pathname + location.search);
  show("signin");
  $("token").focus();
}
// A 401 in the middle of work: back to sign-in, drafts kept for after.
function expire() {
  token = null;
  me = null;
  sessionStorage.removeItem(KEYS.token);
  renderWho();
  show("signin");
  const box = $("signin-error");
  box.textContent = t().unauthorized;
  box.hidden = false;
}

// ---------------------------------------------------------------- the queue
function setFilter(change) {
  filters = { ...filters, ...change, offset: change.offset ?? 0 };
  sessionStorage.setItem(KEYS.filters, JSON.stringify(filters));
  for (const b of document.querySelectorAll("#apps [data-app]")) b.setAttribute("aria-pressed", String(b.dataset.app === filters.application));
  renderWho();
  loadList();
}
async function loadList() {
  const seq = ++listSeq;
  if (!list) $("queue-meta").textContent = t().loading;
  const { offset, ...rest } = filters;
  try {
    const data = await api(`${API}/tickets?${query({ ...rest, limit: PAGE, offset })}`);
    if (seq !== listSeq) return;
    if (!data.tickets.length && offset > 0) return setFilter({ offset: 0 }); // the page emptied
    list = { ...data, at: Date.now() };
    $("queue-error").hidden = true;
    renderList();
  } catch (e) {
    if (seq !== listSeq || e.status === 401) return;
    const box = $("queue-error");
    box.textContent = e.message;
    box.hidden = false;
  }
}
function slaCell(sla, at) {
  if (!sla) return { node: el("span", { class: "sla-badge sla-none" }, t().slaStatus.none), render: () => {} };
  const badge = el("span", { class: "sla-badge" });
  const count = el("span", { class: "count" });
  const node = el("span", { class: "sla", title: t().dueAt(when(sla.due)) }, badge, " ", count, el("span", { class: "due" }, when(sla.due)));
  const render = (rem) => {
    const look = slaLook(sla, rem);
    badge.className = `sla-badge sla-${look}`;
    badge.textContent = t().slaStatus[look] ?? look;
    count.textContent = rem < 0 ? t().over(hms(rem)) : t().left(hms(rem));
    node.closest("tr")?.setAttribute("data-sla", look);
  };
  live.push({ node, sla, at, render });
  return { node, render: () => render(remainingNow(sla, at)) };
}
function renderList() {
  const tbody = $("tickets").tBodies[0];
  const focused = document.activeElement?.dataset?.number;
  const h = t();
  const rows = list.tickets.map((x) => {
    const cell = slaCell(x.sla, list.at);
    const tr = el("tr", { "data-sla": x.sla ? "" : "none" },
      el("td", { "data-label": h.number }, el("a", { href: `#/t/${encodeURIComponent(x.number)}`, "data-number": x.number }, x.number)),
      el("td", { "data-label": h.subject, class: "subj" }, x.subject || h.noData),
      el("td", { "data-label": h.application }, x.applicationName ?? x.application ?? h.noData),
      el("td", { "data-label": h.state }, x.stateLabel ?? h.states[x.state] ?? x.state),
      el("td", { "data-label": h.tier }, x.tierLabel ?? h.tiers[x.tier] ?? x.tier),
      el("td", { "data-label": h.assignee }, x.assignee ?? h.unassigned),
      el("td", { "data-label": h.priority }, el("span", { class: `prio prio-${x.priority}` }, h.priorities[x.priority] ?? x.priority ?? "")),
      el("td", { "data-label": h.slaColumn }, cell.node));
    cell.render();
    return tr;
  });
  if (!rows.length) rows.push(el("tr", {}, el("td", { colspan: "8", class: "empty" }, h.noTickets)));
  tbody.replaceChildren(...rows);
  if (focused) tbody.querySelector(`a[data-number="${CSS.escape(focused)}"]`)?.focus();
  const from = list.total ? filters.offset + 1 : 0;
  const to = filters.offset + list.tickets.length;
  $("queue-meta").textContent = `${h.count(list.total)} · ${h.updated(parts(list.at).hms)}`;
  $("page-info").textContent = h.pageInfo(from, to, list.total);
  $("prev").disabled = filters.offset <= 0;
  $("next").disabled = to >= list.total;
}

// ---------------------------------------------------------------- one ticket
async function loadTicket(number) {
  const seq = ++ticketSeq;
  try {
    const data = await api(`${API}/tickets/${encodeURIComponent(number)}`);
    if (seq !== ticketSeq || current() !== number) return;
    setView(data);
    $("ticket-error").hidden = true;
  } catch (e) {
    if (seq !== ticketSeq || e.status === 401) return;
    const box = $("ticket-error");
    box.textContent = e.message;
    box.hidden = false;
  }
}
function setView(data) {
  view = { ...data, at: Date.now() };
  renderTicket();
}
function fieldList(dl, pairs) {
  dl.replaceChildren(...pairs.filter(([, v]) => v !== undefined).flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v ?? t().noData)]));
}
function renderTicket() {
  if (!view) return;
  const h = t();
  const x = view.ticket;
  $("ticket-h").textContent = h.ticket(x.number);
  $("ticket-subject").textContent = x.subject ?? "";
  fieldList($("ticket-fields"), [
    [h.state, x.stateLabel ?? h.states[x.state] ?? x.state],
    [h.tier, x.tierLabel ?? h.tiers[x.tier] ?? x.tier],
    [h.application, x.applicationName ?? x.application],
    [h.kind, h.kinds[x.kind] ?? x.kind],
    [h.channel, h.channels[x.channel] ?? x.channel],
    [h.assignee, x.assignee],
    [h.priority, h.priorities[x.priority] ?? x.priority],
    [h.category, x.category],
    [h.receivedAt, x.receivedAt ? when(x.receivedAt) : null],
    [h.due, x.sla?.due ? when(x.sla.due) : null],
    [h.deliveredAt, x.deliveredAt ? when(x.deliveredAt) : undefined], // shown only when set
    [h.mergedInto, x.mergedInto ? el("a", { href: `#/t/${encodeURIComponent(x.mergedInto)}` }, x.mergedInto) : undefined],
  ]);
  $("ticket-body").replaceChildren(...(x.body ?? "").split(/\n/).map((line) => el("p", {}, line)));
  renderReporter(x.reporter ?? {});
  renderClocks();
  renderActions();
  $("timeline").replaceChildren(...(view.timeline ?? []).map((e) =>
    el("li", { class: `ev ev-${e.event}` },
      el("time", { datetime: e.at }, when(e.at)), " · ",
      el("span", { class: "actor" }, actorText(e.by)), " · ",
      el("span", { class: "text" }, e.text),
      e.reason ? el("span", { class: "reason" }, ` (${h.reason}: ${e.reason})`) : null)));
}
function actorText(by) {
  if (!by) return "";
  if (by.type === "staff") return by.name;
  if (by.type === "router") return `${t().actors.router} ${by.name ?? ""}`.trim();
  return t().actors[by.type] ?? by.type;
}
function renderReporter(r) {
  const h = t();
  const link = (href, text) => el("a", { href }, text);
  const items = [
    [h.reporterFields.name, r.name],
    [h.reporterFields.phone, r.phone ? link(`tel:${r.phone.replace(/[^+\d]/g, "")}`, r.phone) : null],
    [h.reporterFields.email, r.email ? link(`mailto:${r.email}`, r.email) : null],
  ];
  // How far the contact can be trusted (docs/service.md, "Reporter identity").
  if (r.phone || r.email) {
    const p = r.proof;
    const said = p === "whatsapp" || p === "email" ? h.proof[p]
      : p && p.portal ? h.proof.portal(p.portal.name) : h.proof.none;
    items.push([h.reporterFields.proof, said]);
  }
  if (r.nik) {
    const masked = r.nik.length > 6 ? `${r.nik.slice(0, 4)}${"•".repeat(r.nik.length - 6)}${r.nik.slice(-2)}` : "••••";
    const value = el("span", { class: "nik" }, masked);
    const b = el("button", { type: "button", class: "link", "aria-pressed": "false" }, h.showNik);
    b.addEventListener("click", () => {
      const shown = b.getAttribute("aria-pressed") === "true";
      value.textContent = shown ? masked : r.nik;
      b.setAttribute("aria-pressed", String(!shown));
      b.textContent = shown ? h.showNik : h.hideNik;
    });
    items.push([h.reporterFields.nik, el("span", {}, value, " ", b)]);
  }
  fieldList($("reporter"), items);
}
function renderClocks() {
  const h = t();
  const box = $("clocks");
  const clocks = view.clocks ?? [];
  if (!clocks.length) {
    box.replaceChildren(el("p", { class: "muted" }, h.noClocks));
    return;
  }
  box.replaceChildren(...clocks.map((c) => {
    const sla = { ...c, asOf: c.asOf ?? view.ticket.sla?.asOf };
    const title = el("strong", {});
    const meter = el("meter", { min: "0", max: String(c.budget || 1), optimum: "0",
      low: String((c.budget || 1) * 0.75), high: String((c.budget || 1) * 0.999) });
    const detail = el("p", {});
    const node = el("div", { class: "clock", "data-clock": c.kind }, el("p", {}, title), meter, detail);
    const render = (rem) => {
      const look = slaLook(c, rem);
      const mode = c.running ? h.running : look === "paused" ? null : h.stopped;
      node.className = `clock sla-${look}`;
      title.textContent = `${h.clockKinds[c.kind] ?? c.kind}: ${h.slaStatus[look] ?? look}${mode ? ` (${mode})` : ""}`;
      const elapsed = (c.budget ?? 0) - rem;
      meter.value = Math.max(0, Math.min(elapsed, c.budget ?? 0));
      meter.setAttribute("aria-label", title.textContent);
      detail.textContent = `${h.used(hms(Math.max(0, elapsed)), hms(c.budget ?? 0))} · ${rem < 0 ? h.over(hms(rem)) : h.left(hms(rem))} · ${h.dueAt(when(c.due))}`;
    };
    live.push({ node, sla, at: view.at, render });
    render(remainingNow(sla, view.at));
    return node;
  }));
}

// ---------------------------------------------------------------- steps
// An allowed event `{event, to?}` (as the server lists them) or a draft's key
// (`forward:change_management`, `close`) → a step with its key.
function stepOf(a) {
  if (typeof a === "string") {
    const [event, to] = a.split(":");
    return to ? { key: a, event, to } : { key: a, event };
  }
  return a.to ? { key: `${a.event}:${a.to}`, event: a.event, to: a.to } : { key: a.event, event: a.event };
}
function stepLabel(step) {
  return step.event === "forward" ? t().forwardTo(t().tiers[step.to] ?? step.to) : t().steps[step.event] ?? step.event;
}
function renderActions() {
  const h = t();
  const steps = [];
  const seen = new Set();
  for (const s of (view.allowed ?? []).map(stepOf)) {
    if (seen.has(s.key)) continue;
    seen.add(s.key);
    steps.push(s);
  }
  steps.sort((a, b) => (ORDER.indexOf(a.event) >>> 0) - (ORDER.indexOf(b.event) >>> 0));
  let locked = false;
  const focused = document.activeElement?.closest?.("#actions") ? document.activeElement.dataset.step : null;
  const buttons = steps.map((s) => {
    const needs = SUPERVISOR_ONLY.has(s.event) && !atLeast("supervisor");
    locked ||= needs;
    const cls = PRIMARY.has(s.event) ? "step primary" : SUPERVISOR_ONLY.has(s.event) ? "step outline danger" : "step outline";
    const b = el("button", { type: "button", class: cls, "data-step": s.key, "aria-expanded": String(panel?.key === s.key),
      "aria-controls": "action-panel", disabled: needs, "aria-describedby": needs ? "actions-note" : null }, stepLabel(s));
    b.addEventListener("click", () => openPanel(s));
    return b;
  });
  $("actions").replaceChildren(...(buttons.length ? buttons : [el("p", { class: "muted" }, h.noActions)]));
  if (focused) buttons.find((b) => b.dataset.step === focused && !b.disabled)?.focus();
  $("actions-note").textContent = locked ? h.needsSupervisor : "";
  // Drafts of steps no longer allowed (the ticket moved on): still reachable, to copy from.
  const prefix = `${view.ticket.number}|`;
  const stale = Object.entries(drafts())
    .filter(([k]) => k.startsWith(prefix) && !seen.has(k.slice(prefix.length)) && k.slice(prefix.length) !== panel?.key)
    .filter(([, v]) => Object.values(v).some((x) => String(x).trim()))
    .map(([k]) => stepOf(k.slice(prefix.length)));
  const box = $("drafts");
  box.hidden = !stale.length;
  box.replaceChildren(h.drafts, " ", ...stale.map((s) => {
    const b = el("button", { type: "button", class: "link" }, stepLabel(s));
    b.addEventListener("click", () => openPanel(s));
    return b;
  }));
}

function drafts() {
  return readJSON(KEYS.drafts);
}
function saveDraft(key, values) {
  const all = drafts();
  all[key] = values;
  sessionStorage.setItem(KEYS.drafts, JSON.stringify(all));
}
function dropDraft(key) {
  const all = drafts();
  delete all[key];
  sessionStorage.setItem(KEYS.drafts, JSON.stringify(all));
}

function closePanel(focusBack = false) {
  const key = panel?.key;
  panel = null;
  $("action-panel").replaceChildren();
  if (view && key) renderActions();
  if (focusBack && key) (document.querySelector(`#actions [data-step="${CSS.escape(key)}"]`) ?? document.querySelector("#drafts button") ?? $("ticket-h")).focus();
}
// The form of one step: its fields, an optional reason, send and cancel. What is typed
// is kept (sessionStorage) per ticket and step until the step is recorded.
function openPanel(step, { focus = true } = {}) {
  const h = t();
  const number = view.ticket.number;
  const draftKey = `${number}|${step.key}`;
  const saved = drafts()[draftKey] ?? {};
  panel = { key: step.key, step };
  const id = (name) => `step-${name}`;
  const fields = [...(FORMS[step.event] ?? [])];
  if (!NO_REASON.has(step.event)) fields.push({ name: "reason", kind: "input" });
  const controls = fields.map((f) => {
    const label = h.fields[f.label ?? f.name];
    let input;
    if (f.kind === "textarea") input = el("textarea", { id: id(f.name), name: f.name, rows: "4", required: f.required });
    else if (f.kind === "select") {
      input = el("select", { id: id(f.name), name: f.name },
        el("option", { value: "" }, h.unchanged), ...PRIORITIES.map((p) => el("option", { value: p }, h.priorities[p])));
    } else input = el("input", { id: id(f.name), name: f.name, list: f.list && id("list"), placeholder: f.placeholder, required: f.required, autocomplete: "off" });
    input.value = saved[f.name] ?? "";
    // Assign: suggest the ticket's application team first, then everyone.
    const team = f.list && [...new Set([...(products.find((p) => p.id === view.ticket.application)?.team ?? []), ...products.flatMap((p) => p.team ?? [])])];
    return el("div", { class: "field" }, el("label", { for: id(f.name) }, label), input,
      team ? el("datalist", { id: id("list") }, ...team.map((n) => el("option", { value: n }))) : null);
  });
  const error = el("p", { class: "error", role: "alert", id: "step-error", hidden: true });
  const send = el("button", { type: "submit", class: SUPERVISOR_ONLY.has(step.event) ? "danger" : "" }, stepLabel(step));
  const cancel = el("button", { type: "button", class: "outline" }, h.cancel);
  const form = el("form", { class: "step-form", novalidate: true, "aria-labelledby": "step-h" },
    el("h4", { id: "step-h" }, stepLabel(step)),
    ...controls,
    el("p", { class: "muted small" }, h.confirmHint),
    error,
    el("div", { class: "buttons" }, send, cancel));
  form.addEventListener("input", () => saveDraft(draftKey, Object.fromEntries(new FormData(form))));
  form.addEventListener("keydown", (e) => {
    if (e.key === "Escape") closePanel(true);
  });
  cancel.addEventListener("click", () => closePanel(true));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    submitStep(step, form, error, send, draftKey, number);
  });
  $("action-panel").replaceChildren(form);
  // The buttons' aria-expanded, and the unsent drafts: the step left for this one may
  // have one (e.g. a solution refused a moment ago) that must stay reachable.
  renderActions();
  if (focus) (form.querySelector("textarea, input, select") ?? send).focus();
}
function validate(step, form) {
  const h = t();
  for (const f of FORMS[step.event] ?? []) {
    const input = form.elements[f.name];
    const v = input.value.trim();
    input.removeAttribute("aria-invalid");
    if (f.required && !v) return [input, h.required(h.fields[f.label ?? f.name])];
    if (f.pattern && v && !new RegExp(f.pattern).test(v)) return [input, h.badNumber];
  }
  if (step.event === "classify" && !form.elements.category.value.trim() && !form.elements.priority.value) {
    return [form.elements.category, h.classifyEmpty];
  }
  return null;
}
async function submitStep(step, form, error, send, draftKey, number) {
  const problem = validate(step, form);
  if (problem) {
    const [input, message] = problem;
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", "step-error");
    error.textContent = message;
    error.hidden = false;
    input.focus();
    return;
  }
  const event = { event: step.event };
  if (step.to) event.to = step.to;
  for (const f of FORMS[step.event] ?? []) {
    const v = form.elements[f.name].value.trim();
    if (v) event[f.name] = step.event === "merge_into" ? v.toUpperCase() : v;
  }
  const reason = form.elements.reason?.value.trim();
  if (reason) event.reason = reason;
  const label = send.textContent;
  send.disabled = true;
  send.textContent = t().sending;
  form.setAttribute("aria-busy", "true");
  try {
    const data = await api(`${API}/tickets/${encodeURIComponent(number)}/events`, { method: "POST", body: event });
    dropDraft(draftKey);
    if (current() !== number) return;
    ticketSeq++; // a refresh sent before this step must not show the ticket as it was
    closePanel();
    setView(data);
    const note = $("actions-note");
    note.textContent = `${t().done(stepLabel(step))} ${note.textContent}`.trim();
    $("ticket-h").focus();
  } catch (e) {
    if (e.status === 401) return; // signed out; the draft stays for after sign-in
    error.replaceChildren(el("span", {}, e.message), " ", el("span", { class: "muted" }, t().draftKept));
    error.hidden = false;
    // A refused step means the ticket moved on: refresh it (the buttons), keep this form.
    if (e.status === 409 && current() === number) {
      try {
        const seq = ++ticketSeq;
        const fresh = await api(`${API}/tickets/${encodeURIComponent(number)}`);
        if (seq === ticketSeq && current() === number) setView(fresh);
      } catch {
        /* keep what is shown */
      }
    }
  } finally {
    if (form.isConnected) {
      send.disabled = false;
      send.textContent = label;
      form.removeAttribute("aria-busy");
      if (!form.contains(document.activeElement)) (form.querySelector("textarea, input, select") ?? send).focus();
    }
  }
}

// ---------------------------------------------------------------- events and start
function bind() {
  $("signin-form").addEventListener("submit", signIn);
  $("sign-out").addEventListener("click", signOut);
  $("lang-toggle").addEventListener("click", () => {
    lang = lang === "id" ? "en" : "id";
    sessionStorage.setItem(KEYS.lang, lang);
    renderStatic();
    renderDesk();
    if (!me) return;
    // Server texts (labels, timeline, messages) come in the request's language: fetch again.
    if (current()) {
      renderTicket();
      if (panel && view) openPanel(panel.step, { focus: false });
      loadTicket(current());
    } else {
      if (list) renderList();
      loadList();
    }
  });
  window.addEventListener("hashchange", route);
  const f = $("filters");
  for (const name of ["state", "tier", "sla"]) f.elements[name].addEventListener("change", (e) => setFilter({ [name]: e.target.value }));
  let typing = null;
  for (const name of ["assignee", "q"]) {
    f.elements[name].addEventListener("input", (e) => {
      clearTimeout(typing);
      typing = setTimeout(() => setFilter({ [name]: e.target.value.trim() }), 400);
    });
  }
  f.addEventListener("submit", (e) => {
    e.preventDefault();
    clearTimeout(typing);
    setFilter({ assignee: f.elements.assignee.value.trim(), q: f.elements.q.value.trim() });
  });
  f.addEventListener("reset", (e) => {
    e.preventDefault();
    clearTimeout(typing);
    filters = { ...filters, state: "open", tier: "", assignee: "", sla: "", q: "" };
    renderStatic();
    setFilter({});
  });
  $("f-mine").addEventListener("click", () => {
    const on = me && filters.assignee !== me.name;
    $("f-assignee").value = on ? me.name : "";
    setFilter({ assignee: on ? me.name : "" });
  });
  $("prev").addEventListener("click", () => setFilter({ offset: Math.max(0, filters.offset - PAGE) }));
  $("next").addEventListener("click", () => setFilter({ offset: filters.offset + PAGE }));
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) refresh();
  });
}
function refresh() {
  if (!me || document.hidden) return;
  if (current()) loadTicket(current());
  else loadList();
}
async function loadEngine() {
  try {
    const wasm = await import(WASM_URL);
    await wasm.default(); // fetches loket_wasm_bg.wasm next to the module
    wasm.setLanguage(lang);
    const profile = wasm.Profile.jatengprov();
    engine = { wasm, calendar: profile.calendar };
    tz = engine.calendar.timezone;
    partsFormat = null;
    if (products === PRODUCTS) products = profile.products().map((p) => ({ id: p.id, name: p.name, team: p.team }));
  } catch (e) {
    engine = false;
    console.warn("loket-wasm:", e);
  }
}
async function start() {
  renderStatic();
  bind();
  await loadEngine();
  renderStatic();
  renderDesk();
  if (token) {
    try {
      await whoAmI();
    } catch (e) {
      if (e.status === 401) expire();
      else {
        const box = $("global-error");
        box.textContent = e.message;
        box.hidden = false;
      }
    }
  }
  route();
  if (engine) setInterval(tick, TICK_MS);
  setInterval(refresh, REFRESH_MS);
  document.body.dataset.ready = engine ? "1" : "no-engine";
}

start();
