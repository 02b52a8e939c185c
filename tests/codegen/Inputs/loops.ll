; Input for fuel-ir.test: the CFG shapes the fuel pass must charge.
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; A counted loop: one back-edge.
define i64 @simple_loop(i64 %n) {
entry:
  br label %header
header:
  %i = phi i64 [ 0, %entry ], [ %i.next, %header ]
  %s = phi i64 [ 0, %entry ], [ %s.next, %header ]
  %s.next = add i64 %s, %i
  %i.next = add i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %header
exit:
  ret i64 %s.next
}

; No cycle: nothing to charge.
define i64 @no_loop(i64 %x) {
entry:
  %c = icmp ugt i64 %x, 10
  br i1 %c, label %big, label %small
big:
  %y = mul i64 %x, 3
  br label %join
small:
  br label %join
join:
  %r = phi i64 [ %y, %big ], [ %x, %small ]
  ret i64 %r
}

; An irreducible cycle (two entries into a <-> b): every cycle still
; crosses a charged retreating edge.
define i64 @irreducible(i64 %x) {
entry:
  %c = icmp eq i64 %x, 0
  br i1 %c, label %a, label %b
a:
  %va = phi i64 [ %x, %entry ], [ %vb.next, %b ]
  %va.next = add i64 %va, 1
  %ca = icmp ugt i64 %va.next, 100
  br i1 %ca, label %exit, label %b
b:
  %vb = phi i64 [ %x, %entry ], [ %va.next, %a ]
  %vb.next = mul i64 %vb, 2
  br label %a
exit:
  ret i64 %va.next
}

; A switch with two cases back to the header: both edges are charged by
; one block, and the header's PHI stays valid.
define i64 @switch_loop(i64 %x) {
entry:
  br label %header
header:
  %v = phi i64 [ %x, %entry ], [ %v.next, %header ], [ %v.next, %header ]
  %v.next = lshr i64 %v, 1
  %k = and i64 %v.next, 3
  switch i64 %k, label %exit [
    i64 1, label %header
    i64 2, label %header
  ]
exit:
  ret i64 %v.next
}

; Calls a function that charges fuel inside a loop: the cached fuel is
; written back before the call and reloaded after it.
define i64 @calls_in_loop(i64 %n) {
entry:
  br label %header
header:
  %i = phi i64 [ 0, %entry ], [ %i.next, %header ]
  %r = call i64 @simple_loop(i64 %i)
  %i.next = add i64 %i, %r
  %done = icmp uge i64 %i.next, %n
  br i1 %done, label %exit, label %header
exit:
  ret i64 %i.next
}

; Loop-free, but calls other code of the image: one unit on entry (a
; loop-free call tree still fans out), and the fuel is written back before
; the call (the callee charges iu_run.fuel itself).
define i64 @calls_no_loop(i64 %n) {
entry:
  %r = call i64 @simple_loop(i64 %n)
  ret i64 %r
}

; A leaf that calls only a helper: not charged on entry (its caller was).
define i64 @leaf_with_helper() {
entry:
  %t = call i64 @iu_ktime_get_ns()
  ret i64 %t
}

; A helper call in a loop: helpers charge for their work in iu_run.fuel,
; so the cached fuel is written back before and reloaded after.
define i64 @helper_in_loop(i64 %n) {
entry:
  br label %header
header:
  %i = phi i64 [ 0, %entry ], [ %i.next, %header ]
  %t = call i64 @iu_ktime_get_ns()
  %i.next = add i64 %i, %t
  %done = icmp uge i64 %i.next, %n
  br i1 %done, label %exit, label %header
exit:
  ret i64 %i.next
}

declare i64 @iu_ktime_get_ns()

; Copies: 8 KiB pays for its bytes, 64 bytes does not.
define void @big_copy(ptr %d, ptr %s) {
entry:
  call void @llvm.memcpy.p0.p0.i64(ptr %d, ptr %s, i64 8192, i1 false)
  ret void
}

define void @small_copy(ptr %d, ptr %s) {
entry:
  call void @llvm.memcpy.p0.p0.i64(ptr %d, ptr %s, i64 64, i1 false)
  ret void
}

declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

; A search with a data-dependent exit and a known bound (at most 63
; back-edges): charged its bound on entry, and what it did not use is
; refunded on each exit edge from the induction variable.
define i64 @bounded_search(ptr %p, i64 %key) {
entry:
  br label %header
header:
  %i = phi i64 [ 0, %entry ], [ %i.next, %latch ]
  %addr = getelementptr i64, ptr %p, i64 %i
  %v = load i64, ptr %addr
  %found = icmp eq i64 %v, %key
  br i1 %found, label %exit, label %latch
latch:
  %i.next = add nuw i64 %i, 1
  %more = icmp ult i64 %i.next, 64
  br i1 %more, label %header, label %exit
exit:
  %r = phi i64 [ %i, %header ], [ 64, %latch ]
  ret i64 %r
}

define i64 @loops_in_a_row(i64 %x) {
entry:
  br label %first
first:
  %i = phi i64 [ 0, %entry ], [ %i.next, %first ]
  %a = phi i64 [ %x, %entry ], [ %a.next, %first ]
  %a.next = mul i64 %a, 3
  %i.next = add nuw i64 %i, 1
  %first.more = icmp ult i64 %i.next, 16
  br i1 %first.more, label %first, label %second
second:
  %j = phi i64 [ 0, %first ], [ %j.next, %second ]
  %b = phi i64 [ %a.next, %first ], [ %b.next, %second ]
  %b.next = xor i64 %b, %j
  %j.next = add nuw i64 %j, 1
  %second.more = icmp ult i64 %j.next, 32
  br i1 %second.more, label %second, label %exit
exit:
  ret i64 %b.next
}
