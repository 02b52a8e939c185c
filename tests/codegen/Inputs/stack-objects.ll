; Input for zero-stack.test: the stack objects iu-zero-stack must zero.
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; No lifetime markers (-O0, or a declaration a switch can jump over):
; zeroed on entry, after the allocas.
define i64 @no_markers() {
entry:
  %a = alloca [4 x i64]
  %b = alloca i64
  %v = load i64, ptr %b
  ret i64 %v
}

; A temporary with a lifetime, started in a loop: zeroed after each start.
define i64 @temporary(i64 %n) {
entry:
  %t = alloca [8 x i64]
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  call void @llvm.lifetime.start.p0(i64 64, ptr %t)
  %v = load i64, ptr %t
  call void @llvm.lifetime.end.p0(i64 64, ptr %t)
  %i.next = add i64 %i, %v
  %done = icmp uge i64 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret i64 %i.next
}

; A named variable that clang's -ftrivial-auto-var-init already zeroes
; after its lifetime start: left alone.
define i64 @auto_init() {
entry:
  %x = alloca i64
  call void @llvm.lifetime.start.p0(i64 8, ptr %x)
  store i64 0, ptr %x, !annotation !0
  %v = load i64, ptr %x
  ret i64 %v
}

declare void @llvm.lifetime.start.p0(i64, ptr)
declare void @llvm.lifetime.end.p0(i64, ptr)

!0 = !{!"auto-init"}
