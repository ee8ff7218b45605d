import { createHmac, timingSafeEqual } from "node:crypto";

export function verifySignature(body: string, signature: string): boolean {
  const secret = process.env.VIBEPEAK_WEBHOOK_SECRET ?? "";
  const expected = createHmac("sha256", secret).update(body).digest("hex");
  return timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
}
