import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '~/lib/config.server';
import { msUntilNextBackup } from '~/server/backups';

const HOUR = 3_600_000;

describe('the embedded database\'s nightly backup', () => {
  it('runs at BACKUP_HOUR Western Indonesian Time (UTC+7): the next such hour, never now or more than a day away', () => {
    // 02:00 WIB is 19:00 UTC the day before.
    expect(msUntilNextBackup(new Date('2026-11-29T10:00:00Z'), 2)).toBe(9 * HOUR);
    expect(msUntilNextBackup(new Date('2026-11-29T18:30:00Z'), 2)).toBe(HOUR / 2);
    expect(msUntilNextBackup(new Date('2026-11-29T19:00:00Z'), 2)).toBe(24 * HOUR);
    expect(msUntilNextBackup(new Date('2026-11-29T19:00:01Z'), 2)).toBe(24 * HOUR - 1000);
    // 23:00 WIB is 16:00 UTC the same day; 07:00 WIB is midnight UTC.
    expect(msUntilNextBackup(new Date('2026-11-29T15:00:00Z'), 23)).toBe(HOUR);
    expect(msUntilNextBackup(new Date('2026-12-31T23:00:00Z'), 7)).toBe(HOUR);
  });

  it('BACKUP_HOUR is an hour 0–23 or off (default 2); BACKUP_KEEP a count (default 7)', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kompeten-config-'));
    const parse = (env: Record<string, string>) => parseConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, ...env });
    expect(parse({})).toMatchObject({ BACKUP_HOUR: 2, BACKUP_KEEP: 7 });
    expect(parse({ BACKUP_HOUR: 'off', BACKUP_KEEP: '30' })).toMatchObject({ BACKUP_HOUR: 'off', BACKUP_KEEP: 30 });
    expect(parse({ BACKUP_HOUR: '0' }).BACKUP_HOUR).toBe(0);
    for (const bad of ['24', '-1', '2.5', 'nightly']) {
      expect(() => parse({ BACKUP_HOUR: bad }), bad).toThrow(ConfigError);
      expect(() => parse({ BACKUP_HOUR: bad })).toThrow(/BACKUP_HOUR: must be an hour 0–23/);
    }
    expect(() => parse({ BACKUP_KEEP: '0' })).toThrow(/BACKUP_KEEP/);
  });
});
