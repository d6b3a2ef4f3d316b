import { BarChart, LineChart } from '@mantine/charts';
import { Alert, Anchor, Button, Group, Loader, Modal, Paper, SegmentedControl, Skeleton, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { meQuery } from '../api/queries';
import type { ShopFormat } from '../format/shop-format';
import { useShopFormat } from '../format/use-shop-format';
import { JobLink } from '../pipelines/JobLink';
import { type Preset, presetLabels, presets, rangeOf } from './presets';
import { csvUrl, type DrillQuery, drillQuery, type Figure, reportQuery, saveBenchmarkOptOut } from './reports-api';

export interface ReportsSearch {
  preset?: Preset;
  from?: string;
  to?: string;
}

const colours = ['blue.7', 'teal.7', 'orange.7', 'grape.7', 'red.7', 'cyan.8', 'lime.8', 'pink.7', 'indigo.7', 'yellow.8', 'violet.7', 'gray.7'];

type Cell = string | number | null;
type Row = Record<string, Cell>;
type Unit = Figure['columns'][number]['unit'];

function formatter(fmt: ShopFormat, unit: Unit) {
  return (v: Cell | undefined): string => {
    if (v === null || v === undefined) return '—';
    if (typeof v === 'string') return unit === 'date' ? fmt.date(v) : v;
    switch (unit) {
      case 'cents':
        return fmt.moneyShort(v);
      case 'share':
        return `${Math.round(v * 1000) / 10}%`;
      case 'days':
        return `${v} d`;
      default:
        return String(v);
    }
  };
}

/** What the owner reads on Monday morning: every figure for a period, each a chart, its table, what it means and its CSV. */
export function ReportsPage() {
  const fmt = useShopFormat();
  const search = useSearch({ strict: false }) as ReportsSearch;
  const navigate = useNavigate();
  const today = fmt.today();
  const preset: Preset = search.preset ?? (search.from && search.to ? 'custom' : '30d');
  const range = preset === 'custom' ? { from: search.from ?? rangeOf('30d', today).from, to: search.to ?? today } : rangeOf(preset, today);
  const report = useQuery(reportQuery(range.from, range.to));
  const [drill, setDrill] = useState<{ title: string; query: DrillQuery } | null>(null);

  const go = (next: ReportsSearch) => void navigate({ to: '/reports', search: next, replace: true });

  return (
    <div>
      <Group justify="space-between" align="baseline" mb="sm">
        <Title order={1} size="h2">
          Reports
        </Title>
        <Text size="sm" c="dimmed" data-testid="report-period">
          {fmt.date(range.from)} – {fmt.date(range.to)}
        </Text>
      </Group>
      <Paper p="sm" mb="md" component="section" aria-label="Period">
        <Stack gap="xs">
          <SegmentedControl
            aria-label="Period"
            value={preset}
            onChange={(v) => {
              const p = v as Preset;
              go(p === 'custom' ? { preset: 'custom', ...range } : { preset: p });
            }}
            data={presets.map((p) => ({ value: p, label: presetLabels[p] }))}
            fullWidth
            styles={{ root: { flexWrap: 'wrap' } }}
          />
          {preset === 'custom' && (
            <Group grow>
              <TextInput
                type="date"
                label="From"
                value={range.from}
                max={range.to}
                onChange={(e) => e.currentTarget.value && go({ preset: 'custom', from: e.currentTarget.value, to: range.to })}
              />
              <TextInput
                type="date"
                label="To"
                value={range.to}
                min={range.from}
                onChange={(e) => e.currentTarget.value && go({ preset: 'custom', from: range.from, to: e.currentTarget.value })}
              />
            </Group>
          )}
        </Stack>
      </Paper>
      {report.isError && (
        <Alert color="red" title="The reports could not be loaded">
          {report.error.message}
        </Alert>
      )}
      {!report.data ? (
        <Skeleton h={400} aria-label="Loading the reports" />
      ) : (
        <Stack gap="lg" data-loading={report.isFetching ? 'true' : undefined} data-range={`${report.data.from}/${report.data.to}`}>
          <BenchmarkSetting optedOut={report.data.benchmarkOptOut} />
          {report.data.figures.map((f) => (
            <FigureCard key={f.id} figure={f} fmt={fmt} range={range} onDrill={(title, query) => setDrill({ title, query })} />
          ))}
        </Stack>
      )}
      <Modal opened={drill !== null} onClose={() => setDrill(null)} title={drill?.title ?? ''} size="lg">
        {drill && <DrillList query={drill.query} fmt={fmt} />}
      </Modal>
    </div>
  );
}

function BenchmarkSetting({ optedOut }: { optedOut: boolean }) {
  const me = useSuspenseQuery(meQuery).data;
  const queryClient = useQueryClient();
  const save = useMutation({ mutationFn: saveBenchmarkOptOut, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['jobs', 'reports'] }) });
  if (me.user.role === 'staff') return null;
  return (
    <Switch
      checked={!optedOut}
      disabled={save.isPending}
      onChange={(e) => save.mutate(!e.currentTarget.checked)}
      label="Compare with other shops"
      description="Your figures join the network benchmark (medians over at least 5 shops; no shop’s own figures are ever shown). Off: yours are left out and you see none."
    />
  );
}

function DrillList({ query, fmt }: { query: DrillQuery; fmt: ShopFormat }) {
  const jobs = useQuery(drillQuery(query));
  if (!jobs.data) return <Loader aria-label="Loading the jobs" />;
  if (jobs.data.length === 0) return <Text>No jobs.</Text>;
  return (
    <Table>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Job</Table.Th>
          <Table.Th>Stage</Table.Th>
          <Table.Th>Due</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {jobs.data.map((j) => (
          <Table.Tr key={j.id}>
            <Table.Td>
              <JobLink kind={j.kind} id={j.id}>
                {j.reference}
              </JobLink>{' '}
              <Text span size="sm">
                {j.title}
              </Text>
            </Table.Td>
            <Table.Td>{j.stage}</Table.Td>
            <Table.Td>{fmt.date(j.dueDate)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

interface ChartData {
  key: string;
  title: string | null;
  data: Record<string, string | number>[];
  series: { name: string; label: string; color: string }[];
}

/** Rows as the chart draws them: one chart per `splitBy` value, long rows pivoted wide. */
function chartsOf(figure: Figure): ChartData[] {
  const { chart, columns } = figure;
  const label = (key: string) => columns.find((c) => c.key === key)?.label ?? key;
  const groups = new Map<string, Row[]>();
  for (const row of figure.rows) {
    const g = chart.splitBy ? String(row[chart.splitBy] ?? '') : '';
    groups.set(g, [...(groups.get(g) ?? []), row]);
  }
  return [...groups.entries()].map(([g, rows]) => {
    if (chart.pivot) {
      const { by, value } = chart.pivot;
      const names = [...new Set(rows.map((r) => String(r[by] ?? '')))];
      const byX = new Map<string, Record<string, string | number>>();
      for (const r of rows) {
        const x = String(r[chart.x] ?? '');
        const point = byX.get(x) ?? { [chart.x]: x };
        point[String(r[by] ?? '')] = Number(r[value] ?? 0);
        byX.set(x, point);
      }
      return {
        key: g,
        title: chart.splitBy ? g : null,
        data: [...byX.values()],
        series: names.map((n, i) => ({ name: n, label: n, color: colours[i % colours.length] ?? 'blue.7' })),
      };
    }
    return {
      key: g,
      title: chart.splitBy ? g : null,
      data: rows.map((r) => {
        const point: Record<string, string | number> = { [chart.x]: String(r[chart.x] ?? '') };
        for (const s of chart.series) point[s] = Number(r[s] ?? 0);
        return point;
      }),
      series: chart.series.map((s, i) => ({ name: s, label: label(s), color: colours[i % colours.length] ?? 'blue.7' })),
    };
  });
}

function FigureCard({
  figure,
  fmt,
  range,
  onDrill,
}: {
  figure: Figure;
  fmt: ShopFormat;
  range: { from: string; to: string };
  onDrill: (title: string, query: DrillQuery) => void;
}) {
  const headingId = `figure-${figure.id}`;
  const unitOf = (key: string): Unit => figure.columns.find((c) => c.key === key)?.unit ?? 'count';
  const valueUnit = figure.chart.pivot ? unitOf(figure.chart.pivot.value) : unitOf(figure.chart.series[0] ?? '');
  const format = formatter(fmt, valueUnit);
  const shown = figure.columns.filter((c) => c.key !== 'stageKey' && c.key !== 'staffId');
  const drillOf = (row: Row, series?: string): DrillQuery => {
    const q: DrillQuery = { figure: figure.id, from: range.from, to: range.to };
    for (const key of figure.chart.drill) {
      const v = row[key];
      if (v === null || v === undefined) continue;
      if (key === 'pipeline') q.pipeline = String(v);
      else if (key === 'stageKey' && figure.chart.pivot) q.series = String(v);
      else q.x = String(v);
    }
    if (series) q.series = series;
    return q;
  };
  const rowName = (row: Row) =>
    shown
      .slice(0, 3)
      .map((c) => formatter(fmt, c.unit)(row[c.key]))
      .join(', ');
  const charts = figure.rows.length > 0 ? chartsOf(figure) : [];
  const xLabel = (x: Cell) => (unitOf(figure.chart.x) === 'date' ? fmt.date(String(x)) : String(x));

  return (
    <Paper p="md" component="section" aria-labelledby={headingId} data-figure={figure.id}>
      <Group justify="space-between" align="baseline" mb={4} wrap="wrap">
        <Title order={2} size="h4" id={headingId}>
          {figure.title}
        </Title>
        <Anchor href={csvUrl(figure.id, range.from, range.to)} download size="sm" aria-label={`Download ${figure.title} as CSV`}>
          CSV
        </Anchor>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {figure.definition}
      </Text>
      {figure.benchmark.length > 0 && (
        <Stack gap={2} mb="sm" data-testid={`benchmark-${figure.id}`}>
          {figure.benchmark.map((b) => {
            const value = formatter(fmt, b.unit);
            return (
              <Text size="sm" key={`${b.pipeline}-${b.column}`}>
                <strong>
                  {b.pipeline}, {b.label}, all shops:
                </strong>{' '}
                {b.status === 'ok'
                  ? `median ${value(b.median)} (middle half ${value(b.p25)}–${value(b.p75)}) over ${b.shops} shops`
                  : b.status === 'opted_out'
                    ? 'not shown: this shop does not take part'
                    : 'not enough shops yet'}
              </Text>
            );
          })}
        </Stack>
      )}
      {charts.length === 0 ? (
        <Text size="sm">Nothing in this period.</Text>
      ) : (
        charts.map((c) => (
          <div key={c.key} data-testid={`chart-${figure.id}`}>
            {c.title && (
              <Text size="sm" fw={600} mt="xs">
                {c.title}
              </Text>
            )}
            {figure.chart.type === 'line' ? (
              <LineChart
                h={200}
                data={c.data}
                dataKey={figure.chart.x}
                series={c.series}
                valueFormatter={(v) => format(v)}
                xAxisProps={{ tickFormatter: xLabel }}
                withDots={c.data.length < 20}
              />
            ) : (
              <BarChart
                h={220}
                data={c.data}
                dataKey={figure.chart.x}
                series={c.series}
                type={figure.chart.type === 'stacked' ? 'stacked' : 'default'}
                valueFormatter={(v) => format(v)}
                xAxisProps={{ tickFormatter: xLabel }}
                withLegend={c.series.length > 1}
                legendProps={{ verticalAlign: 'bottom' }}
                barProps={(s) => ({
                  cursor: 'pointer',
                  onClick: (d: { payload?: Record<string, string | number> }) => {
                    const x = d.payload?.[figure.chart.x];
                    const row: Row = { ...(c.title && figure.chart.splitBy ? { [figure.chart.splitBy]: c.title } : {}), [figure.chart.x]: x ?? null };
                    const stage = figure.chart.pivot ? figure.rows.find((r) => r[figure.chart.pivot?.by ?? ''] === s.name)?.stageKey : undefined;
                    onDrill(`${figure.title}: ${xLabel(x ?? '')}`, drillOf(stage ? { ...row, stageKey: stage } : row, figure.chart.pivot ? undefined : s.name));
                  },
                })}
              />
            )}
          </div>
        ))
      )}
      {figure.rows.length > 0 && (
        <details>
          <summary>
            <Text span size="sm">
              Table ({figure.rows.length} {figure.rows.length === 1 ? 'row' : 'rows'})
            </Text>
          </summary>
          <Table.ScrollContainer minWidth={Math.max(320, (shown.length + 1) * 110)}>
            <Table striped fz="sm" data-testid={`table-${figure.id}`}>
              <Table.Thead>
                <Table.Tr>
                  {shown.map((c) => (
                    <Table.Th key={c.key}>{c.label}</Table.Th>
                  ))}
                  <Table.Th>
                    <span className="visually-hidden">Jobs</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {figure.rows.map((row, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id of their own, and never reorder
                  <Table.Tr key={i}>
                    {shown.map((c) => (
                      <Table.Td key={c.key}>{formatter(fmt, c.unit)(row[c.key])}</Table.Td>
                    ))}
                    <Table.Td>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        aria-label={`Jobs behind ${rowName(row)}`}
                        onClick={() => onDrill(`${figure.title}: ${rowName(row)}`, drillOf(row))}
                      >
                        Jobs
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </details>
      )}
    </Paper>
  );
}
