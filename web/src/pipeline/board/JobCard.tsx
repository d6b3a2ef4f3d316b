import type { DraggableAttributes, DraggableSyntheticListeners } from '@dnd-kit/core';
import { Link } from '@tanstack/react-router';
import type { KeyboardEventHandler, Ref } from 'react';
import type { ShopFormat } from '../../format/shop-format';
import type { BoardPipeline, PipelineJob } from '../types';
import classes from './JobCard.module.css';

export const CARD_HEIGHT = 156;

export interface DragBindings {
  handleRef: (el: HTMLElement | null) => void;
  attributes: DraggableAttributes;
  listeners: DraggableSyntheticListeners;
}

interface Props<S extends string, J extends PipelineJob<S>> {
  p: BoardPipeline<S, J>;
  job: J;
  fmt: ShopFormat;
  today: string;
  drag?: DragBindings;
  cardRef?: Ref<HTMLElement>;
  dragging?: boolean;
  overlay?: boolean;
}

/**
 * One job on the board: what the bench needs at a glance, and a handle to move it. Plain elements
 * styled by its CSS module rather than Mantine components: a board draws dozens of these at first
 * paint, and each Mantine component is a few more React components and style objects. Its icons are
 * the CSS module's background images, not inline SVG (thirteen elements a card), and each line of
 * text is one text node, so the browser has fewer nodes to build, style and lay out.
 */
export function JobCard<S extends string, J extends PipelineJob<S>>({ p, job, fmt, today, drag, cardRef, dragging, overlay }: Props<S, J>) {
  const overdue = p.vocab.isOverdue(job, today);
  // A pipeline's flags (a repair's Rush) lead the title: the head's one line keeps the reference, due date and handle.
  const flag = p.card.flags?.(job);
  const { onKeyDown, ...pointer } = drag?.listeners ?? {};
  return (
    <article
      ref={cardRef}
      className={classes.card}
      data-dragging={dragging || undefined}
      data-overlay={overlay || undefined}
      data-job-id={job.id}
      aria-label={`${job.reference} ${job.title}, for ${job.customer.name}`}
      style={{ height: CARD_HEIGHT - 8 }}
      {...(drag ? pointer : {})}
    >
      <div className={classes.head}>
        <Link to="/$pipeline/$id" params={{ pipeline: p.base, id: job.id }} className={classes.reference}>
          {job.reference}
        </Link>
        {job.dueDate && (
          <span className={overdue ? classes.overdue : classes.due} title={`${overdue ? 'Overdue, due' : 'Due'} ${fmt.date(job.dueDate)}`}>
            {overdue && <span className="visually-hidden">Overdue, due </span>}
            {fmt.dateNear(job.dueDate, today)}
          </span>
        )}
        {drag && (
          <button
            ref={drag.handleRef}
            type="button"
            className={classes.handle}
            data-drag-handle
            {...drag.attributes}
            onKeyDown={onKeyDown as KeyboardEventHandler<HTMLButtonElement> | undefined}
            aria-label={`Move ${job.reference} (${p.vocab.label(job.stage)})`}
          />
        )}
      </div>
      <div className={classes.body}>
        <div className={classes.text}>
          <p className={classes.title}>
            {flag ? <span className={classes.flags}>{flag}</span> : null}
            {job.title}
          </p>
          <p className={classes.subline}>{p.card.subline(job)}</p>
        </div>
        {job.thumbnailUrl && <img className={classes.thumb} src={job.thumbnailUrl} alt="" loading="lazy" decoding="async" width={44} height={44} />}
      </div>
      <div className={classes.progressRow}>
        <div
          className={classes.progress}
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={job.progress}
          aria-label={`${job.reference} progress`}
        >
          <div className={classes.progressFill} style={{ width: `${job.progress}%` }} />
        </div>
        <span className={classes.percent}>{`${job.progress}%`}</span>
      </div>
      <p className={classes.money}>
        <span>{`${p.words.cardMoney[0]} ${fmt.moneyShort(job.quotedCents)}`}</span>
        <span>{`${p.words.cardMoney[1]} ${fmt.moneyShort(job.depositCents)}`}</span>
      </p>
    </article>
  );
}
