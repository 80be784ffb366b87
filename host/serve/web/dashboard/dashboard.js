// The supervisor's dashboard (/dashboard/): SLA compliance and the SKM survey over a
// period. The SLA reports are computed in the page: the period's ticket facts come
// once as an export (GET /api/v1/reports/export), opened in place by the npm
// package (FactsArchive, the core's report code compiled to WebAssembly), and every
// filter is computed here without asking the server again; a saved export opens
// offline the same way. Without the package the page asks GET /api/v1/reports/sla
// instead (the same numbers, computed by the server). The SKM comes from
// GET /api/v1/reports/skm. Every number here is the one `loket report` and
// `loket skm` print. Charts by uPlot (MIT, from npm, copied by `cargo xtask wasm`
// into target/npm/vendor/ and served at /vendor/). Bahasa Indonesia by default,
// English on request; the token stays in this tab only.

const KEYS = { token: "loket.dashboard.token", lang: "loket.dashboard.lang" };
const params = new URLSearchParams(location.search);
let lang = params.get("lang") ?? sessionStorage.getItem(KEYS.lang) ?? "id";
let token = sessionStorage.getItem(KEYS.token);
let last = { sla: null, skm: null };
const charts = [];
const WASM_URL = "/loket-wasm/report/loket_report.js";
// The engine (null: not tried yet, false: unavailable) and the export in use:
// { archive, bytes, key: "from/to" or the file's name, offline }.
let engine = null;
let current = null;

const T = {
  id: {
    skip: "Langsung ke isi", subtitle: "Dasbor pengawasan: kepatuhan SLA dan Survei Kepuasan Masyarakat",
    signOut: "Keluar", signInHeading: "Masuk", tokenLabel: "Token akses (supervisor atau admin)", signIn: "Masuk",
    periodHeading: "Periode", from: "Dari", to: "Sampai", application: "Aplikasi", all: "Semua aplikasi", deskItself: "Tentang desk",
    show: "Tampilkan", print: "Cetak / PDF", csvSla: "CSV SLA", csvSkm: "CSV SKM", headline: "Ringkasan",
    compliance: "Kepatuhan SLA", tickets: "Tiket diterima", finished: "Selesai", breached: "Lewat tenggat", open: "Masih terbuka",
    skmScore: "Nilai SKM (mutu)", complianceNote: "Kepatuhan = tepat waktu ÷ (selesai + lewat tenggat yang masih terbuka). Semua waktu dihitung dalam jam layanan.",
    trend: "Tren kepatuhan per minggu", byApplication: "Per aplikasi dan beban tim", backlog: "Antrean terbuka menurut umur (hari operasional)",
    officers: "Beban per petugas", breaches: "Pelanggaran tenggat", skm: "Survei Kepuasan Masyarakat (PermenPANRB 14/2017)", comments: "Komentar",
    handling: (m, p, x) => `Waktu penanganan operasional: median ${m}, p90 ${p}, maks ${x}.`,
    intake: (i, by, oos) => `Pesan masuk: ${i.received} (jadi tiket ${by("accepted")}, dirujuk ${by("referred")}, ditolak ${by("refused")}, balasan ke tiket ${by("threaded")})${oos ? `; di luar layanan: ${oos}` : ""}.`,
    month: "Bulan", week: "Minggu", met: "Tepat waktu", team: "Tim", perMember: "Tiket per orang", openPerMember: "Terbuka per orang",
    age: "Umur", count: "Jumlah", officer: "Petugas", code: "Kode", element: "Unsur", nrr: "NRR", weighted: "NRR tertimbang",
    noRespondents: "Belum ada responden pada periode ini.", noBreaches: "Tidak ada pelanggaran tenggat.", noComments: "Tidak ada komentar.",
    skmLine: (r, s) => `${s.respondents} responden (${s.withTicket} dengan tiket) dari ${s.population} tiket; IKM ${r.ikm.toFixed(4)}, nilai ${r.score.toFixed(2)}, mutu ${r.grade} (${r.performance}).`,
    tokenInvalid: "Token tidak diterima.", forbidden: "Dasbor ini untuk supervisor dan admin.",
    periodLabel: (f, t) => `Periode ${f} s.d. ${t}`, chartsMissing: "Grafik tidak tersedia (uPlot belum dimuat); angka di tabel tetap lengkap.",
    stillOpen: "masih terbuka",
    kind: "Jenis", channel: "Kanal", allKinds: "Semua jenis", allChannels: "Semua kanal",
    kinds: { complaint: "Aduan", request: "Permintaan", incident: "Insiden" }, channels: { whatsapp: "WhatsApp", email: "Email" },
    saveExport: "Simpan ekspor", openExport: "Buka ekspor",
    fromExport: (n, kb, ms) => `Dihitung di peramban dari ekspor ${n} tiket (${kb} KB) dalam ${ms} ms.`,
    fromServer: "Dihitung oleh server (paket loket-wasm tidak tersedia).",
    offline: (name) => `Ekspor tersimpan ${name}: dibaca tanpa server; SKM tidak termasuk.`,
  },
  en: {
    skip: "Skip to content", subtitle: "Supervision dashboard: SLA compliance and the satisfaction survey",
    signOut: "Sign out", signInHeading: "Sign in", tokenLabel: "Access token (supervisor or admin)", signIn: "Sign in",
    periodHeading: "Period", from: "From", to: "To", application: "Application", all: "All applications", deskItself: "About the desk",
    show: "Show", print: "Print / PDF", csvSla: "SLA CSV", csvSkm: "SKM CSV", headline: "Summary",
    compliance: "SLA compliance", tickets: "Tickets received", finished: "Finished", breached: "Breached", open: "Still open",
    skmScore: "SKM score (grade)", complianceNote: "Compliance = met ÷ (finished + breaches still open). All times are in service hours.",
    trend: "Weekly compliance trend", byApplication: "By application and team load", backlog: "Open backlog by age (operational days)",
    officers: "Load per officer", breaches: "Breaches", skm: "Community satisfaction survey (PermenPANRB 14/2017)", comments: "Comments",
    handling: (m, p, x) => `Operational handling time: median ${m}, p90 ${p}, max ${x}.`,
    intake: (i, by, oos) => `Messages received: ${i.received} (ticketed ${by("accepted")}, referred ${by("referred")}, refused ${by("refused")}, replies to tickets ${by("threaded")})${oos ? `; out of scope: ${oos}` : ""}.`,
    month: "Month", week: "Week", met: "Met", team: "Team", perMember: "Tickets per member", openPerMember: "Open per member",
    age: "Age", count: "Count", officer: "Officer", code: "Code", element: "Element", nrr: "NRR", weighted: "Weighted NRR",
    noRespondents: "No respondents in this period yet.", noBreaches: "No breaches.", noComments: "No comments.",
    skmLine: (r, s) => `${s.respondents} respondents (${s.withTicket} with a ticket) out of ${s.population} tickets; IKM ${r.ikm.toFixed(4)}, score ${r.score.toFixed(2)}, grade ${r.grade} (${r.performance}).`,
    tokenInvalid: "The token was not accepted.", forbidden: "This dashboard is for supervisors and administrators.",
    periodLabel: (f, t) => `Period ${f} to ${t}`, chartsMissing: "Charts unavailable (uPlot not loaded); the tables are complete.",
    stillOpen: "still open",
    kind: "Kind", channel: "Channel", allKinds: "All kinds", allChannels: "All channels",
    kinds: { complaint: "Complaint", request: "Request", incident: "Incident" }, channels: { whatsapp: "WhatsApp", email: "Email" },
    saveExport: "Save export", openExport: "Open export",
    fromExport: (n, kb, ms) => `Computed in the browser from an export of ${n} tickets (${kb} KB) in ${ms} ms.`,
    fromServer: "Computed by the server (the loket-wasm package is unavailable).",
    offline: (name) => `Saved export ${name}: read without the server; the SKM is not included.`,
  },
};
const t = (k) => T[lang][k] ?? T.id[k] ?? k;
const $ = (id) => document.getElementById(id);

function pct(x) {
  return x == null ? "–" : `${(x * 100).toFixed(1)} %`;
}
// Operational seconds as hours and minutes.
function dur(s) {
  if (s == null) return "–";
  const h = Math.floor(s / 3600);
  const m = Math.round((s % 3600) / 60);
  return h ? `${h} ${lang === "en" ? "h" : "j"} ${m} m` : `${m} m`;
}

function showError(text) {
  const e = $("global-error");
  e.textContent = text ?? "";
  e.hidden = !text;
}

async function api(path) {
  const sep = path.includes("?") ? "&" : "?";
  const res = await fetch(`${path}${sep}lang=${lang}`, { headers: { Authorization: `Bearer ${token}` } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const err = new Error(body?.error?.message ?? `HTTP ${res.status}`);
    err.status = res.status;
    throw err;
  }
  return body;
}

function translate() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
  $("lang-toggle").textContent = lang === "id" ? "English" : "Bahasa Indonesia";
  $("lang-toggle").lang = lang === "id" ? "en" : "id";
}

function row(cells, header = false) {
  const tr = document.createElement("tr");
  for (const c of cells) {
    const td = document.createElement(header ? "th" : "td");
    td.textContent = c;
    tr.append(td);
  }
  return tr;
}

function table(id, head, rows) {
  const el = $(id);
  el.replaceChildren(row(head, true), ...rows.map((r) => row(r)));
}

function chart(id, opts, data) {
  const el = $(id);
  el.replaceChildren();
  if (typeof uPlot !== "function") {
    el.textContent = t("chartsMissing");
    return;
  }
  const width = Math.max(320, Math.min(el.clientWidth || 900, 1100));
  charts.push(new uPlot({ width, height: 240, ...opts }, data, el));
}

function slaCsv(r) {
  const lines = ["application,tickets,open,finished,met,breached,breached_open,cancelled,reopened,compliance"];
  const line = (name, c) =>
    [name, c.tickets, c.open, c.finished, c.met, c.breached, c.breachedOpen, c.cancelled, c.reopened, c.compliance == null ? "" : c.compliance.toFixed(4)].join(",");
  for (const [app, c] of Object.entries(r.byApplication)) lines.push(line(app, c));
  lines.push(line("total", r));
  return lines.join("\n") + "\n";
}

function skmCsv(s) {
  const q = (x) => (/[",\n]/.test(x) ? `"${x.replaceAll('"', '""')}"` : x);
  const lines = ["code,element,total,nrr,weighted,n1,n2,n3,n4"];
  if (s.report) {
    for (const e of s.report.elements) lines.push([e.code, q(e.label), e.total, e.nrr.toFixed(6), e.weighted.toFixed(6), ...e.distribution].join(","));
    lines.push(["IKM", q(`${s.report.grade} ${s.report.performance}`), s.respondents, s.report.ikm.toFixed(6), s.report.score.toFixed(2), "", "", "", ""].join(","));
  }
  return lines.join("\n") + "\n";
}

function download(name, text) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function renderSla(r) {
  $("k-compliance").textContent = pct(r.compliance);
  $("k-tickets").textContent = r.tickets;
  $("k-finished").textContent = r.finished;
  $("k-breached").textContent = `${r.breached}`;
  $("k-open").textContent = r.open;
  $("k-handling").textContent = t("handling")(dur(r.handling.median), dur(r.handling.p90), dur(r.handling.max));
  // Every message of the period, tickets or not (the whole desk).
  const i = r.intake;
  const oos = i ? Object.entries(i.outOfScope).map(([k, n]) => `${k} (${n})`).join(", ") : "";
  $("k-intake").textContent = i ? t("intake")(i, (k) => i.byOutcome[k] ?? 0, oos) : "";
  // Weekly trend: compliance (%) and tickets received.
  const weeks = r.weekly;
  const xs = weeks.map((w) => Date.parse(`${w.start}T00:00:00+07:00`) / 1000);
  chart(
    "chart-trend",
    {
      scales: { x: { time: true }, pct: { range: [0, 100] } },
      series: [
        {},
        { label: t("compliance"), scale: "pct", stroke: "#0b4a8b", width: 2, value: (u, v) => (v == null ? "–" : `${v.toFixed(1)} %`) },
        { label: t("tickets"), stroke: "#8a5a00", width: 1 },
      ],
      axes: [{}, { scale: "pct", values: (u, vs) => vs.map((v) => `${v} %`) }, { side: 1, grid: { show: false } }],
    },
    [xs, weeks.map((w) => (w.compliance == null ? null : w.compliance * 100)), weeks.map((w) => w.tickets)],
  );
  table("t-monthly", [t("month"), t("tickets"), t("met"), t("breached"), t("compliance")],
    r.monthly.map((m) => [m.period, m.tickets, m.met, m.breached, pct(m.compliance)]));
  // Applications: compliance per application, and the load against the team.
  const apps = Object.entries(r.byApplication);
  chart(
    "chart-apps",
    {
      scales: { x: { time: false }, pct: { range: [0, 100] } },
      series: [
        { value: (u, i) => apps[i]?.[0] ?? "" },
        { label: t("compliance"), scale: "pct", stroke: "#0b4a8b", width: 0, points: { size: 10, fill: "#0b4a8b" }, paths: () => null },
      ],
      axes: [{ values: (u, vs) => vs.map((i) => apps[i]?.[0] ?? "") }, { scale: "pct", values: (u, vs) => vs.map((v) => `${v} %`) }],
    },
    [apps.map((_, i) => i), apps.map(([, c]) => (c.compliance == null ? null : c.compliance * 100))],
  );
  table("t-apps", [t("application"), t("tickets"), t("finished"), t("met"), t("breached"), t("compliance"), t("team"), t("perMember"), t("openPerMember")],
    apps.map(([app, c]) => {
      const l = r.load[app];
      return [app, c.tickets, c.finished, c.met, c.breached, pct(c.compliance), l?.teamSize ?? "–", l ? l.perMember.toFixed(1) : "–", l ? l.openPerMember.toFixed(1) : "–"];
    }));
  table("t-backlog", [t("age"), t("count")],
    r.backlog.map((b) => [b.toDays == null ? `≥ ${b.fromDays}` : `${b.fromDays}–${b.toDays}`, b.count]));
  table("t-officers", [t("officer"), t("tickets"), t("open"), t("breached"), t("compliance")],
    r.officers.map((o) => [o.officer, o.counts.tickets, o.counts.open, o.counts.breached, pct(o.counts.compliance)]));
  const list = $("breaches");
  list.replaceChildren();
  if (!r.breaches.length) list.append(Object.assign(document.createElement("li"), { textContent: t("noBreaches") }));
  for (const b of r.breaches.slice(0, 100)) {
    const li = document.createElement("li");
    const strong = Object.assign(document.createElement("strong"), { textContent: `${b.number}${b.finished ? "" : ` (${t("stillOpen")})`}` });
    li.append(strong, `: ${b.explanation}`);
    list.append(li);
  }
}

function renderSkm(s) {
  const r = s.report;
  $("k-skm").textContent = r ? `${r.score.toFixed(2)} (${r.grade})` : "–";
  $("skm-summary").textContent = r ? t("skmLine")(r, s) : t("noRespondents");
  $("skm-warning").textContent = r?.sample?.warning ?? "";
  $("skm-warning").hidden = !r?.sample?.warning;
  const els = r?.elements ?? [];
  chart(
    "chart-skm",
    {
      scales: { x: { time: false }, nrr: { range: [1, 4] } },
      series: [
        { value: (u, i) => els[i]?.code ?? "" },
        { label: t("nrr"), scale: "nrr", stroke: "#11703a", width: 0, points: { size: 10, fill: "#11703a" }, paths: () => null },
      ],
      axes: [{ values: (u, vs) => vs.map((i) => els[i]?.code ?? "") }, { scale: "nrr" }],
    },
    [els.map((_, i) => i), els.map((e) => e.nrr)],
  );
  table("t-skm", [t("code"), t("element"), t("nrr"), t("weighted")],
    els.map((e) => [e.code, e.label, e.nrr.toFixed(3), e.weighted.toFixed(4)]));
  const ul = $("skm-comments");
  ul.replaceChildren();
  if (!s.comments.length) ul.append(Object.assign(document.createElement("li"), { textContent: t("noComments") }));
  for (const c of s.comments.slice(0, 50)) ul.append(Object.assign(document.createElement("li"), { textContent: c.text }));
}

async function loadEngine() {
  if (engine !== null) return engine;
  try {
    const wasm = await import(WASM_URL);
    await wasm.default(); // fetches loket_wasm_bg.wasm next to the module
    engine = wasm;
  } catch (e) {
    console.warn("loket-wasm:", e);
    engine = false;
  }
  return engine;
}

/** The export of a period, fetched once per period. */
async function fetchExport(from, to) {
  const res = await fetch(`/api/v1/reports/export?from=${from}&to=${to}&lang=${lang}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) {
    const body = await res.json().catch(() => ({}));
    const err = new Error(body?.error?.message ?? `HTTP ${res.status}`);
    err.status = res.status;
    throw err;
  }
  return new Uint8Array(await res.arrayBuffer());
}

function filter() {
  const f = {};
  for (const k of ["application", "kind", "channel"]) if ($(k).value) f[k] = $(k).value;
  return f;
}

/** The SLA report of the export in use, for the filters chosen: no request. */
function computeSla() {
  const t0 = performance.now();
  const sla = current.archive.report({ filter: filter(), lang, breaches: 100 }); // the page lists 100
  const took = performance.now() - t0;
  $("source").textContent = current.offline
    ? `${t("offline")(current.key)} ${t("fromExport")(current.archive.length, Math.round(current.bytes.length / 1024), took.toFixed(1))}`
    : t("fromExport")(current.archive.length, Math.round(current.bytes.length / 1024), took.toFixed(1));
  document.body.dataset.source = current.offline ? "offline" : "export";
  return sla;
}

function renderAll() {
  for (const c of charts.splice(0)) c.destroy();
  if (last.sla) renderSla(last.sla);
  $("skm-section").hidden = !last.skm;
  if (last.skm) renderSkm(last.skm);
  else $("k-skm").textContent = "–";
}

/** Filters changed: computed in the page from the export in use. */
function refilter() {
  if (!current) return load();
  showError(null);
  try {
    last.sla = computeSla();
    renderAll();
  } catch (e) {
    showError(e.message);
  }
}

async function load() {
  showError(null);
  const from = $("from").value;
  const to = $("to").value;
  const app = $("application").value;
  const q = `from=${from}&to=${to}${app ? `&application=${encodeURIComponent(app)}` : ""}`;
  $("period-label").textContent = t("periodLabel")(from, to);
  try {
    const wasm = await loadEngine();
    wasm?.setLanguage?.(lang);
    const key = `${from}/${to}`;
    const skm = api(`/api/v1/reports/skm?from=${from}&to=${to}`);
    let sla;
    if (wasm) {
      if (current?.key !== key || current.offline) {
        current?.archive.free();
        const bytes = await fetchExport(from, to);
        current = { archive: wasm.FactsArchive.open(bytes), bytes, key, offline: false };
      }
      sla = computeSla();
    } else {
      const [k, ...rest] = Object.entries(filter()).flat();
      sla = await api(`/api/v1/reports/sla?${q}${k && k !== "application" ? `&${k}=${rest[0]}` : ""}`);
      $("source").textContent = t("fromServer");
      document.body.dataset.source = "server";
    }
    last = { sla, skm: await skm };
    renderAll();
    document.body.dataset.loaded = "yes";
  } catch (e) {
    if (e.status === 401 || e.status === 403) return signOut(e.status === 403 ? t("forbidden") : t("tokenInvalid"));
    showError(e.message);
  }
}

/** A saved export, opened without the server (its period and calendar are its own). */
async function openFile(file) {
  showError(null);
  const wasm = await loadEngine();
  if (!wasm) return showError(t("fromServer"));
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const archive = wasm.FactsArchive.open(bytes);
    current?.archive.free();
    current = { archive, bytes, key: file.name, offline: true };
    const p = archive.period;
    $("period-label").textContent = t("periodLabel")(p.from.slice(0, 10), p.to.slice(0, 10));
    last = { sla: computeSla(), skm: null };
    renderAll();
    document.body.dataset.loaded = "yes";
  } catch (e) {
    showError(e.message);
  }
}

function fillFilters() {
  const keep = { kind: $("kind").value, channel: $("channel").value };
  $("kind").replaceChildren(new Option(t("allKinds"), ""), ...Object.entries(t("kinds")).map(([k, v]) => new Option(v, k)));
  $("channel").replaceChildren(new Option(t("allChannels"), ""), ...Object.entries(t("channels")).map(([k, v]) => new Option(v, k)));
  $("kind").value = params.get("kind") ?? keep.kind;
  $("channel").value = params.get("channel") ?? keep.channel;
}

async function start() {
  translate();
  if (!token) {
    $("signin").hidden = false;
    $("board").hidden = true;
    return;
  }
  try {
    const me = await api("/api/v1/me");
    if (!["supervisor", "admin"].includes(me.role)) return signOut(t("forbidden"));
    $("who").textContent = `${me.name} (${me.role})`;
    $("who").hidden = false;
    $("sign-out").hidden = false;
    const desk = await api("/api/v1/desk");
    const sel = $("application");
    sel.replaceChildren(new Option(t("all"), ""), ...(desk.desk.product ?? []).map((p) => new Option(p.name, p.id)), new Option(t("deskItself"), "desk"));
    sel.value = params.get("application") ?? "";
    fillFilters();
  } catch (e) {
    return signOut(e.status === 401 ? t("tokenInvalid") : e.message);
  }
  const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10); // WIB
  $("from").value = params.get("from") ?? `${today.slice(0, 4)}-01-01`;
  $("to").value = params.get("to") ?? today;
  $("signin").hidden = true;
  $("board").hidden = false;
  await load();
}

function signOut(why) {
  sessionStorage.removeItem(KEYS.token);
  token = null;
  $("who").hidden = true;
  $("sign-out").hidden = true;
  $("board").hidden = true;
  $("signin").hidden = false;
  const e = $("signin-error");
  e.textContent = why ?? "";
  e.hidden = !why;
}

$("signin-form").addEventListener("submit", (e) => {
  e.preventDefault();
  token = $("token").value.trim();
  if (!token) return;
  sessionStorage.setItem(KEYS.token, token);
  $("token").value = "";
  start();
});
$("sign-out").addEventListener("click", () => signOut());
$("period").addEventListener("submit", (e) => {
  e.preventDefault();
  load();
});
$("print").addEventListener("click", () => window.print());
$("csv-sla").addEventListener("click", () => last.sla && download(`sla-${$("from").value}-${$("to").value}.csv`, slaCsv(last.sla)));
$("csv-skm").addEventListener("click", () => last.skm && download(`skm-${$("from").value}-${$("to").value}.csv`, skmCsv(last.skm)));
for (const k of ["application", "kind", "channel"]) $(k).addEventListener("change", () => refilter());
$("save-export").addEventListener("click", () => {
  if (!current) return;
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([current.bytes], { type: "application/vnd.loket.facts" }));
  a.download = current.offline ? current.key : `loket-${$("from").value}-${$("to").value}.facts`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
});
$("open-export").addEventListener("change", (e) => e.target.files?.[0] && openFile(e.target.files[0]));
$("lang-toggle").addEventListener("click", () => {
  lang = lang === "id" ? "en" : "id";
  sessionStorage.setItem(KEYS.lang, lang);
  if (token && !$("board").hidden) {
    translate();
    fillFilters();
    if (current) refilter();
    else load();
  } else {
    translate();
  }
});

// uPlot is a classic script (defer): it has run before this module.
start();
