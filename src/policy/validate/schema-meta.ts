// ObjectMeta fields a manifest may carry; anything else is an unknown field.
import type {Schema} from './schema.js';

const s: Schema = {type: 'string'};
const m: Schema = {type: 'map', values: s};
export const metadataSchema: Schema = {
  type: 'object',
  props: {
    name: s,
    generateName: s,
    namespace: s,
    labels: m,
    annotations: m,
    uid: s,
    resourceVersion: s,
    generation: {type: 'integer'},
    creationTimestamp: {type: 'any'},
    deletionTimestamp: {type: 'any'},
    deletionGracePeriodSeconds: {type: 'integer'},
    finalizers: {type: 'array', items: s},
    ownerReferences: {type: 'any'},
    managedFields: {type: 'any'},
    selfLink: s,
  },
};
