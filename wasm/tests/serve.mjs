// A tiny static server for the example page and the built package, for the browser
// test, the benchmark and local development:
//
//   node wasm/tests/serve.mjs [port]     # then open the printed URL
//
// `/` serves examples/web/, `/loket-wasm/` serves target/npm/loket-wasm/ (so the
// package does not have to be copied next to the page), `.wasm` as application/wasm.
// Only files below those two folders are served.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, "../..");
export const webDir = path.join(root, "examples/web");
export const packageDir = path.join(root, "target/npm/loket-wasm");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".ts": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
};

function resolve(urlPath) {
  let p = decodeURIComponent(urlPath);
  let base = webDir;
  if (p === "/loket-wasm" || p.startsWith("/loket-wasm/")) {
    base = packageDir;
    p = p.slice("/loket-wasm".length);
  }
  if (p === "" || p.endsWith("/")) p += "index.html";
  const file = path.resolve(base, "." + p);
  return file.startsWith(base + path.sep) ? file : null;
}

/** Debian's Chromium (or $CHROMIUM) and the flags that work headless on these machines. */
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Starts the server on 127.0.0.1 and a free port. Resolves to `{ url, close }`.
 * With `cache: true` responses may be cached (the benchmark's warm start-up).
 */
export async function serve(port = 0, { cache = false } = {}) {
  const server = createServer(async (req, res) => {
    const file = resolve(new URL(req.url, "http://x").pathname);
    try {
      if (!file) throw new Error("outside");
      const body = await readFile(file);
      res.writeHead(200, {
        "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
        // Cacheable only for the benchmark's cached start-up (`cache: true`).
        "cache-control": cache ? "public, max-age=3600" : "no-store",
      });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  await new Promise((ok) => server.listen(port, "127.0.0.1", ok));
  const { port: p } = server.address();
  return {
    url: `http://127.0.0.1:${p}/`,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await serve(Number(process.argv[2] ?? 0));
  console.log(`examples/web at ${url}  (package from ${path.relative(root, packageDir)})`);
  console.log(`fixed time: ${url}?now=2024-03-02T10:00:00%2B07:00`);
}
