// Hostile (for the host's tests): writes to the console, which a plugin cannot do.
export const router = {
  manifest() {
    return { name: "console-js", version: "1.0.0", application: "website", wantsPersonalData: false };
  },
  route(view, ctx) {
    console.log("routing", view.number);
    return { reason: "logged" };
  },
};
