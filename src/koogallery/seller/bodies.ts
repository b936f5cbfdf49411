// Checking a verified body against its interface's documented fields (types of the required fields; no
// business rules), and the normalisations the handler adds to the context.
import type { JsonObject } from './canonical-json.js';
import type { OrgInfo, SellerInterface } from './types.js';

/** The interfaces routed on `activity` (POST to the production address, URL signature). */
export const BASIC_INTERFACES = [
  'newInstance',
  'queryInstance',
  'refreshInstance',
  'updateInstanceStatus',
  'releaseInstance',
  'upgradeInstance',
  'changeInstanceCheck',
  'orderNotify',
] as const;

/** The kit interfaces, at `<production address>/produceAPI/v2/<name>` (header signature). */
export const KIT_INTERFACES = ['tenantSync', 'applicationSync', 'authSync', 'singleOrgSync', 'allOrgSync'] as const;

export type BasicInterface = (typeof BASIC_INTERFACES)[number];
export type KitInterface = (typeof KIT_INTERFACES)[number];

export function isBasicInterface(name: unknown): name is BasicInterface {
  return typeof name === 'string' && (BASIC_INTERFACES as readonly string[]).includes(name);
}

export function isKitInterface(name: unknown): name is KitInterface {
  return typeof name === 'string' && (KIT_INTERFACES as readonly string[]).includes(name);
}

type Kind = 'string' | 'string?' | 'int' | 'int?' | 'flag' | 'flag?' | 'object' | 'array' | 'orgs';

// Required string fields may be empty where the documents say a seller-side call sends them empty.
const FIELDS: Record<SellerInterface, Record<string, Kind>> = {
  newInstance: { orderId: 'string', orderLineId: 'string', businessId: 'string', testFlag: 'flag?' },
  queryInstance: { instanceId: 'string', testFlag: 'flag?' },
  refreshInstance: { scene: 'string', orderId: 'string', orderLineId: 'string', instanceId: 'string', productId: 'string?', expireTime: 'string', testFlag: 'flag?' },
  updateInstanceStatus: { instanceId: 'string', status: 'string', testFlag: 'flag?' },
  releaseInstance: { instanceId: 'string', orderId: 'string?', orderLineId: 'string?', testFlag: 'flag?' },
  upgradeInstance: { instanceId: 'string', orderId: 'string', orderLineId: 'string', testFlag: 'flag?' },
  changeInstanceCheck: { instanceId: 'string', productInfo: 'object', testFlag: 'flag?' },
  orderNotify: { orderId: 'string', orderLineId: 'string', testFlag: 'flag' },
  tenantSync: { instanceId: 'string?', orderId: 'string?', tenantId: 'string', tenantCode: 'string', name: 'string', domainName: 'string', flag: 'int', testFlag: 'flag', timeStamp: 'string' },
  applicationSync: { instanceId: 'string?', tenantId: 'string', appId: 'string', clientId: 'string', clientSecret: 'string', flag: 'int', testFlag: 'flag', timeStamp: 'string' },
  authSync: { instanceId: 'string?', tenantId: 'string', appId: 'string', userList: 'array', currentSyncTime: 'string', flag: 'int', testFlag: 'flag', timeStamp: 'string' },
  singleOrgSync: { instanceId: 'string?', tenantId: 'string', orgCode: 'string', orgName: 'string', parentCode: 'string?', flag: 'int', testFlag: 'flag', timeStamp: 'string' },
  allOrgSync: { instanceId: 'string?', tenantId: 'string', orgInfoList: 'orgs', flag: 'int?', testFlag: 'flag', timeStamp: 'string' },
};

/** `testFlag`: "1"/1 debug, absent/"0"/0 production; anything else undefined (refused). */
export function debugOf(value: unknown): boolean | undefined {
  if (value === undefined || value === null || value === '0' || value === 0) return false;
  if (value === '1' || value === 1) return true;
  return undefined;
}

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

function isOrg(v: unknown): v is OrgInfo {
  return isObject(v) && typeof v.orgCode === 'string' && typeof v.orgName === 'string' && (v.parentCode === undefined || v.parentCode === null || typeof v.parentCode === 'string');
}

/**
 * allOrgSync's `orgInfoList`: an array, a string holding JSON, or (one document's example) a string with
 * unquoted keys `[{orgCode:"1", orgName:"x"}]`; undefined when none of these.
 */
export function orgInfoListOf(value: unknown): OrgInfo[] | undefined {
  let list: unknown = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch {
      // Quote bare keys ({orgCode: or ,orgName:) and try again.
      try {
        list = JSON.parse(value.replace(/([{,]\s*)([A-Za-z_][A-Za-z0-9_]*)\s*:/g, '$1"$2":'));
      } catch {
        return undefined;
      }
    }
  }
  if (!Array.isArray(list) || !list.every(isOrg)) return undefined;
  return list;
}

/** The first field that does not match its documented type, or undefined when the body fits. */
export function invalidField(name: SellerInterface, body: JsonObject): string | undefined {
  for (const [field, kind] of Object.entries(FIELDS[name])) {
    const v = body[field];
    const absent = v === undefined || v === null;
    switch (kind) {
      case 'string':
        if (typeof v !== 'string' || v === '') return field;
        break;
      case 'string?':
        if (!absent && typeof v !== 'string') return field;
        break;
      case 'int':
        if (!Number.isInteger(v) && !(typeof v === 'string' && /^[0-9]{1,2}$/.test(v))) return field;
        break;
      case 'int?':
        if (!absent && !Number.isInteger(v) && !(typeof v === 'string' && /^[0-9]{1,2}$/.test(v))) return field;
        break;
      case 'flag':
        if (absent || debugOf(v) === undefined) return field;
        break;
      case 'flag?':
        if (debugOf(v) === undefined) return field;
        break;
      case 'object':
        if (!isObject(v)) return field;
        break;
      case 'array':
        if (!Array.isArray(v) || !v.every(isObject)) return field;
        break;
      case 'orgs':
        if (orgInfoListOf(v) === undefined) return field;
        break;
    }
  }
  return undefined;
}
