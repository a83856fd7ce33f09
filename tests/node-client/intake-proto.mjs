// What the Node clients share: mash.intake.v1.IntakeService loaded from nothing but the .proto
// files of contracts/proto and contracts/third_party (no generated code, no C# types), and gRPC status names.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const here = path.dirname(fileURLToPath(import.meta.url));
const protoRoot = path.resolve(here, '../../contracts/proto');
// google/api/annotations.proto and http.proto, which the protos import for their REST paths.
const thirdPartyRoot = path.resolve(here, '../../contracts/third_party');
const intakeProto = 'mash/intake/v1/intake.proto';

// google/protobuf/*.proto: protobufjs (proto-loader's parser) ships the well-known types, partly
// as files under its package directory and partly built in (timestamp, duration, ...).
const requireFromLoader = createRequire(createRequire(import.meta.url).resolve('@grpc/proto-loader'));
const wellKnownRoot = path.dirname(requireFromLoader.resolve('protobufjs/package.json'));

// One set of options, used for both directions: camelCase field names (keepCase: false), as in
// seeds/contacts/*.json; 64-bit integers and enums as strings; unset fields read back as defaults.
const loaderOptions = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [protoRoot, thirdPartyRoot, wellKnownRoot],
};

/** The IntakeService client constructor; throws with the reason when the protos do not load. */
export function loadIntakeService() {
  let definition;
  try {
    definition = grpc.loadPackageDefinition(protoLoader.loadSync(intakeProto, loaderOptions));
  } catch (err) {
    throw new Error(`could not load ${intakeProto} from ${protoRoot}: ${err.message}`);
  }
  const IntakeService = definition?.mash?.intake?.v1?.IntakeService;
  if (typeof IntakeService !== 'function') throw new Error('mash.intake.v1.IntakeService not found in the loaded protos');
  return IntakeService;
}

/** UNAUTHENTICATED for 16, and so on. */
export function statusName(code) {
  return Object.keys(grpc.status).find((k) => grpc.status[k] === code) ?? String(code);
}
