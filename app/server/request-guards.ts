import type { NextFunction, Request, Response } from 'express';
import { MAX_IMPORT_BYTES } from '~/domain/cooperatives/import/batches.server';
import { log as componentLog } from '~/lib/log.server';

const warn = (line: string) => componentLog('http').warn(line);

/**
 * Cheap refusals before a request reaches Remix, each a plain status and one log line
 * (never a stack trace):
 * - a write (POST, PUT, PATCH, DELETE) whose `Origin` is another site → 403 (CSRF); the
 *   same rule Remix applies to actions, which would answer it with a 500;
 * - a body larger than the route may take → 413, decided from Content-Length before a
 *   byte is read, and counted while streaming when there is none.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The host the browser addressed, as Remix reads it: X-Forwarded-Host first, then Host. */
function requestHost(req: Request): string | undefined {
  const forwarded = req.get('x-forwarded-host')?.split(',')[0]?.trim();
  return forwarded || req.get('host') || undefined;
}

function originHost(origin: string): string | null {
  if (origin === 'null') return 'null';
  try {
    return new URL(origin).host;
  } catch {
    return 'invalid';
  }
}

export function refuseCrossOriginWrites(log: (line: string) => void = warn) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.get('origin');
    if (!origin) return next();
    const host = requestHost(req);
    if (host && originHost(origin) === host) return next();
    log(`refused a cross-origin ${req.method} ${req.path} (Origin ${origin.slice(0, 100)})`);
    res.status(403).type('text/plain').send('Forbidden: cross-origin request');
  };
}

export interface BodyLimits {
  /** Any body (forms are a few kilobytes). */
  defaultBytes: number;
  /** File uploads: multipart bodies to these path prefixes. */
  uploadBytes: number;
  uploadPaths: readonly string[];
}

export const BODY_LIMITS: BodyLimits = {
  defaultBytes: 1024 * 1024,
  // The registry import's limit (MAX_IMPORT_BYTES) and room for the form around the file.
  uploadBytes: MAX_IMPORT_BYTES + 1024 * 1024,
  uploadPaths: ['/cooperatives/import'],
};

function limitFor(req: Request, limits: BodyLimits): number {
  const multipart = (req.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
  return multipart && limits.uploadPaths.some((p) => req.path.startsWith(p)) ? limits.uploadBytes : limits.defaultBytes;
}

export function limitBodySize(limits: BodyLimits = BODY_LIMITS, log: (line: string) => void = warn) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const limit = limitFor(req, limits);
    const declared = Number(req.get('content-length') ?? NaN);
    const tooLarge = () => {
      log(`refused a ${req.method} ${req.path} body over ${limit} bytes`);
      res.status(413).set('Connection', 'close').type('text/plain').send('Payload too large');
    };
    if (Number.isFinite(declared)) {
      if (declared > limit) return tooLarge();
      return next();
    }
    // Chunked: count as it streams and cut the connection past the limit.
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit && !res.headersSent) {
        tooLarge();
        req.destroy();
      }
    });
    next();
  };
}

/**
 * A certificate's files have the addresses the QR code and the printed page promise,
 * /verify/<code>.json and /verify/<code>.pdf; Remix's router takes a dynamic segment only
 * whole, so they are served by the routes /verify/<code>/json and /verify/<code>/pdf.
 * Returns the route's path for such an address, or null for any other.
 */
export function verifyFileAlias(pathname: string): string | null {
  const match = /^\/verify\/([A-Za-z0-9-]{1,40})\.(json|pdf)$/.exec(pathname);
  return match ? `/verify/${match[1]}/${match[2]}` : null;
}

/**
 * Serves /verify/<code>.json and .pdf from their routes (see `verifyFileAlias`). Remix's
 * Express adapter reads the address from `req.originalUrl`, not `req.url`: both change
 * (mounted at the root, they are the same before this).
 */
export function rewriteVerifyFiles() {
  return (req: Request, _res: Response, next: NextFunction) => {
    const alias = verifyFileAlias(req.path);
    if (alias) {
      req.url = alias + req.url.slice(req.path.length);
      req.originalUrl = req.url;
    }
    next();
  };
}
