import type { PermissionGrant } from '../../core/identity/permissions.ts';

/** Permission names of the dispatch module (docs/api/dispatch.md). */
export const P = {
  incidentsRead: 'dispatch.incidents.read',
  callsCreate: 'dispatch.calls.create',
  callersRead: 'dispatch.callers.read',
  incidentsManage: 'dispatch.incidents.manage',
  dispatch: 'dispatch.dispatch',
  mutualAid: 'dispatch.mutual_aid',
  shiftOverride: 'dispatch.shift_override',
  unitsRead: 'dispatch.units.read',
  unitsReport: 'dispatch.units.report',
  unitsManage: 'dispatch.units.manage',
  typesManage: 'dispatch.types.manage',
  reportsRead: 'dispatch.reports.read',
} as const;

/** The grants the module registers; admin holds every permission anyway. */
export const dispatchPermissions: readonly PermissionGrant[] = [
  {
    permission: P.incidentsRead,
    description: 'See incidents, incident types and call-taking aids',
    roles: ['call_taker', 'dispatcher', 'supervisor', 'unit', 'analyst'],
  },
  {
    permission: P.callsCreate,
    description: 'Take emergency calls and refer non-emergency ones',
    roles: ['call_taker', 'dispatcher', 'supervisor'],
  },
  {
    permission: P.callersRead,
    description: "Read callers' names and numbers (audited, with a purpose)",
    roles: ['call_taker', 'dispatcher', 'supervisor'],
  },
  {
    permission: P.incidentsManage,
    description: 'Change incident status, priority, alarm level; add notes; merge',
    roles: ['dispatcher', 'supervisor'],
  },
  {
    permission: P.dispatch,
    description: 'Assign, release and reassign units',
    roles: ['dispatcher', 'supervisor'],
  },
  {
    permission: P.mutualAid,
    description: 'Send a unit to an incident outside its own jurisdiction (mutual aid)',
    roles: ['supervisor'],
  },
  {
    permission: P.shiftOverride,
    description: 'Send a unit outside its shift (with a reason)',
    roles: ['supervisor'],
  },
  {
    permission: P.unitsRead,
    description: 'See units, their positions and coverage',
    roles: ['call_taker', 'dispatcher', 'supervisor', 'unit'],
  },
  {
    permission: P.unitsReport,
    description: 'Report unit status, acknowledgements, check-ins and positions',
    roles: ['unit', 'dispatcher', 'supervisor'],
  },
  { permission: P.unitsManage, description: 'Create and edit units', roles: ['supervisor'] },
  {
    permission: P.typesManage,
    description: 'Edit incident types, response plans and timer thresholds',
    roles: [],
  },
  {
    permission: P.reportsRead,
    description: 'Export incidents and read response-time reports',
    roles: ['supervisor', 'analyst'],
  },
];
