import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReportHtml, writeReport } from './index.js';
import { qty } from './format.js';
import { smoothPeriodic } from './smooth.js';

const lag = Array.from({ length: 50 }, (_, i) => i * 0.01);
const RESULTS = {
  tool: 'paddlewheel',
  inputs: ['run/lbh.pos'],
  analyses: {
    msd: {
      analysis: 'msd', version: '0.1.0', params: {}, diagnostics: [{ code: 'W_TEST', level: 'warning', message: 'a test warning </script><b>x</b>' }],
      species: ['Li'], lag, msd: lag.map((t) => 18 * t), fitWindow: [0.1, 0.4],
      D: { value: 3.0487e-4, unit: 'cm^2/s', stderr: 9.0e-5, method: 'GLS' }, DAngstrom: { value: 3.0487, unit: 'Å^2/ps', stderr: 0.9 },
      havenRatio: { value: 0.63, unit: '1', stderr: 0.32 },
    },
    rotation: { analysis: 'rotation', lag, C1: lag.map(() => 1), C2: lag.map(() => 1), tau1: null, tau2: null, diagnostics: [{ code: 'W_NO_DECAY', level: 'warning', message: 'C1 stays above 0.99' }] },
    docking: { skipped: true, reason: 'no polyatomic anion' },
  },
  skipped: { arrhenius: 'needs runs at two or more temperatures' },
};

describe('report.html', () => {
  it('inlines everything, escapes data, and says why analyses are missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pw-report-unit-'));
    const html = await renderReportHtml(RESULTS, dir);
    // No network: no http(s) URL in any src/href, and the page forbids connections by CSP.
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?https?:/i);
    expect(html).toContain("default-src 'none'");
    // Every <script> closes where it should: data containing "</script>" was escaped.
    expect(html.match(/<script\b/g)!.length).toBe(html.match(/<\/script>/g)!.length);
    expect(html).not.toContain('<b>x</b>');
    const figures = JSON.parse(/<script type="application\/json" id="figure-data">(.*?)<\/script>/s.exec(html)![1]!);
    expect(Object.keys(figures)).toHaveLength(2); // MSD and rotation
    expect(html).toContain('needs runs at two or more temperatures');
    expect(html).toContain('no polyatomic anion');
    expect(html).toContain('C1 stays above 0.99'); // the τ card quotes the warning
    expect(html).toContain('(3.0 ± 0.9)×10⁻⁴');
    // vega, vega-lite and vega-embed are inlined; 3Dmol only when there is a density to show.
    expect(html).toContain('vegaEmbed');
    expect(html).not.toContain('StereoViewer:');
    expect(html.length).toBeGreaterThan(7e5);
    expect(html.length).toBeLessThan(1.5e6);
  });

  it('writes report.html atomically and reports a missing or malformed results.json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pw-report-unit-'));
    await expect(writeReport(dir)).rejects.toMatchObject({ code: 'E_IO' });
    await writeFile(join(dir, 'results.json'), '{\n "analyses": {\n  "msd": [1, 2,\n}');
    await expect(writeReport(dir)).rejects.toMatchObject({ code: 'E_PARSE' });
    await writeFile(join(dir, 'results.json'), JSON.stringify({ tool: 'paddlewheel' }));
    await expect(writeReport(dir)).rejects.toMatchObject({ code: 'E_PARSE', line: 1 });
    await writeFile(join(dir, 'results.json'), JSON.stringify(RESULTS));
    expect(await writeReport(dir)).toBe(join(dir, 'report.html'));
  });

  it('`paddlewheel report DIR` re-renders the report (exit 0) and fails with exit 1 without results.json', async () => {
    const { main } = await import('../../cli/main.js');
    const dir = await mkdtemp(join(tmpdir(), 'pw-report-cli-'));
    const saved = process.exitCode;
    try {
      await main(['node', 'paddlewheel', 'report', dir]);
      expect(process.exitCode).toBe(1);
      await writeFile(join(dir, 'results.json'), JSON.stringify(RESULTS));
      process.exitCode = undefined;
      await main(['node', 'paddlewheel', 'report', dir, '--json']);
      expect(process.exitCode).toBe(0);
      expect(existsSync(join(dir, 'report.html'))).toBe(true);
    } finally {
      process.exitCode = saved;
    }
  });

  it('formats quantities with their errors and units', () => {
    expect(qty({ value: 136.2, stderr: 8.3, unit: 'meV' })).toContain('136 ± 8&#8239;meV');
    expect(qty({ value: 2.17, stderr: 0.258, unit: 'k_B' })).toContain('2.17 ± 0.26&#8239;k<sub>B</sub>');
    expect(qty({ value: 0.0079, unit: 'Å^-3' })).toContain('7.9×10⁻³&#8239;Å⁻³');
    expect(qty(null)).toContain('—');
  });

  it('smooths a periodic grid keeping its sum', () => {
    const v = new Float64Array(6 * 5 * 4);
    v[0] = 1; v[59] = 2;
    const s = smoothPeriodic(v, [6, 5, 4], [1, 0.8, 0.6]);
    expect(s.reduce((a, b) => a + b, 0)).toBeCloseTo(3, 12);
    expect(s[0]!).toBeLessThan(1);
    expect(s[(5 * 5 + 0) * 4 + 0]!).toBeGreaterThan(0); // wrapped round axis 0
  });
});
