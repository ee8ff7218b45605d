import { expect, it } from "vitest";

const SANDBOX_KEY = "{{VPK_TEST:mono-server-test}}";

it("uses a sandbox key in tests", () => {
  expect(SANDBOX_KEY).toHaveLength(41);
});
