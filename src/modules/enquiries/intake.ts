import type { Database } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { DomainError, type FieldError } from '../../domain/errors.js';
import { detectType, processFile } from '../attachments/media.js';
import type { MediaQueue } from '../attachments/media-queue.js';
import type { FileStore } from '../attachments/storage/index.js';
import { type BudgetRule, Budgets, type Refusal, rateLimited } from '../limits/budgets.js';
import { type Difficulty, EnquiryChallenges, type ShopChallenge } from './challenge.js';
import type { EnquiryForm } from './schemas.js';
import * as service from './service.js';

export interface EnquiryLimits {
  /** Enquiries (sent or refused) one address may post per window. */
  perAddress: number;
  /** Enquiries one shop's form takes per window, from everyone together. */
  perShop: number;
  windowSeconds: number;
  /** Challenges one address may ask for per window. */
  challengesPerAddress: number;
}

export const defaultEnquiryLimits: EnquiryLimits = { perAddress: 10, perShop: 200, windowSeconds: 60 * 60, challengesPerAddress: 120 };

export interface PublicEnquiryOptions {
  limits?: EnquiryLimits;
  difficulty?: Difficulty;
}

const tooMany: Refusal = {
  title: 'Too many enquiries',
  detail: 'A lot of enquiries came from your connection recently; please wait a while, or call the shop.',
};
const shopBusy: Refusal = { title: 'Too many enquiries', detail: 'This shop’s form is very busy just now; please try again later, or call the shop.' };

/**
 * The addresses this process has seen refused, until their allowance's window reopens. The allowance
 * itself lives in PostgreSQL (shared by every process); this only spares the database the rest of a flood.
 */
class RefusalMemory {
  private readonly until = new Map<string, number>();

  check(address: string, refusal: Refusal): void {
    const at = this.until.get(address);
    if (at === undefined) return;
    const left = at - Date.now();
    if (left > 0) throw rateLimited(refusal, left);
    this.until.delete(address);
  }

  async remember<T>(address: string, taking: Promise<T>): Promise<T> {
    try {
      return await taking;
    } catch (err) {
      const retry = err instanceof DomainError ? err.extra.retryAfterSeconds : undefined;
      if (typeof retry === 'number') {
        if (this.until.size > 10_000) this.until.clear();
        this.until.set(address, Date.now() + retry * 1000);
      }
      throw err;
    }
  }
}

/** A picture as sent with an enquiry, before it is checked. */
export interface SentFile {
  fileName: string;
  bytes: Buffer;
}

export interface IntakeDeps {
  db: Database;
  clock: Clock;
  files: FileStore;
  media: MediaQueue;
  config: { secret?: string | undefined };
}

/** What an enquiry carries besides its pictures: the form's fields and the solved challenge. */
export type EnquiryInput = Pick<EnquiryForm, 'name' | 'email' | 'phone' | 'topic' | 'description' | 'budget'> & { altcha?: string | undefined };

const notAPhoto = (message: string) =>
  new DomainError('unsupported_media_type', 'Not a photo', message, { errors: [{ path: 'images', message }] satisfies FieldError[] });

/**
 * The one way into a shop's inbox from outside, whichever door an enquiry comes through (the HTML form
 * at `/enquire/<slug>` or the JSON API): the address's and the shop's allowances, paid before the body
 * is read; the proof-of-work challenge, checked here and spent with the enquiry; the pictures, checked
 * from their bytes and re-encoded. Both doors share one instance, so one allowance counts them together.
 */
export class EnquiryIntake {
  private readonly budgets: Budgets;
  private readonly perAddress: BudgetRule;
  private readonly perShop: BudgetRule;
  private readonly challengeRule: BudgetRule;
  private readonly challenges: EnquiryChallenges;
  private readonly refused = new RefusalMemory();

  constructor(
    private readonly deps: IntakeDeps,
    opts: PublicEnquiryOptions = {},
  ) {
    const limits = opts.limits ?? defaultEnquiryLimits;
    this.budgets = new Budgets(deps.db);
    this.perAddress = { name: 'enquiry-address', points: limits.perAddress, windowSeconds: limits.windowSeconds };
    this.perShop = { name: 'enquiry-shop', points: limits.perShop, windowSeconds: limits.windowSeconds };
    this.challengeRule = { name: 'enquiry-challenge', points: limits.challengesPerAddress, windowSeconds: limits.windowSeconds };
    this.challenges = new EnquiryChallenges({ db: deps.db, config: deps.config }, opts.difficulty);
  }

  /** A new challenge for the shop's form, from the address's allowance of challenges. */
  async challenge(slug: string, address: string): Promise<ShopChallenge> {
    const shop = await service.shopForSlug(this.deps, slug);
    await this.budgets.take(this.challengeRule, address, tooMany);
    return this.challenges.create(shop.id);
  }

  /**
   * The shop a post is for, with the post paid for from the address's and the shop's allowances. An
   * address already refused is refused again from memory until its window reopens: a flood costs no query at all.
   */
  async admit(slug: string, address: string): Promise<service.PublicShop> {
    this.refused.check(address, tooMany);
    const shop = await service.shopForSlug(this.deps, slug);
    await this.refused.remember(address, this.budgets.take(this.perAddress, address, tooMany));
    await this.budgets.take(this.perShop, shop.id, shopBusy);
    return shop;
  }

  /** An enquiry whose fields passed their schema: the contact rule, then as the form's (`submit`). */
  receive(shop: service.PublicShop, input: EnquiryInput, files: readonly SentFile[]): Promise<{ id: string; reference: string }> {
    const contact = service.contactOf(input, shop.country);
    return this.submit(shop, input, contact, files, input.altcha);
  }

  /** Checks the challenge, then the pictures, and keeps the enquiry (the challenge spent with it). */
  async submit(
    shop: service.PublicShop,
    form: EnquiryInput,
    contact: { email: string | null; phone: string | null },
    files: readonly SentFile[],
    altcha: string | undefined,
  ): Promise<{ id: string; reference: string }> {
    const solved = await this.challenges.verify(shop.id, altcha);
    const images = await this.prepareImages(shop, files);
    return service.submitEnquiry(this.deps, shop, form, contact, images, solved);
  }

  /** Each picture judged by its bytes and re-encoded (no EXIF or GPS of the original survives), in the media queue on the shop's turn. */
  private async prepareImages(shop: service.PublicShop, files: readonly SentFile[]): Promise<service.PreparedImage[]> {
    const images: service.PreparedImage[] = [];
    for (const file of files) {
      const type = await detectType(file.bytes, file.fileName).catch(() => null);
      if (!type?.startsWith('image/')) {
        throw notAPhoto(`“${file.fileName}” is not a photo we can take; send JPEG, PNG, WebP or HEIC pictures.`);
      }
      let made: Awaited<ReturnType<typeof processFile>>;
      try {
        made = await processFile(file.bytes, file.fileName, { queue: this.deps.media, shopId: shop.id });
      } catch (err) {
        // The media work names the upload `file`; here it is one of the `images`.
        const errors = err instanceof DomainError ? (err.extra.errors as FieldError[] | undefined) : undefined;
        if (err instanceof DomainError && errors) {
          throw new DomainError(err.code, err.title, err.detail, {
            ...err.extra,
            errors: errors.map((e) => (e.path === 'file' ? { ...e, path: 'images' } : e)),
          });
        }
        throw err;
      }
      if (!made.display) throw notAPhoto(`“${file.fileName}” is not a photo we can take.`);
      images.push({
        fileName: file.fileName,
        bytes: file.bytes.length,
        width: made.width,
        height: made.height,
        display: made.display,
        thumb: made.thumb,
        thumbContentType: made.thumbContentType,
      });
    }
    return images;
  }
}
