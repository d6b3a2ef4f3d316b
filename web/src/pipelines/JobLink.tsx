import type { ReactNode } from 'react';
import { AnchorLink } from '../layout/links';
import { pipelineOfKind } from '.';

/** A job's reference as a link to its page, in whichever pipeline it is (`kind` as the API names it). */
export function JobLink({ kind, id, children }: { kind: string; id: string; children: ReactNode }) {
  return (
    <AnchorLink to="/$pipeline/$id" params={{ pipeline: pipelineOfKind(kind)?.base ?? kind, id }} fw={700} size="sm">
      {children}
    </AnchorLink>
  );
}
