// Permissions of the patrol module (admin holds all of them automatically).
import type { PermissionGrant } from '../../core/identity/permissions.ts';

export const PATROL_READ = 'patrol.read';
export const PATROL_PLAN = 'patrol.plan';
export const PATROL_TRACK = 'patrol.track.submit';

/** Grants declared by the module. */
export const patrolPermissions: readonly PermissionGrant[] = [
  {
    permission: PATROL_READ,
    description: 'See beats, beat designs, patrol plans, routes and check-in compliance',
    roles: ['supervisor', 'dispatcher', 'unit', 'analyst'],
  },
  {
    permission: PATROL_PLAN,
    description: 'Design, adjust and publish beats; edit patrol plans and routes',
    roles: ['supervisor'],
  },
  {
    permission: PATROL_TRACK,
    description: 'Submit unit tracks for check-in compliance',
    roles: ['unit', 'supervisor', 'dispatcher'],
  },
];
