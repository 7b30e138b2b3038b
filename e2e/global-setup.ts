// `cargo leptos end-to-end` starts the server without waiting for it: poll
// /health until the portal answers (or give up with a clear message). Also
// starts the maps' tile stub: the e2e server's tile server is this one, so
// no test leaves the machine for a map.
import { createServer, type Server } from "node:http";
import { endToEnd } from "./playwright.config";

/** One light grey 256×256 PNG, every tile of every zoom. */
const TILE = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAQAAAAEAAQMAAABmvDolAAAAA1BMVEXu7u6DSdFtAAAAH0lEQVR42u3BAQ0AAADCoPdPbQ43oAAAAAAAAAAAvg0hAAABYOSdlwAAAABJRU5ErkJggg==",
  "base64",
);

async function startTileStub(): Promise<Server> {
  const [host, port] = endToEnd.map.tile_address.split(":");
  const server = createServer((request, response) => {
    response.writeHead(200, { "content-type": "image/png", "cache-control": "max-age=3600" });
    response.end(TILE);
  });
  await new Promise<void>((resolve) => server.listen(Number(port), host, resolve));
  return server;
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const tiles = await startTileStub();
  await waitForThePortal();
  return () => new Promise<void>((resolve) => tiles.close(() => resolve()));
}

async function waitForThePortal(): Promise<void> {
  const url = `http://${endToEnd.server.address}/health`;
  const deadline = Date.now() + endToEnd.server.startup_timeout_seconds * 1000;
  let lastError = "";
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
      lastError = `status ${response.status}`;
    } catch (error) {
      lastError = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the portal did not become healthy at ${url}: ${lastError}`);
}
