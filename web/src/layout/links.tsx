import { Anchor, type AnchorProps, Button, type ButtonProps } from '@mantine/core';
import { createLink, type LinkComponent } from '@tanstack/react-router';
import { forwardRef, type ReactNode } from 'react';
import { pipelineOfKind } from '../pipelines';

/** Mantine's anchor and button as typed router links: route paths and params are checked. */
const MantineAnchor = forwardRef<HTMLAnchorElement, AnchorProps & React.AnchorHTMLAttributes<HTMLAnchorElement>>((props, ref) => (
  <Anchor component="a" ref={ref} {...props} />
));

const MantineButton = forwardRef<HTMLAnchorElement, ButtonProps & React.AnchorHTMLAttributes<HTMLAnchorElement>>((props, ref) => (
  <Button component="a" ref={ref} {...props} />
));

const AnchorLinkBase = createLink(MantineAnchor);
const ButtonLinkBase = createLink(MantineButton);

export const AnchorLink: LinkComponent<typeof MantineAnchor> = (props) => <AnchorLinkBase preload="intent" {...props} />;
export const ButtonLink: LinkComponent<typeof MantineButton> = (props) => <ButtonLinkBase preload="intent" {...props} />;

/** A job's reference as a link to its page, in whichever pipeline it is (`kind` as the API names it). */
export function JobLink({ kind, id, children }: { kind: string; id: string; children: ReactNode }) {
  return (
    <AnchorLink to="/$pipeline/$id" params={{ pipeline: pipelineOfKind(kind)?.base ?? kind, id }} fw={700} size="sm">
      {children}
    </AnchorLink>
  );
}
