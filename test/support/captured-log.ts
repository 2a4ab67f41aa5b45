/**
 * The server's log (src/log.ts) captured for a test that asserts what is
 * logged: from captureLog() until restore(), every level is kept and nothing
 * reaches the console. Tests otherwise run with LOG_LEVEL=silent
 * (vitest.config.ts), so a passing run prints no log line.
 */
import { setLogLevel, setLogSink, type LogLevel } from '../../src/log.js';

export interface LoggedLine {
  level: Exclude<LogLevel, 'silent'>;
  /** What was passed to the logger, as passed. */
  parts: unknown[];
  /** The parts joined by spaces. */
  text: string;
}

export interface CapturedLog {
  lines: LoggedLine[];
  /** The texts of the lines, of one level or of all. */
  texts(level?: LoggedLine['level']): string[];
  restore(): void;
}

export function captureLog(): CapturedLog {
  const lines: LoggedLine[] = [];
  const keep = (level: LoggedLine['level']) => (...parts: unknown[]) => void lines.push({ level, parts, text: parts.map(String).join(' ') });
  const levelBefore = setLogLevel('debug');
  const sinkBefore = setLogSink({ debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') });
  return {
    lines,
    texts: (level) => lines.filter((line) => level === undefined || line.level === level).map((line) => line.text),
    restore() {
      setLogLevel(levelBefore);
      setLogSink(sinkBefore);
    },
  };
}
