import { Container, Text, Title } from '@mantine/core';
import { mainPipeline } from '../pipelines';
import { ButtonLink } from './links';
import { usePageTitle } from './page-title';

export function NotFoundPage() {
  usePageTitle('Not found');
  return (
    <Container size="sm" py="xl">
      <div>
        <Title order={1}>Page not found</Title>
        <Text c="dimmed" my="md">
          There is nothing at this address. It may have been mistyped, or the job may belong to another shop.
        </Text>
        <ButtonLink to="/$pipeline" params={{ pipeline: mainPipeline.base }}>
          Back to the {mainPipeline.words.nav.toLowerCase()} board
        </ButtonLink>
      </div>
    </Container>
  );
}
