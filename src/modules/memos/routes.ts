import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { pdfAnswer, sendPdf } from '../../http/pdf-answer.js';
import { idParams } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { pipelines } from '../jobs/registry.js';
import {
  contactList,
  contactQuery,
  createMemoBody,
  itemInput,
  itemParams,
  linkedList,
  listQuery,
  memoDetail,
  memoList,
  memoSettings,
  memoSettingsBody,
  overdueList,
  patchMemoBody,
  reconcileBody,
} from './schemas.js';
import * as service from './service.js';

/** Memo parcels taken in and consignments sent out, their items and how each was settled, and the items each job uses. */
export function memoRoutes(app: App, deps: AppDeps) {
  const tags = ['Memo & consignment'];
  app.get(
    '/api/v1/memos',
    {
      schema: {
        tags,
        summary: 'Memo parcels and consignments, newest first; `overdue=true`: those with items still out past their due-back date',
        querystring: listQuery,
        response: { 200: memoList },
      },
    },
    (req) => service.listMemos(deps, actorOf(req), req.query),
  );
  app.post(
    '/api/v1/memos',
    {
      schema: {
        tags,
        summary: 'Take a memo parcel in (`direction: in`, MEMO-0001) or send a consignment out (`out`, CON-0001), with its items',
        description: 'The contact is an existing one (`contactId`) or a new one (`contact`). Honours `Idempotency-Key`.',
        body: createMemoBody,
        response: { 201: memoDetail },
      },
    },
    async (req, reply) => reply.code(201).send(await service.createMemo(deps, actorOf(req), req.body)),
  );
  app.get(
    '/api/v1/memos/overdue',
    { schema: { tags, summary: 'Items still out past their due-back date, soonest due first (the workshop hub’s list)', response: { 200: overdueList } } },
    (req) => service.overdue(deps, actorOf(req)),
  );
  app.get(
    '/api/v1/memos/available-items',
    { schema: { tags, summary: 'Stones and pieces taken in on memo, still here and in no job: what a job may link', response: { 200: linkedList } } },
    (req) => service.availableItems(deps, actorOf(req)),
  );
  app.get(
    '/api/v1/memo-contacts',
    { schema: { tags, summary: 'The shop’s vendors and consignees, by name', querystring: contactQuery, response: { 200: contactList } } },
    (req) => service.listContacts(deps, actorOf(req), req.query),
  );
  app.get(
    '/api/v1/settings/memos',
    { schema: { tags, summary: 'Whether the owner is e-mailed the overdue memo items each morning', response: { 200: memoSettings } } },
    (req) => service.getSettings(deps, actorOf(req)),
  );
  app.put(
    '/api/v1/settings/memos',
    {
      schema: {
        tags,
        summary: 'Turn the morning e-mail of overdue memo items on or off (owners and managers)',
        body: memoSettingsBody,
        response: { 200: memoSettings },
      },
    },
    (req) => service.setSettings(deps, actorOf(req), req.body),
  );
  app.get(
    '/api/v1/memos/:id',
    { schema: { tags, summary: 'One memo or consignment with its items', params: idParams, response: { 200: memoDetail } } },
    (req) => service.getMemo(deps, actorOf(req), req.params.id),
  );
  app.patch(
    '/api/v1/memos/:id',
    { schema: { tags, summary: 'Change the dates, terms or notes', params: idParams, body: patchMemoBody, response: { 200: memoDetail } } },
    (req) => service.patchMemo(deps, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/memos/:id/items',
    { schema: { tags, summary: 'Add a stone or piece to the record', params: idParams, body: itemInput, response: { 201: memoDetail } } },
    async (req, reply) => reply.code(201).send(await service.addItem(deps, actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/v1/memos/:id/items/:itemId/reconcile',
    {
      schema: {
        tags,
        summary: 'Record how an item ended: returned, sold, expired or lost; the record closes when every item has',
        description:
          'The same outcome again changes nothing; another outcome for an item already returned, sold or lost is 409 `memo_item_settled`. ' +
          'A consignment piece sold takes `priceCents`, what the consignee owes (its retail price when left out; required when it has none).',
        'x-problems': ['MemoItemConflict'],
        params: itemParams,
        body: reconcileBody,
        response: { 200: memoDetail },
      },
    },
    (req) => service.reconcileItem(deps, actorOf(req), req.params.id, req.params.itemId, req.body),
  );
  app.get(
    '/api/v1/memos/:id/memo.pdf',
    {
      schema: {
        tags,
        summary: 'The memo document to send with the parcel (A4)',
        params: idParams,
        produces: ['application/pdf'],
        response: { 200: pdfAnswer },
      },
    },
    async (req, reply) => sendPdf(reply, await service.memoPdf(deps, actorOf(req), req.params.id)),
  );

  for (const pipeline of pipelines) {
    const path = `${pipeline.apiPath}/:id/memo-items`;
    app.get(path, { schema: { tags, summary: `The memo items this ${pipeline.noun} uses`, params: idParams, response: { 200: linkedList } } }, (req) =>
      service.jobItems(deps, actorOf(req), pipeline, req.params.id),
    );
    app.post(
      `${path}/:itemId`,
      {
        schema: {
          tags,
          summary: `Link a memo item to this ${pipeline.noun}: a stone or piece taken in on memo and still here`,
          'x-problems': ['MemoItemConflict'],
          params: itemParams,
          response: { 201: linkedList },
        },
      },
      async (req, reply) => reply.code(201).send(await service.linkItem(deps, actorOf(req), pipeline, req.params.id, req.params.itemId)),
    );
    app.delete(
      `${path}/:itemId`,
      { schema: { tags, summary: `Unlink a memo item from this ${pipeline.noun}`, params: itemParams, response: { 200: linkedList } } },
      (req) => service.unlinkItem(deps, actorOf(req), pipeline, req.params.id, req.params.itemId),
    );
  }
}
