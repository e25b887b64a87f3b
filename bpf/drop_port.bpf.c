// Drops TCP packets to one destination port and counts them per port.
// The port is a load-time constant: `axon bpf load bpf/drop_port.bpf.o --set port=5432`.
// drop_port_tc runs on tcx or tc clsact (either direction), drop_port_xdp on XDP (ingress).
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include "axon_parse.h"

/* Destination port to drop, host byte order; rewritten in .rodata before load. */
const volatile __u16 port = 3306;

/* Dropped packets per destination port (host byte order). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u16);
	__type(value, __u64);
} drop_count SEC(".maps");

static __always_inline int should_drop(void *data, void *data_end)
{
	struct tcphdr *tcp = axon_tcp_header(data, data_end);
	if (!tcp)
		return 0;
	__u16 dport = bpf_ntohs(tcp->dest);
	if (dport != port)
		return 0;

	__u64 one = 1;
	__u64 *n = bpf_map_lookup_elem(&drop_count, &dport);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&drop_count, &dport, &one, BPF_NOEXIST);
	return 1;
}

SEC("tc")
int drop_port_tc(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	/* TC_ACT_UNSPEC lets the next tcx program or clsact filter decide (TCX_NEXT). */
	return should_drop(data, data_end) ? TC_ACT_SHOT : TC_ACT_UNSPEC;
}

SEC("xdp")
int drop_port_xdp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	return should_drop(data, data_end) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";
