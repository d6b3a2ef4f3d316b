import { Center, Paper, Stack, Text, Title } from '@mantine/core';
import { IconDiamond } from '@tabler/icons-react';
import type { ReactNode } from 'react';

export function AuthFrame({ title, subtitle, children, footer }: { title: string; subtitle: string; children: ReactNode; footer: ReactNode }) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Stack w="100%" maw={440} gap="lg">
        <Stack gap={4} align="center">
          <IconDiamond size={36} color="var(--mantine-color-grape-8)" aria-hidden />
          <Title order={1} ta="center">
            {title}
          </Title>
          <Text c="dimmed" ta="center">
            {subtitle}
          </Text>
        </Stack>
        <Paper p="xl" shadow="sm">
          {children}
        </Paper>
        <Text size="sm" ta="center">
          {footer}
        </Text>
      </Stack>
    </Center>
  );
}
