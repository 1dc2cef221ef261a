import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';

/** Locales the UI ships. */
export type Locale = 'zh-CN' | 'en';

/** Public configuration from `GET /api/config`. */
export interface HavenConfig {
  version: string;
  mapStyle: string | null;
  center: [number, number];
  zoom: number;
}

/** Levels of the jurisdiction tree, from the root down. */
export type JurisdictionLevel = 'county' | 'township' | 'village' | 'grid';

/** A jurisdiction as embedded in the signed-in user. */
export interface JurisdictionRef {
  id: string;
  path: string;
  level: JurisdictionLevel;
  nameZh: string;
  nameEn: string;
}

/** The signed-in user (`GET /api/auth/me`). */
export interface Me {
  id: string;
  username: string;
  displayName: string;
  locale: Locale | null;
  roles: string[];
  permissions: string[];
  jurisdictions: JurisdictionRef[];
}

/** Login and session responses. */
export interface SessionResponse {
  user: Me;
  csrfToken: string;
}

/** Properties of a jurisdiction feature. */
export interface JurisdictionProps {
  id: string;
  parentId: string | null;
  path: string;
  level: JurisdictionLevel;
  code: string;
  nameZh: string;
  nameEn: string;
}

/** One jurisdiction as a GeoJSON feature (id = jurisdiction id); a new one may have no boundary yet. */
export type JurisdictionFeature = Feature<Polygon | MultiPolygon | null, JurisdictionProps>;

/** `GET /api/jurisdictions`. */
export type JurisdictionCollection = FeatureCollection<Polygon | MultiPolygon | null, JurisdictionProps>;

/** Editable fields of a jurisdiction. */
export interface JurisdictionPatch {
  nameZh?: string;
  nameEn?: string;
  code?: string;
}

/** A user account as the admin API returns it. */
export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  jurisdictionIds: string[];
  disabled: boolean;
  createdAt: string;
}

/** Body of `POST /api/admin/users`. */
export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  roles: string[];
  jurisdictionIds: string[];
}

/** Body of `PATCH /api/admin/users/:id`. */
export interface UserPatch {
  displayName?: string;
  roles?: string[];
  jurisdictionIds?: string[];
  disabled?: boolean;
  password?: string;
}

/** A role and the permissions it grants. */
export interface RolePermissions {
  role: string;
  permissions: string[];
}

/** List envelope used by the admin API. */
export interface ItemList<T> {
  items: T[];
}
