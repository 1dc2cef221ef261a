/** Every role Haven knows; a user holds one or more. */
export const roles = [
  'admin',
  'supervisor',
  'call_taker',
  'dispatcher',
  'unit',
  'grid_worker',
  'service_centre',
  'department',
  'analyst',
  'inspector',
  'mediator',
  'volunteer_coordinator',
] as const;
export type Role = (typeof roles)[number];

/** A permission and the roles granted it; modules declare theirs when they register. */
export interface PermissionGrant {
  permission: string;
  description: string;
  roles: readonly Role[];
}

const grants = new Map<string, PermissionGrant>();

/** Adds permissions to the registry (idempotent for the same name). */
export function definePermissions(list: readonly PermissionGrant[]): void {
  for (const g of list) grants.set(g.permission, g);
}

/** All permissions of a set of roles; admin holds every registered permission. */
export function permissionsOf(userRoles: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const g of grants.values()) {
    if (userRoles.includes('admin') || g.roles.some((r) => userRoles.includes(r))) out.add(g.permission);
  }
  return out;
}

/** The role -> permissions table, for the admin screen. */
export function roleTable(): { role: Role; permissions: string[] }[] {
  return roles.map((role) => ({ role, permissions: [...permissionsOf([role])].sort() }));
}

/** Whether a permission name is registered (API keys may only carry known permissions). */
export function isKnownPermission(name: string): boolean {
  return grants.has(name);
}

/** Permissions of the platform core itself. */
export const corePermissions = [
  { permission: 'users.manage', description: 'Create and edit users and API keys', roles: ['admin'] },
  { permission: 'jurisdictions.read', description: 'See the jurisdiction tree', roles: [...roles] },
  { permission: 'jurisdictions.manage', description: 'Edit jurisdictions and boundaries', roles: ['admin'] },
  { permission: 'audit.read', description: 'Read and verify the audit log', roles: ['admin', 'supervisor'] },
  { permission: 'events.subscribe', description: 'Receive live events', roles: [...roles] },
] as const satisfies readonly PermissionGrant[];
definePermissions(corePermissions);
