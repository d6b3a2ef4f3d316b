import { notifications } from '@mantine/notifications';
import type { Invitation } from './staff-api';

/** What the owner is told once an invitation is made: on its way, or not sent and why (it stays until closed). */
export function showInviteNotice(i: Invitation) {
  notifications.show(
    i.delivery.status === 'not_sent' || i.delivery.status === 'failed'
      ? { color: 'yellow', title: `Invitation to ${i.email} not sent`, message: i.delivery.detail ?? 'The e-mail could not be sent.', autoClose: false }
      : { color: 'green', title: `Invitation on its way to ${i.email}`, message: 'The link in it works once, for 7 days.' },
  );
}
