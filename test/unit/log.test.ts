import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { logger, setLogLevel, setLogSink, type LogLevel, type LogSink } from '../../src/log.js';

const kept: string[] = [];
const sink = { debug: (m: unknown) => kept.push(`debug ${m}`), info: (m: unknown) => kept.push(`info ${m}`), warn: (m: unknown) => kept.push(`warn ${m}`), error: (m: unknown) => kept.push(`error ${m}`) };

function logEveryLevelAt(level: LogLevel): string[] {
  kept.length = 0;
  setLogLevel(level);
  logger.debug('d');
  logger.info('i');
  logger.warn('w');
  logger.error('e');
  return [...kept];
}

describe('the log', () => {
  let levelBefore: LogLevel;
  let sinkBefore: LogSink;
  beforeEach(() => {
    levelBefore = setLogLevel('silent');
    sinkBefore = setLogSink(sink);
  });
  afterEach(() => {
    setLogLevel(levelBefore);
    setLogSink(sinkBefore);
  });

  it('keeps the lines at or above LOG_LEVEL', () => {
    expect(logEveryLevelAt('debug')).toEqual(['debug d', 'info i', 'warn w', 'error e']);
    expect(logEveryLevelAt('info')).toEqual(['info i', 'warn w', 'error e']);
    expect(logEveryLevelAt('warn')).toEqual(['warn w', 'error e']);
    expect(logEveryLevelAt('error')).toEqual(['error e']);
    expect(logEveryLevelAt('silent')).toEqual([]);
  });

  it('takes LOG_LEVEL from the configuration, info by default, and refuses an unknown level', () => {
    expect(loadConfig({}).logLevel).toBe('info');
    expect(loadConfig({ LOG_LEVEL: 'warn' }).logLevel).toBe('warn');
    expect(() => loadConfig({ LOG_LEVEL: 'verbose' })).toThrow(/^Invalid configuration: LOG_LEVEL: /);
  });
});
