// The alert routes' part of the OpenAPI document (api/routes/alerts.ts): merged into document.ts's paths with
// one line. The schemas are inline, so that this part stands alone while the document is reworked.
import { DEPARTMENTS } from '../../departments.js';
import { VACCINES } from '../../domain.js';
import type { Schema } from './schemas.js';

const error = (description: string): Schema => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const query = (name: string, schema: Schema, description: string, required = false): Schema => ({ name, in: 'query', required, schema, description });

const FILTER_FIELDS: Record<string, Schema> = {
  department: { enum: DEPARTMENTS.map((department) => department.code), description: 'The department listened to.' },
  vaccine: { enum: [...VACCINES], description: 'Only slots of this vaccine.' },
  dose: { enum: ['1', '2', '3', '1_kid'], description: 'Only slots bookable for this dose.' },
  latitude: { type: 'number', minimum: -90, maximum: 90 },
  longitude: { type: 'number', minimum: -180, maximum: 180 },
  radius_km: { type: 'number', exclusiveMinimum: 0, maximum: 200, description: 'Only centres within this distance of (latitude, longitude); all three go together.' },
};

const FILTER: Schema = { type: 'object', additionalProperties: false, required: ['department'], properties: FILTER_FIELDS };

const EVENT: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'department', 'filter', 'centres', 'at'],
  properties: {
    subscription: { type: 'string', description: 'Webhooks only: the subscription id.' },
    id: { type: 'string', description: 'The alert id; retries of one delivery carry the same (also in X-Alert-Id).' },
    type: { const: 'slots-available' },
    department: { type: 'string' },
    filter: FILTER,
    centres: { type: 'array', items: { type: 'string' }, description: 'Ids of the centres with matching slots.' },
    at: { type: 'string', format: 'date-time' },
  },
};

const SUBSCRIPTION: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'secret', 'url', 'filter', 'created_at'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    secret: { type: 'string', description: 'Shown once. Verifies the X-Alert-Signature of each delivery and cancels the subscription.' },
    url: { type: 'string', format: 'uri' },
    filter: FILTER,
    created_at: { type: 'string', format: 'date-time' },
  },
};

export function alertPaths(): Record<string, unknown> {
  return {
    '/api/v1/alerts/stream': {
      get: {
        summary: 'Server-sent events: an alert each time the filter goes from no slot to slots (debounced)',
        description: 'A `ready` event first (`{ filter, available }`), then `slots-available` events (data: the alert), and a comment line as heartbeat every ~20 s. A reader that does not keep up is disconnected.',
        tags: ['alerts'],
        parameters: Object.entries(FILTER_FIELDS).map(([name, schema]) => query(name, schema, (schema.description as string | undefined) ?? name, name === 'department')),
        responses: {
          '200': { description: 'The event stream', content: { 'text/event-stream': { schema: { type: 'string' }, 'x-event-data': EVENT } } },
          '400': error('The filter is invalid.'),
          '429': error('Too many requests, or too many open streams from this client.'),
          '503': error('This server holds as many streams as it can.'),
        },
      },
    },
    '/api/v1/subscriptions': {
      post: {
        summary: 'Register a webhook: a signed POST of each alert of the filter to an https URL',
        description: 'Each delivery is `POST <url>` with the alert as JSON body and `X-Alert-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`; refuse timestamps older than 5 minutes. Failed deliveries are retried with exponential back-off; a subscription that keeps failing is disabled. Redirects are not followed. The URL must be https and resolve to public addresses only.',
        tags: ['alerts'],
        requestBody: { required: true, content: { 'application/json': { schema: { ...FILTER, required: ['url', 'department'], properties: { url: { type: 'string', format: 'uri', maxLength: 2048 }, ...FILTER_FIELDS } } } } },
        responses: {
          '201': { description: 'Registered', headers: { Location: { schema: { type: 'string' } } }, content: { 'application/json': { schema: SUBSCRIPTION } } },
          '400': error('The body, the filter or the target URL is invalid.'),
          '429': error('Too many requests, or too many subscriptions from this client.'),
        },
        callbacks: { alert: { '{$request.body#/url}': { post: { requestBody: { content: { 'application/json': { schema: EVENT } } }, responses: { '200': { description: 'Any 2xx acknowledges the alert.' } } } } } },
      },
    },
    '/api/v1/subscriptions/{id}': {
      delete: {
        summary: 'Cancel a subscription with its secret (Authorization: Bearer <secret>)',
        tags: ['alerts'],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '204': { description: 'Cancelled' },
          '401': error('No secret given.'),
          '403': error('The secret is not this subscription\'s.'),
          '404': error('No such subscription.'),
          '429': error('Too many requests.'),
        },
      },
    },
  };
}
