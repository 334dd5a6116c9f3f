import { slackErrorOf } from '../../src/platform/slackError';

describe('slackErrorOf: only a code-shaped word is ever shown', () => {
  it("keeps Slack's error codes and the SDK's failure codes", () => {
    expect(slackErrorOf({ data: { error: 'not_in_channel' } })).toBe('not_in_channel');
    expect(slackErrorOf({ code: 'slack_webapi_request_error' })).toBe('slack_webapi_request_error');
  });

  it('does not pass on upstream text that is not a code (it could echo a token)', () => {
    expect(slackErrorOf({ data: { error: 'invalid token xoxb-123-abc sent' } })).toBe('unreadable_error');
    expect(slackErrorOf({ code: 'failed with xoxb-123 in it' })).toBe('request_failed');
  });
});
