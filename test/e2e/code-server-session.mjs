// A real VS Code (code-server) in headless Chromium, with the packaged extension installed in a fresh
// profile, for the e2e tests. Everything it makes lives in one temp folder that close() removes.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Installs code-server once (cached in ~/.cache) and returns its entry script. */
export function codeServerEntry() {
  const out = execFileSync("bash", [join(here, "install-code-server.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const home = out.trim().split("\n").pop();
  return join(home, "node_modules/code-server/out/node/entry.js");
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Pids of processes whose command line runs dist/cli.js from under `dir` (read from /proc, Linux only);
 * with `ancestor`, only that process's descendants, so emulators other tests started are not counted.
 */
export function cliPidsUnder(dir, { ancestor } = {}) {
  const pids = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
    } catch {
      continue; // exited while we looked
    }
    if (!cmdline.some((arg) => arg.startsWith(dir) && arg.endsWith("/dist/cli.js"))) continue;
    if (ancestor === undefined || descendsFrom(Number(entry), ancestor)) pids.push(Number(entry));
  }
  return pids;
}

function descendsFrom(pid, ancestor) {
  for (let p = pid; p > 1; ) {
    let stat;
    try {
      stat = readFileSync(`/proc/${p}/stat`, "utf8");
    } catch {
      return false;
    }
    p = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]); // field 4, after "(comm) state"
    if (p === ancestor) return true;
  }
  return false;
}

/** Waits for `promise` at most `ms`, leaving no timer behind to hold the process open. */
function within(promise, ms) {
  let timer;
  return Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}

/** The command line of a running process, as its argv. */
export function argvOf(pid) {
  return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
}

/**
 * Opens a temp folder (with `settings` as its .vscode/settings.json) in code-server with either a packaged
 * `vsix` installed, or an extension folder loaded for development with `extensionTests` (a bundled mocha
 * entry) run in the real extension host, as VS Code's own --extensionDevelopmentPath/--extensionTestsPath do.
 * `onConsole` gets the browser console, where the extension host's console output arrives.
 */
export async function openCodeServer({ vsix, developmentPath, extensionTests, settings, log = () => {}, onConsole }) {
  const entry = codeServerEntry();
  const work = mkdtempSync(join(tmpdir(), "aws-identity-emulator-e2e-"));
  const folder = join(work, "project");
  const extensionsDir = join(work, "extensions");
  const userDataDir = join(work, "user");
  mkdirSync(join(folder, ".vscode"), { recursive: true });
  writeFileSync(join(folder, ".vscode", "settings.json"), JSON.stringify(settings, null, 2));
  // code-server's one-time "Some keybindings don't go to the terminal" notice takes focus whenever a terminal
  // opens, closing any picker a step has open: off for every session, as a user who dismissed it has it.
  mkdirSync(join(userDataDir, "User"), { recursive: true });
  writeFileSync(join(userDataDir, "User", "settings.json"), JSON.stringify({ "terminal.integrated.showTerminalConfigPrompt": false }, null, 2));
  const common = ["--user-data-dir", userDataDir, "--extensions-dir", extensionsDir, "--config", join(work, "config.yaml")];
  // Keep code-server's own files out of the real home.
  const env = { ...process.env, XDG_CONFIG_HOME: join(work, "xdg-config"), XDG_DATA_HOME: join(work, "xdg-data") };
  if (vsix) execFileSync(process.execPath, [entry, ...common, "--install-extension", vsix], { env, stdio: ["ignore", "pipe", "pipe"] });

  const port = await freePort();
  // Its own process group, so close() can take every descendant down even if a test fails midway.
  const server = spawn(process.execPath, [entry, ...common, "--bind-addr", `127.0.0.1:${port}`, "--auth", "none",
    "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust", folder],
  { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const serverExited = new Promise((resolve) => server.once("exit", resolve));
  // The last lines code-server printed, for the error when the window never opens.
  const recent = [];
  const onOutput = (d) => {
    log(`[code-server] ${d}`);
    recent.push(String(d));
    if (recent.length > 40) recent.shift();
  };
  server.stdout.on("data", onOutput);
  server.stderr.on("data", onOutput);

  let browser;
  /** Takes down whatever is left (browser, code-server's whole group) and removes the temp folder. */
  async function close() {
    await browser?.close().catch(() => {});
    try {
      process.kill(-server.pid, "SIGKILL");
    } catch {
      // the group is gone already
    }
    for (const pid of cliPidsUnder(extensionsDir)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // exited meanwhile
      }
    }
    await within(serverExited, 5000);
    rmSync(work, { recursive: true, force: true });
  }

  let page;
  // Nothing may outlive a window that never opened: a browser or code-server left running keeps the test
  // process alive, and the whole run with it.
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
    if (onConsole) page.on("console", onConsole);
    const authority = `127.0.0.1:${port}`;
    let url = `http://${authority}/?folder=${encodeURIComponent(folder)}`;
    if (developmentPath) {
      // The web workbench takes the development options as a `payload` of URIs on the server's file system.
      const payload = [["extensionDevelopmentPath", `vscode-remote://${authority}${developmentPath}`]];
      if (extensionTests) payload.push(["extensionTestsPath", `vscode-remote://${authority}${extensionTests}`]);
      url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    }
    for (let attempt = 0; ; attempt++) {
      try {
        await page.goto(url);
        break;
      } catch (err) {
        if (attempt > 120) throw err; // 30 s: code-server never answered
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    // A first load on a busy machine can stall before the workbench renders: load it once more, as a person
    // would, before giving up.
    for (let attempt = 0; ; attempt++) {
      try {
        await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
        break;
      } catch (err) {
        if (attempt >= 1) throw err;
        await page.reload().catch(() => {});
      }
    }
  } catch (err) {
    const body = await page?.evaluate(() => document.body?.innerText ?? "").catch(() => "") ?? "";
    await close();
    throw new Error(`the window did not open: ${err.message}\npage text: ${JSON.stringify(body.slice(0, 500))}\n` +
      `code-server's last output:\n${recent.join("").slice(-4000)}`, { cause: err });
  }

  return {
    page, work, folder, extensionsDir, userDataDir, serverPid: server.pid,

    /** Runs a command by its palette title, as a user does with F1. */
    async runCommand(title) {
      const input = page.locator(".quick-input-widget input");
      // F1 can land while the workbench moves focus (a view revealed, a walkthrough step completing), and the
      // palette can close again before it is typed in: open it again, as a person would.
      for (let attempt = 0; ; attempt++) {
        await page.keyboard.press("F1");
        try {
          await input.waitFor({ state: "visible", timeout: attempt < 3 ? 3_000 : 10_000 });
          await input.fill(`>${title}`, { timeout: 5_000 });
          await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor({ timeout: 10_000 });
          break;
        } catch (err) {
          if (attempt >= 3) throw err;
          await page.keyboard.press("Escape");
        }
      }
      await page.keyboard.press("Enter");
    },

    /** Waits until a status bar item's text contains `text`, and returns that text. */
    async statusBarText(text, timeout = 30_000) {
      const item = page.locator(".statusbar-item", { hasText: text }).first();
      await item.waitFor({ state: "visible", timeout });
      return (await item.innerText()).trim();
    },

    async clickNotificationButton(label, timeout = 15_000) {
      const button = page.locator(".notifications-toasts .monaco-button", { hasText: label }).first();
      await button.waitFor({ state: "visible", timeout });
      await button.click();
    },

    async screenshot(path) {
      mkdirSync(dirname(path), { recursive: true });
      await page.screenshot({ path });
    },

    /** SIGTERM to code-server alone, as when the window's server goes away; resolves once it exited. */
    async stopServer(timeoutMs = 15_000) {
      await browser.close().catch(() => {});
      if (server.exitCode === null && server.signalCode === null) server.kill("SIGTERM");
      await within(serverExited, timeoutMs);
    },

    close,
  };
}
