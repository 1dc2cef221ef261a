import { api } from './client.ts';
import type {
  AdminUser,
  HavenConfig,
  ItemList,
  JurisdictionCollection,
  JurisdictionFeature,
  JurisdictionPatch,
  NewUser,
  RolePermissions,
  SessionResponse,
  UserPatch,
} from './types.ts';

const enc = encodeURIComponent;

/** Public configuration. */
export const getConfig = () => api.get<HavenConfig>('/api/config');

/** Sign in; sets the session cookie. */
export const login = (username: string, password: string) =>
  api.post<SessionResponse>('/api/auth/login', { username, password }, { allow401: true });

/** Current session, or ApiError 401. */
export const getMe = () => api.get<SessionResponse>('/api/auth/me', { allow401: true });

/** End the session. */
export const logout = () => api.post<void>('/api/auth/logout', undefined, { allow401: true });

/** All jurisdictions visible to the user as GeoJSON. */
export const getJurisdictions = (signal?: AbortSignal) =>
  api.get<JurisdictionCollection>('/api/jurisdictions', { signal });

/** One jurisdiction with its boundary. */
export const getJurisdiction = (id: string) => api.get<JurisdictionFeature>(`/api/jurisdictions/${enc(id)}`);

/** Rename or recode one jurisdiction. */
export const patchJurisdiction = (id: string, patch: JurisdictionPatch) =>
  api.patch<JurisdictionFeature>(`/api/jurisdictions/${enc(id)}`, patch);

/** All user accounts. */
export const listUsers = (signal?: AbortSignal) =>
  api.get<ItemList<AdminUser>>('/api/admin/users', { signal });

/** Create a user account. */
export const createUser = (user: NewUser) => api.post<AdminUser>('/api/admin/users', user);

/** Change a user account (roles, scopes, disabled, password). */
export const patchUser = (id: string, patch: UserPatch) =>
  api.patch<AdminUser>(`/api/admin/users/${enc(id)}`, patch);

/** Role to permission table. */
export const listRoles = (signal?: AbortSignal) =>
  api.get<ItemList<RolePermissions>>('/api/admin/roles', { signal });
