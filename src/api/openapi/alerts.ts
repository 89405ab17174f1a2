// The alert routes' part of the OpenAPI document (api/routes/alerts.ts). The stream's parameters come from the
// zod fields the route parses its filter with; the bodies are answers.ts's schemas.
import { z } from 'zod';
import { ALERT_FILTER_FIELDS } from '../../aggregator/alerts/filter.js';
import { ref, type Schema } from './components.js';

const PUBLIC: Schema[] = [];
const response = (name: string): Schema => ({ $ref: `#/components/responses/${name}` });
const error = (description: string): Schema => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});

function filterParameters(): Schema[] {
  return Object.entries(ALERT_FILTER_FIELDS).map(([name, field]) => {
    const { description, ...schema } = z.toJSONSchema(field, { io: 'input', unrepresentable: 'any' }) as Schema;
    delete schema.$schema;
    return { name, in: 'query', required: name === 'department', description, schema };
  });
}

export function alertPaths(): Record<string, Schema> {
  return {
    '/api/v1/alerts/stream': {
      get: {
        operationId: 'streamAlerts',
        summary: 'Server-sent events: an alert each time the filter goes from no slot to slots (debounced)',
        description:
          'A `ready` event first (`{ filter, available }`), then `slots-available` events (data: an Alert), and a ' +
          'comment line as heartbeat every ~20 s. A reader that does not keep up is disconnected.',
        tags: ['alerts'],
        security: PUBLIC,
        parameters: filterParameters(),
        responses: {
          '200': {
            description: 'The event stream',
            content: { 'text/event-stream': { schema: { type: 'string' }, 'x-event-data': ref('Alert') } },
          },
          '400': response('BadRequest'),
          '429': error('Too many requests, or too many open streams from this client.'),
          '503': error('This server holds as many streams as it can.'),
        },
      },
    },
    '/api/v1/subscriptions': {
      post: {
        operationId: 'createSubscription',
        summary: 'Register a webhook: a signed POST of each alert of the filter to an https URL',
        description:
          'Each delivery is `POST <url>` with the Alert as JSON body and `X-Alert-Signature: t=<unix seconds>,' +
          'v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`; refuse timestamps older than 5 minutes. Failed deliveries ' +
          'are retried with exponential back-off; a subscription that keeps failing is disabled. Redirects are not ' +
          'followed. The URL must be https and resolve to public addresses only.',
        tags: ['alerts'],
        security: PUBLIC,
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                required: ['url', 'department'],
                properties: {
                  url: { type: 'string', format: 'uri', maxLength: 2048 },
                  ...Object.fromEntries(filterParameters().map((parameter) => [parameter.name, parameter.schema])),
                },
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'Registered',
            headers: { Location: { schema: { type: 'string' } } },
            content: { 'application/json': { schema: ref('Subscription') } },
          },
          '400': error('The body, the filter or the target URL is invalid.'),
          '429': error('Too many requests, or too many subscriptions from this client.'),
        },
        callbacks: {
          alert: {
            '{$request.body#/url}': {
              post: {
                operationId: 'deliverAlert',
                summary: 'One alert, POSTed to the subscription URL with X-Alert-Signature and X-Alert-Id',
                security: PUBLIC,
                requestBody: { content: { 'application/json': { schema: ref('Alert') } } },
                responses: {
                  '200': { description: 'Any 2xx acknowledges the alert.' },
                  '4XX': { description: 'Any other answer is a failed attempt: retried with back-off.' },
                },
              },
            },
          },
        },
      },
    },
    '/api/v1/subscriptions/{id}': {
      delete: {
        operationId: 'deleteSubscription',
        summary: 'Cancel a subscription with its secret (Authorization: Bearer <secret>)',
        tags: ['alerts'],
        security: PUBLIC,
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'The subscription id.' },
        ],
        responses: {
          '204': { description: 'Cancelled' },
          '401': error('No secret given.'),
          '403': error("The secret is not this subscription's."),
          '404': error('No such subscription.'),
          '429': error('Too many requests.'),
        },
      },
    },
  };
}
