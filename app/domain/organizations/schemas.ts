import { z } from 'zod';
import { INVALID, tooLong } from '~/lib/messages';
import { TIME_ZONE_IDS } from '~/lib/dates';
import { isFileLike, LOGO_MAX_BYTES, SIGNATURE_MAX_BYTES } from './images';

/**
 * Forms of an organization's own settings (its profile, its signatories, a Dinas's
 * partners): one schema for the browser (conform) and the server. Messages are i18n keys
 * of the `organizations` namespace.
 */
const optionalText = (max: number) => z.string({ error: INVALID }).trim().max(max, tooLong(max)).optional();

export const LETTERHEAD_MAX_LINES = 4;
export const LETTERHEAD_LINE_MAX = 120;

/** The letterhead's lines as they are printed: trimmed, no empty ones. */
export function letterheadLines(letterhead: string | null | undefined): string[] {
  return (letterhead ?? '').split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
}

const imageFile = (maxBytes: number) =>
  z
    .custom<File>(isFileLike, 'organizations:errors.imageType')
    .refine((file) => file.size <= maxBytes, 'organizations:errors.imageTooLarge');

export const ProfileSchema = z.object({
  name: z.string({ message: 'organizations:errors.nameRequired' }).trim().min(3, 'organizations:errors.nameRequired').max(200, tooLong(200)),
  shortName: optionalText(80),
  address: optionalText(300),
  city: optionalText(100),
  phone: z
    .string({ error: INVALID })
    .trim()
    .regex(/^\+?\(?[0-9][0-9 ()\-.]{4,24}$/, 'organizations:errors.phoneFormat')
    .optional(),
  email: z.email({ error: 'organizations:errors.emailFormat' }).max(200, tooLong(200)).optional(),
  /** A Dinas's zone (its cohorts' default); other organizations have none to set. */
  timeZone: z.enum(TIME_ZONE_IDS, { message: 'organizations:errors.timeZone' }).optional(),
  letterhead: z
    .string({ error: INVALID })
    .max(LETTERHEAD_MAX_LINES * (LETTERHEAD_LINE_MAX + 2), 'organizations:errors.letterheadTooLong')
    .optional()
    .superRefine((value, ctx) => {
      const lines = letterheadLines(value);
      if (lines.length > LETTERHEAD_MAX_LINES) ctx.addIssue({ code: 'custom', message: 'organizations:errors.letterheadLines' });
      else if (lines.some((line) => line.length > LETTERHEAD_LINE_MAX)) ctx.addIssue({ code: 'custom', message: 'organizations:errors.letterheadLineLong' });
    })
    .transform((value) => letterheadLines(value).join('\n') || undefined),
  logo: imageFile(LOGO_MAX_BYTES).optional(),
  removeLogo: z.boolean({ error: INVALID }).optional(),
});
export type ProfileInput = z.input<typeof ProfileSchema>;
export type ProfileValues = z.output<typeof ProfileSchema>;

export const SignatorySchema = z.object({
  name: z.string({ message: 'organizations:errors.signatoryName' }).trim().min(3, 'organizations:errors.signatoryName').max(200, tooLong(200)),
  title: z.string({ message: 'organizations:errors.signatoryTitle' }).trim().min(2, 'organizations:errors.signatoryTitle').max(200, tooLong(200)),
  /** 18 digits for a civil servant; another form is allowed (the page warns). */
  nip: optionalText(40),
  signature: imageFile(SIGNATURE_MAX_BYTES).optional(),
  removeSignature: z.boolean({ error: INVALID }).optional(),
});
export type SignatoryInput = z.input<typeof SignatorySchema>;
export type SignatoryValues = z.output<typeof SignatorySchema>;

export const PartnerSchema = z.object({
  partnerId: z.uuid({ message: 'organizations:errors.partnerRequired' }),
});
