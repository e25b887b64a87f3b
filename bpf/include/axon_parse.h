/* Packet parsing shared by axon's eBPF programs: bounds-checked walks from the
 * Ethernet header to the L4 header, written so the verifier can follow them. */
#ifndef AXON_PARSE_H
#define AXON_PARSE_H

#include <linux/types.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* Returns the TCP header of an IPv4 or IPv6 (no extension headers) packet, or NULL. */
static __always_inline struct tcphdr *axon_tcp_header(void *data, void *data_end)
{
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > data_end)
		return NULL;

	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);
		if ((void *)(ip + 1) > data_end || ip->protocol != IPPROTO_TCP || ip->ihl < 5)
			return NULL;
		/* Fragments after the first carry no TCP header. */
		if (ip->frag_off & bpf_htons(0x1fff))
			return NULL;
		struct tcphdr *tcp = (void *)ip + ip->ihl * 4;
		if ((void *)(tcp + 1) > data_end)
			return NULL;
		return tcp;
	}
	if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);
		if ((void *)(ip6 + 1) > data_end || ip6->nexthdr != IPPROTO_TCP)
			return NULL;
		struct tcphdr *tcp = (void *)(ip6 + 1);
		if ((void *)(tcp + 1) > data_end)
			return NULL;
		return tcp;
	}
	return NULL;
}

#endif /* AXON_PARSE_H */
