// Questions on the terminal: a line (echoed by the terminal), a secret (raw mode, nothing echoed) and a y/N
// confirmation. When stdin is not a terminal, each answer is the next line of stdin (so that scripts can pipe
// them in); a secret is never echoed either way. Questions go to stderr, keeping stdout for the answer.

export class Interrupted extends Error {
  constructor() {
    super("Interrupted.");
    this.name = "Interrupted";
    this.exitCode = 130;
  }
}

export function createPrompter(stdin, stderr) {
  let buffer = "";
  let ended = false;
  let wake = null;
  let listening = false;

  function listen() {
    if (listening) return;
    listening = true;
    stdin.setEncoding?.("utf8");
    stdin.on("data", (chunk) => {
      buffer += chunk;
      wake?.();
    });
    stdin.on("end", () => {
      ended = true;
      wake?.();
    });
    stdin.resume?.();
  }

  const more = () =>
    new Promise((resolve) => {
      wake = () => {
        wake = null;
        resolve();
      };
    });

  async function readLine() {
    listen();
    for (;;) {
      const nl = buffer.indexOf("\n");
      if (nl !== -1) {
        const line = buffer.slice(0, nl).replace(/\r$/, "");
        buffer = buffer.slice(nl + 1);
        return line;
      }
      if (ended) {
        const rest = buffer;
        buffer = "";
        return rest === "" ? null : rest;
      }
      await more();
    }
  }

  /** Raw mode: characters arrive one by one; Enter ends, Backspace erases, Ctrl-C interrupts. */
  /** Called with the terminal in raw mode already (set before the question is written). */
  async function readSecretRaw() {
    listen();
    let secret = "";
    try {
      for (;;) {
        while (buffer.length > 0) {
          const ch = buffer[0];
          buffer = buffer.slice(1);
          if (ch === "\r" || ch === "\n") return secret;
          if (ch === "\u0003") throw new Interrupted();
          if (ch === "\u0004" && secret === "") return null;
          if (ch === "\u007f" || ch === "\b") secret = secret.slice(0, -1);
          else if (ch >= " ") secret += ch;
        }
        if (ended) return secret;
        await more();
      }
    } finally {
      stdin.setRawMode(false);
      stderr.write("\n");
    }
  }

  return {
    isTTY: Boolean(stdin.isTTY),
    /** The answer, or `fallback` when it is empty; null at the end of stdin. */
    async ask(question, fallback = "") {
      stderr.write(`? ${question}${fallback ? ` [${fallback}]` : ""} `);
      const line = await readLine();
      if (line === null) return fallback || null;
      return line.trim() || fallback;
    },
    async secret(question) {
      const raw = Boolean(stdin.isTTY) && typeof stdin.setRawMode === "function";
      // Raw mode before the question: an answer typed the moment it shows is not echoed by the terminal.
      if (raw) stdin.setRawMode(true);
      stderr.write(`? ${question} `);
      if (raw) return readSecretRaw();
      const line = await readLine();
      stderr.write("\n");
      return line;
    },
    /** y/N: only y or yes (any case) is a yes; the end of stdin is a no. */
    async confirm(question) {
      stderr.write(`? ${question} (y/N) `);
      const line = await readLine();
      return /^y(es)?$/i.test((line ?? "").trim());
    },
    close() {
      if (!listening) return;
      stdin.removeAllListeners?.("data");
      stdin.removeAllListeners?.("end");
      stdin.pause?.();
    },
  };
}
