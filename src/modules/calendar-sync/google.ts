import { calendar_v3, auth as googleAuth } from '@googleapis/calendar';
import { OutboundError } from '../../net/outbound-guard.js';
import { type CalendarEvent, type CalendarProvider, eventName, type RemoteEvent, SyncError, subjectOfName } from './provider.js';
import type { SyncSubject } from './queue.js';

/** Loupe's Google OAuth client and where Google answers (a test points these at a local fake). */
export interface GoogleConfig {
  clientId: string | undefined;
  clientSecret: string | undefined;
  authUrl: string;
  tokenUrl: string;
  apiRoot: string;
}

export const googleScopes = ['https://www.googleapis.com/auth/calendar.events', 'https://www.googleapis.com/auth/calendar.readonly'];

/** What the operator has not set, by the environment variable's name. */
export const googleMissing = (c: GoogleConfig) =>
  [c.clientId ? null : 'GOOGLE_CLIENT_ID', c.clientSecret ? null : 'GOOGLE_CLIENT_SECRET'].filter((m): m is string => m !== null);

/** The OAuth client: every call (consent code, token refresh, the API) through the given fetch. */
export function oauthClient(config: GoogleConfig, redirectUri: string, fetch: typeof globalThis.fetch) {
  return new googleAuth.OAuth2({
    clientId: config.clientId ?? '',
    clientSecret: config.clientSecret ?? '',
    redirectUri,
    endpoints: { oauth2AuthBaseUrl: config.authUrl, oauth2TokenUrl: config.tokenUrl },
    // A 401 before the token's expiry (revoked early, a clock off) refreshes it once and tries again.
    forceRefreshOnFailure: true,
    // Retries are the outbox's (with backoff, recorded), not the client's.
    transporterOptions: { fetchImplementation: fetch, retry: false },
  });
}

const statusOf = (err: unknown): number | undefined => {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { status?: unknown; response?: { status?: unknown } };
  const s = e.status ?? e.response?.status;
  return typeof s === 'number' ? s : undefined;
};

const oauthErrorOf = (err: unknown): string | undefined => {
  const data = (err as { response?: { data?: { error?: unknown } } } | null)?.response?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
};

/** A Google failure as a SyncError: a withdrawn grant stops the connection, a 4xx that will not change is not retried. */
export function googleFailure(err: unknown): SyncError {
  if (err instanceof SyncError) return err;
  if (oauthErrorOf(err) === 'invalid_grant' || /invalid_grant/.test(err instanceof Error ? err.message : '')) {
    return new SyncError('Google says Loupe may no longer use this calendar (the access was revoked or expired): connect Google Calendar again', {
      permanent: true,
      revoked: true,
    });
  }
  const cause = err instanceof Error && err.cause instanceof OutboundError ? err.cause : err instanceof OutboundError ? err : null;
  if (cause) {
    console.error('calendar sync (Google):', cause.message);
    return new SyncError('Loupe could not reach Google Calendar');
  }
  const status = statusOf(err);
  if (status === 401) return new SyncError('Google refused the access token even after refreshing it', { permanent: true, revoked: true });
  if (status === 403) return new SyncError('Google refused: this account may not change that calendar (or its quota is used up)');
  if (status === 404) return new SyncError('Google has no such calendar: choose the calendar again', { permanent: true });
  if (status === 429 || (status !== undefined && status >= 500)) return new SyncError(`Google Calendar answered ${status}; Loupe will try again`);
  if (status !== undefined && status >= 400) return new SyncError(`Google Calendar refused the event (${status})`, { permanent: true });
  return new SyncError(`Google Calendar: ${err instanceof Error ? err.message : String(err)}`);
}

function resourceOf(e: CalendarEvent): calendar_v3.Schema$Event {
  const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return {
    summary: e.summary,
    description: [e.description, e.url].filter(Boolean).join('\n') || null,
    status: 'confirmed',
    ...(e.allDay
      ? { start: { date: e.date }, end: { date: nextDay(e.date) }, transparency: 'transparent' }
      : {
          start: { dateTime: e.start.toISOString(), timeZone: e.timeZone },
          end: { dateTime: e.end.toISOString(), timeZone: e.timeZone },
          transparency: 'opaque',
        }),
    extendedProperties: { private: { loupe: '1' } },
    source: e.url ? { title: 'Loupe', url: e.url } : null,
  };
}

/** A Google calendar through the official client: the event id is the record's, so an insert is made once and then patched. */
export class GoogleProvider implements CalendarProvider {
  private readonly api: calendar_v3.Calendar;

  constructor(
    client: ReturnType<typeof oauthClient>,
    private readonly calendarId: string,
    apiRoot: string,
  ) {
    this.api = new calendar_v3.Calendar({ auth: client, rootUrl: apiRoot, retry: false });
  }

  async put(event: CalendarEvent, signal: AbortSignal): Promise<void> {
    const eventId = eventName(event.subject);
    const requestBody = resourceOf(event);
    try {
      try {
        // Patch first: after the first push the event exists (even deleted, as Google keeps it cancelled), and the patch restores it.
        await this.api.events.patch({ calendarId: this.calendarId, eventId, requestBody }, { signal });
      } catch (err) {
        const status = statusOf(err);
        if (status !== 404 && status !== 410) throw err;
        try {
          await this.api.events.insert({ calendarId: this.calendarId, requestBody: { ...requestBody, id: eventId } }, { signal });
        } catch (inserted) {
          // Made meanwhile (a retry racing its own first try): the patch is now the update.
          if (statusOf(inserted) !== 409) throw inserted;
          await this.api.events.patch({ calendarId: this.calendarId, eventId, requestBody }, { signal });
        }
      }
    } catch (err) {
      throw googleFailure(err);
    }
  }

  async remove(subject: SyncSubject, signal: AbortSignal): Promise<void> {
    try {
      await this.api.events.delete({ calendarId: this.calendarId, eventId: eventName(subject) }, { signal });
    } catch (err) {
      const status = statusOf(err);
      if (status === 404 || status === 410) return;
      throw googleFailure(err);
    }
  }

  async list(signal: AbortSignal): Promise<RemoteEvent[]> {
    const found: RemoteEvent[] = [];
    try {
      let pageToken: string | undefined;
      do {
        const res = await this.api.events.list(
          { calendarId: this.calendarId, privateExtendedProperty: ['loupe=1'], maxResults: 2500, ...(pageToken ? { pageToken } : {}) },
          { signal },
        );
        for (const e of res.data.items ?? []) {
          const subject = e.id ? subjectOfName(e.id) : null;
          if (subject && e.status !== 'cancelled') found.push({ subject, when: e.start?.date ?? e.start?.dateTime ?? '' });
        }
        pageToken = res.data.nextPageToken ?? undefined;
      } while (pageToken);
    } catch (err) {
      throw googleFailure(err);
    }
    return found;
  }

  async check(signal: AbortSignal): Promise<void> {
    try {
      await this.api.events.list({ calendarId: this.calendarId, maxResults: 1 }, { signal });
    } catch (err) {
      throw googleFailure(err);
    }
  }

  /** The calendars the account may write to, for choosing one. */
  async calendars(signal: AbortSignal) {
    try {
      const res = await this.api.calendarList.list({ minAccessRole: 'writer' }, { signal });
      return (res.data.items ?? []).flatMap((c) => (c.id ? [{ id: c.id, summary: c.summaryOverride ?? c.summary ?? c.id, primary: c.primary === true }] : []));
    } catch (err) {
      throw googleFailure(err);
    }
  }
}
