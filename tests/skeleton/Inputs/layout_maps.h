// Declared in a header that both layout.cpp and layout_more.cpp include:
// one map, recorded once.
#pragma once
#include <iu/iu.h>

#include "layout_shared.h"

IU_MAP(shared_events, iu::events<demo::event>);
