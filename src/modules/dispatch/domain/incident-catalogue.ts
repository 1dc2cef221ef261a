import { EMERGENCY_INCIDENT_TYPES } from './catalogue-emergency.ts';
import { POLICE_INCIDENT_TYPES } from './catalogue-police.ts';
import { createCatalogue, type IncidentCatalogue, type IncidentType } from './incident-type.ts';

/** The default incident types a new deployment starts with (admins edit them afterwards). */
export const DEFAULT_INCIDENT_TYPES: readonly IncidentType[] = [
  ...POLICE_INCIDENT_TYPES,
  ...EMERGENCY_INCIDENT_TYPES,
];

/** The default catalogue, validated and indexed by code. */
export function defaultCatalogue(): IncidentCatalogue {
  return createCatalogue(DEFAULT_INCIDENT_TYPES);
}
