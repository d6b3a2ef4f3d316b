import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useSuspenseQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useShopFormat } from '../format/use-shop-format';
import { AnchorLink } from '../layout/links';
import { passportListQuery } from './api';
import { IssuePassportModal } from './IssuePassportModal';

/** Every passport the shop has issued, newest first, and issuing one from scratch for a piece the shop did not make. */
export function PassportsPage() {
  const { data } = useSuspenseQuery(passportListQuery);
  const fmt = useShopFormat();
  const [open, setOpen] = useState(false);
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          Provenance passports
        </Title>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setOpen(true)}>
          Issue from scratch
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        A finished job’s passport is issued from the job’s page. Issue one here for a piece this shop did not make.
      </Text>
      <Paper p="md" style={{ overflowX: 'auto' }}>
        {data.items.length === 0 ? (
          <Text size="sm">No passports yet.</Text>
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Number</Table.Th>
                <Table.Th>Piece</Table.Th>
                <Table.Th>Owner</Table.Th>
                <Table.Th>Issued</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <AnchorLink to="/passports/$id" params={{ id: p.id }} fw={700}>
                      {p.number}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>
                    {p.title}{' '}
                    {p.madeElsewhere && (
                      <Badge size="xs" variant="outline" color="gray">
                        Not made here
                      </Badge>
                    )}
                    {p.visibility === 'private' && (
                      <Badge size="xs" variant="outline" color="gray" ml={4}>
                        Private
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{p.ownerName}</Table.Td>
                  <Table.Td>{fmt.date(p.issuedAt.slice(0, 10))}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      {open && <IssuePassportModal onClose={() => setOpen(false)} />}
    </Stack>
  );
}
