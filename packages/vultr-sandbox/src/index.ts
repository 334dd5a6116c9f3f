/**
 * @vultr-invites/vultr-sandbox: a loopback server speaking Vultr's invitation API and the IAM
 * group calls, with an outbox instead of e-mail, a seed in every state a client must tell apart,
 * and faults to inject.
 */
export * from './vultrSandbox';
export { reseed, seedGroups, seedInvitations, seedUsers } from './seed';
export { portFromEnv, stopOnSignals } from './process';
