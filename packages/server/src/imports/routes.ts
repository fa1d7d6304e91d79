import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ImportCommit, ImportFindingList, ImportFindingsPage, ImportFindingsQuery, ImportList, ImportOptions, ImportReport, ImportUndone, type ImportDuplicate, type ImportRowError, type ImportWarning } from '@xiang/shared';
import { reaching } from '../platform/access.ts';
import { invalid, Problem } from '../platform/errors.ts';
import { languageOf, tellEntry } from '../platform/messages.ts';
import { validationMessage } from '../platform/validation-messages.ts';
import { refuseUnstorableText } from '../platform/input-guards.ts';
import { uploadOf } from '../platform/uploads.ts';
import { tell } from './messages.ts';
import { checkImport, commitImport, getImport, getImportFindings, listImports, undoImport, type CheckedReport } from './service.ts';
import { importErrorsCsv } from './errors-csv.ts';

const IdParam = z.object({ importId: z.uuid() });
const tags = ['Imports'];
// The role is checked before a large upload is read: the pipeline authorises before the body.
const to = reaching('customer_import');

export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/imports', { config: to('customer.import'),
    schema: { tags, ...uploadOf(ImportOptions), response: { 201: ImportReport } },
  }, async (req, reply) => {
    const { file, fields } = await readUpload(req);
    // The form's text fields pass no body guard of their own (the route reads the multipart itself).
    refuseUnstorableText(fields, 'body');
    const parsed = ImportOptions.safeParse(fields);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalid(issue.path.join('.') || 'fields', validationMessage(issue, issue.message, languageOf(req.headers['accept-language'])));
    }
    // The mapping arrives as JSON text: what it holds once parsed is guarded too (a NUL in a header it names).
    refuseUnstorableText(parsed.data.mapping, 'mapping');
    return reply.code(201).send(told(req, await checkImport(app.db, app.blobs, req.scope, file, parsed.data)));
  });

  app.get('/imports', { config: to('customer.import'), schema: { tags, response: { 200: ImportList } } },
    async (req) => ({ items: await listImports(app.db, req.scope) }));
  app.get('/imports/:importId', { config: to('customer.import'), schema: { tags, params: IdParam, response: { 200: ImportReport } } },
    async (req) => told(req, await getImport(app.db, req.scope, req.params.importId)));
  app.get('/imports/:importId/findings/:list', { config: to('customer.import'),
    // The list is checked after signing in, like the id: an address is no answer before authentication.
    schema: { tags, params: IdParam.extend({ list: z.string() }), querystring: ImportFindingsQuery, response: { 200: ImportFindingsPage } },
  }, async (req) => {
    const list = ImportFindingList.safeParse(req.params.list);
    if (!list.success) throw invalid('list', tell('noSuchFindingList', { list: req.params.list.slice(0, 40) }));
    const page = await getImportFindings(app.db, req.scope, req.params.importId, list.data, req.query);
    const language = languageOf(req.headers['accept-language']);
    return { ...page, items: page.items.map((item) => tellEntry(item as never, language)) };
  });
  app.post('/imports/:importId/commit', { config: to('customer.import'), schema: { tags, params: IdParam, body: ImportCommit.nullish(), response: { 200: ImportReport } } },
    async (req) => told(req, await commitImport(app.db, app.blobs, req.scope, req.params.importId, req.body ?? { mode: 'all_or_nothing', acceptWarnings: false })));
  app.post('/imports/:importId/undo', { config: to('customer.import'), schema: { tags, params: IdParam, response: { 200: ImportUndone } } },
    async (req) => undoImport(app.db, req.scope, req.params.importId));
  app.get('/imports/:importId/errors.csv', { config: to('customer.import'), schema: { tags, params: IdParam } }, async (req, reply) => {
    const report = await importErrorsCsv(app.db, app.blobs, req.scope, req.params.importId, languageOf(req.headers['accept-language']));
    const name = `${report.fileName.replace(/\.[^.]*$/, '')}-errors.csv`;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="import-errors.csv"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('x-content-type-options', 'nosniff')
      .send(Readable.from(report.lines));
  });
};

/** A report's rows told in the language the request asks for. */
function told(req: FastifyRequest, report: CheckedReport): ImportReport {
  const language = languageOf(req.headers['accept-language']);
  return {
    ...report,
    errors: report.errors.map((e) => tellEntry<ImportRowError>(e, language)),
    duplicates: report.duplicates.map((d) => tellEntry<ImportDuplicate>(d, language)),
    warnings: report.warnings.map((w) => tellEntry<ImportWarning>(w, language)),
  };
}

/** The file (field "file") and the text fields beside it, in whichever order the form sends them. */
async function readUpload(req: FastifyRequest) {
  if (!req.isMultipart()) throw invalid('file', { key: 'sendMultipart' });
  const fields: Record<string, string> = {};
  let file: { fileName: string; bytes: Buffer } | null = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || file) {
          await part.toBuffer();
          throw invalid(part.fieldname, tell('oneFile'));
        }
        file = { fileName: part.filename, bytes: await part.toBuffer() };
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      const limit = Math.round(req.server.config.maxUploadBytes / 1024 / 1024);
      throw new Problem(413, 'Content Too Large', tell('importTooLarge', { limit }), { field: 'file' });
    }
    throw error;
  }
  if (!file) throw invalid('file', { key: 'noFileSent' });
  return { file, fields };
}
