import { AppShell, Burger, Group, Loader, Menu, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBell, IconBuildingStore, IconCalendarShare, IconCertificate, IconChevronDown, IconDiamond, IconLogout, IconUsers } from '@tabler/icons-react';
import { useSuspenseQuery } from '@tanstack/react-query';
import { Link, Outlet } from '@tanstack/react-router';
import { Suspense } from 'react';
import { meQuery } from '../api/queries';
import { SignInAgainModal } from '../auth/SignInAgainModal';
import { useSignOut } from '../auth/use-sign-out';
import { useLiveEvents } from '../live/use-live-events';
import classes from './AppLayout.module.css';
import { MainLinks } from './MainLinks';
import { NewJobLinks, NewJobMenu } from './NewJobMenu';

export function AppLayout() {
  useLiveEvents();
  const { data: me } = useSuspenseQuery(meQuery);
  const signOut = useSignOut();
  // Eleven main links need a wide desktop's header (Mantine's xl, 1408 px): below it they fold into a menu under the header, so nothing sits off screen.
  const [menuOpen, menu] = useDisclosure(false);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 280, breakpoint: 'xl', collapsed: { mobile: !menuOpen, desktop: true } }} padding="md">
      <AppShell.Header className={classes.header}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={menuOpen}
              onClick={menu.toggle}
              hiddenFrom="xl"
              size="sm"
              aria-label={menuOpen ? 'Close the menu' : 'Open the menu'}
              aria-expanded={menuOpen}
              aria-controls="main-menu"
            />
            <Link to="/workshop" className={classes.brand} aria-label="Loupe: workshop hub">
              <IconDiamond size={22} aria-hidden />
              <span>Loupe</span>
            </Link>
            <Group component="nav" aria-label="Main" visibleFrom="xl" ml="md" gap={2} wrap="nowrap">
              <MainLinks />
            </Group>
          </Group>
          <Group gap="sm" wrap="nowrap" miw={0}>
            <NewJobMenu />
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
                {me.user.role !== 'staff' && (
                  <Menu.Item component={Link} to="/settings/notifications" leftSection={<IconBell size={16} aria-hidden />}>
                    Notification settings
                  </Menu.Item>
                )}
                {me.user.role !== 'staff' && (
                  <Menu.Item component={Link} to="/settings/calendar-sync" leftSection={<IconCalendarShare size={16} aria-hidden />}>
                    Calendar sync
                  </Menu.Item>
                )}
                <Menu.Item component={Link} to="/settings/shop" leftSection={<IconBuildingStore size={16} aria-hidden />}>
                  Shop details
                </Menu.Item>
                <Menu.Item component={Link} to="/settings/staff" leftSection={<IconUsers size={16} aria-hidden />}>
                  Staff
                </Menu.Item>
                <Menu.Item component={Link} to="/passports" leftSection={<IconCertificate size={16} aria-hidden />}>
                  Provenance passports
                </Menu.Item>
                <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={signOut}>
                  Sign out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" id="main-menu" hiddenFrom="xl">
        <Stack component="nav" aria-label="Main" gap={4}>
          <MainLinks onNavigate={menu.close} />
          <NewJobLinks onNavigate={menu.close} />
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<Loader m="xl" aria-label="Loading" />}>
          <Outlet />
        </Suspense>
        <SignInAgainModal email={me.user.email} />
      </AppShell.Main>
    </AppShell>
  );
}
