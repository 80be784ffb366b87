"""Routing plugin for e-Penatausahaan, in Python: the same router as
plugins/e-penatausahaan (Rust) and plugins/js/e-penatausahaan, deciding the same for
every ticket (tested on the shared fixture plugins/fixtures/).

Four staff members, each the specialist of one group of sub-modules by roster
position; a ticket goes to the specialist of the sub-module it mentions unless they
carry clearly more open work than the least-loaded colleague.

Built by `loket plugin build plugins/python/e-penatausahaan` (or `cargo xtask plugins`).
"""

from typing import List, Optional, Tuple

from wit_world import exports
from wit_world.exports import router as r

from loket_sdk import BLOCKING, Decision, least_loaded, manifest, mentions_any, mentions_word_any

# Sub-modules: (whole words, category, roster position of the specialist).
SUB_MODULES = (
    (("sp2d", "pencairan", "bku", "bendahara umum daerah"), "sp2d", 2),
    (("spm", "spm-ls", "spm-up", "spm-gu", "spm-tu"), "spm", 1),
    (("spp", "spp-ls", "spp-up", "spp-gu", "spp-tu"), "spp", 1),
    (("spd", "anggaran kas", "penyediaan dana"), "spd", 0),
    (("akuntansi", "accounting", "jurnal", "neraca", "lra", "laporan keuangan"), "akuntansi", 3),
)

# How many more open tickets than the least-loaded member a specialist may carry.
MAX_EXTRA_LOAD = 2


def sub_module(view: r.TicketView) -> Optional[Tuple[str, int]]:
    for words, category, specialist in SUB_MODULES:
        if mentions_word_any(view, words):
            return category, specialist
    return None


def pick(roster: List[r.RosterMember], specialist: Optional[int]) -> Tuple[Optional[str], str]:
    least = min((m.open_load for m in roster), default=0)
    m = roster[specialist] if specialist is not None and specialist < len(roster) else None
    if m is not None and m.open_load <= least + MAX_EXTRA_LOAD:
        return m.name, f"spesialis sub-modul: {m.name}"
    other = least_loaded(roster)
    if m is not None:
        return other, (
            f"spesialis {m.name} sedang menangani {m.open_load} tiket; "
            f"beban paling ringan: {other or '-'}"
        )
    return other, f"beban paling ringan: {other or '-'}"


class Router(exports.Router):
    def manifest(self) -> r.PluginManifest:
        return manifest("e-penatausahaan-router-py", "1.0.0", "e-penatausahaan")

    def route(self, view: r.TicketView, ctx: r.Context) -> r.Decision:
        module = sub_module(view)
        assignee, why = pick(ctx.roster, None if module is None else module[1])
        d = Decision.intake(view, assignee)
        if d.assign is not None:
            d.and_because(why)
        if module is not None:
            d.with_category(module[0])
        if mentions_any(view, BLOCKING):
            d.raise_priority(view, r.Priority.HIGH).and_because("pelapor tidak bisa bekerja")
        return d.build()
