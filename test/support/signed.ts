// Requests to the app as Slack sends them: form-encoded, signed with the signing secret.
import { createHmac } from 'node:crypto';

export function slackSignature(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignOptions {
  /** Seconds since epoch; defaults to now. */
  timestamp?: number;
  /** Overrides the computed signature (to test rejection). */
  signature?: string;
}

export async function postSigned(
  url: string,
  secret: string,
  body: string,
  options: SignOptions = {},
): Promise<Response> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': options.signature ?? slackSignature(secret, timestamp, body),
    },
    body,
  });
}

export function slashCommandBody(fields: {
  text: string;
  user?: string;
  team?: string;
  responseUrl: string;
  command?: string;
  triggerId?: string;
}): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: fields.team ?? 'T1',
    team_domain: 'fake',
    channel_id: 'C1',
    channel_name: 'sales',
    user_id: fields.user ?? 'U1',
    user_name: 'rep',
    command: fields.command ?? '/deal',
    text: fields.text,
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId ?? '123.456.abc',
    api_app_id: 'A1',
  }).toString();
}

export function interactionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Events API requests are JSON bodies, signed the same way. */
export async function postSignedJson(
  url: string,
  secret: string,
  payload: unknown,
  options: SignOptions = {},
): Promise<Response> {
  const body = JSON.stringify(payload);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': options.signature ?? slackSignature(secret, timestamp, body),
    },
    body,
  });
}
