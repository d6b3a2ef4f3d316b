import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { JobSummary } from '../customers/customers-api';
import { pipelineOfKind } from '../pipelines';
import { JobLink } from '../pipelines/JobLink';

interface Props {
  jobs: readonly JobSummary[];
  empty: string;
  /** The last column: what this list is about (due date, time waiting...). */
  aside: { label: string; cell: (j: JobSummary) => ReactNode };
  caption: string;
}

/** A compact table of jobs of every pipeline for the hub's lists, each with its kind and stage. */
export function JobRows({ jobs, empty, aside, caption }: Props) {
  if (jobs.length === 0) {
    return (
      <Text size="sm" c="dimmed" py="sm">
        {empty}
      </Text>
    );
  }
  return (
    // On a phone the table scrolls inside its own box; the page does not scroll sideways.
    <Table.ScrollContainer minWidth={520} type="native">
      <Table verticalSpacing={6} fz="sm" highlightOnHover>
        <caption className="visually-hidden">{caption}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Job</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>Customer</Table.Th>
            <Table.Th>Stage</Table.Th>
            <Table.Th ta="right">{aside.label}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {jobs.map((j) => {
            const p = pipelineOfKind(j.kind);
            return (
              <Table.Tr key={`${j.kind}-${j.id}`}>
                <Table.Td>
                  <JobLink kind={j.kind} id={j.id}>
                    {j.reference}
                  </JobLink>{' '}
                  <Text span size="sm">
                    {j.title}
                  </Text>
                </Table.Td>
                <Table.Td>{p?.words.kind ?? j.kind}</Table.Td>
                <Table.Td>{j.customer.name}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{p ? <p.Badge stage={j.stage} size="sm" /> : j.stageLabel}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {aside.cell(j)}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
