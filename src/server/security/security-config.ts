/**
 * Abuse limits: their defaults, and how an app fills in whatever its caller
 * left out (tests and embedders pass only what they change; `npm start`
 * passes everything from the environment, see src/config.ts).
 */
export interface SecurityConfig {
  introspection: boolean;
  queryLimits: { maxDepth: number; maxCost: number; maxAliases: number; maxTokens: number; maxDirectives: number; maxRepeatedFields: number };
  maxRequestBytes: number;
  maxWsMessageBytes: number;
  /** `points` operations per `durationSeconds`; 0 points: no rate limit. */
  rateLimit: { points: number; durationSeconds: number };
}

/** Any part of SecurityConfig; the rest comes from SECURITY_DEFAULTS. */
export type SecurityOptions = {
  [K in keyof SecurityConfig]?: SecurityConfig[K] extends object ? Partial<SecurityConfig[K]> : SecurityConfig[K];
};

/**
 * Sized for this schema: the README's examples (cost under 2,000) and a
 * dashboard page of 20 key accounts with people, team members, full health
 * and history (depth 8, cost about 35,000, under 150 tokens, no aliases or
 * directives) stay well inside. The cost is graphql-armor's estimate, which
 * multiplies a connection's cost by a literal `first`/`last`; hence a budget
 * far above its own default of 5,000.
 */
export const SECURITY_DEFAULTS: SecurityConfig = {
  introspection: true,
  queryLimits: { maxDepth: 12, maxCost: 25_000, maxAliases: 15, maxTokens: 2000, maxDirectives: 20, maxRepeatedFields: 3 },
  maxRequestBytes: 100 * 1024,
  maxWsMessageBytes: 100 * 1024,
  // A dashboard refreshing a dozen widgets every few seconds stays far below 10 per second.
  rateLimit: { points: 600, durationSeconds: 60 },
};

export function resolveSecurityConfig(options: SecurityOptions = {}): SecurityConfig {
  return {
    introspection: options.introspection ?? SECURITY_DEFAULTS.introspection,
    queryLimits: { ...SECURITY_DEFAULTS.queryLimits, ...options.queryLimits },
    maxRequestBytes: options.maxRequestBytes ?? SECURITY_DEFAULTS.maxRequestBytes,
    maxWsMessageBytes: options.maxWsMessageBytes ?? SECURITY_DEFAULTS.maxWsMessageBytes,
    rateLimit: { ...SECURITY_DEFAULTS.rateLimit, ...options.rateLimit },
  };
}
