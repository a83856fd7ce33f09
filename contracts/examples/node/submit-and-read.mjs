#!/usr/bin/env node
// A partner's gRPC client in Node.js, built from the .proto files alone (contracts/proto and
// contracts/third_party; no generated code): submits a contact (proto3 JSON, as in seeds/contacts/),
// sends the very same request again (same idempotency key, so it is stored once) after UNAVAILABLE
// or RESOURCE_EXHAUSTED, waiting as long as the google.rpc.RetryInfo says; prints the field
// violations of a refused contact (google.rpc.BadRequest in grpc-status-details-bin); reads the
// contact back.
//
//   MASH_TOKEN=$(deploy/mash token --role partner --agency wmp) \
//     node contracts/examples/node/submit-and-read.mjs seeds/contacts/001-police-domestic-abuse-siblings.json
//
// MASH_GRPC_ADDRESS: intake (default 127.0.0.1:5101, plaintext HTTP/2 in development).
// Exit codes: 0 stored and read back; 1 refused (the violations are printed); 2 anything else.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const includeDirs = [path.resolve(here, '../../proto'), path.resolve(here, '../../third_party')];

// The service, for calls (camelCase field names and enum names, as in seeds/contacts/).
const { IntakeService } = grpc.loadPackageDefinition(protoLoader.loadSync('mash/intake/v1/intake.proto',
  { keepCase: false, longs: String, enums: String, defaults: false, oneofs: true, includeDirs })).mash.intake.v1;

// google.rpc.Status and its details, for reading an error's grpc-status-details-bin.
const errors = new protobuf.Root();
errors.resolvePath = (_, target) => includeDirs.map((d) => path.join(d, target)).find((f) => { try { readFileSync(f); return true; } catch { return false; } }) ?? target;
errors.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto'], { keepCase: false });

/** The details of a failed call's google.rpc.Status, each decoded by its type: { BadRequest: {...}, RetryInfo: {...} }. */
function details(error) {
  const bin = error.metadata?.get('grpc-status-details-bin')?.[0];
  if (!bin) return {};
  const status = errors.lookupType('google.rpc.Status').decode(bin);
  return Object.fromEntries(status.details.map((any) => {
    // protobufjs' own google.protobuf.Any keeps the proto's field names.
    const name = (any.typeUrl ?? any.type_url).split('/').pop();
    const type = errors.lookupType(name);
    return [name.split('.').pop(), type.toObject(type.decode(any.value), { longs: Number })];
  }));
}

/**
 * proto3 JSON (seeds/contacts/) writes a google.protobuf.Timestamp as an RFC 3339 string;
 * proto-loader's objects want { seconds, nanos }.
 */
function timestamps(value) {
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)$/.test(value)) {
    const ms = Date.parse(value);
    return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 };
  }
  if (Array.isArray(value)) return value.map(timestamps);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, timestamps(v)]));
  return value;
}

const [file] = process.argv.slice(2);
const token = process.env.MASH_TOKEN;
if (!file || !token) {
  process.stderr.write('usage: MASH_TOKEN=... node submit-and-read.mjs CONTACT.json\n');
  process.exit(2);
}
const client = new IntakeService(process.env.MASH_GRPC_ADDRESS ?? '127.0.0.1:5101', grpc.credentials.createInsecure());
const metadata = new grpc.Metadata();
metadata.set('authorization', `Bearer ${token}`);
const call = (method, request) => new Promise((resolve, reject) =>
  client[method](request, metadata, { deadline: Date.now() + 20_000 }, (e, r) => (e ? reject(e) : resolve(r))));

/** The call, sent again as it was while the service says to try again (at most 5 times). */
async function withRetries(method, request) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(method, request);
    } catch (e) {
      const again = e.code === grpc.status.UNAVAILABLE || e.code === grpc.status.RESOURCE_EXHAUSTED;
      if (!again || attempt === 5) throw e;
      const delay = details(e).RetryInfo?.retryDelay;
      const ms = delay ? Number(delay.seconds ?? 0) * 1000 + Math.ceil((delay.nanos ?? 0) / 1e6) : 1000 * attempt;
      process.stderr.write(`${grpc.status[e.code] ?? e.code}: trying again in ${ms} ms with the same idempotency key\n`);
      await new Promise((r) => setTimeout(r, ms));
    }
  }
}

try {
  const submitted = await withRetries('SubmitContact', timestamps(JSON.parse(readFileSync(file, 'utf8'))));
  console.log(`submitted contact ${submitted.contactId} (${submitted.replayed ? 'a replay of an earlier submission' : 'new'})`);
  const { contact } = await withRetries('GetContact', { contactId: submitted.contactId });
  for (const child of contact.children) console.log(`child ${child.child.childId}: ${child.status}`);
  process.exit(0);
} catch (e) {
  if (e.code === grpc.status.INVALID_ARGUMENT) {
    console.log(`refused: ${e.details}`);
    for (const v of details(e).BadRequest?.fieldViolations ?? []) console.log(`  ${v.field}: ${v.description}`);
    process.exit(1);
  }
  process.stderr.write(`${grpc.status[e.code] ?? 'error'}: ${e.details ?? e.message}\n`);
  process.exit(2);
}
