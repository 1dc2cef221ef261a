// Permissions of the analysis module (admin holds all of them automatically).
import type { PermissionGrant } from '../../core/identity/permissions.ts';

export const ANALYSIS_READ = 'analysis.read';
export const ANALYSIS_IMPORT = 'analysis.import';
export const ANALYSIS_WARNINGS_READ = 'analysis.warnings.read';
export const CAP_AUTHOR = 'analysis.cap.author';
export const CAP_APPROVE = 'analysis.cap.approve';
export const CAP_INGEST = 'analysis.cap.ingest';

/** Grants declared by the module. */
export const analysisPermissions: readonly PermissionGrant[] = [
  {
    permission: ANALYSIS_READ,
    description: 'See aggregate incident statistics, hotspots and situation reports',
    roles: ['analyst', 'supervisor', 'inspector'],
  },
  { permission: ANALYSIS_IMPORT, description: 'Import historical incidents', roles: ['analyst'] },
  {
    permission: ANALYSIS_WARNINGS_READ,
    description: 'Receive early warnings of emerging space-time clusters',
    roles: ['analyst', 'supervisor', 'dispatcher'],
  },
  { permission: CAP_AUTHOR, description: 'Draft public warnings (CAP)', roles: ['analyst', 'supervisor'] },
  {
    permission: CAP_APPROVE,
    description: 'Approve and publish public warnings (CAP)',
    roles: ['supervisor'],
  },
  {
    permission: CAP_INGEST,
    description: 'Ingest external CAP alerts into the situation map',
    roles: ['analyst', 'supervisor'],
  },
];
