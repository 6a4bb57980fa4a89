import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { i18nOptions } from '~/lib/i18n';
import { messageParts } from '~/lib/messages';

/**
 * Every message a form can show is a translation key present in both languages: walks the
 * failure paths of every exported schema of app/domain/<area>/schemas.ts (nothing given,
 * '' and junk and too long for text, out of range for numbers, an unknown option for enums).
 */

const root = path.resolve(import.meta.dirname, '../..');

function schemaFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return schemaFiles(file);
    return name === 'schemas.ts' ? [file] : [];
  });
}

// zod 4's definitions, read loosely: enough to find fields, limits and wrappers.
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
}
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const bagOf = (schema: z.ZodType) => (schema as unknown as { _zod: { bag: { minimum?: number; maximum?: number } } })._zod.bag;

function unwrap(schema: z.ZodType): z.ZodType {
  const def = defOf(schema);
  if (def.innerType && ['optional', 'default', 'nullable', 'prefault', 'catch', 'nonoptional', 'readonly'].includes(def.type)) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  return schema;
}

/** Values that must fail (or be checked) for one field's schema. */
function probes(schema: z.ZodType, depth = 0): unknown[] {
  const inner = unwrap(schema);
  const def = defOf(inner);
  const { minimum, maximum } = bagOf(inner) ?? {};
  switch (def.type) {
    case 'string':
      return ['', ' ', '§', 42, ...(maximum !== undefined ? ['x'.repeat(maximum + 1)] : [])];
    case 'number':
      return ['abc', 1.5, (minimum ?? 0) - 1, (maximum ?? 1e9) + 1];
    case 'enum':
    case 'literal':
      return ['nope', 42];
    case 'boolean':
      return ['nope'];
    case 'union':
      return (def.options ?? []).flatMap((option) => probes(option, depth));
    case 'array': {
      const element = def.element!;
      const elementProbes = depth > 2 ? [] : probes(element, depth + 1).map((p) => [p]);
      return ['nope', [], ...elementProbes, ...(maximum !== undefined ? [Array.from({ length: maximum + 1 }, () => ({}))] : [])];
    }
    case 'object':
      return depth > 2 ? [{}] : [undefined, {}, ...objectInputs(inner, depth + 1)];
    default:
      return [undefined];
  }
}

function objectInputs(schema: z.ZodType, depth = 0): unknown[] {
  const shape = defOf(unwrap(schema)).shape ?? {};
  return [{}, ...Object.entries(shape).flatMap(([field, fieldSchema]) => probes(fieldSchema, depth).map((value) => ({ [field]: value })))];
}

function messagesOf(schema: z.ZodType): Set<string> {
  const inputs = defOf(unwrap(schema)).type === 'object' ? objectInputs(schema) : [undefined, ...probes(schema)];
  const messages = new Set<string>();
  for (const input of inputs) {
    const result = schema.safeParse(input);
    if (!result.success) for (const issue of result.error.issues) messages.add(issue.message);
  }
  return messages;
}

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ ...i18nOptions, lng: 'id' });
});

function problemOf(message: string, lng: 'id' | 'en'): string | null {
  if (/^(Invalid|Too (big|small)|expected)/i.test(message)) return 'zod default';
  const [key, values] = messageParts(message);
  if (!/^[a-z]+:[\w.]+$/.test(key)) return 'not a key';
  if (!i18n.exists(key, { lng })) return 'missing translation';
  const text = i18n.t(key, { lng, ...values });
  if (text.includes('{{')) return `value missing in "${text}"`;
  return null;
}

const files = schemaFiles(path.join(root, 'app/domain'));

describe('every form message is a translation', () => {
  it('finds the schema files', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files.map((file) => [path.relative(root, file), file]))('%s', async (_name, file) => {
    const module = (await import(file)) as Record<string, unknown>;
    const schemas = Object.entries(module).filter((entry): entry is [string, z.ZodType] => entry[1] instanceof z.ZodType);
    const problems: string[] = [];
    for (const [name, schema] of schemas) {
      for (const message of messagesOf(schema)) {
        for (const lng of ['id', 'en'] as const) {
          const problem = problemOf(message, lng);
          if (problem) problems.push(`${name}: ${lng} "${message}": ${problem}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('messages the issue named', () => {
  const t = (message: string | undefined, lng: 'id' | 'en') => {
    const [key, values] = messageParts(message ?? '');
    return i18n.t(key, { lng, ...values });
  };
  const first = (schema: z.ZodType, input: unknown, field: string) => {
    const result = schema.safeParse(input);
    return result.success ? undefined : result.error.issues.find((issue) => issue.path.join('.') === field)?.message;
  };

  it('an empty unit code, unit title and day title say what to fill in', async () => {
    const { ProgramSchema } = await import('~/domain/programs/schemas');
    const input = { code: 'P', title: 'Program', units: [{}], days: [{ kind: 'training' }] };
    expect(t(first(ProgramSchema, input, 'units.0.code'), 'id')).toBe('Isi kode unit.');
    expect(t(first(ProgramSchema, input, 'units.0.title'), 'en')).not.toMatch(/Invalid input/);
    expect(t(first(ProgramSchema, input, 'days.0.title'), 'id')).toBe('Isi judul hari.');
  });

  it('a text that is too long states the limit', async () => {
    const { UnitSchema } = await import('~/domain/programs/schemas');
    const message = first(UnitSchema, { code: 'x'.repeat(61), title: 'Unit' }, 'code');
    expect(t(message, 'id')).toBe('Paling banyak 60 karakter');
    expect(t(message, 'en')).toBe('At most 60 characters');
  });

  it('an empty repeated password is missing, not different; "differ" only when both are typed', async () => {
    const { NewPasswordSchema } = await import('~/domain/accounts/schemas');
    expect(first(NewPasswordSchema, {}, 'passwordConfirm')).toBe('accounts:form.passwordConfirmRequired');
    expect(first(NewPasswordSchema, { password: 'rahasia-panjang' }, 'passwordConfirm')).toBe('accounts:form.passwordConfirmRequired');
    expect(first(NewPasswordSchema, { passwordConfirm: 'rahasia-panjang' }, 'password')).toBe('accounts:form.passwordRequired');
    expect(first(NewPasswordSchema, { passwordConfirm: 'rahasia-panjang' }, 'passwordConfirm')).toBeUndefined();
    expect(first(NewPasswordSchema, { password: 'rahasia-panjang', passwordConfirm: 'rahasia-lain-x' }, 'passwordConfirm')).toBe('accounts:form.passwordMismatch');
  });
});
