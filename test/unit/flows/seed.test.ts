// The seed write-up's `hubble observe` lines, printed from GetFlowsResponse JSON (the shape
// `--input-file` reads) with the CLI defaults (IP translation on, UTC, StampMilli).
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {fromJsonString} from '@bufbuild/protobuf';
import {GetFlowsResponseSchema} from '../../../src/hubble/gen/observer/observer_pb.js';
import {formatCompact} from '../../../src/flows/print/compact.js';
import {formatJson} from '../../../src/flows/print/json.js';
import {DEFAULT_PRINT_OPTIONS} from '../../../src/flows/print/fields.js';

const dir = new URL('../../fixtures/flows/', import.meta.url);
const inputs = readFileSync(new URL('seed.jsonl', dir), 'utf8').trim().split('\n');
const wants = readFileSync(new URL('seed-compact.txt', dir), 'utf8').trim().split('\n');

describe('flows/print seed lines', () => {
  inputs.forEach((line, i) => {
    const resp = fromJsonString(GetFlowsResponseSchema, line);
    it(`compact line ${i + 1}`, () => {
      assert.equal(resp.responseTypes.case, 'flow');
      assert.equal(formatCompact(resp.responseTypes.value as never, DEFAULT_PRINT_OPTIONS), wants[i]);
    });
    it(`jsonpb round trip ${i + 1}`, () => assert.deepEqual(JSON.parse(formatJson(resp)), JSON.parse(line)));
  });
});
