import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/**
 * What the emulator needs to know about the app it plays Slack for, read from the app's own
 * Slack app manifest (the file pasted into api.slack.com/apps), so nothing about one app is
 * built in: which slash commands a person may type, the bot's name, and the scopes it was granted.
 */
export interface AppManifest {
  /** display_information.name: how the page names the app. */
  name: string;
  /** features.bot_user.display_name: the bot's @handle, as auth.test reports it. */
  botName: string;
  /** features.slash_commands[].command, e.g. ['/hello']. */
  slashCommands: string[];
  /** oauth_config.scopes.bot: what auth.test reports as granted (x-oauth-scopes). */
  botScopes: string[];
  /**
   * features.app_home: whether the app's page has a Messages tab (the bot's direct messages with
   * the person) and whether the person may write there (messages_tab_read_only_enabled: not).
   */
  messagesTab: 'off' | 'read_only' | 'writable';
}

type Json = Record<string, unknown>;

const objectAt = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const listAt = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Parses a manifest's YAML (or JSON, which YAML includes); a manifest without a name is refused. */
export function parseManifest(text: string): AppManifest {
  const manifest = objectAt(parse(text));
  const name = objectAt(manifest.display_information).name;
  if (typeof name !== 'string' || name === '') throw new Error('the manifest has no display_information.name');
  const features = objectAt(manifest.features);
  const botName = objectAt(features.bot_user).display_name;
  const strings = (values: unknown[]) => values.filter((v): v is string => typeof v === 'string');
  const appHome = objectAt(features.app_home);
  return {
    name,
    botName: typeof botName === 'string' ? botName : name,
    slashCommands: strings(listAt(features.slash_commands).map((command) => objectAt(command).command)),
    botScopes: strings(listAt(objectAt(objectAt(manifest.oauth_config).scopes).bot)),
    messagesTab: appHome.messages_tab_enabled !== true ? 'off' : appHome.messages_tab_read_only_enabled === true ? 'read_only' : 'writable',
  };
}

export function readManifest(path: string): AppManifest {
  return parseManifest(readFileSync(path, 'utf8'));
}

/** The command a typed line starts with and the text after it, as Slack splits `/hello  world` into `/hello` and `world`. */
export function splitCommandLine(line: string): { command: string; text: string } {
  const [, command = '', text = ''] = /^(\/\S*)\s*([\s\S]*)$/.exec(line.trim()) ?? [];
  return { command, text: text.trim() };
}
