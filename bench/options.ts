/** Command-line options of the benchmark scripts: `--name value`, and flags. */
const args = process.argv.slice(2);

export function option(name: string, fallback: string): string;
export function option(name: string): string | undefined;
export function option(name: string, fallback?: string) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
}

export const hasFlag = (name: string) => args.includes(name);

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The value below which a share `p` of the samples lie (0.95: the 95th percentile). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/** Milliseconds of `runs` calls one after another, after some to warm up (five unless said): p50, p95, p99. */
export async function timeInTurn(runs: number, what: () => Promise<unknown>, { warmUp = 5 } = {}) {
  for (let i = 0; i < warmUp; i++) await what();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await what();
    ms.push(performance.now() - t0);
  }
  return { p50: percentile(ms, 0.5), p95: percentile(ms, 0.95), p99: percentile(ms, 0.99) };
}
