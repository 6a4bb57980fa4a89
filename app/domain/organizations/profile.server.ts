import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, ImageType, InstitutionKind, TimeZone } from '~db/schema';
import { ValidationError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import type { Actor } from '~/lib/permissions';
import { parseOrThrow } from '~/lib/validation';
import { recordAudit } from '~/domain/audit/record.server';
import { requireOrganization } from './access.server';
import { imageTypeOf } from './images';
import { ProfileSchema, type ProfileInput } from './schemas';

/**
 * An organization's own profile ("Profil lembaga"): what its letters, attendance sheets
 * and certificates print at the top — name, address, letterhead lines and logo — and, for
 * a Dinas, the time zone its cohorts start from.
 */
export interface OrganizationProfile {
  id: string;
  kind: InstitutionKind;
  name: string;
  shortName: string | null;
  address: string | null;
  city: string | null;
  phone: string | null;
  email: string | null;
  timeZone: TimeZone;
  letterhead: string | null;
  /** A short fingerprint of the logo (for its address, so a new one is not served from a cache); null without one. */
  logoVersion: string | null;
  logoType: ImageType | null;
}

const fingerprint = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('base64url').slice(0, 16);

async function readProfile(db: Kysely<Database>, organizationId: string) {
  return db
    .selectFrom('institutions')
    .select(['id', 'kind', 'name', 'short_name', 'address', 'city', 'phone', 'email', 'time_zone', 'letterhead', 'logo', 'logo_type'])
    .where('id', '=', organizationId)
    .executeTakeFirstOrThrow();
}

function profileOf(row: Awaited<ReturnType<typeof readProfile>>): OrganizationProfile {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    shortName: row.short_name,
    address: row.address,
    city: row.city,
    phone: row.phone,
    email: row.email,
    timeZone: row.time_zone,
    letterhead: row.letterhead,
    logoVersion: row.logo ? fingerprint(row.logo) : null,
    logoType: row.logo_type,
  };
}

export async function getOrganizationProfile(db: Kysely<Database>, actor: Actor | null, organizationId: string): Promise<OrganizationProfile> {
  const organization = await requireOrganization(db, actor, organizationId);
  return profileOf(await readProfile(db, organization.id));
}

/** What the audit log keeps of a profile: the fields, and of the logo only its kind and size. */
function audited(row: Awaited<ReturnType<typeof readProfile>>) {
  const { logo, logo_type, ...rest } = row;
  return { ...rest, logo: logo ? `${logo_type} ${logo.byteLength} B ${fingerprint(logo)}` : null };
}

/**
 * Saves the profile. A new logo must really be a PNG or JPEG (its first bytes say so) of
 * at most 512 KB; "remove logo" clears it. Audited (in the Dinas's log for a Dinas).
 */
export async function updateOrganizationProfile(
  db: Kysely<Database>,
  actor: Actor | null,
  organizationId: string,
  input: ProfileInput,
): Promise<{ changed: boolean }> {
  const organization = await requireOrganization(db, actor, organizationId);
  const values = parseOrThrow(ProfileSchema, input);
  let logo: { bytes: Buffer; type: ImageType } | null | undefined = values.removeLogo ? null : undefined;
  if (values.logo && values.logo.size > 0) {
    const bytes = Buffer.from(await values.logo.arrayBuffer());
    const type = imageTypeOf(bytes);
    if (!type) throw new ValidationError({ logo: ['organizations:errors.imageType'] });
    logo = { bytes, type };
  }
  const isDinas = organization.kind === 'dinas';
  if (isDinas && !values.timeZone) throw new ValidationError({ timeZone: ['organizations:errors.timeZone'] });
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('institutions')
      .select(['id', 'kind', 'name', 'short_name', 'address', 'city', 'phone', 'email', 'time_zone', 'letterhead', 'logo', 'logo_type'])
      .where('id', '=', organization.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('institutions')
      .set({
        name: values.name,
        short_name: values.shortName ?? null,
        address: values.address ?? null,
        city: values.city ?? null,
        phone: values.phone ?? null,
        email: values.email ?? null,
        letterhead: values.letterhead ?? null,
        ...(isDinas && values.timeZone ? { time_zone: values.timeZone } : {}),
        ...(logo === null ? { logo: null, logo_type: null } : logo ? { logo: logo.bytes, logo_type: logo.type } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', organization.id)
      .execute();
    const after = await readProfile(trx, organization.id);
    const [b, a] = [audited(before), audited(after)];
    const changed = JSON.stringify(b) !== JSON.stringify(a);
    if (changed) {
      await recordAudit(trx, {
        actor,
        action: 'institution.updated',
        entityType: 'institution',
        entityId: organization.id,
        dinasId: isDinas ? organization.id : null,
        before: b,
        after: a,
      });
    }
    return { changed };
  });
}

/**
 * An organization's logo, for anyone: logos are printed on public certificates and
 * letters. null when it has none (or the id is not one).
 */
export async function organizationLogo(db: Kysely<Database>, organizationId: string): Promise<{ bytes: Buffer; type: ImageType; etag: string } | null> {
  if (!isUuid(organizationId)) return null;
  const row = await db.selectFrom('institutions').select(['logo', 'logo_type']).where('id', '=', organizationId).executeTakeFirst();
  if (!row?.logo || !row.logo_type) return null;
  return { bytes: row.logo, type: row.logo_type, etag: `"${fingerprint(row.logo)}"` };
}
