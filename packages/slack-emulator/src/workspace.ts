/**
 * What the page offers around the app: the workspace (who may sign in, which channels exist) and
 * an optional side panel for whatever else the app talks to (e.g. a fake backend and what it did).
 * The caller defines both; the emulator knows no particular app.
 */

export interface Person {
  id: string;
  name: string;
  /** One line under the person picker, e.g. "workspace admin". */
  role: string;
}

export interface Channel {
  id: string;
  name: string;
  /** Shown next to the channel's name. */
  purpose: string;
}

export interface Workspace {
  name: string;
  /** The first one is signed in when the page opens. */
  people: readonly Person[];
  /** The first one is shown when the page opens. */
  channels: readonly Channel[];
}

/** A button above the side panel. */
export interface PanelAction {
  label: string;
  /** Does the thing; returns what happened, in words, for the page to show. */
  run(): Promise<string>;
  /** The channel the page switches to once it ran (where its outcome appears). */
  showChannel?: string;
}

export interface PagePanel {
  title: string;
  /** The panel's HTML for one viewer, rendered on every poll; everything in it must be escaped (escapeHtml). */
  html(view: { timeZone: string; now: Date }): string;
  actions?: readonly PanelAction[];
}
