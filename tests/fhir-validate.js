#!/usr/bin/env node
// fhir-validate.js: validates FHIR R4 JSON files with the `fhir` npm
// package (an independent validator: its own StructureDefinitions and
// value sets), and fails on any error-level message.
//
// Usage: node fhir-validate.js FILE…
// The package is installed by tools/setup into tools/fhir-validator
// (pinned there by package-lock.json); LD_FHIR_VALIDATOR_DIR names
// another directory. Exit 0: all valid; 1: a file is not; 77: the
// validator is not installed.
'use strict';

const fs = require('fs');
const path = require('path');

const dir = process.env.LD_FHIR_VALIDATOR_DIR ||
  path.join(__dirname, '..', 'tools', 'fhir-validator');
let Fhir;
try {
  ({ Fhir } = require(path.join(dir, 'node_modules', 'fhir')));
} catch (e) {
  console.error(`The fhir package is not installed in ${dir}: ${e.message}`);
  process.exit(77);
}

const fhir = new Fhir();
let failed = false;
for (const file of process.argv.slice(2)) {
  const resource = JSON.parse(fs.readFileSync(file, 'utf8'));
  const result = fhir.validate(resource, { errorOnUnexpected: true });
  const errors = result.messages.filter((m) => m.severity === 'error');
  if (!result.valid || errors.length > 0) {
    failed = true;
    console.log(`${file}: ${resource.resourceType} ${resource.type || ''} is not valid FHIR R4`);
    for (const m of result.messages)
      console.log(`  ${m.severity} ${m.location}: ${m.message}`);
  } else {
    console.log(`${file}: ${resource.resourceType} ${resource.type || ''} valid` +
                ` (${(resource.entry || []).length} entries)`);
  }
}
process.exit(failed ? 1 : 0);
