// Call a Huawei Cloud service API (here VPC's "list VPCs") with an AK/SK: createSignedFetch signs every
// call, sends exactly the bytes it signed, and corrects the clock once if the gateway says it is off.
// Run: HUAWEICLOUD_SDK_AK=… HUAWEICLOUD_SDK_SK=… HUAWEICLOUD_SDK_PROJECT_ID=… node list-vpcs.mjs
import { createSignedFetch, credentialsFromEnv } from 'huaweicloud-signer/apig';

const region = process.env.HUAWEICLOUD_REGION ?? 'cn-north-4';
const endpoint = process.env.VPC_ENDPOINT ?? `https://vpc.${region}.myhuaweicloud.com`;

let credentials;
try {
  credentials = credentialsFromEnv(); // the v3 SDKs' variables; a missing one is named in the message
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
if (!credentials.projectId) {
  console.error(`Set HUAWEICLOUD_SDK_PROJECT_ID: the ID of your project in ${region} (console: My Credentials > API Credentials).`);
  process.exit(1);
}

const hcFetch = createSignedFetch(credentials);
const res = await hcFetch(`${endpoint}/v1/${credentials.projectId}/vpcs?limit=10`);
if (!res.ok) {
  console.error(`${res.status} ${await res.text()}`); // an APIG error? diagnose() says which part differs
  process.exit(1);
}
const { vpcs } = await res.json();
for (const vpc of vpcs) console.log(vpc.id, vpc.name, vpc.cidr);
