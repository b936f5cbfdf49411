// simulateKooGallery's entry point: the simulator (checks, transports, RSA encryption) is a lazy chunk,
// so a seller endpoint that imports huaweicloud-signer/koogallery does not carry it.
import type { SimulateOptions, SimulationReport } from './simulate.js';

/**
 * Run KooGallery's calls against a seller endpoint and check every answer as the console does (HTTP 200,
 * `Content-Type: application/json`, `Body-Sign` spelled so and valid over the exact bytes with the
 * interface type's key, JSON with resultCode/resultMsg, resultCode 000000, required fields and lengths,
 * the time limit), then idempotency (newInstance resent with a new businessId returns the same
 * instanceId; every other call succeeds twice) and the security probes (a replayed call, a changed body,
 * a timestamp two minutes old and another key must all be refused). Failures carry the console's message.
 *
 * @example
 * ```ts
 * const report = await simulateKooGallery({
 *   address: 'http://127.0.0.1:8080/koo',
 *   accessKeys: { basic: process.env.KOO_BASIC_KEY!, kit: process.env.KOO_KIT_KEY! },
 *   publicKey: readFileSync('seller-public.pem', 'utf8'),
 * });
 * if (!report.ok) console.log(report.checks.filter((c) => c.status === 'fail'));
 * ```
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` for bad options (an address that is not http(s), an
 * unknown name in `only`, no key at all, a public key that cannot be read).
 */
export async function simulateKooGallery(options: SimulateOptions): Promise<SimulationReport> {
  const { runSimulation } = await import('./simulate.js');
  return runSimulation(options);
}

export { SIMULATED_INTERFACES } from './names.js';
export type { SimulateOptions, SimulationCheck, SimulationReport } from './simulate.js';
