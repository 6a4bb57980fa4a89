import { z } from 'zod';
import { TIME_ZONE_IDS } from '~/lib/dates';
import { INVALID, tooLong } from '~/lib/messages';

/** The platform administrator's forms (server and browser share them; messages are i18n keys). */

const optionalText = (max: number) =>
  z
    .string({ error: INVALID })
    .trim()
    .max(max, tooLong(max))
    .optional()
    .transform((v) => v || undefined);

const email = (message: string) =>
  z
    .string({ message })
    .trim()
    .toLowerCase()
    .max(254, 'accounts:form.emailInvalid')
    .pipe(z.email({ message: 'accounts:form.emailInvalid' }));

export const NewDinasSchema = z.object({
  name: z
    .string({ message: 'accounts:platform.form.nameRequired' })
    .trim()
    .min(5, 'accounts:platform.form.nameRequired')
    .max(160, 'accounts:platform.form.tooLong'),
  shortName: optionalText(80),
  /** Kemendagri's regency/city code, e.g. 33.75 (Kota Pekalongan), 35.73 (Kota Malang). */
  regencyCode: z
    .string({ message: 'accounts:platform.form.regencyCodeInvalid' })
    .trim()
    .regex(/^\d{2}\.\d{2}$/, 'accounts:platform.form.regencyCodeInvalid'),
  city: optionalText(120),
  address: optionalText(300),
  email: z
    .string({ error: INVALID })
    .trim()
    .toLowerCase()
    .max(254, 'accounts:form.emailInvalid')
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.email({ message: 'accounts:form.emailInvalid' }).optional()),
  timeZone: z.enum(TIME_ZONE_IDS, { message: 'accounts:platform.form.timeZoneRequired' }),
  coordinatorName: z
    .string({ message: 'accounts:form.nameRequired' })
    .trim()
    .min(2, 'accounts:form.nameRequired')
    .max(120, 'accounts:form.nameTooLong'),
  coordinatorEmail: email('accounts:form.emailRequired'),
});
export type NewDinasInput = z.output<typeof NewDinasSchema>;
