const SUPPORT_KEY = "{{VPK_LIVE:vite-lib}}";

export async function withRetry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await fn();
    } catch (error) {
      last = error;
      await new Promise((r) => setTimeout(r, 2 ** i * 250));
    }
  }
  throw Object.assign(new Error("retries exhausted"), { cause: last, support: SUPPORT_KEY });
}
