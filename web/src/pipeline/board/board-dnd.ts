import { type CollisionDetection, KeyboardCode, type KeyboardCoordinateGetter, pointerWithin } from '@dnd-kit/core';

const arrows: string[] = [KeyboardCode.Right, KeyboardCode.Left, KeyboardCode.Up, KeyboardCode.Down];

/**
 * Arrow keys jump the picked-up card from one drop target (a column, or the on-hold and cancelled
 * trays) to the nearest one in that direction, rather than nudging it by pixels.
 */
export const jumpBetweenTargets: KeyboardCoordinateGetter = (event, { context }) => {
  if (!arrows.includes(event.code)) return undefined;
  event.preventDefault();
  const { collisionRect, droppableRects, droppableContainers } = context;
  if (!collisionRect) return undefined;
  const cx = collisionRect.left + collisionRect.width / 2;
  const cy = collisionRect.top + collisionRect.height / 2;
  let best: { x: number; y: number; score: number } | undefined;
  for (const entry of droppableContainers.getEnabled()) {
    const rect = droppableRects.get(entry.id);
    if (!rect) continue;
    const anchorY = rect.top + Math.min(rect.height / 2, 60);
    const tx = rect.left + rect.width / 2;
    const dx = tx - cx;
    const dy = anchorY - cy;
    const inDirection =
      (event.code === KeyboardCode.Right && dx > 8) ||
      (event.code === KeyboardCode.Left && dx < -8) ||
      (event.code === KeyboardCode.Down && dy > 8) ||
      (event.code === KeyboardCode.Up && dy < -8);
    if (!inDirection) continue;
    const horizontal = event.code === KeyboardCode.Right || event.code === KeyboardCode.Left;
    // Prefer targets in line with the move: sideways distance counts three times.
    const score = horizontal ? Math.abs(dx) + 3 * Math.abs(dy) : Math.abs(dy) + 3 * Math.abs(dx);
    if (!best || score < best.score) best = { x: tx - collisionRect.width / 2, y: anchorY - collisionRect.height / 2, score };
  }
  return best ? { x: best.x, y: best.y } : undefined;
};

/** The pointer decides where a mouse or finger drop lands; for the keyboard, the card's centre does. */
export const dropTargetAt: CollisionDetection = (args) => {
  if (args.pointerCoordinates) return pointerWithin(args);
  const r = args.collisionRect;
  const cx = r.left + r.width / 2;
  const cy = r.top + r.height / 2;
  const hits = args.droppableContainers
    .map((c) => ({ c, rect: args.droppableRects.get(c.id) }))
    .filter(({ rect }) => rect && cx >= rect.left && cx <= rect.right && cy >= rect.top && cy <= rect.bottom)
    .sort((a, b) => (a.rect?.width ?? 0) * (a.rect?.height ?? 0) - (b.rect?.width ?? 0) * (b.rect?.height ?? 0));
  return hits.map(({ c }) => ({ id: c.id, data: { droppableContainer: c, value: 0 } }));
};
