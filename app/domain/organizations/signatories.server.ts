import type { Kysely, Transaction } from 'kysely';
import type { Database, ImageType } from '~db/schema';
import { NotFoundError, ValidationError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import type { Actor } from '~/lib/permissions';
import { parseOrThrow } from '~/lib/validation';
import { recordAudit } from '~/domain/audit/record.server';
import { requireOrganization, type OrganizationRef } from './access.server';
import { imageTypeOf } from './images';
import { looksLikeNip, storedNip } from './nip';
import { SignatorySchema, type SignatoryInput } from './schemas';

/**
 * Who signs for an organization: certificates (#12) and attendance sheets print the
 * active ones in their order, with name, title, NIP and signature image. Kept, never
 * deleted (old documents name them): a signatory who leaves is deactivated.
 */
export interface Signatory {
  id: string;
  name: string;
  title: string;
  nip: string | null;
  /** The NIP is not a civil servant's 18-digit number (allowed; the page says so). */
  nipWarning: boolean;
  hasSignature: boolean;
  position: number;
  isActive: boolean;
}

const columns = ['id', 'name', 'title', 'nip', 'position', 'is_active', 'signature_type'] as const;

function signatoryOf(row: { id: string; name: string; title: string; nip: string | null; position: number; is_active: boolean; signature_type: ImageType | null }): Signatory {
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    nip: row.nip,
    nipWarning: !!row.nip && !looksLikeNip(row.nip),
    hasSignature: !!row.signature_type,
    position: row.position,
    isActive: row.is_active,
  };
}

const dinasOf = (organization: OrganizationRef) => (organization.kind === 'dinas' ? organization.id : null);

/** The organization's signatories: the active ones first, in their order. */
export async function listSignatories(db: Kysely<Database>, actor: Actor | null, organizationId: string) {
  const organization = await requireOrganization(db, actor, organizationId);
  const rows = await db
    .selectFrom('signatories')
    .select(columns)
    .where('institution_id', '=', organization.id)
    .orderBy('is_active', 'desc')
    .orderBy('position')
    .orderBy('created_at')
    .execute();
  return { organization, signatories: rows.map(signatoryOf) };
}

async function findSignatory(db: Kysely<Database>, organization: OrganizationRef, signatoryId: string) {
  if (!isUuid(signatoryId)) throw new NotFoundError('common:error.notFoundBody');
  const row = await db.selectFrom('signatories').select(columns).where('id', '=', signatoryId).where('institution_id', '=', organization.id).executeTakeFirst();
  if (!row) throw new NotFoundError('common:error.notFoundBody');
  return row;
}

/** One signatory of the organization; another organization's answers "not found". */
export async function getSignatory(db: Kysely<Database>, actor: Actor | null, organizationId: string, signatoryId: string) {
  const organization = await requireOrganization(db, actor, organizationId);
  return { organization, signatory: signatoryOf(await findSignatory(db, organization, signatoryId)) };
}

async function signatureOf(file: File | undefined): Promise<{ bytes: Buffer; type: ImageType } | undefined> {
  if (!file || file.size === 0) return undefined;
  const bytes = Buffer.from(await file.arrayBuffer());
  const type = imageTypeOf(bytes);
  if (!type) throw new ValidationError({ signature: ['organizations:errors.imageType'] });
  return { bytes, type };
}

const auditView = (row: { name: string; title: string; nip: string | null; position: number; is_active: boolean; signature_type: ImageType | null }) => ({
  name: row.name,
  title: row.title,
  nip: row.nip,
  position: row.position,
  isActive: row.is_active,
  signature: row.signature_type,
});

/** Adds a signatory at the end of the order. */
export async function createSignatory(db: Kysely<Database>, actor: Actor | null, organizationId: string, input: SignatoryInput): Promise<{ id: string }> {
  const organization = await requireOrganization(db, actor, organizationId);
  const values = parseOrThrow(SignatorySchema, input);
  const signature = await signatureOf(values.signature);
  return db.transaction().execute(async (trx) => {
    await lockSignatories(trx, organization.id);
    const last = await trx.selectFrom('signatories').select((eb) => eb.fn.max('position').as('max')).where('institution_id', '=', organization.id).executeTakeFirst();
    const row = await trx
      .insertInto('signatories')
      .values({
        institution_id: organization.id,
        name: values.name,
        title: values.title,
        nip: values.nip ? storedNip(values.nip) : null,
        signature_image: signature?.bytes ?? null,
        signature_type: signature?.type ?? null,
        position: Number(last?.max ?? 0) + 1,
      })
      .returning([...columns])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actor, action: 'signatory.created', entityType: 'signatory', entityId: row.id, dinasId: dinasOf(organization), after: auditView(row) });
    return { id: row.id };
  });
}

export async function updateSignatory(
  db: Kysely<Database>,
  actor: Actor | null,
  organizationId: string,
  signatoryId: string,
  input: SignatoryInput,
): Promise<void> {
  const organization = await requireOrganization(db, actor, organizationId);
  await findSignatory(db, organization, signatoryId);
  const values = parseOrThrow(SignatorySchema, input);
  const signature = await signatureOf(values.signature);
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('signatories').select(columns).where('id', '=', signatoryId).forUpdate().executeTakeFirstOrThrow();
    const after = await trx
      .updateTable('signatories')
      .set({
        name: values.name,
        title: values.title,
        nip: values.nip ? storedNip(values.nip) : null,
        ...(signature ? { signature_image: signature.bytes, signature_type: signature.type } : values.removeSignature ? { signature_image: null, signature_type: null } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', signatoryId)
      .returning([...columns])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actor, action: 'signatory.updated', entityType: 'signatory', entityId: signatoryId, dinasId: dinasOf(organization), before: auditView(before), after: auditView(after) });
  });
}

/** The organization's signatory rows, locked while their order changes. */
async function lockSignatories(trx: Transaction<Database>, organizationId: string) {
  return trx.selectFrom('signatories').select(['id', 'position', 'is_active']).where('institution_id', '=', organizationId).orderBy('position').orderBy('created_at').forUpdate().execute();
}

/** Deactivates (no longer offered to sign) or reactivates a signatory. */
export async function setSignatoryActive(db: Kysely<Database>, actor: Actor | null, organizationId: string, signatoryId: string, active: boolean): Promise<void> {
  const organization = await requireOrganization(db, actor, organizationId);
  await findSignatory(db, organization, signatoryId);
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('signatories').select(columns).where('id', '=', signatoryId).forUpdate().executeTakeFirstOrThrow();
    if (before.is_active === active) return;
    await trx.updateTable('signatories').set({ is_active: active, updated_at: new Date() }).where('id', '=', signatoryId).execute();
    await recordAudit(trx, {
      actor,
      action: active ? 'signatory.activated' : 'signatory.deactivated',
      entityType: 'signatory',
      entityId: signatoryId,
      dinasId: dinasOf(organization),
      before: { isActive: before.is_active },
      after: { isActive: active },
    });
  });
}

/** Moves a signatory one place up or down among the organization's signatories (positions become 1…n). */
export async function moveSignatory(
  db: Kysely<Database>,
  actor: Actor | null,
  organizationId: string,
  signatoryId: string,
  direction: 'up' | 'down',
): Promise<void> {
  const organization = await requireOrganization(db, actor, organizationId);
  await findSignatory(db, organization, signatoryId);
  await db.transaction().execute(async (trx) => {
    const rows = await lockSignatories(trx, organization.id);
    // The order people see: the active ones first.
    const order = [...rows.filter((r) => r.is_active), ...rows.filter((r) => !r.is_active)];
    const index = order.findIndex((r) => r.id === signatoryId);
    const target = direction === 'up' ? index - 1 : index + 1;
    if (index < 0 || target < 0 || target >= order.length) return;
    const beforePosition = index + 1;
    [order[index], order[target]] = [order[target]!, order[index]!];
    for (const [i, row] of order.entries()) {
      if (row.position !== i + 1) await trx.updateTable('signatories').set({ position: i + 1 }).where('id', '=', row.id).execute();
    }
    await recordAudit(trx, {
      actor,
      action: 'signatory.moved',
      entityType: 'signatory',
      entityId: signatoryId,
      dinasId: dinasOf(organization),
      before: { position: beforePosition },
      after: { position: target + 1 },
    });
  });
}

/** A signatory's signature image, for the organization's own managers only. */
export async function signatureImage(db: Kysely<Database>, actor: Actor | null, organizationId: string, signatoryId: string): Promise<{ bytes: Buffer; type: ImageType }> {
  const organization = await requireOrganization(db, actor, organizationId);
  if (!isUuid(signatoryId)) throw new NotFoundError('common:error.notFoundBody');
  const row = await db
    .selectFrom('signatories')
    .select(['signature_image', 'signature_type'])
    .where('id', '=', signatoryId)
    .where('institution_id', '=', organization.id)
    .executeTakeFirst();
  if (!row?.signature_image || !row.signature_type) throw new NotFoundError('common:error.notFoundBody');
  return { bytes: row.signature_image, type: row.signature_type };
}
