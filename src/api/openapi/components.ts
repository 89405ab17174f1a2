// The document's schemas and query parameters, generated from the zod schemas that validate the queries
// (query.ts) and describe the answers (answers.ts): one description of each thing, so the three cannot drift.
import { z } from 'zod';
import { QUERY_PARAMETERS, type ParameterName } from '../query.js';
import { NAMED_ANSWERS, type AnswerName } from './answers.js';

export type Schema = Record<string, unknown>;

export const ref = (name: AnswerName): Schema => ({ $ref: `#/components/schemas/${name}` });

/**
 * zod writes each JSON Schema as a document of its own (`$schema`, `$id`); inside OpenAPI they are fragments.
 * The patterns zod adds to `date-time` and `date` formats say what the format already says, at length.
 */
function toFragment(context: { jsonSchema: Record<string, unknown> }): void {
  const schema = context.jsonSchema;
  delete schema.$schema;
  delete schema.$id;
  if (schema.format === 'date-time' || schema.format === 'date') delete schema.pattern;
}

/** components.schemas: each named answer, referring to the others by `$ref`. */
export function answerSchemas(): Record<AnswerName, Schema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(NAMED_ANSWERS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, override: toFragment });
  for (const schema of Object.values(schemas)) toFragment({ jsonSchema: schema as Record<string, unknown> });
  return schemas as Record<AnswerName, Schema>;
}

/**
 * A query parameter as the caller writes it: the output side of its zod schema (lat is a number between -90
 * and 90, not "a string matching a pattern"), its description moved up to the parameter.
 */
export function queryParameter(name: ParameterName, description?: string): Schema {
  const { description: own, ...schema } = z.toJSONSchema(QUERY_PARAMETERS[name], {
    io: 'output',
    override: toFragment,
  }) as Schema;
  return { name, in: 'query', required: false, description: description ?? own, schema };
}
