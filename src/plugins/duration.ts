/** Parses `500ms`, `30s`, `15m`, `1h`, `1d` or a number of milliseconds. */
export function parseDuration(value: number | string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`duration must be a positive number of milliseconds, not ${value}`);
    return value;
  }
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(value.trim());
  if (!match) throw new Error(`duration ${JSON.stringify(value)} must look like 500ms, 30s, 15m, 1h or 1d`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  const ms = Number(match[1]) * unit;
  if (ms <= 0) throw new Error(`duration ${JSON.stringify(value)} must be positive`);
  return ms;
}
