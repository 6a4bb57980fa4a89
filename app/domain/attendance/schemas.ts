import { z } from 'zod';
import type { AttendanceStatus } from '~db/schema';
import { INVALID, tooLong } from '~/lib/messages';

/** The roll call's forms and the offline device's payload, shared by the browser and the server. */

export const ATTENDANCE_STATUSES = ['present', 'late', 'excused', 'absent'] as const satisfies readonly AttendanceStatus[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = z.string({ error: INVALID }).regex(UUID, INVALID);
const text = () => z.string({ error: INVALID }).trim().max(500, tooLong(500));

/**
 * One submit of the roll call page: a row per participant; a row without a status is left
 * alone. Each row carries the id of the mark it would make (chosen when the page was
 * drawn), so sending the same page twice records nothing new.
 */
export const RollCallSchema = z.object(
  {
    marks: z
      .array(
        z.object(
          {
            id: uuid,
            enrollmentId: uuid,
            status: z.enum(ATTENDANCE_STATUSES, { error: INVALID }).optional(),
            note: text().optional(),
          },
          { error: INVALID },
        ),
        { error: INVALID },
      )
      .max(1000, INVALID)
      .default([]),
    correctionReason: text().optional(),
  },
  { error: INVALID },
);

/** What an offline device sends when the connection is back: marks with the time each was made on the device. */
export const DeviceMarksSchema = z.object(
  {
    marks: z
      .array(
        z.object(
          {
            id: uuid,
            enrollmentId: uuid,
            status: z.enum(ATTENDANCE_STATUSES, { error: INVALID }),
            note: text().nullish(),
            markedAt: z.iso.datetime({ offset: true, error: INVALID }),
            correctionReason: text().nullish(),
          },
          { error: INVALID },
        ),
        { error: INVALID },
      )
      .min(1, INVALID)
      .max(1000, INVALID),
  },
  { error: INVALID },
);

export type DeviceMarks = z.infer<typeof DeviceMarksSchema>;

/** The short code a participant types instead of scanning (`/hadir`): spaces and dashes allowed, case ignored. */
export const CheckInCodeSchema = z.object({
  code: z
    .string({ message: 'checkin:code.required' })
    .trim()
    .min(1, 'checkin:code.required')
    .max(12, 'checkin:code.unknown'),
});
