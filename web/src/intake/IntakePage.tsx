import { Container, Tabs, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { usePageTitle } from '../layout/page-title';
import { pipelines } from '../pipelines';

/** The counter: take a job of any pipeline in fast; each tab's draft, and which tab was open, outlive a reload. */
export function IntakePage() {
  usePageTitle('Intake');
  const { tab = pipelines[0].base } = useSearch({ from: '/staff/intake' });
  const navigate = useNavigate({ from: '/intake' });
  return (
    <Container size="lg" px={0} ml={0}>
      <Title order={1} size="h2" mb="md">
        Intake
      </Title>
      <Tabs value={tab} onChange={(v) => v && void navigate({ search: { tab: v }, replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          {pipelines.map((p) => (
            <Tabs.Tab key={p.base} value={p.base} leftSection={<p.icon size={16} aria-hidden />}>
              {p.words.kind}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {pipelines.map((p) => (
          <Tabs.Panel key={p.base} value={p.base}>
            <p.Intake />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Container>
  );
}
