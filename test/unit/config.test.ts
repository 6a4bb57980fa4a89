import { mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '~/lib/config.server';

describe('configuration', () => {
  it('names every bad variable and what it expects', () => {
    let error: unknown;
    try {
      parseConfig({ PORT: 'abc', PUBLIC_URL: 'not a url', DATABASE_URL: 'mysql://x', SEED: 'lots', SESSION_SECRET: 'x'.repeat(40) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'PUBLIC_URL', 'DATABASE_URL', 'SEED']) expect(problems).toContain(name);
    expect(problems).toContain('postgres://');
  });

  it('uses the embedded database unless DATABASE_URL is set', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kompeten-config-'));
    expect(parseConfig({ DATA_DIR: dir }).databaseKind).toBe('pglite');
    expect(parseConfig({ DATA_DIR: dir, DATABASE_URL: 'postgres://u@h/db' }).databaseKind).toBe('postgres');
    expect(parseConfig({ DATA_DIR: dir, PUBLIC_URL: 'https://kompeten.example.go.id/' }).PUBLIC_URL).toBe('https://kompeten.example.go.id');
    expect(parseConfig({ DATA_DIR: dir }).PUBLIC_URL).toBe('http://localhost:3000');
    expect(parseConfig({ DATA_DIR: dir, PORT: '8080' }).PUBLIC_URL).toBe('http://localhost:8080');
  });

  it('generates a development session secret once and keeps it under DATA_DIR', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kompeten-config-'));
    const first = parseConfig({ DATA_DIR: dir, NODE_ENV: 'development' }).SESSION_SECRET;
    expect(first).toHaveLength(64);
    expect(parseConfig({ DATA_DIR: dir, NODE_ENV: 'development' }).SESSION_SECRET).toBe(first);
    expect(readFileSync(path.join(dir, '.session-secret'), 'utf8')).toBe(first);
  });

  it('leases claimed mail for MAIL_LEASE_SECONDS, five minutes unless set', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kompeten-config-'));
    expect(parseConfig({ DATA_DIR: dir }).MAIL_LEASE_SECONDS).toBe(300);
    expect(parseConfig({ DATA_DIR: dir, MAIL_LEASE_SECONDS: '3' }).MAIL_LEASE_SECONDS).toBe(3);
    for (const bad of ['0', '-5', '2.5', 'soon']) {
      expect(() => parseConfig({ DATA_DIR: dir, MAIL_LEASE_SECONDS: bad }), bad).toThrow(/MAIL_LEASE_SECONDS/);
    }
  });

  it('draws PDFs on one worker thread per core (at most 4) unless PDF_WORKERS says otherwise; 0 draws in the request thread', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kompeten-config-'));
    expect(parseConfig({ DATA_DIR: dir }).PDF_WORKERS).toBe(Math.min(4, availableParallelism()));
    expect(parseConfig({ DATA_DIR: dir, PDF_WORKERS: '0' }).PDF_WORKERS).toBe(0);
    expect(parseConfig({ DATA_DIR: dir, PDF_WORKERS: '8' }).PDF_WORKERS).toBe(8);
    for (const bad of ['-1', '1.5', 'many', '65']) {
      expect(() => parseConfig({ DATA_DIR: dir, PDF_WORKERS: bad }), bad).toThrow(/PDF_WORKERS/);
    }
  });

  it('migrates at start unless MIGRATE_ON_START is false', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kompeten-config-'));
    expect(parseConfig({ DATA_DIR: dir }).MIGRATE_ON_START).toBe(true);
    expect(parseConfig({ DATA_DIR: dir, MIGRATE_ON_START: '' }).MIGRATE_ON_START).toBe(true);
    expect(parseConfig({ DATA_DIR: dir, MIGRATE_ON_START: 'true' }).MIGRATE_ON_START).toBe(true);
    expect(parseConfig({ DATA_DIR: dir, MIGRATE_ON_START: 'false' }).MIGRATE_ON_START).toBe(false);
    expect(parseConfig({ DATA_DIR: dir, MIGRATE_ON_START: '0' }).MIGRATE_ON_START).toBe(false);
    for (const bad of ['no', 'FALSE ', 'off']) {
      expect(() => parseConfig({ DATA_DIR: dir, MIGRATE_ON_START: bad }), bad).toThrow(/MIGRATE_ON_START: must be true or false/);
    }
  });

  it('requires a session secret in production', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/);
  });
});

describe('network and logging settings', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kompeten-config-'));
  const problemsOf = (env: Record<string, string>) => {
    try {
      parseConfig({ DATA_DIR: dir, ...env });
    } catch (error) {
      return (error as ConfigError).problems.join('\n');
    }
    return '';
  };

  it('trusts the proxy on this host unless TRUST_PROXY says otherwise: a hop count or a list of addresses and ranges', () => {
    expect(parseConfig({ DATA_DIR: dir }).TRUST_PROXY).toEqual(['loopback']);
    expect(parseConfig({ DATA_DIR: dir, TRUST_PROXY: '0' }).TRUST_PROXY).toBe(0);
    expect(parseConfig({ DATA_DIR: dir, TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(parseConfig({ DATA_DIR: dir, TRUST_PROXY: ' 10.0.0.0/8, 192.168.1.7 ,loopback,fd00::/8' }).TRUST_PROXY).toEqual(['10.0.0.0/8', '192.168.1.7', 'loopback', 'fd00::/8']);
  });

  it('stops on a TRUST_PROXY it cannot read, naming the part', () => {
    for (const bad of ['yes', '10.0.0.0/33', '300.1.1.1', 'loopback,proxy.example', '11', '-1', ',']) {
      expect(problemsOf({ TRUST_PROXY: bad }), bad).toMatch(/^TRUST_PROXY: must be a hop count/);
    }
    expect(problemsOf({ TRUST_PROXY: 'loopback,proxy.example' })).toContain('not understood: proxy.example');
  });

  it('listens on every interface unless HOST names one', () => {
    expect(parseConfig({ DATA_DIR: dir }).HOST).toBeUndefined();
    for (const host of ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost']) expect(parseConfig({ DATA_DIR: dir, HOST: host }).HOST).toBe(host);
    for (const bad of ['http://0.0.0.0', '127.0.0.1:3000', 'a b']) expect(problemsOf({ HOST: bad }), bad).toMatch(/^HOST: must be an IP address/);
  });

  it('logs at info unless LOG_LEVEL says otherwise; METRICS_TOKEN is long or absent', () => {
    expect(parseConfig({ DATA_DIR: dir }).LOG_LEVEL).toBe('info');
    expect(parseConfig({ DATA_DIR: dir, LOG_LEVEL: 'warn' }).LOG_LEVEL).toBe('warn');
    expect(problemsOf({ LOG_LEVEL: 'verbose' })).toMatch(/^LOG_LEVEL: must be one of/);
    expect(parseConfig({ DATA_DIR: dir }).METRICS_TOKEN).toBeUndefined();
    expect(problemsOf({ METRICS_TOKEN: 'short' })).toMatch(/^METRICS_TOKEN: must be at least 16/);
  });
});
