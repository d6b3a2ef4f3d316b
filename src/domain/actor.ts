export type StaffRole = 'owner' | 'manager' | 'staff';

/** Who is asking: a signed-in member of one shop's staff. */
export interface Actor {
  userId: string;
  shopId: string;
  role: StaffRole;
  name: string;
}

/** Owners and managers run the team; only an owner may make another owner. */
export function canAddStaff(actor: Actor, role: StaffRole): boolean {
  if (actor.role === 'owner') return true;
  return actor.role === 'manager' && role !== 'owner';
}

/**
 * Someone without a staff account acting on one job: a customer through their tracking link.
 * History rows name them by `label`, since there is no user to point at.
 */
export interface LinkActor {
  shopId: string;
  label: string;
}

/** Whoever can move a job or write its history. */
export type JobActor = Actor | LinkActor;

export const isStaff = (actor: JobActor): actor is Actor => 'userId' in actor;

/** Roles, deactivation and other members' sessions are the owners' business alone. */
export const canManageStaff = (actor: Actor): boolean => actor.role === 'owner';

/**
 * Whether changing `memberId` (to `newRole`, or out of the shop when `newRole` is null) would leave the
 * shop with no active owner: a shop nobody can run is not a state Loupe allows.
 */
export function leavesNoOwner(activeOwnerIds: readonly string[], memberId: string, newRole: StaffRole | null): boolean {
  if (!activeOwnerIds.includes(memberId) || newRole === 'owner') return false;
  return activeOwnerIds.length <= 1;
}
