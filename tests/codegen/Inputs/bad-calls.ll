; Input for verify-ir.test (split with split-file): calls the final IR
; must not contain, one per file, and what it may contain.

;--- asm.ll
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define void @uses_asm() {
  call void asm sideeffect "nop", ""()
  ret void
}

;--- indirect.ll
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define void @uses_indirect(ptr %f) {
  call void %f()
  ret void
}

;--- external.ll
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @external_thing()

define void @uses_external() {
  call void @external_thing()
  ret void
}

;--- trap.ll
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @llvm.trap()

define void @uses_trap() {
  call void @llvm.trap()
  ret void
}

;--- address.ll
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @external_thing()

@fp = hidden global ptr @external_thing

;--- allowed.ll
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; Helpers, the runtime, sanitizer handlers, memory intrinsics and functions
; defined here are fine.
declare i64 @iu_trace_printk(ptr, i32)
declare void @__ubsan_handle_add_overflow_abort(ptr, i64, i64)
declare void @__iu_panic(i32, ptr, i32, ptr)
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
declare ptr @memcpy(ptr, ptr, i64)

define void @local() {
  ret void
}

define void @allowed(ptr %buf) {
  %r = call i64 @iu_trace_printk(ptr %buf, i32 4)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 16, i1 false)
  %m = call ptr @memcpy(ptr %buf, ptr %buf, i64 0)
  call void @local()
  call void @__ubsan_handle_add_overflow_abort(ptr null, i64 1, i64 2)
  call void @__iu_panic(i32 1, ptr null, i32 0, ptr null)
  ret void
}
