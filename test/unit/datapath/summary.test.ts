import assert from 'node:assert/strict';
import {icmpTypeCode, summary, tcpFlagsSummary} from '../../../src/datapath/summary.js';

describe('datapath: Summary text (hubble-observe.md 3.2)', () => {
  const rows: Array<[string, string, string]> = [
    ['SYN', tcpFlagsSummary(0x02), 'TCP Flags: SYN'],
    ['SYN-ACK in Hubble order', tcpFlagsSummary(0x12), 'TCP Flags: SYN, ACK'],
    ['ACK PSH', tcpFlagsSummary(0x18), 'TCP Flags: ACK, PSH'],
    ['FIN ACK', tcpFlagsSummary(0x11), 'TCP Flags: ACK, FIN'],
    ['RST ACK', tcpFlagsSummary(0x14), 'TCP Flags: ACK, RST'],
    ['all', tcpFlagsSummary(0xff), 'TCP Flags: SYN, ACK, RST, FIN, PSH, URG, ECE, CWR'],
    ['UDP', summary(17, false, 0, 0, 0), 'UDP'],
    ['SCTP', summary(132, false, 0, 0, 0), 'SCTP'],
    ['echo request', summary(1, false, 0, 8, 0), 'ICMPv4 EchoRequest'],
    ['echo reply', summary(1, false, 0, 0, 0), 'ICMPv4 EchoReply'],
    ['code table', icmpTypeCode(false, 3, 3), 'DestinationUnreachable(Port)'],
    ['time exceeded', icmpTypeCode(false, 11, 0), 'TimeExceeded(TTLExceeded)'],
    ['unknown code', icmpTypeCode(false, 3, 77), 'DestinationUnreachable(Code: 77)'],
    ['code on a type without codes', icmpTypeCode(false, 8, 7), 'EchoRequest(Code: 7)'],
    ['unknown type', icmpTypeCode(false, 99, 4), '99(4)'],
    ['ICMPv6 echo', summary(58, true, 0, 128, 0), 'ICMPv6 EchoRequest'],
    ['ICMPv6 neighbor solicitation', summary(58, true, 0, 135, 0), 'ICMPv6 NeighborSolicitation'],
    ['other IPv4 protocol', summary(47, false, 0, 0, 0), 'IPv4'],
    ['other IPv6 protocol', summary(47, true, 0, 0, 0), 'IPv6'],
  ];
  for (const [name, got, want] of rows) it(name, () => assert.equal(got, want));
});
