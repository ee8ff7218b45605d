import "server-only";

// The key stays on the server: it comes from the deployment's environment.
export function vibepeakHeaders(): HeadersInit {
  const key = process.env.VIBEPEAK_API_KEY;
  if (!key) throw new Error("VIBEPEAK_API_KEY is not set");
  return { Authorization: `Bearer ${key}` };
}
