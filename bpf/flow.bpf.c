// Flow observation and L3/L4 policy enforcement on each endpoint's host-side veth.
// flow_ingress runs on the veth's ingress (packets from the pod: "from-endpoint", the pod's
// egress policy), flow_egress on its egress (packets to the pod: "to-endpoint", ingress
// policy). One object serves every endpoint: the endpoint is found by skb->ifindex.
// Events go to a ring buffer that the agent walks through mmap, so submits never wake anyone.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "axon_flow.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20);
} axon_events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 262144);
	__type(key, struct axon_ct_key);
	__type(value, struct axon_ct_val);
} axon_ct SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, struct axon_endpoint);
} axon_endpoints SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 16384);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct axon_ipcache_key);
	__type(value, __u32);
} axon_ipcache SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, struct axon_policy_key);
	__type(value, struct axon_policy_val);
} axon_policy SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, AXON_CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} axon_counters SEC(".maps");

struct packet {
	struct axon_ct_key key; /* tuple as seen, ports host order */
	__u16 sport;            /* event ports (ICMP: type, code) */
	__u16 dport;
	__u16 policy_port;      /* port used for policy: dport, or ICMP type */
	__u8 tcp_flags;
};

static __always_inline void count(__u32 idx)
{
	__u64 *n = bpf_map_lookup_elem(&axon_counters, &idx);
	if (n)
		*n += 1; /* per-CPU slot: no atomic needed */
}

static __always_inline int parse_l4(void *l4, void *data_end, __u8 proto, struct packet *p)
{
	if (proto == IPPROTO_TCP) {
		struct tcphdr *t = l4;
		if ((void *)(t + 1) > data_end)
			return -1;
		p->sport = bpf_ntohs(t->source);
		p->dport = bpf_ntohs(t->dest);
		p->tcp_flags = ((__u8 *)t)[13];
	} else if (proto == IPPROTO_UDP || proto == IPPROTO_SCTP) {
		/* SCTP's common header starts with the two ports too. */
		struct udphdr *u = l4;
		if ((void *)(u + 1) > data_end)
			return -1;
		p->sport = bpf_ntohs(u->source);
		p->dport = bpf_ntohs(u->dest);
	} else if (proto == IPPROTO_ICMP || proto == IPPROTO_ICMPV6) {
		struct icmphdr *ic = l4;
		if ((void *)(ic + 1) > data_end)
			return -1;
		p->sport = ic->type;
		p->dport = ic->code;
		p->policy_port = ic->type;
		/* Echo request and reply share the id: key both directions on it so the
		 * reply finds the request's flow. */
		int echo = proto == IPPROTO_ICMP ? (ic->type == ICMP_ECHO || ic->type == ICMP_ECHOREPLY)
						 : (ic->type == ICMPV6_ECHO_REQUEST || ic->type == ICMPV6_ECHO_REPLY);
		__u16 id = echo ? bpf_ntohs(ic->un.echo.id) : (__u16)(ic->type << 8 | ic->code);
		p->key.sport = id;
		p->key.dport = echo ? id : 0;
		return 0;
	} else {
		return 0; /* other protocols: addresses only */
	}
	p->key.sport = p->sport;
	p->key.dport = p->dport;
	p->policy_port = p->dport;
	return 0;
}

/* 0 = parsed, -1 = not an IP packet we follow (ARP, truncated, ...). */
static __always_inline int parse(struct __sk_buff *skb, struct packet *p)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > data_end)
		return -1;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);
		if ((void *)(ip + 1) > data_end || ip->ihl < 5)
			return -1;
		p->key.family = 4;
		p->key.proto = ip->protocol;
		__builtin_memcpy(p->key.saddr, &ip->saddr, 4);
		__builtin_memcpy(p->key.daddr, &ip->daddr, 4);
		if (ip->frag_off & bpf_htons(0x1fff))
			return 0; /* later fragments carry no L4 header */
		return parse_l4((void *)ip + ip->ihl * 4, data_end, ip->protocol, p);
	}
	if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);
		if ((void *)(ip6 + 1) > data_end)
			return -1;
		p->key.family = 6;
		p->key.proto = ip6->nexthdr;
		__builtin_memcpy(p->key.saddr, &ip6->saddr, 16);
		__builtin_memcpy(p->key.daddr, &ip6->daddr, 16);
		return parse_l4(ip6 + 1, data_end, ip6->nexthdr, p);
	}
	return -1;
}

static __always_inline __u32 identity_of(const __u8 *addr, __u8 family)
{
	struct axon_ipcache_key k = {.prefixlen = 32 + (family == 4 ? 32 : 128), .family = family};
	__builtin_memcpy(k.addr, addr, 16);
	__u32 *id = bpf_map_lookup_elem(&axon_ipcache, &k);
	return id ? *id : AXON_ID_WORLD;
}

/* Most specific entry first: (port, proto), (all ports, proto), (all protocols). */
static __always_inline struct axon_policy_val *policy_lookup(__u32 self, __u32 peer, __u16 port, __u8 proto, __u8 dir)
{
	struct axon_policy_key k = {.identity = self, .peer = peer, .dport = port, .proto = proto, .dir = dir};
	struct axon_policy_val *v = bpf_map_lookup_elem(&axon_policy, &k);
	if (v)
		return v;
	k.dport = 0;
	v = bpf_map_lookup_elem(&axon_policy, &k);
	if (v)
		return v;
	k.proto = 0;
	return bpf_map_lookup_elem(&axon_policy, &k);
}

static __always_inline void emit(const struct packet *p, const struct axon_endpoint *ep, __u32 ifindex,
				 __u32 src_id, __u32 dst_id, __u8 type, __u8 sub_type, __u8 flags, __u8 match_type)
{
	struct axon_flow_event *e = bpf_ringbuf_reserve(&axon_events, sizeof(*e), 0);
	if (!e) {
		count(AXON_CNT_LOST);
		return;
	}
	e->ts_ns = bpf_ktime_get_ns();
	__builtin_memcpy(e->saddr, p->key.saddr, 16);
	__builtin_memcpy(e->daddr, p->key.daddr, 16);
	e->sport = p->sport;
	e->dport = p->dport;
	e->ifindex = ifindex;
	e->src_identity = src_id;
	e->dst_identity = dst_id;
	e->ep_id = ep->ep_id;
	e->type = type;
	e->sub_type = sub_type;
	e->proto = p->key.proto;
	e->tcp_flags = p->tcp_flags;
	e->flags = flags | (p->key.family == 6 ? AXON_EV_IPV6 : 0);
	e->match_type = match_type;
	bpf_ringbuf_submit(e, BPF_RB_NO_WAKEUP);
	count(AXON_CNT_EVENTS);
}

static __always_inline void reverse(const struct axon_ct_key *in, struct axon_ct_key *out)
{
	__builtin_memcpy(out->saddr, in->daddr, 16);
	__builtin_memcpy(out->daddr, in->saddr, 16);
	out->sport = in->dport;
	out->dport = in->sport;
	out->proto = in->proto;
	out->family = in->family;
}

static __always_inline int handle(struct __sk_buff *skb, const int to_ep)
{
	__u32 ifindex = skb->ifindex;
	struct axon_endpoint *ep = bpf_map_lookup_elem(&axon_endpoints, &ifindex);
	if (!ep)
		return TC_ACT_UNSPEC;
	count(AXON_CNT_PACKETS);

	struct packet p = {};
	if (parse(skb, &p) < 0)
		return TC_ACT_UNSPEC;

	int reply = 0;
	struct axon_ct_val *ct = bpf_map_lookup_elem(&axon_ct, &p.key);
	if (!ct) {
		struct axon_ct_key rk = {};
		reverse(&p.key, &rk);
		ct = bpf_map_lookup_elem(&axon_ct, &rk);
		reply = ct != NULL;
	}

	__u32 self = ep->identity;
	__u32 peer = identity_of(to_ep ? p.key.saddr : p.key.daddr, p.key.family);
	__u32 src_id = to_ep ? peer : self;
	__u32 dst_id = to_ep ? self : peer;
	__u8 point = to_ep ? AXON_OBS_TO_ENDPOINT : AXON_OBS_FROM_ENDPOINT;
	__u8 dir_flag = to_ep ? AXON_EV_INGRESS : 0;

	/* What this packet adds to what the flow has shown at this point and direction. */
	__u32 shift = ((to_ep ? 2 : 0) + reply) * 4;
	__u32 want = AXON_CT_SEEN;
	if (p.key.proto == IPPROTO_TCP) {
		if (p.tcp_flags & 0x02)
			want |= AXON_CT_SYN;
		if (p.tcp_flags & 0x01)
			want |= AXON_CT_FIN;
		if (p.tcp_flags & 0x04)
			want |= AXON_CT_RST;
	}
	__u32 fresh = ct ? want & ~(ct->seen >> shift) : want;

	/* Replies of an allowed flow are not re-evaluated (connection tracking). */
	__u8 match_type = 0;
	int verdict_event = 0;
	if (!reply) {
		__u8 dir = to_ep ? AXON_DIR_INGRESS : AXON_DIR_EGRESS;
		__u32 enforce = ep->flags & (to_ep ? AXON_ENFORCE_INGRESS : AXON_ENFORCE_EGRESS);
		struct axon_policy_val *pv = policy_lookup(self, peer, p.policy_port, p.key.proto, dir);
		__u8 reason = 0;
		if (pv && pv->action == AXON_POLICY_DENY)
			reason = pv->reason ? pv->reason : AXON_DROP_POLICY_DENY;
		else if (enforce && !pv)
			reason = AXON_DROP_POLICY;
		if (reason) {
			count(AXON_CNT_POLICY_DROPS);
			emit(&p, ep, ifindex, src_id, dst_id, AXON_MSG_POLICY_VERDICT, 0, dir_flag, pv ? pv->match_type : 0);
			emit(&p, ep, ifindex, src_id, dst_id, AXON_MSG_DROP, reason, dir_flag, 0);
			return TC_ACT_SHOT;
		}
		/* Cilium reports allowed verdicts for new flows where policy is enforced. */
		verdict_event = enforce && (fresh & AXON_CT_SEEN);
		match_type = pv ? pv->match_type : 0;
	}

	if (!ct) {
		struct axon_ct_val v = {.seen = want << shift};
		bpf_map_update_elem(&axon_ct, &p.key, &v, BPF_NOEXIST);
	} else if (fresh) {
		/* A race between CPUs can at worst repeat one event. */
		ct->seen |= fresh << shift;
	}

	__u8 tflags = AXON_EV_REPLY_KNOWN | (reply ? AXON_EV_REPLY : (fresh & AXON_CT_SEEN ? AXON_EV_NEW : 0)) | dir_flag;
	if (verdict_event && to_ep)
		emit(&p, ep, ifindex, src_id, dst_id, AXON_MSG_POLICY_VERDICT, 0, dir_flag | AXON_EV_REPLY_KNOWN, match_type);
	if (fresh)
		emit(&p, ep, ifindex, src_id, dst_id, AXON_MSG_TRACE, point, tflags, 0);
	if (verdict_event && !to_ep)
		emit(&p, ep, ifindex, src_id, dst_id, AXON_MSG_POLICY_VERDICT, 0, dir_flag | AXON_EV_REPLY_KNOWN, match_type);
	return TC_ACT_UNSPEC;
}

SEC("tc")
int flow_ingress(struct __sk_buff *skb)
{
	return handle(skb, 0);
}

SEC("tc")
int flow_egress(struct __sk_buff *skb)
{
	return handle(skb, 1);
}
