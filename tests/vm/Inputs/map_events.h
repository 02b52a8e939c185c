/* The record map_events.cpp sends and iu-map-client prints: one header for
 * the extension (C++) and the client (C). */
#ifndef MAP_EVENTS_H
#define MAP_EVENTS_H
#include <iu/abi.h>

struct write_event {
	iu_u64 seq;       /* 1, 2, ... per write of the target task */
	iu_u32 fd;
	iu_u32 cpu;
	iu_u64 len;
	char comm[16];
};

#endif
