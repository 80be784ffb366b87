// Hostile (for the host's tests): reads the clock, which a plugin has not got (its
// time is ctx.now).
export const router = {
  manifest() {
    return { name: "clock-js", version: "1.0.0", application: "tatapraja", wantsPersonalData: false };
  },
  route(view, ctx) {
    return { category: "t" + Date.now() };
  },
};
