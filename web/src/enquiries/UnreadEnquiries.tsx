import { Badge, Group, Paper, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { AnchorLink } from '../layout/links';
import { unreadEnquiriesQuery } from './enquiries-api';

/** The hub's line about web enquiries: how many nobody has opened yet, and the way to the inbox. */
export function UnreadEnquiries() {
  const unread = useQuery(unreadEnquiriesQuery);
  const n = unread.data ?? 0;
  return (
    <Paper p="md" mb="lg" component="section" aria-labelledby="enquiries-title">
      <Group justify="space-between">
        <Group gap="xs">
          <Title order={2} size="h4" id="enquiries-title">
            Web enquiries
          </Title>
          <Badge color={n > 0 ? 'red' : 'gray.7'} variant="filled" aria-label={`${n} unread`}>
            {n}
          </Badge>
        </Group>
        <AnchorLink to="/enquiries" size="sm">
          {n > 0 ? `${n} unread: open the inbox` : 'Open the inbox'}
        </AnchorLink>
      </Group>
      {n === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing new from your website.
        </Text>
      ) : null}
    </Paper>
  );
}
