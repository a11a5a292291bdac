import { configSchema, type AppConfig } from './config.schema';

const EMPTY_IS_A_VALUE = new Set(['WARNING_CRON']);

/** Thrown when the environment holds an invalid value; the message names each variable. */
export class ConfigError extends Error {}

/**
 * Validates an environment and returns the typed config.
 * @example
 * const cfg = parseConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1/edu', PORT: '3000' });
 * cfg.PORT; // 3000
 */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  // Empty strings mean "unset" for optional variables: docker-compose passes `VAR=` for blanks. Not for those where
  // empty is a documented value: `WARNING_CRON=` turns the schedule off.
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && (v !== '' || EMPTY_IS_A_VALUE.has(k))) cleaned[k] = v;
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

let cached: AppConfig | undefined;

/** The process configuration, validated once. The only place that reads process.env. */
export function loadConfig(overrides: Record<string, string | undefined> = {}): AppConfig {
  if (!cached || Object.keys(overrides).length > 0) {
    const cfg = parseConfig({ ...process.env, ...overrides });
    if (Object.keys(overrides).length > 0) return cfg;
    cached = cfg;
  }
  return cached;
}

/**
 * The environment for a child process (tests start real workers): this process's environment plus overrides.
 * @example spawn('node', ['worker.js'], { env: childEnv({ REDIS_URL: 'redis://127.0.0.1:6379' }) });
 */
export function childEnv(overrides: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) out[k] = v;
  return { ...out, ...overrides };
}
