// `cargo leptos end-to-end` starts the server without waiting for it: poll
// /health until the portal answers (or give up with a clear message).
import { endToEnd } from "./playwright.config";

export default async function globalSetup(): Promise<void> {
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
