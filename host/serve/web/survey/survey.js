// The SKM survey page (/survei/): the nine elements of PermenPANRB 14/2017, each
// answered 1–4, sent to POST /api/v1/survey with the ticket's number and access key
// (from the closing message, or the link's `tiket` and `kode`). No personal data is
// asked. Bahasa Indonesia by default, English on request.

const params = new URLSearchParams(location.search);
let lang = params.get("lang") === "en" ? "en" : "id";
const $ = (id) => document.getElementById(id);

// Keys as the API reads them, in the regulation's order.
const ELEMENTS = ["persyaratan", "prosedur", "waktu", "biaya", "produk", "kompetensi", "perilaku", "pengaduan", "sarana"];
const T = {
  id: {
    skip: "Langsung ke isi", subtitle: "Survei Kepuasan Masyarakat (PermenPANRB 14/2017)", heading: "Nilai layanan kami",
    intro: "Sembilan pertanyaan, tanpa data pribadi. Masukkan nomor tiket dan kode akses dari pesan penutupan tiket Anda.",
    ticket: "Nomor tiket", key: "Kode akses", comment: "Saran atau komentar (opsional)",
    commentNote: "Jangan tulis NIK atau nomor telepon: angka seperti itu disamarkan.", send: "Kirim penilaian",
    scale: ["Tidak baik", "Kurang baik", "Baik", "Sangat baik"],
    questions: [
      "Bagaimana kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
      "Bagaimana kemudahan prosedur pelayanan?",
      "Bagaimana kecepatan waktu penyelesaian pelayanan?",
      "Bagaimana kewajaran biaya/tarif pelayanan (layanan ini tanpa biaya)?",
      "Bagaimana kesesuaian hasil pelayanan dengan yang dijanjikan?",
      "Bagaimana kompetensi/kemampuan petugas?",
      "Bagaimana perilaku petugas (kesopanan dan keramahan)?",
      "Bagaimana penanganan pengaduan, saran dan masukan?",
      "Bagaimana kualitas sarana dan prasarana (aplikasi, WhatsApp, email)?",
    ],
    missing: (n) => `Jawab semua pertanyaan: ${n} belum dijawab.`,
    needIds: "Isi nomor tiket dan kode akses.",
    thanks: (until) => `Terima kasih atas penilaian Anda.${until ? ` Anda masih dapat mengubahnya sampai ${until}.` : ""}`,
  },
  en: {
    skip: "Skip to content", subtitle: "Community satisfaction survey (PermenPANRB 14/2017)", heading: "Rate our service",
    intro: "Nine questions, no personal data. Enter the ticket number and access key from your ticket's closing message.",
    ticket: "Ticket number", key: "Access key", comment: "Suggestions or comments (optional)",
    commentNote: "Do not write an ID or phone number: such numbers are masked.", send: "Send rating",
    scale: ["Not good", "Poor", "Good", "Very good"],
    questions: [
      "How well do the service's requirements fit the service?",
      "How easy is the procedure?",
      "How fast was your issue resolved?",
      "How fair is the cost (this service is free)?",
      "How well did the result match what was promised?",
      "How competent were the staff?",
      "How courteous and friendly were the staff?",
      "How were complaints, suggestions and feedback handled?",
      "How good are the facilities (the applications, WhatsApp, email)?",
    ],
    missing: (n) => `Answer every question: ${n} not answered yet.`,
    needIds: "Enter the ticket number and access key.",
    thanks: (until) => `Thank you for your rating.${until ? ` You can still change it until ${until}.` : ""}`,
  },
};
const t = (k) => T[lang][k];

function render() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
  $("lang-toggle").textContent = lang === "id" ? "English" : "Bahasa Indonesia";
  const chosen = Object.fromEntries(ELEMENTS.map((e) => [e, document.querySelector(`input[name=${e}]:checked`)?.value]));
  const box = $("questions");
  box.replaceChildren();
  ELEMENTS.forEach((e, i) => {
    const fs = document.createElement("fieldset");
    fs.className = "q";
    const legend = document.createElement("legend");
    legend.textContent = `U${i + 1}. ${t("questions")[i]}`;
    const scale = document.createElement("div");
    scale.className = "scale";
    t("scale").forEach((label, j) => {
      const l = document.createElement("label");
      const input = Object.assign(document.createElement("input"), { type: "radio", name: e, value: String(j + 1), required: true });
      input.checked = chosen[e] === String(j + 1);
      l.append(input, `${j + 1} — ${label}`);
      scale.append(l);
    });
    fs.append(legend, scale);
    box.append(fs);
  });
}

async function send(ev) {
  ev.preventDefault();
  const err = $("error");
  err.hidden = true;
  $("thanks").hidden = true;
  const answers = {};
  for (const e of ELEMENTS) {
    const v = document.querySelector(`input[name=${e}]:checked`)?.value;
    if (v) answers[e] = Number(v);
  }
  const missing = ELEMENTS.length - Object.keys(answers).length;
  const ticket = $("ticket").value.trim();
  const accessKey = $("key").value.trim();
  if (!ticket || !accessKey || missing) {
    err.textContent = !ticket || !accessKey ? t("needIds") : t("missing")(missing);
    err.hidden = false;
    return;
  }
  const comment = $("comment").value.trim();
  const res = await fetch(`/api/v1/survey?lang=${lang}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ticket, accessKey, answers, ...(comment ? { comment } : {}) }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    err.textContent = body?.error?.message ?? `HTTP ${res.status}`;
    err.hidden = false;
    return;
  }
  const until = body.editableUntil
    ? new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "id-ID", { dateStyle: "long", timeStyle: "short", timeZone: "Asia/Jakarta" }).format(new Date(body.editableUntil))
    : null;
  $("thanks").textContent = t("thanks")(until);
  $("thanks").hidden = false;
}

$("ticket").value = params.get("tiket") ?? "";
$("key").value = params.get("kode") ?? "";
$("survey").addEventListener("submit", send);
$("lang-toggle").addEventListener("click", () => {
  lang = lang === "id" ? "en" : "id";
  render();
});
render();
