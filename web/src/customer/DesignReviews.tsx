import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { JobDetail } from '../api/types';
import type { ShopFormat } from '../format/shop-format';
import { pipelineKeys } from '../pipeline/queries';

/** The customer's decision on each version of the renders sent for approval. */
export function DesignReviews({ job, fmt }: { job: Pick<JobDetail, 'id' | 'attachments'>; fmt: ShopFormat }) {
  const reviews = useQuery({
    queryKey: [...pipelineKeys('bespoke').one(job.id), 'design-reviews'],
    queryFn: () => unwrap(api.GET('/api/v1/bespoke/{id}/design-reviews', { params: { path: { id: job.id } } })),
  });
  const items = reviews.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Paper p="md" component="section" aria-labelledby="reviews-title">
      <Title order={2} size="h4" id="reviews-title" mb="sm">
        Design reviews
      </Title>
      <Stack gap="sm">
        {[...items].reverse().map((r) => (
          <div key={r.id} data-testid="design-review">
            <Group gap="xs">
              <Badge color={r.decision === 'approved' ? 'teal' : 'orange'} variant="light" tt="none">
                {r.decision === 'approved' ? 'Approved' : 'Changes requested'}
              </Badge>
              <Text size="xs" c="dimmed">
                {r.actorLabel} · <time dateTime={r.at}>{fmt.dateTime(r.at)}</time>
              </Text>
            </Group>
            {r.comment && (
              <Text size="sm" fs="italic" mt={4}>
                “{r.comment}”
              </Text>
            )}
            <Group gap={6} mt={6}>
              {r.attachmentIds.map((id) => {
                const a = job.attachments.find((x) => x.id === id);
                return a ? (
                  <img key={id} src={a.thumbnailUrl} alt={a.caption ?? 'Render'} width={48} height={48} style={{ objectFit: 'cover', borderRadius: 4 }} />
                ) : null;
              })}
            </Group>
          </div>
        ))}
      </Stack>
    </Paper>
  );
}
