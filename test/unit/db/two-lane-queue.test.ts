// The SQLite connection's lock: requests' operations go before queued background operations,
// each lane in arrival order, and a failing operation still hands the lock on.
import { describe, expect, it } from "vitest";
import { TwoLaneQueue } from "../../../app/db/sqlite-serial";

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("TwoLaneQueue", () => {
  it("runs one operation at a time", async () => {
    const queue = new TwoLaneQueue();
    let running = 0;
    let most = 0;
    const op = () =>
      queue.run(async () => {
        running++;
        most = Math.max(most, running);
        await tick();
        running--;
      });
    await Promise.all([op(), op(), op(), queue.run(async () => tick(), "background")]);
    expect(most).toBe(1);
  });

  it("lets a waiting foreground operation go before waiting background ones, in arrival order", async () => {
    const queue = new TwoLaneQueue();
    const order: string[] = [];
    const op = (name: string, lane: "foreground" | "background") =>
      queue.run(async () => {
        order.push(name);
        await tick();
      }, lane);
    // The first background operation holds the lock while the rest arrive.
    await Promise.all([op("bg1", "background"), op("bg2", "background"), op("bg3", "background"), op("fg1", "foreground"), op("fg2", "foreground")]);
    expect(order).toEqual(["bg1", "fg1", "fg2", "bg2", "bg3"]);
  });

  it("passes results and errors through and frees the lock after a failure", async () => {
    const queue = new TwoLaneQueue();
    const failing = queue.run(() => {
      throw new Error("boom");
    });
    const next = queue.run(async () => 42);
    await expect(failing).rejects.toThrow("boom");
    await expect(next).resolves.toBe(42);
  });
});
