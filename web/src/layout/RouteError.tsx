import { Alert, Button, Container, Group } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ErrorComponentProps } from '@tanstack/react-router';
import { isProblem } from '../api/problem';
import { NotFoundPage } from './NotFoundPage';

export function RouteError({ error, reset }: ErrorComponentProps) {
  if (isProblem(error, 'not_found')) return <NotFoundPage />;
  const message = isProblem(error) ? error.detail : 'Something went wrong while showing this page.';
  return (
    <Container size="sm" py="xl">
      <Alert color="red" title="This page could not be shown" icon={<IconAlertTriangle aria-hidden />}>
        {message}
        <Group mt="md">
          <Button variant="light" color="red" onClick={reset}>
            Try again
          </Button>
        </Group>
      </Alert>
    </Container>
  );
}
