import { z } from 'zod';

/**
 * Registration forms, shared by the browser and the server. Which people a form may name
 * is the operations' to decide (an id that is not one names nobody).
 */
export const NominateSchema = z.object({
  person: z.array(z.string()).default([]),
});
