/**
 * @vultr-invites/slack-emulator: a local Slack for a Bolt HTTP app. LocalSlack plays the Web API
 * and response_urls, WorkbenchClient sends signed commands, clicks, submissions and events the
 * way Slack does, WorkbenchServer serves a Slack-like page on top of both.
 */
export * from './blockLimits';
export * from './localSlack';
export * from './manifest';
export * from './pageState';
export * from './server';
export * from './signedRequests';
export * from './slackClient';
export * from './slackEvents';
export * from './workspace';
export { escapeHtml } from './html';
export { formatDateToken } from './dateTokens';
export { mrkdwnToHtml, plainToHtml, type RenderContext } from './mrkdwn';
export { blocksToHtml, messageToHtml, modalToHtml, textObjectToHtml } from './render';
