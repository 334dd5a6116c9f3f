import { createHash } from 'node:crypto';

/**
 * The Redis key prefix of one deployment: its Slack team and a hash of its Vultr API key (never
 * the key), so two bots pointed at one Redis never read each other's lists, watcher state or
 * digest claims. INVITES_REDIS_PREFIX overrides it (set it before rotating the API key, or the
 * new key starts an empty namespace).
 */
export function deploymentPrefix(teamId: string, vultrApiKey: string): string {
  const keyHash = createHash('sha256').update(vultrApiKey).digest('hex').slice(0, 12);
  return `invites:${teamId}:${keyHash}:`;
}
