import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { noContent } from '../../http/openapi-problems.js';
import { idParams } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import * as invites from './invite-service.js';
import { addStaffBody, invitation, inviteBody, staffMember, staffRoleBody, staffSession } from './schemas.js';
import * as staff from './staff-service.js';

/** The shop's team: adding members, their roles, letting them go, and their sessions. */
export function staffRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/v1/staff',
    { schema: { tags: ['Staff'], summary: "The shop's staff, those let go included", response: { 200: z.object({ items: z.array(staffMember) }) } } },
    (req) => staff.listStaff(deps, actorOf(req)),
  );

  app.post(
    '/api/v1/staff',
    {
      schema: {
        tags: ['Staff'],
        summary: 'Add a member of staff (owners and managers; only an owner adds an owner)',
        'x-problems': ['EmailTaken'],
        body: addStaffBody,
        response: { 201: staffMember },
      },
    },
    async (req, reply) => reply.code(201).send(await staff.addStaff(deps, actorOf(req), req.body)),
  );

  app.get(
    '/api/v1/staff/invites',
    { schema: { tags: ['Staff'], summary: 'Invitations sent and not yet taken up', response: { 200: z.object({ items: z.array(invitation) }) } } },
    (req) => invites.listInvites(deps, actorOf(req)),
  );

  app.post(
    '/api/v1/staff/invites',
    {
      schema: {
        tags: ['Staff'],
        summary:
          'Invite someone by e-mail with a role (owners and managers; only an owner invites an owner): they get a link, valid 7 days, to choose a password',
        'x-problems': ['EmailTaken', 'Forbidden'],
        body: inviteBody,
        response: { 201: invitation },
      },
    },
    async (req, reply) => reply.code(201).send(await invites.invite(deps, actorOf(req), req.body)),
  );

  app.delete(
    '/api/v1/staff/invites/:id',
    {
      schema: {
        tags: ['Staff'],
        summary: 'Withdraw an invitation: its link stops working',
        'x-problems': ['Forbidden'],
        params: idParams,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await invites.withdrawInvite(deps, actorOf(req), req.params.id);
      return reply.code(204).send();
    },
  );

  app.patch(
    '/api/v1/staff/:id',
    {
      schema: {
        tags: ['Staff'],
        summary: "Change a member's role (owners)",
        'x-problems': ['LastOwner'],
        params: idParams,
        body: staffRoleBody,
        response: { 200: staffMember },
      },
    },
    (req) => staff.changeRole(deps, actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/api/v1/staff/:id',
    {
      schema: {
        tags: ['Staff'],
        summary: 'Let a member go (owners): they cannot sign in, and their open sessions stop working at once',
        'x-problems': ['LastOwner'],
        params: idParams,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await staff.deactivateMember(deps, actorOf(req), req.params.id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/staff/:id/sessions',
    {
      schema: {
        tags: ['Staff'],
        summary: "A member's open sessions (owners, or the member themself)",
        'x-problems': ['Forbidden'],
        params: idParams,
        response: { 200: z.object({ items: z.array(staffSession) }) },
      },
    },
    (req) => staff.listMemberSessions(deps, actorOf(req), req.params.id),
  );

  app.delete(
    '/api/v1/staff/:id/sessions',
    {
      schema: {
        tags: ['Staff'],
        summary: 'Sign a member out everywhere (owners, or the member themself)',
        params: idParams,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await staff.revokeMemberSessions(deps, actorOf(req), req.params.id);
      return reply.code(204).send();
    },
  );
}
