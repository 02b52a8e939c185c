// Trace event fields (iu/tracepoint.h): where the running kernel's record
// of each event an image reads holds each field, from the event's format
// in tracefs (docs/kernel-types.md).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <iu/image.h>

namespace iu {

// Writes into config (.iu.config's bytes) each field's offset, size and
// sign from events_dir/<category>/<event>/format. 0, or a negative errno
// with *error naming the field: an event or field this kernel lacks, or a
// field of another kind or wider than the image's accessor.
int resolve_tracepoint_fields(const std::string &events_dir, const std::vector<TpField> &fields,
                              std::vector<uint8_t> *config, std::string *error);

// The same against the running kernel's tracefs (/sys/kernel/tracing, or
// under debugfs).
int resolve_tracepoint_fields(const std::vector<TpField> &fields, std::vector<uint8_t> *config,
                              std::string *error);

} // namespace iu
