import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { AnchorLink } from '../layout/links';
import type { Pipeline } from '../pipeline/define';
import type { PipelineJob } from '../pipeline/types';

type Job = PipelineJob<string>;

interface Props {
  pipeline: Pipeline;
  jobs: Job[];
  empty: string;
  /** The last column: what this list is about (due date, time waiting...). */
  aside: { label: string; cell: (j: Job) => ReactNode };
  caption: string;
}

/** A compact table of jobs for the hub's lists. */
export function JobRows({ pipeline, jobs, empty, aside, caption }: Props) {
  if (jobs.length === 0) {
    return (
      <Text size="sm" c="dimmed" py="sm">
        {empty}
      </Text>
    );
  }
  return (
    <Table verticalSpacing={6} fz="sm" highlightOnHover>
      <caption className="visually-hidden">{caption}</caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Job</Table.Th>
          <Table.Th>Customer</Table.Th>
          <Table.Th>Stage</Table.Th>
          <Table.Th ta="right">{aside.label}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {jobs.map((j) => (
          <Table.Tr key={j.id}>
            <Table.Td>
              <AnchorLink to="/$pipeline/$id" params={{ pipeline: pipeline.base, id: j.id }} size="sm" fw={700}>
                {j.reference}
              </AnchorLink>{' '}
              <Text span size="sm">
                {j.title}
              </Text>
            </Table.Td>
            <Table.Td>{j.customer.name}</Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              <pipeline.Badge stage={j.stage} size="sm" />
            </Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
              {aside.cell(j)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
