import type { PermissionGrant } from '../../core/identity/permissions.ts';

/** Permission names of the grid module. */
export const GRID = {
  read: 'grid.requests.read',
  manage: 'grid.requests.manage',
  handle: 'grid.requests.handle',
  report: 'grid.requests.report',
  reporterRead: 'grid.reporter.read',
  dashboard: 'grid.dashboard.read',
  catalogue: 'grid.catalogue.manage',
  cells: 'grid.cells.manage',
  worker: 'grid.worker',
  open311Submit: 'grid.open311.submit',
  importRequests: 'grid.import',
} as const;

/** What the grid module adds to the role table (admin holds all of them automatically). */
export const gridPermissions: readonly PermissionGrant[] = [
  {
    permission: GRID.read,
    description: 'See service requests in the own jurisdictions (queue, details, timeline)',
    roles: ['supervisor', 'service_centre', 'department', 'grid_worker', 'analyst'],
  },
  {
    permission: GRID.manage,
    description: 'Route, assign, merge duplicates, redact and bulk-handle service requests',
    roles: ['supervisor', 'service_centre'],
  },
  {
    permission: GRID.handle,
    description: "Accept, work on and resolve requests for one's own department",
    roles: ['department'],
  },
  {
    permission: GRID.report,
    description: 'Enter service requests on behalf of residents',
    roles: ['service_centre', 'grid_worker', 'supervisor'],
  },
  {
    permission: GRID.reporterRead,
    description: 'Read the contact details of a reporter (each read is audited with a purpose)',
    roles: ['service_centre', 'department', 'supervisor'],
  },
  {
    permission: GRID.dashboard,
    description: 'See service request dashboards',
    roles: ['supervisor', 'service_centre', 'department', 'analyst'],
  },
  {
    permission: GRID.catalogue,
    description: 'Edit request types, departments, the responsibility matrix, calendars and reply templates',
    roles: ['supervisor'],
  },
  {
    permission: GRID.cells,
    description: 'Edit grid cells: workers, household and population figures, tessellation',
    roles: ['supervisor', 'service_centre'],
  },
  {
    permission: GRID.worker,
    description: 'Grid worker view: own grid cells, tasks, patrol check-ins',
    roles: ['grid_worker'],
  },
  {
    permission: GRID.open311Submit,
    description: 'Submit service requests through the Open311 GeoReport v2 API (for API keys)',
    roles: [],
  },
  {
    permission: GRID.importRequests,
    description: 'Import historical service requests from CSV',
    roles: [],
  },
];
