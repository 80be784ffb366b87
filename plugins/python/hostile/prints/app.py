"""Hostile (for the host's tests): prints, which a plugin cannot do."""

from wit_world import exports
from wit_world.exports import router as r


class Router(exports.Router):
    def manifest(self) -> r.PluginManifest:
        return r.PluginManifest(name="prints-py", version="1.0.0", application="laporangub", wants_personal_data=False)

    def route(self, view: r.TicketView, ctx: r.Context) -> r.Decision:
        print("routing", view.number)
        return r.Decision(step=None, assign=None, category="printed", priority=None, reason=None)
