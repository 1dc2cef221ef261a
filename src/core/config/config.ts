import { resolve } from 'node:path';
import { DEFAULT_TIME_ZONE, isValidTimeZone } from '../time/zoned-time.ts';

/** Typed configuration of a Haven node; read once at start-up from the environment and CLI flags. */
export interface HavenConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  adminPassword: string | null;
  mapStyle: string | null;
  /** Days after which personal fields of closed records are purged. */
  retentionDays: number;
  /** Whether to load the demo county into an empty database. */
  demo: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Trust X-Forwarded-* headers (behind a load balancer). */
  trustProxy: boolean;
  /** Mark session cookies `Secure` (on when served over HTTPS). */
  secureCookies: boolean;
  /** IANA time zone of the served area: wall-clock shift times, daily reports. */
  timeZone: string;
}

/** The environment variables Haven reads; the CLI accepts most as kebab-case flags (src/cli/main.ts). */
export const configVariables = {
  HAVEN_PORT: 'TCP port to listen on (default 8080)',
  HAVEN_HOST: 'interface to bind (default 127.0.0.1)',
  HAVEN_DATA_DIR: 'directory of the embedded database and files (default ./data)',
  HAVEN_DATABASE_URL: 'postgres://… URL of a PostgreSQL 15+ server; embedded PGlite when unset',
  HAVEN_ADMIN_PASSWORD: 'password of the first admin (generated and printed once when unset)',
  HAVEN_MAP_STYLE: 'URL of a MapLibre style for real map tiles (offline boundaries when unset)',
  HAVEN_RETENTION_DAYS: 'days before personal fields of closed records are purged (default 365)',
  HAVEN_DEMO: 'load the demo county into an empty database: true|false (default true)',
  HAVEN_LOG_LEVEL: 'fatal|error|warn|info|debug|trace|silent (default info)',
  HAVEN_TRUST_PROXY: 'trust X-Forwarded-* headers from a load balancer: true|false (default false)',
  HAVEN_SECURE_COOKIES: 'mark cookies Secure (serve over HTTPS): true|false (default false)',
  HAVEN_TIME_ZONE: `IANA time zone of the served area, for shift times and daily reports (default ${DEFAULT_TIME_ZONE})`,
} as const;

export type ConfigVariable = keyof typeof configVariables;
type Source = Partial<Record<ConfigVariable, string | undefined>>;

/** Raised for an invalid configuration value; the message names the variable and what is allowed. */
export class ConfigError extends Error {}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function intIn(name: ConfigVariable, raw: string | undefined, fallback: number, min: number, max: number) {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function bool(name: ConfigVariable, raw: string | undefined, fallback: boolean) {
  if (raw === undefined || raw === '') return fallback;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function url(name: ConfigVariable, raw: string | undefined, protocols: string[]): string | null {
  if (raw === undefined || raw === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL, got "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
  }
  return raw;
}

function zone(name: ConfigVariable, raw: string | undefined): string {
  if (raw === undefined || raw === '') return DEFAULT_TIME_ZONE;
  if (!isValidTimeZone(raw))
    throw new ConfigError(`${name} must be an IANA time zone such as Asia/Shanghai, got "${raw}"`);
  return raw;
}

/** Parses and validates configuration; throws ConfigError with a clear message on any bad value. */
export function loadConfig(source: Source = process.env as Source): HavenConfig {
  const host = source.HAVEN_HOST || '127.0.0.1';
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host))
    throw new ConfigError(`HAVEN_HOST is not a host name or address: "${host}"`);
  const adminPassword = source.HAVEN_ADMIN_PASSWORD || null;
  if (adminPassword !== null && adminPassword.length < 8) {
    throw new ConfigError('HAVEN_ADMIN_PASSWORD must be at least 8 characters');
  }
  const logLevel = (source.HAVEN_LOG_LEVEL || 'info') as HavenConfig['logLevel'];
  if (!logLevels.includes(logLevel)) {
    throw new ConfigError(`HAVEN_LOG_LEVEL must be one of ${logLevels.join(', ')}, got "${logLevel}"`);
  }
  return {
    port: intIn('HAVEN_PORT', source.HAVEN_PORT, 8080, 0, 65535),
    host,
    dataDir: resolve(source.HAVEN_DATA_DIR || './data'),
    databaseUrl: url('HAVEN_DATABASE_URL', source.HAVEN_DATABASE_URL, ['postgres:', 'postgresql:']),
    adminPassword,
    mapStyle: url('HAVEN_MAP_STYLE', source.HAVEN_MAP_STYLE, ['http:', 'https:']),
    retentionDays: intIn('HAVEN_RETENTION_DAYS', source.HAVEN_RETENTION_DAYS, 365, 1, 36500),
    demo: bool('HAVEN_DEMO', source.HAVEN_DEMO, true),
    logLevel,
    trustProxy: bool('HAVEN_TRUST_PROXY', source.HAVEN_TRUST_PROXY, false),
    secureCookies: bool('HAVEN_SECURE_COOKIES', source.HAVEN_SECURE_COOKIES, false),
    timeZone: zone('HAVEN_TIME_ZONE', source.HAVEN_TIME_ZONE),
  };
}
