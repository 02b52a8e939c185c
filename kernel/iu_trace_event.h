/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The trace event an image's trace_printk writes to the kernel trace
 * buffer (like bpf_trace_printk's): events/iu/iu_trace_printk, enabled
 * while iu.ko is loaded, read with /sys/kernel/tracing/trace_pipe.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM iu

#if !defined(IU_TRACE_EVENT_H) || defined(TRACE_HEADER_MULTI_READ)
#define IU_TRACE_EVENT_H

#include <linux/tracepoint.h>

TRACE_EVENT(iu_trace_printk,
	TP_PROTO(const char *text, unsigned int len),
	TP_ARGS(text, len),
	TP_STRUCT__entry(
		__dynamic_array(char, text, len + 1)
	),
	TP_fast_assign(
		memcpy(__get_dynamic_array(text), text, len);
		((char *)__get_dynamic_array(text))[len] = 0;
	),
	TP_printk("%s", __get_str(text))
);

#endif /* IU_TRACE_EVENT_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE iu_trace_event
#include <trace/define_trace.h>
