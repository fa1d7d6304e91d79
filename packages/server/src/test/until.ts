/** Waits until the condition holds, looking every 20 ms; fails the test after `ms`. */
export async function until(isDone: () => boolean | Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await isDone())) {
    if (Date.now() > end) throw new Error(`gave up waiting after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
