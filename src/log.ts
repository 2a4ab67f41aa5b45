/**
 * The server's log, the one way it logs: lines to stdout (debug, info) and
 * stderr (warn, error) through the console, kept or dropped by level.
 * LOG_LEVEL picks the lowest level kept: debug, info (the default), warn,
 * error or silent. The test suite runs with LOG_LEVEL=silent unless LOG_LEVEL
 * is set (vitest.config.ts); a test that asserts what is logged captures it
 * (test/support/captured-log.ts).
 *
 * Command-line tools (npm run token, npm run seed) print their output
 * themselves: that output is what they are for, not a log.
 */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const rank = (level: LogLevel) => LOG_LEVELS.indexOf(level);

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/** Where kept lines go: the console by default, a test's capture while it captures. */
export interface LogSink {
  debug(...parts: unknown[]): void;
  info(...parts: unknown[]): void;
  warn(...parts: unknown[]): void;
  error(...parts: unknown[]): void;
}

// Looked up at each call, so that a test's spy on the console sees the lines.
const consoleSink: LogSink = {
  debug: (...parts) => console.debug(...parts),
  info: (...parts) => console.log(...parts),
  warn: (...parts) => console.warn(...parts),
  error: (...parts) => console.error(...parts),
};

const fromEnvironment = process.env.LOG_LEVEL?.trim().toLowerCase() ?? '';
let threshold: LogLevel = isLogLevel(fromEnvironment) ? fromEnvironment : 'info';
let sink: LogSink = consoleSink;

export function logLevel(): LogLevel {
  return threshold;
}

/** Sets the lowest level kept; returns the one in force before. */
export function setLogLevel(level: LogLevel): LogLevel {
  const before = threshold;
  threshold = level;
  return before;
}

/** Sends kept lines to `next` (the console when undefined); returns the sink in force before. */
export function setLogSink(next: LogSink | undefined): LogSink {
  const before = sink;
  sink = next ?? consoleSink;
  return before;
}

function at(level: Exclude<LogLevel, 'silent'>) {
  return (...parts: unknown[]): void => {
    if (rank(level) >= rank(threshold)) sink[level](...parts);
  };
}

export const logger = {
  debug: at('debug'),
  info: at('info'),
  warn: at('warn'),
  error: at('error'),
};
