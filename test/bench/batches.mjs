// The measurement of the Chromium and workerd tables (no node: module, it also runs in the page): each
// row is timed in batches of n back-to-back operations, n calibrated so that one batch takes about
// `batchMs` (so a clock of 0.1 ms or 1 ms steps costs under 1 %); rounds are interleaved over all rows
// as in run.mjs, a round's figure is the median of `samples` batches, and the reported figure is the
// median of the rounds. `time(case, row, n)` runs one batch and returns its milliseconds: in the page it
// is timed there; in workerd the runner times each batch from outside, one HTTP request per batch, and
// also returns the Worker's own reading of its clock ({ ms, alt }), kept as `altNs` beside the figure.
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * @param {Array<{ id: string, rows: Array<{ name: string }> }>} cases
 * @param {(caseIndex: number, rowIndex: number, n: number) => Promise<number | { ms: number, alt: number }>} time
 * @returns {Promise<Array<{ n: number, runsNs: number[], altRunsNs?: number[] }[]>>}
 *   per case, per row: batch size and each round's ns/op (and by the other clock)
 */
export async function measureBatches(cases, timeEither, { rounds = 5, samples = 3, batchMs = 100, log = () => {} } = {}) {
  const alt = [];
  const time = async (c, r, n) => {
    const t = await timeEither(c, r, n);
    if (typeof t === 'number') return t;
    alt.push(t.alt);
    return t.ms;
  };
  const plan = [];
  for (let c = 0; c < cases.length; c++) {
    plan.push([]);
    for (let r = 0; r < cases[c].rows.length; r++) {
      // Calibration (also the warm-up): grow n until a batch takes a quarter of the target, then scale.
      let n = 1;
      let ms = await time(c, r, n);
      while (ms < batchMs / 4) {
        n *= ms < batchMs / 40 ? 10 : 2;
        ms = await time(c, r, n);
      }
      // Then rescale on the median of 3 batches until it holds within ±30 %: the first batches ran on
      // colder code (not yet compiled by the JIT) than the rounds will, and one batch can be an outlier.
      for (let i = 0; i < 6; i++) {
        const next = Math.max(1, Math.round((n * batchMs) / Math.max(ms, batchMs / 100)));
        const settled = i > 0 && next <= 1.3 * n && next >= n / 1.3;
        n = next;
        if (settled) break;
        ms = median([await time(c, r, n), await time(c, r, n), await time(c, r, n)]);
      }
      plan[c].push({ n, runsNs: [] });
    }
  }
  for (let round = 0; round < rounds; round++) {
    const started = Date.now();
    for (let c = 0; c < cases.length; c++) {
      for (let r = 0; r < cases[c].rows.length; r++) {
        const p = plan[c][r];
        const perOp = [];
        alt.length = 0;
        for (let s = 0; s < samples; s++) perOp.push(((await time(c, r, p.n)) * 1e6) / p.n);
        p.runsNs.push(median(perOp));
        if (alt.length) (p.altRunsNs ??= []).push((median(alt) * 1e6) / p.n);
      }
    }
    log(`round ${round + 1}/${rounds} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return plan;
}

export { median };
