// The generated OpenAPI document passes redocly's recommended rules with no error. Redocly runs offline: no
// telemetry, no update check (it would otherwise ask the npm registry for its latest version).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/api/openapi/document.js';

const OFFLINE = {
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  REDOCLY_SUPPRESS_NOTIFICATIONS: 'true',
  CI: 'true',
};

function lint(file: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    path.resolve('node_modules/.bin/redocly'),
    ['lint', file, '--extends=recommended', '--format=json'],
    {
      cwd: path.dirname(file),
      env: { PATH: process.env.PATH ?? '', HOME: path.dirname(file), ...OFFLINE },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('the OpenAPI document under redocly lint (recommended)', () => {
  it('has no error', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-lint-'));
    const file = path.join(dir, 'openapi.json');
    fs.writeFileSync(file, JSON.stringify(openApiDocument(), null, 2));
    const { code, output } = await lint(file);
    const report = JSON.parse(output.slice(output.indexOf('{'), output.lastIndexOf('}') + 1)) as {
      totals: { errors: number; warnings: number };
      problems: Array<{ ruleId: string; severity: string; message: string }>;
    };
    const errors = report.problems
      .filter((problem) => problem.severity === 'error')
      .map((problem) => `${problem.ruleId}: ${problem.message}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
    // The one warning left: the project has chosen no licence yet (info-license).
    expect(report.problems.map((problem) => problem.ruleId)).toEqual(['info-license']);
    expect(code).toBe(0);
  });
});
