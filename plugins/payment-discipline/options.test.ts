import { describe, expect, it } from 'vitest';
import { loadWithPaymentDiscipline } from './test/plugin-test-support.js';

describe('options, validated by the loader at boot', () => {
  it('defaults every option', async () => {
    const loaded = (await loadWithPaymentDiscipline()).find((p) => p.plugin.name === 'payment-discipline')!;
    expect(loaded.options).toEqual({ graceDays: 7, overdueCriticalDays: 60, onTimeWindowDays: 180, writeOffOnArchive: true });
  });

  it.each([
    [{ graceDays: -1 }, 'plugin payment-discipline: invalid options: graceDays: Too small: expected number to be >=0'],
    [{ grace: 3 }, 'plugin payment-discipline: invalid options: (options): Unrecognized key: "grace"'],
    [{ graceDays: 70 }, 'plugin payment-discipline: invalid options: overdueCriticalDays: must be greater than graceDays'],
  ])('refuses %o with a message naming the plugin and the option', async (options, message) => {
    await expect(loadWithPaymentDiscipline({ options })).rejects.toThrow(message);
  });
});
