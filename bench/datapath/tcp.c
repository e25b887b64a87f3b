// TCP throughput for bench/datapath.mjs: "tcp server PORT" accepts one connection and counts
// bytes until EOF; "tcp client IP PORT SECONDS" writes 128 KiB buffers for SECONDS.
// Both print "<bytes> <seconds>".
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static char buf[1 << 17];

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "server")) {
		int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
		setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[2]))};
		if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 1)) {
			perror("bind/listen");
			return 1;
		}
		printf("listening\n");
		fflush(stdout);
		int c = accept(s, NULL, NULL);
		double start = now();
		unsigned long long total = 0;
		ssize_t n;
		while ((n = read(c, buf, sizeof buf)) > 0)
			total += n;
		printf("%llu %.3f\n", total, now() - start);
		return 0;
	}
	if (argc >= 5 && !strcmp(argv[1], "client")) {
		int s = socket(AF_INET, SOCK_STREAM, 0);
		struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[3]))};
		inet_pton(AF_INET, argv[2], &a.sin_addr);
		if (connect(s, (struct sockaddr *)&a, sizeof a)) {
			perror("connect");
			return 1;
		}
		double secs = atof(argv[4]), start = now();
		unsigned long long total = 0;
		while (now() - start < secs) {
			ssize_t n = write(s, buf, sizeof buf);
			if (n <= 0)
				break;
			total += n;
		}
		close(s);
		printf("%llu %.3f\n", total, now() - start);
		return 0;
	}
	fprintf(stderr, "usage: %s server PORT | client IP PORT SECONDS\n", argv[0]);
	return 2;
}
