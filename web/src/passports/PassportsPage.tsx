import { Badge, Button, Group, Modal, NumberInput, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { isProblem } from '../api/problem';
import { useSingleFlight, useSubmissionKey } from '../api/submission-key';
import { useShopFormat } from '../format/use-shop-format';
import { AnchorLink } from '../layout/links';
import { issuePassport, passportKeys, passportListQuery } from './api';

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
      {open && <ScratchModal onClose={() => setOpen(false)} />}
    </Stack>
  );
}

function ScratchModal({ onClose }: { onClose: () => void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const submission = useSubmissionKey();
  const once = useSingleFlight();
  const [f, setF] = useState({ title: '', jewelleryType: '', metal: '', fineness: '', hallmarks: '', maker: '', madeOn: '', ownerName: '', ownerContact: '' });
  const [weight, setWeight] = useState<number | ''>('');
  const text = (k: keyof typeof f) => ({ value: f[k], onChange: (e: { currentTarget: { value: string } }) => setF({ ...f, [k]: e.currentTarget.value }) });
  const orNull = (s: string) => s.trim() || null;
  const issue = useMutation({
    mutationFn: () =>
      issuePassport(
        {
          title: f.title,
          jewelleryType: orNull(f.jewelleryType),
          metal: orNull(f.metal),
          fineness: orNull(f.fineness),
          hallmarks: orNull(f.hallmarks),
          maker: orNull(f.maker),
          madeOn: orNull(f.madeOn),
          weightGrams: weight === '' ? null : weight,
          owner: { name: f.ownerName, contact: orNull(f.ownerContact) },
        },
        submission.current(),
      ),
    onSettled: submission.renew,
    onSuccess: (p) => {
      void queryClient.invalidateQueries({ queryKey: passportKeys.all });
      void navigate({ to: '/passports/$id', params: { id: p.id } });
    },
  });
  const errors = isProblem(issue.error) ? issue.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    once(() => issue.mutateAsync());
  };
  return (
    <Modal opened onClose={onClose} title="Issue a passport from scratch" size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            The passport says the piece was not made by this shop.
          </Text>
          <TextInput label="Title" required {...text('title')} error={errors.title} data-autofocus />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label="Type of jewellery" {...text('jewelleryType')} />
            <TextInput label="Metal" {...text('metal')} />
            <TextInput label="Fineness" {...text('fineness')} />
            <TextInput label="Hallmarks" {...text('hallmarks')} />
            <NumberInput
              label="Weight (g)"
              decimalScale={3}
              min={0}
              value={weight}
              onChange={(v) => setWeight(typeof v === 'number' ? v : '')}
              error={errors.weightGrams}
            />
            <TextInput label="Maker" {...text('maker')} />
            <TextInput label="Date made" type="date" {...text('madeOn')} error={errors.madeOn} />
            <TextInput label="Owner" required {...text('ownerName')} error={errors.owner} />
            <TextInput label="Owner’s e-mail or phone" {...text('ownerContact')} />
          </SimpleGrid>
          {issue.error && Object.keys(errors).length === 0 && (
            <Text c="red" size="sm" role="alert">
              {issue.error.message}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={issue.isPending}>
              Issue and sign
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
