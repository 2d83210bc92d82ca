import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LineReader } from './lines.js';
import { DiagnosticLog } from '../../core/diagnostics.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-lines-'));

async function readAll(path: string, chunk = 7, log?: DiagnosticLog): Promise<string[]> {
  const r = await LineReader.open(path, log, chunk);
  const out: string[] = [];
  for (let l = await r.next(); l !== undefined; l = await r.next()) out.push(l);
  return out;
}

describe('LineReader', () => {
  it('splits lines across tiny chunks, strips CR, keeps a last line without newline', async () => {
    const p = join(dir, 'a.txt');
    writeFileSync(p, 'first\r\nsecond\n\nthird line here\nlast');
    expect(await readAll(p, 3)).toEqual(['first', 'second', '', 'third line here', 'last']);
  });

  it('reads gzip transparently (by magic bytes, not name) and multi-byte UTF-8 across chunk edges', async () => {
    const p = join(dir, 'b.dat');
    const text = 'Å ångström\nαβγ δ\n';
    writeFileSync(p, gzipSync(Buffer.from(text)));
    expect(await readAll(p, 2)).toEqual(['Å ångström', 'αβγ δ']);
  });

  it('counts lines with ensure/shift', async () => {
    const p = join(dir, 'c.txt');
    writeFileSync(p, Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n'));
    const r = await LineReader.open(p, undefined, 64);
    expect(await r.ensure(500)).toBeGreaterThanOrEqual(500);
    for (let i = 0; i < 500; i++) r.shift();
    expect(r.lineNumber).toBe(500);
    expect(await r.next()).toBe('line 500');
    expect(r.lineNumber).toBe(501);
  });

  it('a truncated gzip delivers what it has and logs W_TRUNCATED_GZIP', async () => {
    const p = join(dir, 'd.gz');
    const full = gzipSync(Buffer.from(Array.from({ length: 5000 }, (_, i) => `row ${i} ${Math.sin(i)}`).join('\n')));
    writeFileSync(p, full.subarray(0, Math.floor(full.length / 2)));
    const log = new DiagnosticLog();
    const lines = await readAll(p, 1024, log);
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.length).toBeLessThan(5000);
    expect(log.toArray().map((d) => d.code)).toContain('W_TRUNCATED_GZIP');
  });

  it('a corrupt gzip is a typed E_IO error, and a missing file too', async () => {
    const p = join(dir, 'e.gz');
    writeFileSync(p, Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(64, 0xff)]));
    await expect(readAll(p)).rejects.toMatchObject({ code: 'E_IO', message: expect.stringContaining('corrupt gzip') });
    await expect(readAll(join(dir, 'nope.txt'))).rejects.toMatchObject({ code: 'E_IO', message: expect.stringContaining('no such file') });
  });
});
