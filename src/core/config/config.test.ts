import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.host).toBe('127.0.0.1');
    expect(c.databaseUrl).toBeNull();
    expect(c.dataDir.endsWith('/data')).toBe(true);
    expect(c.timeZone).toBe('Asia/Shanghai');
    expect(loadConfig({ HAVEN_TIME_ZONE: 'America/Chicago' }).timeZone).toBe('America/Chicago');
  });

  it.each([
    [{ HAVEN_PORT: 'eighty' }, /HAVEN_PORT/],
    [{ HAVEN_PORT: '70000' }, /HAVEN_PORT/],
    [{ HAVEN_DATABASE_URL: 'mysql://x' }, /HAVEN_DATABASE_URL/],
    [{ HAVEN_MAP_STYLE: 'not a url' }, /HAVEN_MAP_STYLE/],
    [{ HAVEN_ADMIN_PASSWORD: 'short' }, /HAVEN_ADMIN_PASSWORD/],
    [{ HAVEN_DEMO: 'maybe' }, /HAVEN_DEMO/],
    [{ HAVEN_HOST: 'bad host;rm' }, /HAVEN_HOST/],
    [{ HAVEN_TIME_ZONE: 'Mars/Olympus_Mons' }, /HAVEN_TIME_ZONE/],
    [{ HAVEN_TIME_ZONE: '+08:00' }, /HAVEN_TIME_ZONE/],
  ])('refuses %o with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('accepts a PostgreSQL URL and a map style', () => {
    const c = loadConfig({
      HAVEN_DATABASE_URL: 'postgres://u@h/db',
      HAVEN_MAP_STYLE: 'https://tiles.example/style.json',
    });
    expect(c.databaseUrl).toBe('postgres://u@h/db');
    expect(c.mapStyle).toBe('https://tiles.example/style.json');
  });
});
