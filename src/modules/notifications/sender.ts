import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.js';
import { type Clock, systemClock } from '../../domain/clock.js';
import { backoffMs, MAX_ATTEMPTS, routeFor } from '../../domain/delivery.js';
import { formatMoney, priceOf } from '../../domain/money.js';
import { firstName, itemsOnJob, type JobEvent, type MessageChannel, notificationEvents, render } from '../../domain/templates.js';
import { isAppointmentTopic, prepareAppointmentMessage } from '../calendar/messages.js';
import { enquiryTopicsOut, isEnquiryTopic, prepareEnquiryMessage } from '../enquiries/messages.js';
import { pipelineOf } from '../jobs/registry.js';
import { MEMO_OVERDUE_TOPIC, prepareOverdueDigest, queueOverdueDigests } from '../memos/digest.js';
import { isPassportTopic, passportTopicsOut, preparePassportMessage } from '../passports/certificate-mail.js';
import { messageContext, totalsOfJob } from '../pipeline/queries.js';
import { INVITE_TOPIC, inviteNotSent, prepareInviteMessage } from '../shops/invite-message.js';
import { type ChannelAdapters, DeliveryError, type OutgoingMessage } from './channels/channel.js';
import { attachmentsOf } from './outbox-queries.js';
import { queuePickupReminders } from './reminders.js';
import type { SecretBox } from './secret-box.js';
import { loadSettings, providersOf, routingOf, type SettingsRow, shopBrand, shopPhone, templateFor } from './settings-store.js';

export interface SenderOptions {
  workerId?: string;
  batchSize?: number;
  /** How long a claim holds before another sender may take the row over. */
  leaseMs?: number;
  /**
   * The most one attempt may take, from claim to outcome, however the provider trickles its answer;
   * well inside the lease, so no second sender takes over a message this one is still sending.
   */
  deadlineMs?: number;
  pollMs?: number;
  backoffBaseMs?: number;
  maxAttempts?: number;
  reminderEveryMs?: number;
}

export interface SenderDeps {
  db: Database;
  box: SecretBox;
  channels: ChannelAdapters;
  config: { publicUrl: string };
  /** What "now" is for messages that wait (an undo window, a retry's back-off); the system clock unless a test sets one. */
  clock?: Clock;
}

interface Claimed {
  id: string;
  shop_id: string;
  topic: string;
  job_kind: string | null;
  job_id: string | null;
  idempotency_key: string;
  attempts: number;
  manual: boolean;
  payload: { body?: unknown } | null;
}

/** Who was too slow, for the log. */
const slowParty: Record<MessageChannel, string> = {
  email: 'The mail server',
  sms: 'Twilio',
  whatsapp: 'Twilio',
  webhook: 'The webhook',
  preview: 'Loupe',
};

type Outcome =
  | { status: 'sent'; providerMessageId: string | null }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string; permanent: boolean };

/**
 * Drains the outbox: claims due rows with FOR UPDATE SKIP LOCKED, sends each on its channel, and
 * records the outcome on the row it claimed (and only if it still holds it). A row whose sender
 * died mid-delivery is taken over when its lease runs out and sent again with the same idempotency key.
 */
export class OutboxSender {
  readonly workerId: string;
  private readonly o: Required<Omit<SenderOptions, 'workerId'>>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private lastReminders = 0;

  constructor(
    private readonly deps: SenderDeps,
    options: SenderOptions = {},
  ) {
    this.workerId = options.workerId ?? `sender-${process.pid}-${randomUUID().slice(0, 8)}`;
    const leaseMs = options.leaseMs ?? 60_000;
    const deadlineMs = options.deadlineMs ?? Math.min(20_000, leaseMs / 2);
    if (!(deadlineMs > 0 && deadlineMs <= leaseMs / 2))
      throw new Error(`the delivery deadline (${deadlineMs} ms) must be at most half the lease (${leaseMs} ms)`);
    this.o = {
      batchSize: options.batchSize ?? 20,
      leaseMs,
      deadlineMs,
      pollMs: options.pollMs ?? 1_000,
      backoffBaseMs: options.backoffBaseMs ?? 10_000,
      maxAttempts: options.maxAttempts ?? MAX_ATTEMPTS,
      reminderEveryMs: options.reminderEveryMs ?? 60_000,
    };
  }

  start(): void {
    const tick = async () => {
      if (this.stopped) return;
      this.running = this.drain().then(
        () => undefined,
        (err: unknown) => console.error('outbox sender:', err instanceof Error ? err.message : err),
      );
      await this.running;
      if (!this.stopped) this.timer = setTimeout(tick, this.o.pollMs);
    };
    void tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private now(): Date {
    return (this.deps.clock ?? systemClock).now();
  }

  /** Sends everything due now; answers how many rows it handled. */
  async drain(): Promise<number> {
    if (Date.now() - this.lastReminders >= this.o.reminderEveryMs) {
      this.lastReminders = Date.now();
      await queuePickupReminders(this.deps.db, this.now());
      await queueOverdueDigests(this.deps.db, this.now());
    }
    let handled = 0;
    for (;;) {
      const batch = await this.claim();
      if (batch.length === 0) return handled;
      await Promise.all(batch.map((row) => this.deliver(row)));
      handled += batch.length;
      if (this.stopped) return handled;
    }
  }

  private async claim(): Promise<Claimed[]> {
    // One statement: the SKIP LOCKED sub-select and the claim commit together, so no two senders hold one row.
    const res = await this.deps.db.raw.execute(sql`
      update outbox set status = 'sending', attempts = attempts + 1, claimed_by = ${this.workerId},
             lease_until = now() + make_interval(secs => ${this.o.leaseMs / 1000})
      where (shop_id, id) in (
        select shop_id, id from outbox
        where topic in (${sql.join(
          [...notificationEvents, ...enquiryTopicsOut, ...passportTopicsOut, INVITE_TOPIC, MEMO_OVERDUE_TOPIC].map((e) => sql`${e}`),
          sql`, `,
        )})
          and ((status = 'pending' and available_at <= ${this.now().toISOString()}::timestamptz) or (status = 'sending' and lease_until < now()))
        order by available_at
        limit ${this.o.batchSize}
        for update skip locked)
      returning id, shop_id, topic, job_kind, job_id, idempotency_key, attempts, manual, payload`);
    return (res as unknown as { rows: Claimed[] }).rows;
  }

  private async deliver(row: Claimed): Promise<void> {
    // The attempt ends by its deadline whatever the provider does: the signal tells the channel to stop
    // (and close its connection), and the race records the failure even if a channel were slow to stop.
    const controller = new AbortController();
    const progress: { channel: MessageChannel | null } = { channel: null };
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const seconds = Math.round(this.o.deadlineMs / 100) / 10;
        const who = progress.channel ? `${slowParty[progress.channel]} took` : 'Preparing the message took';
        const late = new DeliveryError(`${who} longer than ${seconds} seconds, so Loupe stopped this try`);
        controller.abort(late);
        reject(late);
      }, this.o.deadlineMs);
    });
    let outcome: Outcome;
    try {
      outcome = await Promise.race([this.attempt(row, controller.signal, progress), expired]);
    } catch (err) {
      outcome =
        err instanceof DeliveryError
          ? { status: 'failed', reason: err.message, permanent: err.permanent }
          : { status: 'failed', reason: `Loupe could not send it: ${err instanceof Error ? err.message : String(err)}`, permanent: false };
    } finally {
      clearTimeout(timer);
    }
    await this.record(row, outcome);
  }

  private async attempt(row: Claimed, signal: AbortSignal, progress: { channel: MessageChannel | null }): Promise<Outcome> {
    const topic = row.topic;
    const payload = row.payload as Record<string, unknown> | null;
    if (isEnquiryTopic(topic))
      return this.attemptPrepared(row, signal, progress, (tx, settings) =>
        prepareEnquiryMessage(tx, { ...row, topic, payload }, settings, this.deps.config.publicUrl),
      );
    if (isPassportTopic(topic))
      return this.attemptPrepared(row, signal, progress, (tx, settings) =>
        preparePassportMessage(tx, { ...row, topic, payload }, settings, this.deps.config.publicUrl),
      );
    if (isAppointmentTopic(topic))
      return this.attemptPrepared(row, signal, progress, (tx, settings) =>
        prepareAppointmentMessage(tx, { ...row, topic, payload }, settings, this.deps.config.publicUrl),
      );
    if (topic === MEMO_OVERDUE_TOPIC)
      return this.attemptPrepared(row, signal, progress, (tx, settings) => prepareOverdueDigest(tx, { ...row, payload }, settings, this.deps.config.publicUrl));
    if (topic === INVITE_TOPIC) return this.attemptInvite(row, signal, progress);
    const store = row.job_kind ? pipelineOf(row.job_kind) : undefined;
    if (!store || !row.job_id) return { status: 'skipped', reason: 'Not sent: the job this message was about no longer exists.' };
    const event = row.topic as JobEvent;
    const jobId = row.job_id;
    // A staff answer carries its words; one without them (a re-send asked for by event name) has nothing to say.
    const messageBody = typeof row.payload?.body === 'string' ? row.payload.body : '';
    if (event === 'staff_reply' && messageBody === '') return { status: 'skipped', reason: 'Not sent: there is no answer to send; write it on the job.' };
    const prepared = await this.deps.db.tenant(row.shop_id, async (tx) => {
      const settings = await loadSettings(tx, row.shop_id);
      const ctx = await messageContext(tx, row.shop_id, jobId);
      if (!ctx) return { skip: 'Not sent: the job this message was about no longer exists.' } as const;
      if (!row.manual && settings.events[event] === false) {
        return {
          skip: `Not sent: ${event === 'customer_ready' ? 'ready' : 'pickup reminder'} messages are switched off in Settings → Notifications.`,
        } as const;
      }
      const route = routeFor(
        routingOf(settings),
        { name: ctx.customerName, email: ctx.customerEmail, phone: ctx.customerPhone, preferredChannel: ctx.preferredChannel },
        settings.webhookUrl,
      );
      if (route.channel === null) return { skip: route.problem } as const;
      const providers = providersOf(settings, this.deps.box);
      const notReady = this.deps.channels[route.channel].notReady(providers);
      if (notReady) return { skip: `Not sent: ${notReady}, then press Re-send.` } as const;
      const template = await templateFor(tx, row.shop_id, event, route.channel);
      const totals = await totalsOfJob(tx, jobId);
      const phone = await shopPhone(tx, row.shop_id);
      const slip = await store.store.slipDetails(tx, row.shop_id, jobId);
      const trackingUrl = `${this.deps.config.publicUrl}/track/${ctx.trackingCode}`;
      const values = {
        'customer.firstName': firstName(ctx.customerName),
        'customer.name': ctx.customerName,
        'job.reference': ctx.reference,
        'job.title': ctx.title,
        'job.stage': store.def.customerLabels[ctx.stage] ?? ctx.stage ?? '',
        'job.balanceOwing': formatMoney(priceOf(ctx.quotedCents, ctx.finalCents) - totals.paidCents, ctx.currency, ctx.locale),
        'job.items': itemsOnJob(slip.workLines.length, ctx.locale),
        'tracking.url': trackingUrl,
        'shop.name': ctx.shopName,
        'shop.phone': phone,
        'message.body': messageBody,
        'appointment.kind': '',
        'appointment.when': '',
      };
      const message: OutgoingMessage = {
        idempotencyKey: row.idempotency_key,
        event,
        to: route.to,
        subject: render(template.subject, values),
        body: render(template.body, values),
        recipientName: ctx.customerName,
        job: { kind: store.def.kind, id: jobId, reference: ctx.reference, title: ctx.title, trackingUrl },
        brand: await shopBrand(tx, row.shop_id),
      };
      const attachments = await attachmentsOf(tx, row.shop_id, row.id);
      if (attachments.length > 0) message.attachments = attachments;
      return { channel: route.channel, message, providers } as const;
    });
    if ('skip' in prepared) return { status: 'skipped', reason: prepared.skip ?? 'Not sent.' };
    progress.channel = prepared.channel;
    // Past the deadline this attempt has already been recorded as failed: it must not start sending now.
    signal.throwIfAborted();
    await this.note(row, prepared.channel, prepared.message);
    signal.throwIfAborted();
    const delivered = await this.deps.channels[prepared.channel].send(prepared.message, prepared.providers, signal);
    return { status: 'sent', providerMessageId: delivered.providerMessageId };
  }

  /**
   * A message about something other than a job (a web enquiry, a passport's certificate, the morning
   * list of overdue memo items): its own preparation; the same channels, files, log and outcomes.
   */
  private async attemptPrepared(
    row: Claimed,
    signal: AbortSignal,
    progress: { channel: MessageChannel | null },
    prepare: (tx: Tx, settings: SettingsRow) => Promise<{ channel: MessageChannel; message: OutgoingMessage } | { skip: string }>,
  ): Promise<Outcome> {
    const prepared = await this.deps.db.tenant(row.shop_id, async (tx) => {
      const settings = await loadSettings(tx, row.shop_id);
      const made = await prepare(tx, settings);
      if ('skip' in made) return made;
      const providers = providersOf(settings, this.deps.box);
      const notReady = this.deps.channels[made.channel].notReady(providers);
      if (notReady) return { skip: `Not sent: ${notReady}.` };
      const attachments = await attachmentsOf(tx, row.shop_id, row.id);
      const message = { ...made.message, brand: await shopBrand(tx, row.shop_id) };
      return { ...made, message: attachments.length > 0 ? { ...message, attachments } : message, providers };
    });
    if ('skip' in prepared) return { status: 'skipped', reason: prepared.skip };
    progress.channel = prepared.channel;
    signal.throwIfAborted();
    await this.note(row, prepared.channel, prepared.message);
    signal.throwIfAborted();
    const delivered = await this.deps.channels[prepared.channel].send(prepared.message, prepared.providers, signal);
    return { status: 'sent', providerMessageId: delivered.providerMessageId };
  }

  /** An invitation to join the staff: by e-mail only, and its link never written to the log. */
  private async attemptInvite(row: Claimed, signal: AbortSignal, progress: { channel: MessageChannel | null }): Promise<Outcome> {
    const prepared = await this.deps.db.tenant(row.shop_id, async (tx) => {
      const settings = await loadSettings(tx, row.shop_id);
      const providers = providersOf(settings, this.deps.box);
      const notReady = this.deps.channels.email.notReady(providers);
      if (notReady) return { skip: inviteNotSent(notReady) };
      const made = await prepareInviteMessage(tx, { ...row, payload: row.payload as Record<string, unknown> | null }, this.deps.config.publicUrl, this.now());
      if ('skip' in made) return made;
      return { ...made, message: { ...made.message, brand: await shopBrand(tx, row.shop_id) }, providers };
    });
    if ('skip' in prepared) return { status: 'skipped', reason: prepared.skip };
    progress.channel = prepared.channel;
    signal.throwIfAborted();
    await this.note(row, prepared.channel, prepared.message, prepared.logged);
    signal.throwIfAborted();
    const delivered = await this.deps.channels[prepared.channel].send(prepared.message, prepared.providers, signal);
    return { status: 'sent', providerMessageId: delivered.providerMessageId };
  }

  /** Writes what is about to go out on the row first, so the log shows it even if the send hangs. */
  private async note(row: Claimed, channel: MessageChannel, m: OutgoingMessage, logged = m.body) {
    await this.deps.db.raw.execute(sql`
      update outbox set channel = ${channel}, to_address = ${m.to}, subject = ${m.subject}, body = ${logged}
      where shop_id = ${row.shop_id} and id = ${row.id} and claimed_by = ${this.workerId} and status = 'sending'`);
  }

  private async record(row: Claimed, outcome: Outcome) {
    const mine = sql`shop_id = ${row.shop_id} and id = ${row.id} and claimed_by = ${this.workerId} and status = 'sending'`;
    if (outcome.status === 'sent') {
      await this.deps.db.raw.execute(sql`
        update outbox set status = 'sent', sent_at = now(), provider_message_id = ${outcome.providerMessageId}, last_error = null, lease_until = null
        where ${mine}`);
      return;
    }
    if (outcome.status === 'skipped') {
      await this.deps.db.raw.execute(sql`update outbox set status = 'skipped', last_error = ${outcome.reason}, lease_until = null where ${mine}`);
      return;
    }
    const dead = outcome.permanent || row.attempts >= this.o.maxAttempts;
    const reason =
      dead && !outcome.permanent
        ? `Gave up after ${row.attempts} attempts. The last one: ${outcome.reason.replace(/\.$/, '')}. Press Re-send to try again.`
        : outcome.reason;
    const retryInMs = backoffMs(row.attempts, this.o.backoffBaseMs);
    await this.deps.db.raw.execute(sql`
      update outbox set status = ${dead ? 'dead' : 'pending'}, last_error = ${reason}, lease_until = null,
             available_at = ${new Date(this.now().getTime() + retryInMs).toISOString()}::timestamptz
      where ${mine}`);
  }
}
