import type { Database, Tx } from '../../db/client.js';
import type { Actor } from '../../domain/actor.js';
import type { Clock } from '../../domain/clock.js';
import { DomainError, notFound } from '../../domain/errors.js';
import * as engine from '../pipeline/engine.js';
import type { PipelineStore } from '../pipeline/store.js';
import * as q from './queries.js';
import type { ShopContactInput, TrackingSettingsInput } from './schemas.js';

export const DEFAULT_TERMS =
  'Please keep this slip: bring it, or your reference, when you collect. We hold finished pieces for 90 days after we tell you they are ready. ' +
  'Estimated dates can change, and we will tell you if they do. Deposits on bespoke work are not refundable once materials have been ordered.';

function requireManager(actor: Actor) {
  if (actor.role === 'staff') throw new DomainError('forbidden', 'Forbidden', 'Only owners and managers can change these settings');
}

const settingsView = (s: q.TrackingSettingsRow) => ({
  verifier: s.verifier,
  showBalance: s.showBalance,
  approvalAdvances: s.approvalAdvances,
  terms: s.terms,
  defaultTerms: DEFAULT_TERMS,
});

export function getTrackingSettings(deps: { db: Database }, actor: Actor) {
  return deps.db.tenant(actor.shopId, async (tx) => settingsView(await q.loadTrackingSettings(tx, actor.shopId)));
}

export function updateTrackingSettings(deps: { db: Database; clock: Clock }, actor: Actor, input: TrackingSettingsInput) {
  requireManager(actor);
  return deps.db.tenant(actor.shopId, async (tx) => {
    const current = await q.loadTrackingSettings(tx, actor.shopId);
    const next: q.TrackingSettingsRow = {
      ...current,
      ...(input.verifier !== undefined ? { verifier: input.verifier } : {}),
      ...(input.showBalance !== undefined ? { showBalance: input.showBalance } : {}),
      ...(input.approvalAdvances !== undefined ? { approvalAdvances: input.approvalAdvances } : {}),
      ...(input.terms !== undefined ? { terms: input.terms || null } : {}),
    };
    await q.saveTrackingSettings(tx, next, deps.clock.now());
    return settingsView(next);
  });
}

async function contactOf(tx: Tx, shopId: string) {
  const row = await q.shopContact(tx, shopId);
  if (!row) throw notFound('Shop');
  return { name: row.name, phone: row.phone, email: row.email, address: row.address, openingHours: row.openingHours, logoUrl: row.logoUrl };
}

export function getShopContact(deps: { db: Database }, actor: Actor) {
  return deps.db.tenant(actor.shopId, (tx) => contactOf(tx, actor.shopId));
}

export function updateShopContact(deps: { db: Database }, actor: Actor, input: ShopContactInput) {
  requireManager(actor);
  return deps.db.tenant(actor.shopId, async (tx) => {
    const set = {
      ...(input.phone !== undefined ? { contactPhone: input.phone || null } : {}),
      ...(input.email !== undefined ? { contactEmail: input.email || null } : {}),
      ...(input.address !== undefined ? { address: input.address || null } : {}),
      ...(input.openingHours !== undefined ? { openingHours: input.openingHours || null } : {}),
      ...(input.logoUrl !== undefined ? { logoUrl: input.logoUrl || null } : {}),
    };
    if (Object.keys(set).length > 0) await q.updateShopContact(tx, actor.shopId, set);
    return contactOf(tx, actor.shopId);
  });
}

export function designReviews(deps: { db: Database }, actor: Actor, store: PipelineStore, jobId: string) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    await engine.loadJob(tx, store, actor, jobId);
    const rows = await q.reviewsOf(tx, actor.shopId, jobId);
    return {
      items: rows.map((r) => ({ id: r.id, attachmentIds: r.attachmentIds, decision: r.decision, comment: r.comment, actorLabel: r.actorLabel, at: r.at })),
    };
  });
}
