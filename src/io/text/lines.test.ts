import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LineReader, MAX_LINE_LENGTH, readTextHead } from './lines.js';
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

  it('advance/text/tryNumbers/fieldEquals read the same lines from bytes, for every chunk size', async () => {
    const p = join(dir, 'f.txt');
    const lines = ['Li  1.5 -2.25e1\t3', 'ångström αβγ', '', 'Cl 0.1 0.2 0.3', 'Li 4 5 6'];
    writeFileSync(p, `${lines.slice(0, 4).join('\r\n')}\n${lines[4]}`);
    for (const chunk of [1, 2, 3, 5, 64, 1 << 20]) {
      const r = await LineReader.open(p, undefined, chunk);
      expect(await r.ensure(10)).toBe(5);
      const got: string[] = [];
      const out = new Float64Array(3);
      const numeric: number[][] = [];
      while (r.advance()) {
        got.push(r.text());
        if (r.tryNumbers(out, 0, 3, 1, true)) numeric.push([r.lineNumber, ...out]);
      }
      expect(got, `chunk ${chunk}`).toEqual(lines);
      expect(numeric).toEqual([[1, 1.5, -22.5, 3], [4, 0.1, 0.2, 0.3], [5, 4, 5, 6]]);
      expect(r.fieldEquals(0, 'Li')).toBe(true);
      expect(r.fieldEquals(0, 'L')).toBe(false);
      expect(r.fieldEquals(3, '6')).toBe(true);
      expect(r.fieldEquals(4, '')).toBe(true);
      expect(r.advance()).toBe(false);
    }
  });

  it('keeps the current line readable while ensure() moves the buffer, and skips lines without decoding', async () => {
    const p = join(dir, 'g.txt');
    writeFileSync(p, Array.from({ length: 300 }, (_, i) => `${i} ${i / 4} x${'é'.repeat(i % 7)}`).join('\n'));
    const r = await LineReader.open(p, undefined, 16);
    const out = [0, 0];
    for (let i = 0; i < 300; i++) {
      expect(await r.ensure(1)).toBeGreaterThanOrEqual(1);
      r.advance();
      await r.ensure(40); // refills and compacts the buffer while the current line is in use
      expect(r.text()).toBe(`${i} ${i / 4} x${'é'.repeat(i % 7)}`);
      expect(r.tryNumbers(out, 0, 2)).toBe(true);
      expect(out).toEqual([i, i / 4]);
      expect(r.tryNumbers(out, 0, 2, 0, true)).toBe(false); // a third field follows
    }
    expect(r.lineNumber).toBe(300);
    expect(await r.next()).toBeUndefined();
  });

  it('numbers() throws the string parser’s ParseError (line and column in characters) for a bad line', async () => {
    const p = join(dir, 'h.txt');
    writeFileSync(p, '1 2 3\nαβ 1.0 2.x\n');
    const r = await LineReader.open(p, undefined, 4);
    await r.ensure(2);
    const out = new Float64Array(3);
    r.advance();
    r.numbers(out, 0, 3, { file: p, line: r.lineNumber, what: 'xyz' });
    r.advance();
    expect(() => r.numbers(out, 0, 2, { file: p, line: r.lineNumber, what: 'xyz' }, 1)).toThrow(expect.objectContaining({ code: 'E_PARSE', line: 2, column: 8 }));
  });

  it('drops a UTF-8 byte order mark, also when it arrives one byte at a time', async () => {
    const p = join(dir, 'i.txt');
    writeFileSync(p, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('3\nnext')]));
    for (const chunk of [1, 2, 1024]) {
      expect(await readAll(p, chunk)).toEqual(['3', 'next']);
    }
    expect(await readTextHead(p)).toBe('3\nnext');
  });

  it('a line longer than MAX_LINE_LENGTH is an E_PARSE error naming its line', async () => {
    const p = join(dir, 'j.txt');
    // The check runs as chunks arrive, so the line must exceed the limit by more than a chunk.
    writeFileSync(p, `a\nb\n${'x'.repeat(MAX_LINE_LENGTH + (4 << 20))}\nc\n`);
    const err = await readAll(p, 1 << 20).then(() => undefined, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_PARSE', message: expect.stringContaining(':3: line longer than') });
  });

  it('readTextHead reads only the head: 64 KiB of plain or gzipped text, no character cut in half', async () => {
    const text = `${'ab\n'.repeat(21845)}é${'z'.repeat(100000)}`; // 'é' straddles byte 65536
    const plain = join(dir, 'k.txt');
    const gz = join(dir, 'k.txt.gz');
    writeFileSync(plain, text);
    writeFileSync(gz, gzipSync(Buffer.from(text)));
    for (const p of [plain, gz]) {
      const head = await readTextHead(p);
      expect(head).toBe(text.slice(0, 65535));
      expect(await readTextHead(p, 10)).toBe('ab\nab\nab\na');
    }
    expect(await readTextHead(join(dir, 'c.txt'), 1 << 20)).toBe(Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n'));
  });
});
