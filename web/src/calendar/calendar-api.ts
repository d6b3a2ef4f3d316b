import { queryOptions } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { paths } from '../api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
export type CalendarAnswer = Json<paths['/api/v1/calendar']['get']['responses'][200]>;
export type CalendarJob = CalendarAnswer['jobs'][number];
export type Appointment = CalendarAnswer['appointments'][number];
export type NewAppointment = Json<paths['/api/v1/appointments']['post']['requestBody']>;
export type AppointmentDetail = Json<paths['/api/v1/appointments']['post']['responses'][201]>;
export type AppointmentChange = Json<paths['/api/v1/appointments/{id}']['patch']['requestBody']>;
export type AppointmentKind = NewAppointment['kind'];

export const appointmentKinds: readonly { value: AppointmentKind; label: string }[] = [
  { value: 'consultation', label: 'Consultation' },
  { value: 'fitting', label: 'Fitting' },
  { value: 'collection', label: 'Collection' },
  { value: 'valuation', label: 'Valuation' },
];

export const kindLabel = (k: string) => appointmentKinds.find((a) => a.value === k)?.label ?? k;

export interface CalendarFilter {
  from: string;
  to: string;
  pipelines: readonly string[];
  stage: string | null;
  staffId: string | null;
}

/** Under `jobs`: every pipeline's live events refresh the calendar too. */
export const calendarQuery = (f: CalendarFilter) =>
  queryOptions({
    queryKey: ['jobs', 'calendar', f] as const,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/calendar', {
          params: {
            query: {
              from: f.from,
              to: f.to,
              ...(f.pipelines.length > 0 ? { pipelines: f.pipelines.join(',') } : {}),
              ...(f.stage ? { stage: f.stage } : {}),
              ...(f.staffId ? { staffId: f.staffId } : {}),
            },
          },
        }),
      ),
    placeholderData: (previous) => previous,
  });

/** Appointments of one customer or one job in a range of days; under the calendar's key, so a booking anywhere refreshes them. */
export const appointmentsQuery = (f: { from: string; to: string; customerId?: string; jobId?: string }) =>
  queryOptions({
    queryKey: ['jobs', 'calendar', 'appointments', f] as const,
    queryFn: async () => (await unwrap(api.GET('/api/v1/appointments', { params: { query: f } }))).items,
  });

export const moveDueDate = (id: string, dueDate: string | null) =>
  unwrap(api.PATCH('/api/v1/calendar/jobs/{id}/due-date', { params: { path: { id } }, body: { dueDate } }));

export const createAppointment = (body: NewAppointment, key: string) => unwrap(api.POST('/api/v1/appointments', { body, headers: { 'Idempotency-Key': key } }));

/** Only the fields that change. The server keys POSTs alone, so a form's single flight is what keeps a double click to one change. */
export const changeAppointment = (id: string, body: AppointmentChange) => unwrap(api.PATCH('/api/v1/appointments/{id}', { params: { path: { id } }, body }));

export const cancelAppointment = (id: string) => unwrap(api.DELETE('/api/v1/appointments/{id}', { params: { path: { id } } }));

export type FeedState = Json<paths['/api/v1/calendar/feed']['get']['responses'][200]>;
export type FeedSettings = Json<paths['/api/v1/calendar/feed']['post']['requestBody']>;

export const feedQuery = queryOptions({ queryKey: ['calendar-feed'] as const, queryFn: () => unwrap(api.GET('/api/v1/calendar/feed')) });
export const newFeedAddress = (body: FeedSettings) => unwrap(api.POST('/api/v1/calendar/feed', { body }));
export const turnFeedOff = () => unwrap(api.DELETE('/api/v1/calendar/feed'));
