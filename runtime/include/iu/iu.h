// The extension API: include this one header.
#pragma once
#include <iu/abi.h>
#include <iu/array.h>
#include <iu/config.h>
#include <iu/context.h>
#include <iu/core.h>
#include <iu/helpers.h>
#include <iu/kernel_types.h>
#include <iu/kptr.h>
#include <iu/maps.h>
#include <iu/optional.h>
#include <iu/panic.h>
#include <iu/printk.h>
#include <iu/program.h>
#include <iu/result.h>
#include <iu/syscalls.h>
#include <iu/types.h>
