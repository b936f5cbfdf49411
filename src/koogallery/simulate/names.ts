// The simulator's interface names, apart from the simulator (which loads lazily).
import { BASIC_INTERFACES, KIT_INTERFACES } from '../seller/bodies.js';

/** Every interface the simulator can call (`only` also takes `probes`, the security probes). */
export const SIMULATED_INTERFACES = [...BASIC_INTERFACES, ...KIT_INTERFACES] as const;
