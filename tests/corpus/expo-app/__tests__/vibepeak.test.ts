import { createTask } from "../src/lib/vibepeak";

const SANDBOX = "{{VPK_TEST:expo-jest}}";

beforeEach(() => {
  global.fetch = jest.fn().mockResolvedValue({ json: async () => ({ id: "t1", key: SANDBOX }) });
});

it("creates a task", async () => {
  await expect(createTask("sunset")).resolves.toMatchObject({ id: "t1" });
});
