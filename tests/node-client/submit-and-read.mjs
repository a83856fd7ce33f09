#!/usr/bin/env node
// A Mash client in another language. It loads nothing but the .proto files of contracts/proto
// (no generated code, no C# types), submits one contact about one fictional child to
// mash.intake.v1.IntakeService over plaintext HTTP/2, reads it back with GetContact and checks
// that what comes back is what went in.
//
//   node submit-and-read.mjs --address 127.0.0.1:5101 [--token T] [--deadline-seconds 20]
//
// On success: one line of JSON on stdout, {"contactId","childId","familyName","concernCategory"},
// exit 0. On any error or mismatch: the reason on stderr, exit 1. Usage errors exit 2.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { loadIntakeService, statusName } from './intake-proto.mjs';

function fail(message) {
  process.stderr.write(`submit-and-read: ${message}\n`);
  process.exit(1);
}

function usage(message) {
  process.stderr.write(`submit-and-read: ${message}\n` +
    'usage: node submit-and-read.mjs --address HOST:PORT [--token TOKEN] [--deadline-seconds N]\n');
  process.exit(2);
}

function parseCommandLine() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        address: { type: 'string' },
        token: { type: 'string' },
        'deadline-seconds': { type: 'string', default: '20' },
      },
      strict: true,
    }));
  } catch (err) {
    usage(err.message);
  }
  if (!values.address || !/^[^\s:]+:\d+$/.test(values.address)) usage('--address HOST:PORT is required');
  const deadlineSeconds = Number(values['deadline-seconds']);
  if (!Number.isFinite(deadlineSeconds) || deadlineSeconds <= 0) usage('--deadline-seconds must be a positive number');
  return { address: values.address, token: values.token, deadlineSeconds };
}

// One fictional child, shaped like seeds/contacts/001-*.json (field names in camelCase).
function submitContactRequest() {
  const address = { lines: ['7 Imaginary Close'], town: 'Walsall', postcode: 'WS1 1TP' };
  return {
    idempotencyKey: `node-client-${randomUUID()}`,
    referrer: {
      agency: 'wmp',
      agencyName: 'West Midlands Police (fictional)',
      agencyKind: 'AGENCY_KIND_POLICE',
      referralSource: 'REFERRAL_SOURCE_POLICE',
      name: 'PC Node Clientson',
      role: 'response officer',
      email: 'node.clientson@police.example.org',
    },
    children: [
      {
        givenNames: 'Scripta',
        familyName: 'Nodewright',
        dateOfBirth: { year: 2017, month: 5, day: 21 },
        gender: 'GENDER_FEMALE',
        disability: 'DISABILITY_NOT_KNOWN',
        address,
        setting: { kind: 'SETTING_KIND_PRIMARY_SCHOOL', name: 'Imaginary Close Primary School (fictional)' },
      },
    ],
    household: [
      {
        givenNames: 'Parenta',
        familyName: 'Nodewright',
        relationship: 'RELATIONSHIP_MOTHER',
        livesWithChildren: true,
        hasParentalResponsibility: true,
      },
    ],
    concerns: [
      {
        category: 'CONCERN_CATEGORY_DOMESTIC_ABUSE',
        subject: 'CONCERN_SUBJECT_PARENT_OR_CARER',
        detail: 'Officers attended a verbal argument at the home; the child was present. All fictional.',
      },
    ],
    narrative: 'Fictional contact sent by the Node.js contract test (tests/node-client). No real people.',
    immediateRisk: false,
    informationOnly: false,
    consent: {
      state: 'CONSENT_STATE_NOT_SOUGHT',
      reason: 'Not sought: asking could alert the alleged perpetrator and place the child at risk.',
      decidedBy: 'PC Node Clientson, response officer',
      decidedAt: { seconds: String(Math.floor(Date.now() / 1000)), nanos: 0 },
    },
  };
}

function call(client, method, request, metadata, deadlineSeconds) {
  return new Promise((resolve, reject) => {
    const deadline = new Date(Date.now() + deadlineSeconds * 1000);
    client[method](request, metadata, { deadline }, (err, response) => {
      if (err) {
        reject(new Error(`${method} failed: ${statusName(err.code)}: ${err.details || err.message}`));
      } else {
        resolve(response);
      }
    });
  });
}

async function main() {
  const { address, token, deadlineSeconds } = parseCommandLine();

  let IntakeService;
  try {
    IntakeService = loadIntakeService();
  } catch (err) {
    fail(err.message);
  }

  const client = new IntakeService(address, grpc.credentials.createInsecure());
  const metadata = new grpc.Metadata();
  if (token) metadata.set('authorization', `Bearer ${token}`);

  try {
    const request = submitContactRequest();
    const submitted = await call(client, 'SubmitContact', request, metadata, deadlineSeconds);
    if (!submitted.contactId) throw new Error('SubmitContact returned no contact id');
    if (submitted.children.length !== 1 || !submitted.children[0].childId) {
      throw new Error(`SubmitContact returned ${submitted.children.length} child(ren), expected 1 with a child id`);
    }
    const childId = submitted.children[0].childId;

    const read = await call(client, 'GetContact', { contactId: submitted.contactId }, metadata, deadlineSeconds);
    const contact = read.contact;
    if (!contact) throw new Error(`GetContact(${submitted.contactId}) returned no contact`);

    const sentChild = request.children[0];
    const sentCategory = request.concerns[0].category;
    const readChild = contact.children[0]?.child;
    const mismatches = [];
    if (contact.contactId !== submitted.contactId) mismatches.push(`contact id ${JSON.stringify(contact.contactId)} != ${JSON.stringify(submitted.contactId)}`);
    if (contact.children.length !== 1) mismatches.push(`${contact.children.length} children read back, expected 1`);
    if (readChild?.familyName !== sentChild.familyName) mismatches.push(`child family name ${JSON.stringify(readChild?.familyName)} != ${JSON.stringify(sentChild.familyName)}`);
    if (readChild?.childId !== childId) mismatches.push(`child id ${JSON.stringify(readChild?.childId)} != ${JSON.stringify(childId)} (from SubmitContact)`);
    const readCategory = contact.concerns[0]?.category;
    if (contact.concerns.length !== 1 || readCategory !== sentCategory) {
      mismatches.push(`concern categories ${JSON.stringify(contact.concerns.map((c) => c.category))} != [${JSON.stringify(sentCategory)}]`);
    }
    if (mismatches.length > 0) throw new Error(`contact ${submitted.contactId} read back differs: ${mismatches.join('; ')}`);

    process.stdout.write(JSON.stringify({
      contactId: contact.contactId,
      childId: readChild.childId,
      familyName: readChild.familyName,
      concernCategory: readCategory,
    }) + '\n');
  } finally {
    client.close();
  }
}

main().catch((err) => fail(err?.message ?? String(err)));
