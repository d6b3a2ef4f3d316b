import { z } from 'zod';
import { appointmentKinds } from '../../db/schema/calendar.js';
import { outboxStatuses } from '../../db/schema/outbox.js';
import { appointmentEvents, messageChannels } from '../../domain/templates.js';
import { id, isoDate, optionalText, timestamp } from '../../http/schemas.js';
import { jobKindSchema } from '../jobs/registry.js';

const startsAt = z.iso.datetime({ offset: true, message: 'Must be a date and time in ISO 8601 (2026-12-10T14:30:00Z)' });
const durationMinutes = z
  .number({ message: 'Must be a whole number of minutes' })
  .int('Must be a whole number of minutes')
  .min(5, 'At least 5 minutes')
  .max(720, 'At most 12 hours');

export const appointmentBody = z.object({
  kind: z.enum(appointmentKinds),
  customerId: id,
  jobId: id.nullish(),
  staffId: id.nullish(),
  startsAt,
  durationMinutes,
  note: optionalText(2000),
  /** Confirm it to the customer now, on their channel. */
  sendConfirmation: z.boolean().default(false),
  /** Remind the customer a day before (moved with the appointment, cancelled with it). */
  remindCustomer: z.boolean().default(false),
});

export const appointmentPatch = z
  .object({
    kind: z.enum(appointmentKinds),
    customerId: id,
    jobId: id.nullable(),
    staffId: id.nullable(),
    startsAt,
    durationMinutes,
    note: optionalText(2000),
    remindCustomer: z.boolean(),
    /** Confirm the appointment as it now is to the customer (after a move, say). */
    sendConfirmation: z.boolean(),
  })
  .partial();

export const appointment = z.object({
  id: z.uuid(),
  kind: z.enum(appointmentKinds),
  customer: z.object({ id: z.uuid(), name: z.string() }),
  job: z.object({ id: z.uuid(), kind: jobKindSchema, reference: z.string(), title: z.string(), path: z.string() }).nullable(),
  staff: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  startsAt: timestamp,
  endsAt: timestamp,
  durationMinutes: z.number().int(),
  note: z.string().nullable(),
  /** Other appointments of the same member of staff that overlap this one. */
  overlaps: z.array(z.uuid()),
  remindCustomer: z.boolean(),
  createdAt: timestamp,
});

/** One appointment, with what its customer has been sent or will be (a confirmation, the reminder). */
export const appointmentDetail = appointment.extend({
  customerMessages: z.array(
    z.object({
      event: z.enum(appointmentEvents),
      status: z.enum(outboxStatuses),
      /** When it goes (a reminder: a day before), or went first. */
      sendAt: timestamp,
      sentAt: timestamp.nullable(),
      channel: z.enum(messageChannels).nullable(),
      /** Why it did not go, in words for the shop. */
      lastError: z.string().nullable(),
    }),
  ),
});

/** A range of days, both ends included, at most a little over three months. */
const range = {
  from: isoDate,
  to: isoDate,
};

export const appointmentQuery = z.object({
  ...range,
  staffId: id.optional(),
  customerId: id.optional(),
  jobId: id.optional(),
});

/** A comma-separated list of pipelines (`bespoke,repair`); none means all. */
const kindList = z
  .string()
  .trim()
  .optional()
  .transform((s, ctx) => {
    if (!s) return undefined;
    const words = s.split(',').map((w) => w.trim());
    const parsed = z.array(jobKindSchema).safeParse(words);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: `Unknown pipeline; valid: ${jobKindSchema.options.join(', ')}` });
      return z.NEVER;
    }
    return parsed.data;
  });

export const calendarQuery = z.object({
  ...range,
  pipelines: kindList,
  stage: z.string().trim().max(60).optional(),
  staffId: id.optional(),
});

export const calendarJob = z.object({
  kind: jobKindSchema,
  id: z.uuid(),
  reference: z.string(),
  title: z.string(),
  stage: z.string(),
  stageLabel: z.string(),
  dueDate: isoDate,
  /** Due before today (in the shop's time zone) and not yet ready or done. */
  overdue: z.boolean(),
  customer: z.object({ id: z.uuid(), name: z.string() }),
  path: z.string(),
});

/** A job's due date as the integrations' calendar names it (`api-v1.md`, "Calendar"). */
export const dueItem = z.object({
  type: z.literal('due'),
  jobKind: jobKindSchema,
  jobId: z.uuid(),
  reference: z.string(),
  /** The job's title. */
  title: z.string(),
  /** The due date, a day in the shop's time zone. */
  date: isoDate,
  stage: z.string(),
  stageLabel: z.string(),
  /** Due before today (in the shop's time zone) and not yet ready or done. */
  overdue: z.boolean(),
});

/** An appointment as the integrations' calendar names it; a job or member of staff it has none of is left out. */
export const appointmentItem = z.object({
  type: z.literal('appointment'),
  id: z.uuid(),
  kind: z.enum(appointmentKinds),
  /** What the calendar shows for it: `Fitting: Imogen Achterberg`. */
  title: z.string(),
  start: timestamp,
  end: timestamp,
  /** Every appointment is with a customer. */
  customerId: z.uuid(),
  jobId: z.uuid().optional(),
  staffId: z.uuid().optional(),
});

export const calendarItem = z.discriminatedUnion('type', [dueItem, appointmentItem]);

export const calendarAnswer = z.object({
  timeZone: z.string(),
  /** Today in the shop's time zone. */
  today: isoDate,
  /** The due dates and appointments below as one list, in order of day (a day's due dates before its appointments, by time). */
  items: z.array(calendarItem),
  jobs: z.array(calendarJob),
  appointments: z.array(appointment),
});

export const dueDateBody = z.object({ dueDate: isoDate.nullable() });

export const dueDateAnswer = z.object({ job: calendarJob.omit({ dueDate: true }).extend({ dueDate: isoDate.nullable() }), moved: z.boolean() });

export const feedSettings = z.object({
  includeJobs: z.boolean().default(true),
  includeAppointments: z.boolean().default(true),
  /** Only the appointments with this member of staff (due dates are everyone's). */
  onlyMine: z.boolean().default(false),
});

/** The same settings as a body that may be left out altogether (`POST /api/v1/calendar/feeds` with none): the defaults. */
export const optionalFeedSettings = feedSettings.nullish().transform((s) => s ?? feedSettings.parse({}));

export const feedState = z.object({
  active: z.boolean(),
  createdAt: timestamp.nullable(),
  includeJobs: z.boolean(),
  includeAppointments: z.boolean(),
  onlyMine: z.boolean(),
});

export const newFeed = feedState.extend({
  /** The secret address, shown once: only its hash is kept. */
  url: z.string(),
});

/** A member's feed made by `POST /api/v1/calendar/feeds`: its id (to revoke it by) and its address. */
export const feedAddress = newFeed.extend({ id: z.uuid() });

export const feedParams = z.object({ file: z.string().max(80) });

export type AppointmentBody = z.infer<typeof appointmentBody>;
export type AppointmentPatch = z.infer<typeof appointmentPatch>;
export type AppointmentQuery = z.infer<typeof appointmentQuery>;
export type CalendarQuery = z.infer<typeof calendarQuery>;
export type DueDateBody = z.infer<typeof dueDateBody>;
export type FeedSettings = z.infer<typeof feedSettings>;
