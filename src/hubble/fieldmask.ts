// google.protobuf.FieldMask over Flow messages, by proto field names (`source.pod_name`, `IP`),
// as Hubble's GetFlows field_mask: only the listed paths are copied into the response.
import {create, type DescMessage, type Message} from '@bufbuild/protobuf';

interface MaskNode {
  [protoName: string]: MaskNode | true;
}

/** Build the path tree; throws with the first invalid path. */
export function compileFieldMask(schema: DescMessage, paths: readonly string[]): MaskNode {
  const root: MaskNode = {};
  for (const path of paths) {
    let desc: DescMessage | undefined = schema;
    let node = root;
    const parts = path.split('.');
    parts.forEach((part, i) => {
      const field = desc?.fields.find((f) => f.name === part);
      if (!field) throw new Error(`proto: invalid path "${path}" for message "${schema.typeName}"`);
      const last = i === parts.length - 1;
      if (last) {
        node[part] = true;
        return;
      }
      if (field.fieldKind !== 'message') throw new Error(`invalid field mask path "${path}": ${part} is not a message`);
      const child = node[part];
      if (child === true) {
        desc = undefined;
        return;
      }
      node = node[part] = child ?? {};
      desc = field.message;
    });
  }
  return root;
}

/** A copy of msg holding only the masked fields (values shared, not cloned). */
export function applyFieldMask<T extends Message>(schema: DescMessage, msg: T, mask: MaskNode): T {
  const out = create(schema) as unknown as Record<string, unknown>;
  const src = msg as unknown as Record<string, unknown>;
  for (const field of schema.fields) {
    const m = mask[field.name];
    if (!m) continue;
    if (field.oneof) {
      const o = src[field.oneof.localName] as {case?: string; value?: unknown};
      if (o.case === field.localName) out[field.oneof.localName] = m === true ? o : {case: o.case, value: applyFieldMask(field.message!, o.value as Message, m)};
      continue;
    }
    const v = src[field.localName];
    if (m === true || v === undefined || field.fieldKind !== 'message') out[field.localName] = v;
    else out[field.localName] = applyFieldMask(field.message, v as Message, m);
  }
  return out as unknown as T;
}
