import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { manifestBotScopes } from '../../src/doctor/requiredScopes';

/**
 * manifest.yml must be accepted by Slack's "Create app from manifest" in one step. It is checked
 * against Slack's published JSON Schema (vendored in test/fixtures/slack-manifest-schema, MIT),
 * so nothing outside the repository is needed.
 */

const repoRoot = path.resolve(__dirname, '..', '..');
const schemaDir = path.join(repoRoot, 'test', 'fixtures', 'slack-manifest-schema');

type Json = Record<string, unknown>;

function readJson(...parts: string[]): Json {
  return JSON.parse(readFileSync(path.join(schemaDir, ...parts), 'utf8')) as Json;
}

function loadManifest(): Json {
  return parse(readFileSync(path.join(repoRoot, 'manifest.yml'), 'utf8')) as Json;
}

/** Every `$ref` value in a schema, wherever it sits. */
function refsIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refsIn);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) => (key === '$ref' && typeof value === 'string' ? [value] : refsIn(value)));
}

const dispatcher = readJson('manifest.schema.json');
const dispatcherId = dispatcher.$id as string;
/**
 * The dispatcher picks schemas/manifest.schema.{1,2}.0.0.json by `_metadata.major_version`, but
 * refers to them by absolute raw.githubusercontent.com URLs, and those files carry no `$id`. So
 * each vendored file is registered under exactly the URL the dispatcher uses for it.
 */
const versionSchemaUrls = [...new Set(refsIn(dispatcher).filter((ref) => /^https?:\/\//.test(ref)))];

function createAjv(): Ajv {
  // strict: false because the schemas use the non-standard `regex` keyword (and `$comment`s).
  const ajv = new Ajv({ strict: false, allErrors: true });
  // `regex` is Slack's spelling of `pattern` (background_color); enforce it rather than ignore it.
  ajv.addKeyword({
    keyword: 'regex',
    type: 'string',
    schemaType: 'string',
    validate: (pattern: string, data: string) => new RegExp(pattern).test(data),
  });
  // The only format used (for a manifest's own `$schema` key); ajv-formats is not a dependency.
  ajv.addFormat('uri', (value: string) => {
    try {
      new URL(value);
      return true;
    } catch {
      return false;
    }
  });
  for (const url of versionSchemaUrls) {
    ajv.addSchema(readJson('schemas', path.posix.basename(new URL(url).pathname)), url);
  }
  ajv.addSchema(dispatcher);
  return ajv;
}

const ajv = createAjv();

/** The schema that matches the manifest's `_metadata.major_version` (1 when absent, as the dispatcher does). */
function versionValidator(manifest: Json): ValidateFunction {
  const major = (manifest._metadata as { major_version?: number } | undefined)?.major_version ?? 1;
  const url = versionSchemaUrls.find((u) => u.endsWith(`/manifest.schema.${String(major)}.0.0.json`));
  if (url === undefined) throw new Error(`no vendored schema for _metadata.major_version ${String(major)}`);
  const validate = ajv.getSchema(url);
  if (validate === undefined) throw new Error(`schema ${url} was not registered`);
  return validate;
}

function dispatcherValidator(): ValidateFunction {
  const validate = ajv.getSchema(dispatcherId);
  if (validate === undefined) throw new Error('dispatcher schema was not registered');
  return validate;
}

/** Validity plus Ajv's errors, so a failing assertion prints what is wrong. */
function check(validate: ValidateFunction, manifest: unknown): { valid: boolean; errors: ErrorObject[] } {
  const valid = validate(manifest);
  return { valid, errors: validate.errors ?? [] };
}

const clone = (value: Json): Json => structuredClone(value);

interface SlashCommand {
  command: string;
  description?: string;
  usage_hint?: string;
  should_escape?: boolean;
  url?: string;
}

describe('manifest.yml', () => {
  const manifest = loadManifest();
  const features = manifest.features as { slash_commands?: SlashCommand[]; app_home?: Json; bot_user?: Json };
  const settings = manifest.settings as {
    interactivity?: { is_enabled?: boolean; request_url?: string };
    event_subscriptions?: { bot_events?: string[]; request_url?: string };
    socket_mode_enabled?: boolean;
    org_deploy_enabled?: boolean;
    token_rotation_enabled?: boolean;
  };

  it('loads the vendored schemas the dispatcher refers to', () => {
    expect(versionSchemaUrls.map((u) => path.posix.basename(u)).sort()).toEqual([
      'manifest.schema.1.0.0.json',
      'manifest.schema.2.0.0.json',
    ]);
  });

  it('is a major_version 1 manifest', () => {
    expect(manifest._metadata).toEqual({ major_version: 1 });
  });

  it('is valid against the schema for its major_version', () => {
    expect(check(versionValidator(manifest), manifest)).toEqual({ valid: true, errors: [] });
  });

  it('is valid against the version dispatcher (manifest.schema.json)', () => {
    expect(check(dispatcherValidator(), manifest)).toEqual({ valid: true, errors: [] });
  });

  it('declares /invites with description and usage hint', () => {
    const invites = features.slash_commands?.find((c) => c.command === '/invites');
    expect(invites).toEqual({
      command: '/invites',
      description: 'List, resend and create Vultr invitations, or ask for one',
      usage_hint: '[help | new [e-mail] | request | history [text] | part of an e-mail]',
      should_escape: false,
    });
  });

  // The doctor checks the token against this copy (the manifest is not shipped with dist/).
  it('asks for exactly the bot scopes the app and `npm run doctor` use', () => {
    const bot = (manifest.oauth_config as { scopes?: { bot?: string[] } }).scopes?.bot ?? [];
    const expected = manifestBotScopes;
    expect(new Set(bot).size).toBe(bot.length);
    expect([...bot].sort()).toEqual([...expected].sort());
  });

  it('enables interactivity, Socket Mode and the Home tab events', () => {
    expect(settings.interactivity?.is_enabled).toBe(true);
    expect(settings.socket_mode_enabled).toBe(true);
    expect(settings.event_subscriptions?.bot_events).toContain('app_home_opened');
    expect(settings.org_deploy_enabled).toBe(false);
    expect(settings.token_rotation_enabled).toBe(false);
    // The Messages tab carries the access-request decision DM to the requester.
    expect(features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(features.bot_user).toMatchObject({ display_name: 'invites-bot' });
  });

  it('has no request URLs while Socket Mode is on', () => {
    expect(features.slash_commands?.some((c) => c.url !== undefined)).toBe(false);
    expect(settings.interactivity?.request_url).toBeUndefined();
    expect(settings.event_subscriptions?.request_url).toBeUndefined();
  });

  it('stays valid when switched to HTTP mode as its comments describe', () => {
    const http = clone(manifest);
    const url = 'https://YOUR-HOST/slack/events';
    const httpSettings = http.settings as typeof settings;
    httpSettings.socket_mode_enabled = false;
    (http.features as typeof features).slash_commands?.forEach((c) => (c.url = url));
    if (httpSettings.interactivity) httpSettings.interactivity.request_url = url;
    if (httpSettings.event_subscriptions) httpSettings.event_subscriptions.request_url = url;
    expect(check(versionValidator(http), http)).toEqual({ valid: true, errors: [] });
  });

  describe('the validator is not vacuous', () => {
    const expectRejected = (validate: ValidateFunction, bad: Json, instancePath: string, keyword: string) => {
      const result = check(validate, bad);
      expect(result.valid).toBe(false);
      expect(result.errors).toEqual(expect.arrayContaining([expect.objectContaining({ instancePath, keyword })]));
    };

    it('rejects a display name longer than 35 characters', () => {
      const bad = clone(manifest);
      (bad.display_information as Json).name = 'Invites Bot for the Vultr organization';
      expectRejected(versionValidator(bad), bad, '/display_information/name', 'maxLength');
      expect(check(dispatcherValidator(), bad).valid).toBe(false);
    });

    it('rejects a manifest without display_information', () => {
      const bad = clone(manifest);
      delete bad.display_information;
      expectRejected(versionValidator(bad), bad, '', 'required');
      expect(check(dispatcherValidator(), bad).valid).toBe(false);
    });

    it('rejects a background_color that is not a hex colour (the `regex` keyword is enforced)', () => {
      const bad = clone(manifest);
      (bad.display_information as Json).background_color = 'blue!';
      expectRejected(versionValidator(bad), bad, '/display_information/background_color', 'regex');
    });

    it('rejects an unknown setting', () => {
      const bad = clone(manifest);
      (bad.settings as Json).socket_mode = true;
      expectRejected(versionValidator(bad), bad, '/settings', 'additionalProperties');
    });

    it('rejects a major_version the dispatcher does not know', () => {
      const bad = clone(manifest);
      bad._metadata = { major_version: 3 };
      expect(check(dispatcherValidator(), bad).valid).toBe(false);
    });
  });
});
