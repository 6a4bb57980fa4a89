import { z } from 'zod';
import { tooLong } from '~/lib/messages';

/** Revoking a certificate: the reason is shown on the public verification page. */
export const RevokeCertificateSchema = z.object({
  intent: z.literal('revoke'),
  reason: z.string({ error: 'certificates:manage.errors.reasonRequired' }).trim().min(1, 'certificates:manage.errors.reasonRequired').max(500, tooLong(500)),
});

