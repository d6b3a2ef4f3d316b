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
