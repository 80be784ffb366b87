// Service Desk JatengProv — "are we open, and what deadline does a message sent now
// get": the smallest page on the Loket engine. It loads only the SLA-only entry of the
// package (loket-wasm/sla: calendar, deadlines and their explanations, the default
// profile; no intake, no tickets), which compiles only the years it is asked about.
//
//   cp -r target/npm/loket-wasm examples/web/    # or: node wasm/tests/serve.mjs
//
// `?now=2024-03-02T10:00:00%2B07:00` fixes the time shown (for screenshots and tests).

const TEXT = {
  id: {
    subtitle: "Jam layanan dan tenggat penyelesaian",
    statusHeading: "Layanan saat ini",
    deadlineHeading: "Tenggat bila dikirim sekarang",
    kindHeading: "Jenis",
    targetHeading: "Target",
    dueHeading: "Selesai paling lambat",
    why: "Mengapa tenggat aduan ini?",
    holidaysHeading: "Hari libur berikutnya",
    open: (until) => `Buka sampai ${until}`,
    closed: (opens) => (opens ? `Tutup — buka ${opens}` : "Tutup"),
    now: (at) => `Waktu: ${at}`,
    kinds: { complaint: "Aduan", request: "Permintaan", incident: "Insiden" },
    days: (n) => `${n} hari kerja`,
    toggle: "English",
    loadError: "Paket loket-wasm tidak dapat dimuat. Salin paketnya ke samping halaman ini: cp -r target/npm/loket-wasm examples/web/",
  },
  en: {
    subtitle: "Service hours and resolution deadlines",
    statusHeading: "Service now",
    deadlineHeading: "Deadline if sent now",
    kindHeading: "Kind",
    targetHeading: "Target",
    dueHeading: "Resolved by",
    why: "Why this complaint deadline?",
    holidaysHeading: "Next holidays",
    open: (until) => `Open until ${until}`,
    closed: (opens) => (opens ? `Closed — opens ${opens}` : "Closed"),
    now: (at) => `Time: ${at}`,
    kinds: { complaint: "Complaint", request: "Request", incident: "Incident" },
    days: (n) => `${n} working day${n === 1 ? "" : "s"}`,
    toggle: "Bahasa Indonesia",
    loadError: "The loket-wasm package could not be loaded. Copy it next to this page: cp -r target/npm/loket-wasm examples/web/",
  },
};

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
let lang = params.get("lang") === "en" ? "en" : "id";
let loket, profile, calendar;

const t = () => TEXT[lang];
const now = () => {
  const fixed = Date.parse(params.get("now") ?? "");
  return Number.isNaN(fixed) ? Date.now() : fixed;
};
const when = (ms) => calendar.formatInstant(ms, { lang });
const target = (d) => (d.endsWith("d") ? t().days(Number(d.slice(0, -1))) : d);

function render() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = t()[el.dataset.t];
  $("lang-toggle").textContent = t().toggle;
  $("lang-toggle").lang = lang === "id" ? "en" : "id";

  const at = now();
  $("now-text").textContent = t().now(when(at));
  // The numeric fast path: numbers in and out, no objects.
  if (calendar.isOpenMillis(at)) {
    const s = calendar.status(at);
    $("status").textContent = t().open(when(s.until));
    $("status").className = "status open";
  } else {
    const opens = calendar.nextOpeningMillis(at);
    $("status").textContent = t().closed(opens === undefined ? null : when(opens));
    $("status").className = "status closed";
  }

  const policy = profile.policy();
  $("deadlines").replaceChildren(
    ...["complaint", "request", "incident"].map((kind) => {
      const tr = document.createElement("tr");
      tr.dataset.kind = kind;
      const due = profile.deadlineMillis(kind, at);
      for (const text of [t().kinds[kind], target(policy[kind]), when(due)]) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    }),
  );
  // The rich path where people read why: the stretches counted and skipped.
  const d = profile.deadline("complaint", at);
  $("why").textContent = calendar.renderExplanation(d.value.explanation, { lang });

  $("holidays").replaceChildren(
    ...calendar.holidays(at, 5).map((h) => {
      const li = document.createElement("li");
      li.textContent = `${h.date} — ${h.name}`;
      return li;
    }),
  );
}

async function start() {
  try {
    loket = await import("./loket-wasm/sla/loket_sla.js");
    await loket.default();
  } catch (e) {
    $("load-error").textContent = `${t().loadError} (${e && e.message ? e.message : e})`;
    $("load-error").hidden = false;
    document.body.dataset.ready = "error";
    return;
  }
  loket.setLanguage(lang);
  profile = loket.Profile.jatengprov();
  calendar = profile.calendar;
  try {
    render();
  } catch (e) {
    $("load-error").textContent = e && e.message ? e.message : String(e);
    $("load-error").hidden = false;
  }
  performance.mark("loket:first-deadline");
  $("lang-toggle").addEventListener("click", () => {
    lang = lang === "id" ? "en" : "id";
    loket.setLanguage(lang);
    render();
  });
  document.body.dataset.ready = "1";
}

start();
