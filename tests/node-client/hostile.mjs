#!/usr/bin/env node
// A hostile client in another language: calls intake with no token and with paths spelled in other
// casings (gRPC paths are case-sensitive; ASP.NET Core's routing is not), as grpc-js sends them.
// It reports what each call got; tests/Mash.EndToEnd.Tests/NodeClientTests.cs decides what is right.
//
//   node hostile.mjs --address 127.0.0.1:5101 --partner-token T [--deadline-seconds 20]
//
// One line of JSON per call on stdout, {"case","path","code","details"}, exit 0 once every call has
// answered. Script errors exit 1, usage errors 2.
import { parseArgs } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { loadIntakeService, statusName } from './intake-proto.mjs';

function fail(message) {
  process.stderr.write(`hostile: ${message}\n`);
  process.exit(1);
}

function parseCommandLine() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        address: { type: 'string' },
        'partner-token': { type: 'string' },
        'deadline-seconds': { type: 'string', default: '20' },
      },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`hostile: ${err.message}\n`);
    process.exit(2);
  }
  if (!values.address || !values['partner-token']) {
    process.stderr.write('usage: node hostile.mjs --address HOST:PORT --partner-token TOKEN [--deadline-seconds N]\n');
    process.exit(2);
  }
  return { address: values.address, partnerToken: values['partner-token'], deadlineSeconds: Number(values['deadline-seconds']) };
}

async function main() {
  const { address, partnerToken, deadlineSeconds } = parseCommandLine();
  const IntakeService = loadIntakeService();
  const client = new IntakeService(address, grpc.credentials.createInsecure());
  const asPartner = new grpc.Metadata();
  asPartner.set('authorization', `Bearer ${partnerToken}`);

  // [case, path, method whose messages the path is sent with, metadata]
  const cases = [
    ['no token', '/mash.intake.v1.IntakeService/SubmitContact', 'SubmitContact', new grpc.Metadata()],
    ['no token, package capitalised', '/Mash.intake.v1.IntakeService/SubmitContact', 'SubmitContact', new grpc.Metadata()],
    ['no token, all lower case', '/mash.intake.v1.intakeservice/listcontacts', 'ListContacts', new grpc.Metadata()],
    ['partner, all upper case, a method partners may not call', '/MASH.INTAKE.V1.INTAKESERVICE/REQUESTAGENCYCHECKS', 'RequestAgencyChecks', asPartner],
  ];
  try {
    for (const [name, path, method, metadata] of cases) {
      const { requestSerialize, responseDeserialize } = IntakeService.service[method];
      const answer = await new Promise((resolve) => {
        client.makeUnaryRequest(path, requestSerialize, responseDeserialize, {}, metadata,
          { deadline: new Date(Date.now() + deadlineSeconds * 1000) },
          (err) => resolve(err ? { code: statusName(err.code), details: err.details ?? '' } : { code: 'OK', details: '' }));
      });
      process.stdout.write(JSON.stringify({ case: name, path, ...answer }) + '\n');
    }
  } finally {
    client.close();
  }
}

main().catch((err) => fail(err?.message ?? String(err)));
