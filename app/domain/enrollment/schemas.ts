import { z } from 'zod';
import { INVALID } from '~/lib/messages';

/**
 * Registration forms, shared by the browser and the server. Which people a form may name
 * is the operations' to decide (an id that is not one names nobody).
 */
export const NominateSchema = z.object({
  person: z.array(z.string({ error: INVALID }), { error: INVALID }).default([]),
});
