/* Layouts shared by bpf/flow.bpf.c and src/datapath (event.ts, maps.ts): the ring-buffer
 * event, the per-flow state, and the endpoint, ipcache and policy maps. Every struct is
 * naturally aligned with explicit padding, so the JS side can read fixed offsets. */
#ifndef AXON_FLOW_H
#define AXON_FLOW_H

#include <linux/types.h>

/* Monitor message types (event_type.type), as Cilium numbers them. */
#define AXON_MSG_DROP 1
#define AXON_MSG_TRACE 4
#define AXON_MSG_POLICY_VERDICT 5

/* Trace observation points (event_type.sub_type of a trace). */
#define AXON_OBS_TO_ENDPOINT 0
#define AXON_OBS_FROM_ENDPOINT 5

/* Drop reasons (event_type.sub_type of a drop). */
#define AXON_DROP_POLICY 133
#define AXON_DROP_POLICY_DENY 181

/* Reserved identities. */
#define AXON_ID_HOST 1
#define AXON_ID_WORLD 2

/* axon_flow_event.flags */
#define AXON_EV_REPLY 0x01       /* is_reply true */
#define AXON_EV_REPLY_KNOWN 0x02 /* is_reply is set at all (drops leave it unknown) */
#define AXON_EV_INGRESS 0x04     /* policy direction of a verdict or drop: ingress, else egress */
#define AXON_EV_IPV6 0x08
#define AXON_EV_NEW 0x10         /* first packet of the flow (trace reason NEW) */

/* One ring-buffer record, 64 bytes. Addresses in network order (IPv4 in the first 4
 * bytes), ports in host order; for ICMP sport = type and dport = code. */
struct axon_flow_event {
	__u64 ts_ns;      /* bpf_ktime_get_ns (CLOCK_MONOTONIC) */
	__u8 saddr[16];
	__u8 daddr[16];
	__u16 sport;
	__u16 dport;
	__u32 ifindex;    /* host-side veth */
	__u32 src_identity;
	__u32 dst_identity;
	__u16 ep_id;      /* endpoint whose veth saw the packet */
	__u8 type;        /* AXON_MSG_* */
	__u8 sub_type;    /* observation point, or drop reason */
	__u8 proto;       /* IPPROTO_* */
	__u8 tcp_flags;   /* byte 13 of the TCP header: FIN 0x01 SYN 0x02 RST 0x04 PSH 0x08 ACK 0x10 URG 0x20 ECE 0x40 CWR 0x80 */
	__u8 flags;       /* AXON_EV_* */
	__u8 match_type;  /* policy match type of a verdict: 1 L3-Only, 2 L3-L4, 3 L4-Only, 4 all */
};

/* Per-flow state, keyed by the tuple of the flow's first packet. */
struct axon_ct_key {
	__u8 saddr[16];
	__u8 daddr[16];
	__u16 sport;
	__u16 dport;
	__u8 proto;
	__u8 family;
	__u8 pad[2];
};

/* Bits of axon_ct_val.seen, 4 per (observation point, direction). */
#define AXON_CT_SEEN 0x1
#define AXON_CT_SYN 0x2
#define AXON_CT_FIN 0x4
#define AXON_CT_RST 0x8

struct axon_ct_val {
	__u32 seen;
	__u32 pad;
};

/* endpoints: host-side ifindex -> endpoint. */
#define AXON_ENFORCE_INGRESS 0x1
#define AXON_ENFORCE_EGRESS 0x2
struct axon_endpoint {
	__u32 ep_id;
	__u32 identity;
	__u32 flags;      /* AXON_ENFORCE_* (default deny per direction) */
	__u32 pad;
};

/* ipcache: LPM trie, address -> identity. prefixlen counts the family word too (32 + IP bits). */
struct axon_ipcache_key {
	__u32 prefixlen;
	__u32 family;     /* 4 or 6 */
	__u8 addr[16];
};

/* policy: (subject identity, peer identity, port, protocol, direction) -> action.
 * dport 0 = every port of proto, proto 0 = every protocol (then dport is 0 too). */
#define AXON_DIR_INGRESS 0
#define AXON_DIR_EGRESS 1
struct axon_policy_key {
	__u32 identity;
	__u32 peer;
	__u16 dport;      /* host order; ICMP type for ICMP */
	__u8 proto;
	__u8 dir;
};

#define AXON_POLICY_ALLOW 1
#define AXON_POLICY_DENY 2
struct axon_policy_val {
	__u8 action;
	__u8 match_type;
	__u8 reason;      /* drop reason of a deny: 181 (deny rule) or 133 (default deny) */
	__u8 pad;
};

/* counters: per-CPU array indexes. */
#define AXON_CNT_EVENTS 0
#define AXON_CNT_LOST 1
#define AXON_CNT_POLICY_DROPS 2
#define AXON_CNT_PACKETS 3
#define AXON_CNT_MAX 4

#endif /* AXON_FLOW_H */
