// The supervisor's dashboard (/dashboard/): SLA compliance and the SKM survey over a
// period, from GET /api/v1/reports/sla and /api/v1/reports/skm (the core's reports:
// every number here is the one `loket report` and `loket skm` print). Charts by
// uPlot (MIT, from npm, copied by `cargo xtask wasm` into target/npm/vendor/ and
// served at /vendor/). Bahasa
// Indonesia by default, English on request; the token stays in this tab only.

const KEYS = { token: "loket.dashboard.token", lang: "loket.dashboard.lang" };
const params = new URLSearchParams(location.search);
let lang = params.get("lang") ?? sessionStorage.getItem(KEYS.lang) ?? "id";
let token = sessionStorage.getItem(KEYS.token);
let last = { sla: null, skm: null };
const charts = [];

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

async function load() {
  showError(null);
  const from = $("from").value;
  const to = $("to").value;
  const app = $("application").value;
  const q = `from=${from}&to=${to}${app ? `&application=${encodeURIComponent(app)}` : ""}`;
  $("period-label").textContent = t("periodLabel")(from, to);
  for (const c of charts.splice(0)) c.destroy();
  try {
    const [sla, skm] = await Promise.all([api(`/api/v1/reports/sla?${q}`), api(`/api/v1/reports/skm?from=${from}&to=${to}`)]);
    last = { sla, skm };
    renderSla(sla);
    renderSkm(skm);
    document.body.dataset.loaded = "yes";
  } catch (e) {
    if (e.status === 401 || e.status === 403) return signOut(e.status === 403 ? t("forbidden") : t("tokenInvalid"));
    showError(e.message);
  }
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
$("lang-toggle").addEventListener("click", () => {
  lang = lang === "id" ? "en" : "id";
  sessionStorage.setItem(KEYS.lang, lang);
  if (token && !$("board").hidden) {
    translate();
    load();
  } else {
    translate();
  }
});

// uPlot is a classic script (defer): it has run before this module.
start();
