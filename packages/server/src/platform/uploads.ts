import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';

declare module 'fastify' {
  interface FastifySchema {
    /**
     * The text fields of a multipart form beside its one file (field `file`). The route reads the
     * form itself and checks the fields with this schema; the OpenAPI document describes the form
     * from it, so the console's client types the upload like any other body.
     */
    upload?: z.ZodObject;
  }
}

/** A route that takes one file and these fields as multipart/form-data. */
export const uploadOf = (fields: z.ZodObject = z.object({})) => ({ consumes: ['multipart/form-data'], upload: fields });

type Transform = typeof jsonSchemaTransform;

/**
 * The zod type provider's OpenAPI transform, and for an upload route the form it takes: the file
 * as binary and the fields as the form sends them (their input, before coercion or parsing).
 */
export const documentUploads: Transform = (input) => {
  const out = jsonSchemaTransform(input);
  const form = (input.schema as { upload?: z.ZodObject } | undefined)?.upload;
  if (!form) return out;
  const { properties = {}, required = [] } = z.toJSONSchema(form, { io: 'input', unrepresentable: 'any' }) as { properties?: object; required?: string[] };
  const { upload: _upload, ...schema } = out.schema as Record<string, unknown>;
  return {
    ...out,
    schema: { ...schema, body: { type: 'object', required: ['file', ...required], properties: { ...properties, file: { type: 'string', format: 'binary' } } } },
  };
};
