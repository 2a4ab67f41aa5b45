/** Small helpers for the stave's reasons and actions, which people read. */
export const DAY_MS = 86_400_000;

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Whole days from `from` to `to` (rounded down; 0 for the same instant). */
export const daysBetween = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / DAY_MS);

export const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** "Ma Tao", "Ma Tao and Song Yan", "Ma Tao, Song Yan and Luo Ming". */
export function names(list: readonly string[]): string {
  if (list.length <= 1) return list[0] ?? '';
  return `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
}

export const clamp = (score: number) => Math.max(0, Math.min(100, Math.round(score)));
