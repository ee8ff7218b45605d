import request from "supertest";
import { describe, expect, it, vi } from "vitest";

vi.stubEnv("VIBEPEAK_API_KEY", "{{VPK_TEST:ex-vitest}}");

describe("POST /videos", () => {
  it("rejects short prompts", async () => {
    const { app } = await import("../src/app.js");
    const res = await request(app).post("/videos").send({ prompt: "x" });
    expect(res.status).toBe(400);
  });
});
