// A minimal reader for the .BTF section of an object: enough type information to find map
// definitions (SEC(".maps")) and the types of global variables. Layout from the kernel's
// uapi linux/btf.h (header, then 12-byte btf_type records with kind-specific tails).
export type BtfType =
  | {id: number; kind: 'int'; name: string; size: number; signed: boolean}
  | {id: number; kind: 'ptr'; name: string; type: number}
  | {id: number; kind: 'array'; name: string; elem: number; nelems: number}
  | {id: number; kind: 'struct' | 'union'; name: string; size: number; members: Array<{name: string; type: number}>}
  | {id: number; kind: 'enum'; name: string; size: number}
  | {id: number; kind: 'modifier'; name: string; type: number} // typedef, volatile, const, restrict, type_tag
  | {id: number; kind: 'var'; name: string; type: number}
  | {id: number; kind: 'datasec'; name: string; size: number; vars: Array<{type: number; offset: number; size: number}>}
  | {id: number; kind: 'float'; name: string; size: number}
  | {id: number; kind: 'other'; name: string};

export interface Btf {
  /** indexed by type id; [0] is void */
  types: Array<BtfType>;
}

const KIND = {INT: 1, PTR: 2, ARRAY: 3, STRUCT: 4, UNION: 5, ENUM: 6, FWD: 7, TYPEDEF: 8, VOLATILE: 9, CONST: 10, RESTRICT: 11, FUNC: 12, FUNC_PROTO: 13, VAR: 14, DATASEC: 15, FLOAT: 16, DECL_TAG: 17, TYPE_TAG: 18, ENUM64: 19};

export function parseBtf(b: Buffer): Btf {
  if (b.length < 24 || b.readUInt16LE(0) !== 0xeb9f) throw new Error('bad BTF magic');
  const hdrLen = b.readUInt32LE(4);
  const typeOff = hdrLen + b.readUInt32LE(8);
  const typeLen = b.readUInt32LE(12);
  const strOff = hdrLen + b.readUInt32LE(16);
  const strLen = b.readUInt32LE(20);
  if (typeOff + typeLen > b.length || strOff + strLen > b.length) throw new Error('BTF section truncated');
  const str = (off: number) => {
    const end = b.indexOf(0, strOff + off);
    return b.toString('latin1', strOff + off, end < 0 ? strOff + strLen : end);
  };
  const types: BtfType[] = [{id: 0, kind: 'other', name: 'void'}];
  let o = typeOff;
  const end = typeOff + typeLen;
  while (o < end) {
    const id = types.length;
    const name = str(b.readUInt32LE(o));
    const info = b.readUInt32LE(o + 4);
    const sizeOrType = b.readUInt32LE(o + 8);
    const vlen = info & 0xffff;
    const kind = (info >>> 24) & 0x1f;
    o += 12;
    switch (kind) {
      case KIND.INT:
        types.push({id, kind: 'int', name, size: sizeOrType, signed: ((b.readUInt32LE(o) >>> 24) & 1) === 1});
        o += 4;
        break;
      case KIND.PTR:
        types.push({id, kind: 'ptr', name, type: sizeOrType});
        break;
      case KIND.ARRAY:
        types.push({id, kind: 'array', name, elem: b.readUInt32LE(o), nelems: b.readUInt32LE(o + 8)});
        o += 12;
        break;
      case KIND.STRUCT:
      case KIND.UNION: {
        const members = [];
        for (let i = 0; i < vlen; i++, o += 12) members.push({name: str(b.readUInt32LE(o)), type: b.readUInt32LE(o + 4)});
        types.push({id, kind: kind === KIND.STRUCT ? 'struct' : 'union', name, size: sizeOrType, members});
        break;
      }
      case KIND.ENUM:
        types.push({id, kind: 'enum', name, size: sizeOrType});
        o += vlen * 8;
        break;
      case KIND.ENUM64:
        types.push({id, kind: 'enum', name, size: sizeOrType});
        o += vlen * 12;
        break;
      case KIND.TYPEDEF:
      case KIND.VOLATILE:
      case KIND.CONST:
      case KIND.RESTRICT:
      case KIND.TYPE_TAG:
        types.push({id, kind: 'modifier', name, type: sizeOrType});
        break;
      case KIND.VAR:
        types.push({id, kind: 'var', name, type: sizeOrType});
        o += 4;
        break;
      case KIND.DATASEC: {
        const vars = [];
        for (let i = 0; i < vlen; i++, o += 12) vars.push({type: b.readUInt32LE(o), offset: b.readUInt32LE(o + 4), size: b.readUInt32LE(o + 8)});
        types.push({id, kind: 'datasec', name, size: sizeOrType, vars});
        break;
      }
      case KIND.FLOAT:
        types.push({id, kind: 'float', name, size: sizeOrType});
        break;
      case KIND.FUNC_PROTO:
        types.push({id, kind: 'other', name});
        o += vlen * 8;
        break;
      case KIND.DECL_TAG:
        types.push({id, kind: 'other', name});
        o += 4;
        break;
      case KIND.FWD:
      case KIND.FUNC:
        types.push({id, kind: 'other', name});
        break;
      default:
        throw new Error(`unknown BTF kind ${kind} (type ${id})`);
    }
  }
  return {types};
}

/** Follow typedef/const/volatile/restrict/type_tag to the underlying type. */
export function stripModifiers(btf: Btf, id: number): BtfType | undefined {
  let t = btf.types[id];
  for (let i = 0; t?.kind === 'modifier' && i < 32; i++) t = btf.types[t.type];
  return t;
}

export function resolveSize(btf: Btf, id: number): number {
  const t = stripModifiers(btf, id);
  if (!t) return 0;
  switch (t.kind) {
    case 'int':
    case 'struct':
    case 'union':
    case 'enum':
    case 'float':
    case 'datasec':
      return t.size;
    case 'ptr':
      return 8;
    case 'array':
      return t.nelems * resolveSize(btf, t.elem);
    default:
      return 0;
  }
}
