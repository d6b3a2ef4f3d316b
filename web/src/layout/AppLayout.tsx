import { AppShell, Group, Loader, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconBell, IconChevronDown, IconDiamond, IconLogout, IconPlus } from '@tabler/icons-react';
import { useSuspenseQuery } from '@tanstack/react-query';
import { Link, Outlet } from '@tanstack/react-router';
import { Suspense } from 'react';
import { meQuery } from '../api/queries';
import { useSignOut } from '../auth/use-sign-out';
import { useLiveEvents } from '../live/use-live-events';
import { mainPipeline, pipelines } from '../pipelines';
import classes from './AppLayout.module.css';
import { ButtonLink } from './links';

const navLinks = { className: classes.navLink, activeProps: { 'aria-current': 'page', className: classes.active } } as const;

export function AppLayout() {
  useLiveEvents();
  const { data: me } = useSuspenseQuery(meQuery);
  const signOut = useSignOut();

  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header className={classes.header}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Link to="/workshop" className={classes.brand} aria-label="Loupe: workshop hub">
              <IconDiamond size={22} aria-hidden />
              <span>Loupe</span>
            </Link>
            <nav aria-label="Main">
              <Group gap={4} wrap="nowrap">
                <Link to="/workshop" {...navLinks}>
                  Workshop
                </Link>
                {pipelines.map((p) => (
                  <Link key={p.base} to="/$pipeline" params={{ pipeline: p.base }} {...navLinks}>
                    {p.words.nav}
                  </Link>
                ))}
                <Link to="/intake" {...navLinks}>
                  Intake
                </Link>
                <Link to="/messages" {...navLinks}>
                  Messages
                </Link>
              </Group>
            </nav>
          </Group>
          <Group gap="sm" wrap="nowrap" miw={0}>
            <ButtonLink to="/$pipeline/new" params={{ pipeline: mainPipeline.base }} size="xs" leftSection={<IconPlus size={16} aria-hidden />}>
              {mainPipeline.words.newTitle}
            </ButtonLink>
            <Menu position="bottom-end" width={220}>
              <Menu.Target>
                <UnstyledButton className={classes.user} aria-label={`Account: ${me.user.name}, ${me.shop.name}`}>
                  <div className={classes.userText}>
                    <Text size="sm" fw={600} lh={1.2} truncate="end">
                      {me.shop.name}
                    </Text>
                    <Text size="xs" c="dimmed" lh={1.2} truncate="end">
                      {me.user.name}
                    </Text>
                  </div>
                  <IconChevronDown size={14} aria-hidden />
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>
                  {me.shop.locale} · {me.shop.currency} · {me.shop.timeZone}
                </Menu.Label>
                <Menu.Item component={Link} to="/settings/notifications" leftSection={<IconBell size={16} aria-hidden />}>
                  Notification settings
                </Menu.Item>
                <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={signOut}>
                  Sign out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Suspense fallback={<Loader m="xl" aria-label="Loading" />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
