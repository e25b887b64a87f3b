// Flow.Summary for L3/L4 events, as Hubble's parser builds it from the last decoded layer
// (hubble-observe.md 3.2): "TCP Flags: SYN, ACK", "UDP", "ICMPv4 EchoRequest", "IPv4".
export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
export const TCP_URG = 0x20;
export const TCP_ECE = 0x40;
export const TCP_CWR = 0x80;

// Hubble's fixed order.
const FLAG_ORDER: Array<[number, string]> = [
  [TCP_SYN, 'SYN'],
  [TCP_ACK, 'ACK'],
  [TCP_RST, 'RST'],
  [TCP_FIN, 'FIN'],
  [TCP_PSH, 'PSH'],
  [TCP_URG, 'URG'],
  [TCP_ECE, 'ECE'],
  [TCP_CWR, 'CWR'],
];

const TCP_TEXT: string[] = [];

export function tcpFlagsSummary(flags: number): string {
  return (TCP_TEXT[flags] ??= `TCP Flags: ${FLAG_ORDER.filter(([bit]) => flags & bit).map(([, n]) => n).join(', ')}`);
}

type Codes = Record<number, string>;
interface TypeInfo {
  name: string;
  codes?: Codes;
}

// gopacket's ICMPv4/ICMPv6 type and code names.
const ICMP4: Record<number, TypeInfo> = {
  0: {name: 'EchoReply'},
  3: {
    name: 'DestinationUnreachable',
    codes: {
      0: 'Net', 1: 'Host', 2: 'Protocol', 3: 'Port', 4: 'FragmentationNeeded', 5: 'SourceRoutingFailed',
      6: 'NetUnknown', 7: 'HostUnknown', 8: 'SourceIsolated', 9: 'NetAdminProhibited', 10: 'HostAdminProhibited',
      11: 'NetTOS', 12: 'HostTOS', 13: 'CommAdminProhibited', 14: 'HostPrecedence', 15: 'PrecedenceCutoff',
    },
  },
  4: {name: 'SourceQuench'},
  5: {name: 'Redirect', codes: {0: 'Network', 1: 'Host', 2: 'TOS+Network', 3: 'TOS+Host'}},
  8: {name: 'EchoRequest'},
  9: {name: 'RouterAdvertisement'},
  10: {name: 'RouterSolicitation'},
  11: {name: 'TimeExceeded', codes: {0: 'TTLExceeded', 1: 'FragmentReassemblyTimeExceeded'}},
  12: {name: 'ParameterProblem', codes: {0: 'PointerIndicatesError', 1: 'MissingOption', 2: 'BadLength'}},
  13: {name: 'TimestampRequest'},
  14: {name: 'TimestampReply'},
  15: {name: 'InfoRequest'},
  16: {name: 'InfoReply'},
  17: {name: 'AddressMaskRequest'},
  18: {name: 'AddressMaskReply'},
};

const ICMP6: Record<number, TypeInfo> = {
  1: {
    name: 'DestinationUnreachable',
    codes: {0: 'NoRouteToDst', 1: 'AdminProhibited', 2: 'BeyondScopeOfSrc', 3: 'Unreachable', 4: 'PortUnreachable', 5: 'SrcAddressFailedPolicy', 6: 'RejectRouteToDst'},
  },
  2: {name: 'PacketTooBig'},
  3: {name: 'TimeExceeded', codes: {0: 'HopLimitExceeded', 1: 'FragmentReassemblyTimeExceeded'}},
  4: {name: 'ParameterProblem', codes: {0: 'ErroneousHeaderField', 1: 'UnrecognizedNextHeader', 2: 'UnrecognizedIPv6Option'}},
  128: {name: 'EchoRequest'},
  129: {name: 'EchoReply'},
  130: {name: 'MulticastListenerQuery'},
  131: {name: 'MulticastListenerReport'},
  132: {name: 'MulticastListenerDone'},
  133: {name: 'RouterSolicitation'},
  134: {name: 'RouterAdvertisement'},
  135: {name: 'NeighborSolicitation'},
  136: {name: 'NeighborAdvertisement'},
  137: {name: 'Redirect'},
};

/** gopacket's ICMPv4TypeCode/ICMPv6TypeCode String(). */
export function icmpTypeCode(v6: boolean, type: number, code: number): string {
  const info = (v6 ? ICMP6 : ICMP4)[type];
  if (!info) return `${type}(${code})`;
  if (!info.codes) return code === 0 ? info.name : `${info.name}(Code: ${code})`;
  const c = info.codes[code];
  return c === undefined ? `${info.name}(Code: ${code})` : `${info.name}(${c})`;
}

/** For ICMP, icmpType/icmpCode; other protocols end at the IP layer. */
export function summary(proto: number, v6: boolean, tcpFlags: number, icmpType: number, icmpCode: number): string {
  if (proto === 6) return tcpFlagsSummary(tcpFlags);
  if (proto === 17) return 'UDP';
  if (proto === 132) return 'SCTP';
  if (proto === 1 && !v6) return `ICMPv4 ${icmpTypeCode(false, icmpType, icmpCode)}`;
  if (proto === 58 && v6) return `ICMPv6 ${icmpTypeCode(true, icmpType, icmpCode)}`;
  return v6 ? 'IPv6' : 'IPv4';
}
