/** Shapes the engine's rows the way the API answers them. */

export const presentStage = (h: {
  id: string;
  stage: string;
  fromStage: string | null;
  actorId: string | null;
  actorName: string | null;
  actorLabel: string | null;
  note: string | null;
  at: Date;
}) => ({
  id: h.id,
  stage: h.stage,
  fromStage: h.fromStage,
  actor: h.actorId && h.actorName ? { id: h.actorId, name: h.actorName } : null,
  actorLabel: h.actorLabel,
  note: h.note,
  at: h.at,
});

export const presentComment = (c: { id: string; body: string; authorId: string | null; authorName: string | null; createdAt: Date }) => ({
  id: c.id,
  body: c.body,
  author: c.authorId && c.authorName ? { id: c.authorId, name: c.authorName } : null,
  createdAt: c.createdAt,
});
