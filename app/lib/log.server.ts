import pino, { type DestinationStream, type Level, type Logger } from 'pino';

/**
 * The process's log: one JSON object per line on stdout (pino), with `time` (ISO 8601),
 * `level` (a name), `component` and `msg`, plus the fields a line carries (`reqId`,
 * `route`, `status`, `durationMs`, `mailId`, …).
 *
 * No personal data goes into a line: callers log ids (a message's, a run's, a request's),
 * never an address, NIK, name, SQL parameter or query string; errors pass through
 * `errorFields`, which keeps an error's kind, message, code and stack and drops the rest
 * (a database error's other fields hold the statement's parameters and the row's values).
 * As a second line of defence every message and error text has e-mail addresses and
 * 16-digit numbers (a NIK) masked.
 */

export type LogLevel = Level | 'silent';
export type LogFields = Record<string, unknown>;

interface LogState {
  root?: Logger;
  level?: LogLevel;
  destination?: DestinationStream;
  children: Map<string, Logger>;
}

const globalForLog = globalThis as unknown as { __kompetenLog?: LogState };
const state: LogState = (globalForLog.__kompetenLog ??= { children: new Map() });

function envLevel(): LogLevel {
  const level = process.env.LOG_LEVEL;
  return level && level in pino.levels.values ? (level as Level) : level === 'silent' ? 'silent' : 'info';
}

function root(): Logger {
  state.root ??= pino(
    {
      level: state.level ?? envLevel(),
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    // Synchronous: a line written just before process.exit is not lost.
    state.destination ?? pino.destination({ dest: 1, sync: true }),
  );
  return state.root;
}

function reset() {
  state.root = undefined;
  state.children.clear();
}

/** Sets the level (the server entry, from LOG_LEVEL). */
export function configureLog(options: { level: LogLevel }): void {
  state.level = options.level;
  reset();
}

/** Sends the lines elsewhere (tests collect them). */
export function setLogDestination(destination: DestinationStream | undefined): void {
  state.destination = destination;
  reset();
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const SIXTEEN_DIGITS = /(?<!\d)\d{16}(?!\d)/g;

/** Masks e-mail addresses and 16-digit numbers (a NIK) in a text meant for the log. */
export function scrub(text: string): string {
  return text.replace(EMAIL, '[e-mail]').replace(SIXTEEN_DIGITS, '[16 digits]');
}

/** An error as log fields: kind, message, code, a few stack frames — nothing else it carries. */
export function errorFields(error: unknown): LogFields {
  if (!(error instanceof Error)) return { err: { message: scrub(String(error)).slice(0, 500) } };
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .slice(0, 8)
    .map((line) => line.trim());
  return {
    err: {
      type: error.name,
      message: scrub(error.message).slice(0, 500),
      ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
      stack: frames,
    },
  };
}

export interface ComponentLog {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  fatal(msg: string, fields?: LogFields): void;
  isLevelEnabled(level: Level): boolean;
}

/** The log of one part of the program (`component` on every line), e.g. `log('mail')`. */
export function log(component: string): ComponentLog {
  const child = () => {
    let logger = state.children.get(component);
    if (!logger) {
      logger = root().child({ component });
      state.children.set(component, logger);
    }
    return logger;
  };
  const at =
    (level: Level) =>
    (msg: string, fields?: LogFields): void => {
      const logger = child();
      if (!logger.isLevelEnabled(level)) return;
      if (fields) logger[level](fields, scrub(msg));
      else logger[level](scrub(msg));
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
    isLevelEnabled: (level) => child().isLevelEnabled(level),
  };
}

/** Each request's id: answered in this header, and set on the request the app sees. */
export const REQUEST_ID_HEADER = 'x-request-id';
