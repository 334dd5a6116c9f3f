/**
 * The bot scopes manifest.yml asks for, and why each is needed. The doctor compares the token's
 * granted scopes against this list; test/unit/manifest.test.ts keeps it equal to the
 * manifest (the manifest is not shipped with dist/, and parsing it needs a dev dependency).
 */
export const manifestBotScopes = [
  'commands',
  'chat:write',
  'chat:write.public',
  'users:read',
  'users:read.email',
  'im:write',
  'usergroups:read',
  'channels:read',
  'groups:read',
] as const;
