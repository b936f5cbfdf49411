// The bodies KooGallery sends to a SaaS seller and the answers it expects, field by field, as Huawei's
// KooGallery help center documents them (SaaS类商品接入指南 V2.0: 创建实例, 查询实例信息, 更新实例,
// 更新实例状态, 释放实例, 实例升级, 续费变更校验, 订单通知; 联营SaaS同步接口: 企业同步, 应用同步,
// 用户授权同步, 部门增量同步, 部门全量同步). Lengths are maximums in characters.

/** `testFlag` of the basic interfaces and orderNotify: a string; `"1"` a debug call, absent or `"0"` production. */
export type BasicTestFlag = string;

/**
 * newInstance (创建实例): the buyer paid; create the instance. KooGallery may resend it: for the same
 * `orderId` + `orderLineId` return the same `instanceId` and create nothing new. Get the order's details
 * (product, buyer, period) from KooGallery's query-order API.
 */
export interface NewInstanceBody {
  activity: 'newInstance';
  /** KooGallery order id (64), e.g. `CS2211181819B4LVS`. */
  orderId: string;
  /** Order line id (64), e.g. `CS2211181819B4LVS-000001`. */
  orderLineId: string;
  /** A UUID (64), new on every request, resent calls included: do not key idempotency on it. */
  businessId: string;
  /** (2) `"1"` for a debug call; absent in production. */
  testFlag?: BasicTestFlag;
}

/** queryInstance (查询实例信息): instance details, also the result of an asynchronous newInstance (000004). */
export interface QueryInstanceBody {
  activity: 'queryInstance';
  /** One instance id, or up to 100 separated by commas (see the context's `instanceIds`). */
  instanceId: string;
  testFlag?: BasicTestFlag;
}

/** refreshInstance (更新实例): a new expiry after trial-to-formal, renewal or unsubscribed renewal. */
export interface RefreshInstanceBody {
  activity: 'refreshInstance';
  /** (64) `TRIAL_TO_FORMAL`, `RENEWAL`, `UNSUBSCRIBE_RENEWAL_PERIOD` or `RENEWAL_CHANGE`. */
  scene: 'TRIAL_TO_FORMAL' | 'RENEWAL' | 'UNSUBSCRIBE_RENEWAL_PERIOD' | 'RENEWAL_CHANGE' | (string & {});
  /** (64) The order of this change (the renewal's order, not the original one). */
  orderId: string;
  /** (64) Its order line. */
  orderLineId: string;
  /** (64) The instance. */
  instanceId: string;
  /** (64) The new product id, when the period type changed. */
  productId?: string;
  /** (20) New expiry, UTC, `yyyyMMddHHmmss` (examples show 17 digits with milliseconds). Absolute: reapplying it is harmless. */
  expireTime: string;
  testFlag?: BasicTestFlag;
}

/** updateInstanceStatus (更新实例状态): freeze (expired, violation) or unfreeze an instance. */
export interface UpdateInstanceStatusBody {
  activity: 'updateInstanceStatus';
  /** (64) */
  instanceId: string;
  /** (32) `FREEZE` or `UNFREEZE` (the V1 interface said `NORMAL`). Setting the current status again must succeed. */
  status: 'FREEZE' | 'UNFREEZE' | (string & {});
  testFlag?: BasicTestFlag;
}

/** releaseInstance (释放实例): delete the instance (expired without renewal, unsubscribed). Releasing twice must succeed. */
export interface ReleaseInstanceBody {
  activity: 'releaseInstance';
  /** (64) */
  instanceId: string;
  /** (64) The unsubscription order, when an unsubscription caused the release. */
  orderId?: string;
  /** (64) */
  orderLineId?: string;
  testFlag?: BasicTestFlag;
}

/** upgradeInstance (实例升级): the buyer upgraded or expanded; the instance id stays the same. */
export interface UpgradeInstanceBody {
  activity: 'upgradeInstance';
  /** (64) */
  instanceId: string;
  /** (64) The upgrade order (query it for the new specification). */
  orderId: string;
  /** (64) */
  orderLineId: string;
  testFlag?: BasicTestFlag;
}

/** The target product of {@link ChangeInstanceCheckBody}. */
export interface ChangeProductInfo {
  /** (64) Differs per period type within one SKU. */
  productId: string;
  /** (64) */
  skuCode: string;
  /** The quantity the buyer chose, for products with a linear attribute. */
  linearValue?: number;
  /** (64) */
  productName: string;
}

/**
 * changeInstanceCheck (续费变更校验): may the instance change to this product at renewal (downgrade,
 * shrink, upgrade, expand)? Answer `000000` to allow; any other code refuses. Check current usage
 * before allowing a downgrade.
 */
export interface ChangeInstanceCheckBody {
  activity: 'changeInstanceCheck';
  /** (64) */
  instanceId: string;
  productInfo: ChangeProductInfo;
  testFlag?: BasicTestFlag;
}

/** orderNotify (订单通知, a 通用接口 call signed with that key): an order was paid; query it for details. */
export interface OrderNotifyBody {
  activity: 'orderNotify';
  /** (64) */
  orderId: string;
  /** (64) */
  orderLineId: string;
  /** (2) Required here: `"1"` debug, `"0"` production. */
  testFlag: BasicTestFlag;
}

/** `testFlag` of the kit: an integer, `1` debug data, `0` production (accepted as a string too). */
export type KitTestFlag = number;

/**
 * tenantSync (企业同步): a buyer's enterprise. Seller-side calls (application credentials) carry empty
 * `instanceId`/`orderId`. Idempotent per (`instanceId`, `tenantId`): adding twice adds once, deleting
 * something already deleted succeeds.
 */
export interface TenantSyncBody {
  /** (64) Empty on seller-side calls. */
  instanceId: string;
  /** (64) The buyer's order; empty on seller-side calls. */
  orderId: string;
  /** (64) Tenant id. */
  tenantId: string;
  /** (64) Tenant code: identifies the buyer's login domain. */
  tenantCode: string;
  /** (255) The enterprise's name. */
  name: string;
  /** (255) The unified domain from the identity center, with its `https://`. */
  domainName: string;
  /** 0 delete, 1 add, 2 change (name and domain only). */
  flag: number;
  testFlag: KitTestFlag;
  /** UTC+8 `yyyyMMddHHmmssSSS`. */
  timeStamp: string;
}

/**
 * applicationSync (应用同步): an application's OAuth client. `clientSecret` arrives RSA-OAEP encrypted with
 * your uploaded public key; the handler decrypts it and gives it to you as the context's `clientSecret`.
 * Idempotent per (`instanceId`, `tenantId`, `appId`).
 */
export interface ApplicationSyncBody {
  /** (64) Empty on seller-side calls. */
  instanceId: string;
  /** (64) */
  tenantId: string;
  /** (64) The application id of the KooGallery credential. */
  appId: string;
  /** (64) The identity center's client id. */
  clientId: string;
  /** The client secret, RSA-OAEP encrypted, base64 (the context holds it decrypted). */
  clientSecret: string;
  /** 0 delete, 1 add, 2 change. */
  flag: number;
  testFlag: KitTestFlag;
  /** UTC+8 `yyyyMMddHHmmssSSS`. */
  timeStamp: string;
}

/** One user of {@link AuthSyncBody}. */
export interface KitUser {
  /** (64) The account name; unique per tenant (e.g. use `userName@tenantCode`). */
  userName: string;
  /** (64) Display name. */
  name: string;
  /** (64) Department code. */
  orgCode: string;
  /** (64) */
  position?: string;
  /** (64) */
  employeeCode?: string;
  /** 1 regular, 2 intern, 3 dispatched, 4 outsourced. */
  employeeType?: number;
  /** (32) `user` or `admin`. */
  role: 'user' | 'admin' | (string & {});
  /** (8) `"true"` or `"false"` (a string). */
  enable: string;
  /** (32) Only when the buyer granted it. */
  mobile?: string;
  /** (128) Only when the buyer granted it. */
  email?: string;
  workPlace?: string;
  [field: string]: unknown;
}

/** authSync (用户授权同步): users granted (or no longer granted) the application. Idempotent per user. */
export interface AuthSyncBody {
  /** (64) Empty on seller-side calls (test accounts). */
  instanceId: string;
  /** (64) */
  tenantId: string;
  /** (64) */
  appId: string;
  userList: KitUser[];
  /** UTC+8 `yyyyMMddHHmmssSSS`. */
  currentSyncTime: string;
  /** 0 delete, 1 add, 2 change, 3 revoke the grant. */
  flag: number;
  testFlag: KitTestFlag;
  /** UTC+8 `yyyyMMddHHmmssSSS`. */
  timeStamp: string;
}

/** singleOrgSync (部门增量同步): one department created, changed or deleted. Idempotent per (`instanceId`, `tenantId`, `orgCode`). */
export interface SingleOrgSyncBody {
  /** (64) */
  instanceId: string;
  /** (64) */
  tenantId: string;
  /** (64) Department code, unique in the tenant. */
  orgCode: string;
  /** (128) Department name. */
  orgName: string;
  /** (64) The parent's orgCode; empty for a top-level department. */
  parentCode?: string;
  /** 0 delete, 1 add, 2 change. */
  flag: number;
  testFlag: KitTestFlag;
  /** UTC+8 `yyyyMMddHHmmssSSS`. */
  timeStamp: string;
}

/** One department of {@link AllOrgSyncBody}. */
export interface OrgInfo {
  /** (64) */
  orgCode: string;
  /** (128) */
  orgName: string;
  /** (64) Empty for a top-level department. */
  parentCode?: string;
}

/** allOrgSync (部门全量同步): every department of the tenant. Sending it again must create nothing new. */
export interface AllOrgSyncBody {
  /** (64) */
  instanceId: string;
  /** (64) */
  tenantId: string;
  /** The documents show an array and, in one example, a string holding it: the context's `orgInfoList` is always the array. */
  orgInfoList: OrgInfo[] | string;
  /** Present in one example. */
  flag?: number;
  testFlag: KitTestFlag;
  /** UTC+8 `yyyyMMddHHmmssSSS`. */
  timeStamp: string;
}

/** Every interface the handler routes, by name. */
export interface SellerBodies {
  newInstance: NewInstanceBody;
  queryInstance: QueryInstanceBody;
  refreshInstance: RefreshInstanceBody;
  updateInstanceStatus: UpdateInstanceStatusBody;
  releaseInstance: ReleaseInstanceBody;
  upgradeInstance: UpgradeInstanceBody;
  changeInstanceCheck: ChangeInstanceCheckBody;
  orderNotify: OrderNotifyBody;
  tenantSync: TenantSyncBody;
  applicationSync: ApplicationSyncBody;
  authSync: AuthSyncBody;
  singleOrgSync: SingleOrgSyncBody;
  allOrgSync: AllOrgSyncBody;
}

/** An interface name. */
export type SellerInterface = keyof SellerBodies;

/**
 * resultCode values of the seller interfaces: `000000` success, `000001` authentication failed,
 * `000002` invalid parameter, `000003` instance not found, `000004` in progress (newInstance: created
 * asynchronously, KooGallery then polls queryInstance), `000005` other internal error, `000100` no
 * instance resource available, `000101`-`000107` as KooGallery's result-code page lists them.
 */
export type SellerResultCode = '000000' | '000001' | '000002' | '000003' | '000004' | '000005' | (string & {});

/** What every callback may return (all optional): the result and any further response fields. */
export interface SellerAnswer {
  /** Six digits; default `000000`. */
  resultCode?: SellerResultCode;
  /** (255) Default: a standard message for the code. */
  resultMsg?: string;
}

/** newInstance's answer. */
export interface NewInstanceAnswer extends SellerAnswer {
  /** (64) Required on `000000` and `000004`. KooGallery suggests the first call's `businessId`. */
  instanceId: string;
}

/** appInfo of an {@link InstanceInfo}: how the buyer uses the instance. */
export interface InstanceAppInfo {
  /** (512) The front-end address. Required when appInfo is sent. */
  frontEndUrl: string;
  /** (512) The administration address. */
  adminUrl?: string;
  /** (128) Administrator account; plain text unless the handler's `encryptQueryCredentials` is set. */
  userName?: string;
  /** (128) Initial administrator password; same rule. */
  password?: string;
  /** (1024) A note; non-ASCII text is sent as `\uXXXX` escapes. */
  memo?: string;
}

/** Usage of an on-demand (or package) instance. */
export interface UsageInfo {
  /** (64) */
  relatedInstanceId?: string;
  /** Accumulated usage (on demand) or used amount (package), at most 4 decimals. Required. */
  usageValue: number;
  /** (20) UTC `yyyyMMddHHmmssSSS`. Required. */
  statisticalTime: string;
  /** (512) */
  dashboardUrl?: string;
}

/** One instance of queryInstance's answer. */
export interface InstanceInfo {
  /** (64) Required. */
  instanceId: string;
  /** Required unless the buyer gets the details another way (SMS, e-mail). */
  appInfo?: InstanceAppInfo;
  /** Required for on-demand and package instances. */
  usageInfo?: UsageInfo[];
}

/** queryInstance's answer. */
export interface QueryInstanceAnswer extends SellerAnswer {
  info?: InstanceInfo[];
}

/** The answers by interface (the others answer only resultCode and resultMsg). */
export interface SellerAnswers {
  newInstance: NewInstanceAnswer;
  queryInstance: QueryInstanceAnswer;
  refreshInstance: SellerAnswer;
  updateInstanceStatus: SellerAnswer;
  releaseInstance: SellerAnswer;
  upgradeInstance: SellerAnswer;
  changeInstanceCheck: SellerAnswer;
  orderNotify: SellerAnswer;
  tenantSync: SellerAnswer;
  applicationSync: SellerAnswer;
  authSync: SellerAnswer;
  singleOrgSync: SellerAnswer;
  allOrgSync: SellerAnswer;
}

/** What every callback receives. */
export interface SellerCallContext<N extends SellerInterface> {
  /** The interface. */
  interface: N;
  /** The body exactly as verified, parsed. */
  body: SellerBodies[N];
  /** `testFlag` as a boolean (`"1"` or `1`): a debug call from the console or a test, not a real order. */
  debug: boolean;
  /** Which bytes the signature covered: the body as received, or its canonical re-serialisation. */
  signedForm: 'raw' | 'canonical';
}

/** The context of each interface, with the extras some have. */
export interface SellerContexts {
  newInstance: SellerCallContext<'newInstance'>;
  queryInstance: SellerCallContext<'queryInstance'> & {
    /** `instanceId` split on commas. */
    instanceIds: string[];
  };
  refreshInstance: SellerCallContext<'refreshInstance'>;
  updateInstanceStatus: SellerCallContext<'updateInstanceStatus'>;
  releaseInstance: SellerCallContext<'releaseInstance'>;
  upgradeInstance: SellerCallContext<'upgradeInstance'>;
  changeInstanceCheck: SellerCallContext<'changeInstanceCheck'>;
  orderNotify: SellerCallContext<'orderNotify'>;
  tenantSync: SellerCallContext<'tenantSync'>;
  applicationSync: SellerCallContext<'applicationSync'> & {
    /** `clientSecret` decrypted (UTF-8). */
    clientSecret: string;
  };
  authSync: SellerCallContext<'authSync'>;
  singleOrgSync: SellerCallContext<'singleOrgSync'>;
  allOrgSync: SellerCallContext<'allOrgSync'> & {
    /** `orgInfoList` as an array, whichever form it came in. */
    orgInfoList: OrgInfo[];
  };
}

/** Your implementation of the interfaces; each is optional (a missing one answers `000002`). */
export type SellerCallbacks = {
  [N in SellerInterface]?: (context: SellerContexts[N]) => SellerAnswers[N] | void | Promise<SellerAnswers[N] | void>;
};
