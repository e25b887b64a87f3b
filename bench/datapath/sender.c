// UDP flood for bench/datapath.mjs: raw IPv4+UDP packets through sendmmsg, every packet a new
// flow (source and destination port both change), optionally paced to a packet rate.
// usage: sender SRC DST SECONDS [PPS [FIRST]]   (FIRST: flow number to start at) prints: "<packets> <seconds>"
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define BATCH 256
#define LEN 46

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: %s SRC DST SECONDS [PPS [FIRST]]\n", argv[0]);
		return 2;
	}
	double secs = atof(argv[3]);
	double pps = argc > 4 ? atof(argv[4]) : 0;
	int fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	static unsigned char pkt[BATCH][LEN];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_in dst = {.sin_family = AF_INET};
	inet_pton(AF_INET, argv[2], &dst.sin_addr);
	memset(msgs, 0, sizeof msgs);
	for (int i = 0; i < BATCH; i++) {
		struct iphdr *ip = (struct iphdr *)pkt[i];
		ip->version = 4;
		ip->ihl = 5;
		ip->tot_len = htons(LEN);
		ip->ttl = 64;
		ip->protocol = IPPROTO_UDP;
		inet_pton(AF_INET, argv[1], &ip->saddr);
		ip->daddr = dst.sin_addr.s_addr;
		struct udphdr *u = (struct udphdr *)(ip + 1);
		u->len = htons(LEN - sizeof *ip);
		iov[i].iov_base = pkt[i];
		iov[i].iov_len = LEN;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
		msgs[i].msg_hdr.msg_name = &dst;
		msgs[i].msg_hdr.msg_namelen = sizeof dst;
	}
	unsigned long long sent = 0, seq = argc > 5 ? strtoull(argv[5], NULL, 10) : 0;
	double start = now(), t = start;
	while ((t = now()) - start < secs) {
		if (pps > 0 && sent > (t - start) * pps)
			continue;
		for (int i = 0; i < BATCH; i++, seq++) {
			struct udphdr *u = (struct udphdr *)(pkt[i] + sizeof(struct iphdr));
			u->source = htons(1024 + seq % 64000);
			u->dest = htons(1 + (seq / 64000) % 60000);
		}
		int n = sendmmsg(fd, msgs, BATCH, 0);
		if (n > 0)
			sent += n;
	}
	printf("%llu %.3f\n", sent, now() - start);
	return 0;
}
