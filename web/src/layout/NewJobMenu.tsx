import { Button, Menu } from '@mantine/core';
import { IconChevronDown, IconPlus } from '@tabler/icons-react';
import { pipelines } from '../pipelines';
import { ButtonLink, MenuItemLink } from './links';

/** The header's "New": a job of any pipeline from any page, since a customer at the counter brings what they bring. */
export function NewJobMenu() {
  return (
    <Menu position="bottom-end" width={220}>
      <Menu.Target>
        <Button
          size="xs"
          leftSection={<IconPlus size={16} aria-hidden />}
          rightSection={<IconChevronDown size={14} aria-hidden />}
          visibleFrom="sm"
          // The action keeps its words; the account name beside it is what gives way (it truncates).
          style={{ flexShrink: 0 }}
        >
          New
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {pipelines.map((p) => (
          <MenuItemLink key={p.base} to="/$pipeline/new" params={{ pipeline: p.base }}>
            {p.words.newTitle}
          </MenuItemLink>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

/** The same choice in the narrow screens' menu: one link per pipeline. */
export function NewJobLinks({ onNavigate }: { onNavigate: () => void }) {
  return pipelines.map((p, i) => (
    <ButtonLink
      key={p.base}
      to="/$pipeline/new"
      params={{ pipeline: p.base }}
      onClick={onNavigate}
      mt={i === 0 ? 'sm' : 0}
      variant={i === 0 ? 'filled' : 'light'}
      leftSection={<IconPlus size={16} aria-hidden />}
    >
      {p.words.newTitle}
    </ButtonLink>
  ));
}
