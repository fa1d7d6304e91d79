import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
// @ts-expect-error a build script in plain JavaScript, without types
import { buildWidget } from '../../../scripts/build-widget.mjs';

// The survey form loads only when a page asks for a survey, on phones too: it stays small.
it('builds the survey form apart from the tracker, at most 4 KB gzipped', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xiang-survey-'));
  try {
    const outfile = path.join(dir, 'widget.js');
    const surveyOutfile = path.join(dir, 'widget-survey.js');
    await (buildWidget as (o: object) => Promise<boolean>)({ force: true, outfile, surveyOutfile });
    const tracker = readFileSync(outfile, 'utf8');
    const form = readFileSync(surveyOutfile);
    const gzipped = gzipSync(form, { level: 9 }).length;
    console.log(`widget-survey.js: ${form.length} bytes, ${gzipped} bytes gzipped`);
    expect(gzipped).toBeLessThanOrEqual(4 * 1024);
    // The tracker only names the form's file; none of the form's words are in it.
    expect(tracker).toContain('/widget-survey.js');
    expect(tracker).not.toContain('感谢您的反馈');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
