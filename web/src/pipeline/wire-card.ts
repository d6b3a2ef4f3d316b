/**
 * A board card as the API sends it (`GET /api/v1/{pipeline}/board`): short keys, and none for what is
 * empty. A pipeline's card adds its own fields under their job names (a repair's `itemType`, `rush`).
 */
export interface WireCard<S extends string> {
  id: string;
  ref: string;
  title: string;
  stage: S;
  held?: S;
  customer: string;
  due?: string;
  quoted?: number;
  final?: number;
  deposit?: number;
  paid?: number;
  photo?: string;
}
