import { passportKeys } from '../../db/schema/index.js';
import type { Clock } from '../../domain/clock.js';
import { formatMoney } from '../../domain/money.js';
import { eventLabels, missingStatus, type PassportEventKind, type PassportStone, parsePassportLookup } from '../../domain/passports.js';
import { linkKey, signedFileUrl } from '../attachments/links.js';
import * as q from './queries.js';
import { loadChecked, type PassportDeps, PassportMiss } from './service.js';
import { type PublicJwk, publicJwkOf } from './signing.js';

/** What anyone may see of a passport at /verify. A private one shows only that it exists and whether it verifies. */
export type VerifyView =
  | { visibility: 'private'; id: string; number: string; verified: boolean; issuer: string }
  | {
      visibility: 'public';
      id: string;
      number: string;
      verified: boolean;
      issuer: string;
      shop: { name: string; phone: string | null; email: string | null; address: string | null; logoUrl: string | null; locale: string; timeZone: string };
      piece: {
        title: string;
        jewelleryType: string | null;
        metal: string | null;
        fineness: string | null;
        hallmarks: string | null;
        weightGrams: number | null;
        measurements: string | null;
        maker: string | null;
        madeOn: string | null;
        madeElsewhere: boolean;
      };
      stones: PassportStone[];
      photos: { url: string; thumbnailUrl: string; caption: string | null }[];
      /** The passport's compact JWS, and each event's: checkable offline with the shop's keys at /.well-known/jwks.json. */
      token: string;
      events: { kind: PassportEventKind; label: string; occurredOn: string; note: string | null; value: string | null; token: string }[];
      missing: 'stolen' | 'lost' | null;
      owners: number;
    };

export interface VerifyDeps extends PassportDeps {
  clock: Clock;
  config: { publicUrl: string; secret?: string | undefined };
}

/** Which shop's passport a typed number, a UUID or a scanned link names: the one step before the shop is known. */
export async function locatePassport(deps: VerifyDeps, lookup: string) {
  const by = parsePassportLookup(lookup);
  if (!by) throw new PassportMiss();
  const found = await deps.db.system((tx) => q.locate(tx, by));
  if (!found) throw new PassportMiss();
  return found;
}

export async function verifyView(deps: VerifyDeps, lookup: string): Promise<VerifyView> {
  const { id, shopId } = await locatePassport(deps, lookup);
  const key = await linkKey(deps);
  return deps.db.tenant(shopId, async (tx) => {
    const passport = await q.findPassport(tx, shopId, id);
    const shop = await q.shopOf(tx, shopId);
    if (!passport || !shop) throw new PassportMiss();
    const loaded = await loadChecked(tx, shopId, passport);
    const base = { id: passport.id, number: passport.number, verified: loaded.verdict.verified, issuer: passport.issuerName };
    if (passport.visibility === 'private') return { ...base, visibility: 'private' as const };
    const now = deps.clock.now();
    const photos = (await q.shownPhotos(tx, shopId, passport.id)).filter((p) => p.contentType.startsWith('image/'));
    const owners = await q.ownersOf(tx, shopId, passport.id);
    return {
      ...base,
      visibility: 'public' as const,
      shop: {
        name: shop.name,
        phone: shop.phone,
        email: shop.email,
        address: shop.address,
        logoUrl: shop.logoUrl,
        locale: shop.locale,
        timeZone: shop.timeZone,
      },
      piece: {
        title: passport.title,
        jewelleryType: passport.jewelleryType,
        metal: passport.metal,
        fineness: passport.fineness,
        hallmarks: passport.hallmarks,
        weightGrams: passport.weightGrams,
        measurements: passport.measurements,
        maker: passport.maker,
        madeOn: passport.madeOn,
        madeElsewhere: passport.madeElsewhere,
      },
      stones: loaded.stones.map(({ shopId: _s, passportId: _p, position: _n, ...s }) => s),
      photos: photos.map((p) => ({
        url: signedFileUrl(key, deps.config.publicUrl, p.id, 'display', now, 24 * 3600),
        thumbnailUrl: signedFileUrl(key, deps.config.publicUrl, p.id, 'thumb', now, 24 * 3600),
        caption: p.caption,
      })),
      token: passport.token,
      events: loaded.events.map((e) => ({
        kind: e.kind,
        label: eventLabels[e.kind],
        occurredOn: e.occurredOn,
        note: e.note,
        value: passport.showValues && e.valueCents !== null && e.valueCurrency ? formatMoney(e.valueCents, e.valueCurrency, shop.locale) : null,
        token: e.token,
      })),
      missing: missingStatus(loaded.events.map((e) => e.kind)),
      owners: owners.length,
    };
  });
}

/** The signed record itself, for anyone who checks it with their own tools: a private passport gives only its verdict. */
/**
 * GET /api/v1/verify/:key: the verdict, the passport as /verify shows it and its events, each with its
 * signed token. A private passport answers only its number, issuer and verdict.
 */
export async function verifyRecord(deps: VerifyDeps, lookup: string) {
  const view = await verifyView(deps, lookup);
  const head = { number: view.number, verified: view.verified, visibility: view.visibility };
  if (view.visibility === 'private') return { ...head, passport: { id: view.id, number: view.number, issuer: view.issuer }, events: [] };
  const { events, verified: _v, visibility: _s, ...passport } = view;
  return { ...head, token: view.token, passport, events };
}

/** Every shop's public signing keys: what anyone needs to check a certificate's token, without Loupe's code. */
export async function allPublicKeys(deps: { db: PassportDeps['db'] }): Promise<{ keys: PublicJwk[] }> {
  const rows = await deps.db.system((tx) => tx.select({ kid: passportKeys.kid, publicJwk: passportKeys.publicJwk }).from(passportKeys));
  return { keys: rows.map(publicJwkOf) };
}
