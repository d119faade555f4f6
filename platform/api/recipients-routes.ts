import { z } from 'zod';
import { privateRecipientsAllowed } from '../../common/policy.ts';
import {
  DisclosureRecord,
  DisclosureReport,
  EditRegisterEntry,
  NewRegisterEntry,
  RecipientId,
  RegisterEntry,
  RegisterList,
  RetireRegisterEntry,
} from '../../common/recipients-api.ts';
import { route } from '../http/openapi.ts';
import {
  addRecipient,
  disclosuresTo,
  editRecipient,
  listRecipients,
  migrateRecipients,
  recordDisclosure,
  retireRecipient,
  type RegisterContext,
} from '../recipients/register.ts';
import { ADMIN_SECURITY, adminKit } from './admin-common.ts';
import { actingRole, type ApiRoutes } from './deps.ts';

/**
 * The recipient register over HTTP (#14 item 6). Detectives read it to pick
 * an export's recipient; only administrators change it (403 for any other
 * role, logged as admin.refused); each change is audited with who, what and
 * why in its own transaction (platform/recipients/register.ts). A
 * workstation reports each disclosure here, so the platform can say which
 * entry received what.
 */
const ById = z.object({ recipientId: RecipientId });
const READERS = { roles: ['detective', 'admin', 'supervisor'] } as const;

export const recipientsRoutes: ApiRoutes = (app, deps) => {
  migrateRecipients(deps.ctx.db);
  const { asAdmin } = adminKit(app, deps);
  const ctx = (actor: RegisterContext['actor']): RegisterContext => ({
    db: deps.ctx.db,
    audit: deps.audit,
    actor,
    now: deps.ctx.clock(),
    via: { via: 'api' },
  });

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/recipients',
      summary:
        'The recipient register: authorities permitted to receive disclosures (retired entries marked)',
      tags: ['recipients'],
      security: READERS,
      response: RegisterList,
    },
    () => ({ recipients: listRecipients(deps.ctx.db) }),
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/admin/recipients',
      summary:
        'Add an authority to the recipient register (kind private: registered to be refused)',
      tags: ['administration'],
      security: ADMIN_SECURITY,
      body: NewRegisterEntry,
      response: RegisterEntry,
      status: 201,
    },
    (call) =>
      asAdmin(call, { action: 'recipient.add', justification: call.body.reason }, (actor) =>
        addRecipient(ctx(actor), call.body),
      ),
  );

  route(
    app,
    {
      method: 'PUT',
      path: '/api/v1/admin/recipients/:recipientId',
      summary: 'Edit a register entry (name, kind, country, contact, legal basis)',
      tags: ['administration'],
      security: ADMIN_SECURITY,
      params: ById,
      body: EditRegisterEntry,
      response: RegisterEntry,
    },
    (call) =>
      asAdmin(call, { action: 'recipient.edit', justification: call.body.reason }, (actor) =>
        editRecipient(ctx(actor), call.params.recipientId, call.body),
      ),
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/admin/recipients/:recipientId/retire',
      summary: 'Retire a register entry: it can no longer be picked; it is never deleted',
      tags: ['administration'],
      security: ADMIN_SECURITY,
      params: ById,
      body: RetireRegisterEntry,
      response: RegisterEntry,
    },
    (call) =>
      asAdmin(call, { action: 'recipient.retire', justification: call.body.reason }, (actor) =>
        retireRecipient(ctx(actor), call.params.recipientId, call.body),
      ),
  );

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/admin/recipients/:recipientId/disclosures',
      summary: 'Disclosures recorded against a register entry, newest first',
      tags: ['administration'],
      security: ADMIN_SECURITY,
      params: ById,
      response: z
        .object({ disclosures: z.array(DisclosureRecord) })
        .meta({ id: 'RecipientDisclosures' }),
    },
    (call) => ({ disclosures: disclosuresTo(deps.ctx.db, call.params.recipientId) }),
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/disclosures',
      summary:
        "Record a workstation's export against its register entry (refused for a private or retired entry)",
      tags: ['recipients'],
      security: { roles: ['detective'] },
      body: DisclosureReport,
      response: DisclosureRecord,
      status: 201,
    },
    ({ officer, body }) =>
      recordDisclosure(
        {
          ...ctx({
            officerId: officer.id,
            username: officer.username,
            role: actingRole(officer, ['detective']),
          }),
          privateAllowed: privateRecipientsAllowed(deps.store.pack),
        },
        body,
      ),
  );
};
