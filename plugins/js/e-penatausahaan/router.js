// Routing plugin for e-Penatausahaan, in JavaScript: the same router as
// plugins/e-penatausahaan (Rust) and plugins/python/e-penatausahaan, deciding the
// same for every ticket (tested on the shared fixture plugins/fixtures/).
//
// Four staff members, each the specialist of one group of sub-modules by roster
// position; a ticket goes to the specialist of the sub-module it mentions unless
// they carry clearly more open work than the least-loaded colleague.
//
// Built by `loket plugin build plugins/js/e-penatausahaan` (or `cargo xtask plugins`).

import {
  BLOCKING,
  Decision,
  leastLoaded,
  manifest,
  mentionsAny,
  mentionsWordAny,
} from "../sdk/loket.js";

/** Sub-modules: [whole words, category, roster position of the specialist]. */
const SUB_MODULES = [
  [["sp2d", "pencairan", "bku", "bendahara umum daerah"], "sp2d", 2],
  [["spm", "spm-ls", "spm-up", "spm-gu", "spm-tu"], "spm", 1],
  [["spp", "spp-ls", "spp-up", "spp-gu", "spp-tu"], "spp", 1],
  [["spd", "anggaran kas", "penyediaan dana"], "spd", 0],
  [["akuntansi", "accounting", "jurnal", "neraca", "lra", "laporan keuangan"], "akuntansi", 3],
];

/** How many more open tickets than the least-loaded member a specialist may carry. */
const MAX_EXTRA_LOAD = 2;

function subModule(view) {
  const found = SUB_MODULES.find(([words]) => mentionsWordAny(view, words));
  return found === undefined ? null : { category: found[1], specialist: found[2] };
}

function pick(roster, specialist) {
  const least = roster.length === 0 ? 0 : Math.min(...roster.map((m) => m.openLoad));
  const m = specialist === null ? undefined : roster[specialist];
  if (m !== undefined && m.openLoad <= least + MAX_EXTRA_LOAD) {
    return [m.name, `spesialis sub-modul: ${m.name}`];
  }
  const other = leastLoaded(roster);
  if (m !== undefined) {
    return [
      other,
      `spesialis ${m.name} sedang menangani ${m.openLoad} tiket; beban paling ringan: ${other ?? "-"}`,
    ];
  }
  return [other, `beban paling ringan: ${other ?? "-"}`];
}

export const router = {
  manifest() {
    return manifest("e-penatausahaan-router-js", "1.0.0", "e-penatausahaan");
  },

  route(view, ctx) {
    const module = subModule(view);
    const [assignee, why] = pick(ctx.roster, module === null ? null : module.specialist);
    const d = Decision.intake(view, assignee);
    if (d.assign !== null) d.andBecause(why);
    if (module !== null) d.withCategory(module.category);
    if (mentionsAny(view, BLOCKING)) {
      d.raisePriority(view, "high").andBecause("pelapor tidak bisa bekerja");
    }
    return d;
  },
};
