import { Anchor, type AnchorProps, Button, type ButtonProps, Menu, type MenuItemProps } from '@mantine/core';
import { createLink, type LinkComponent } from '@tanstack/react-router';
import { forwardRef } from 'react';

/** Mantine's anchor and button as typed router links: route paths and params are checked. */
const MantineAnchor = forwardRef<HTMLAnchorElement, AnchorProps & React.AnchorHTMLAttributes<HTMLAnchorElement>>((props, ref) => (
  <Anchor component="a" ref={ref} {...props} />
));

const MantineButton = forwardRef<HTMLAnchorElement, ButtonProps & React.AnchorHTMLAttributes<HTMLAnchorElement>>((props, ref) => (
  <Button component="a" ref={ref} {...props} />
));

const MantineMenuItem = forwardRef<HTMLAnchorElement, MenuItemProps & React.AnchorHTMLAttributes<HTMLAnchorElement>>((props, ref) => (
  <Menu.Item component="a" ref={ref} {...props} />
));

const AnchorLinkBase = createLink(MantineAnchor);
const ButtonLinkBase = createLink(MantineButton);
const MenuItemLinkBase = createLink(MantineMenuItem);

export const AnchorLink: LinkComponent<typeof MantineAnchor> = (props) => <AnchorLinkBase preload="intent" {...props} />;
export const ButtonLink: LinkComponent<typeof MantineButton> = (props) => <ButtonLinkBase preload="intent" {...props} />;
export const MenuItemLink: LinkComponent<typeof MantineMenuItem> = (props) => <MenuItemLinkBase preload="intent" {...props} />;
