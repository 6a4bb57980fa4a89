import { z } from 'zod';

/** The short code a participant types instead of scanning (`/hadir`): spaces and dashes allowed, case ignored. */
export const CheckInCodeSchema = z.object({
  code: z
    .string({ message: 'checkin:code.required' })
    .trim()
    .min(1, 'checkin:code.required')
    .max(12, 'checkin:code.unknown'),
});
