// SPDX-License-Identifier: GPL-2.0
/*
 * Maps: an image's IU_MAP globals are real BPF maps. The loader creates
 * one per .maps descriptor (so bpftool and libbpf see them) and hands
 * their fds to IU_IOC_LOAD; this file takes a reference on each, checks it
 * against the descriptor, and implements the map and event helpers on it
 * by calling the map's own operations the way a BPF program's helper calls
 * do (docs/kernel.md, "Maps and events").
 *
 * What the BPF syscall would have checked and a direct call of the ops
 * skips is checked here, once, at load: only the map types iu knows, the
 * descriptor's key and value sizes and entry count, no BPF_F_WRONLY_PROG,
 * and no BTF: only a map with BTF can hold spin locks, timers or kernel
 * pointers, which a plain copy of a value would corrupt. A keyed map must
 * also be BPF_F_RDONLY_PROG and frozen, so that nothing but iu ever
 * writes it (and so holds its locks): user space writes it through
 * IU_OBJ_MAP_UPDATE / IU_OBJ_MAP_DELETE, below.
 * The maps are held until the object is freed, after every program is
 * detached and no handler can run.
 *
 * At run time, every helper finds its map from the descriptor's address
 * in the image (abi.h): the address is turned into an index into the
 * object's own table, checked against the table's bounds, and no byte of
 * the descriptor is read from image memory. Programs run with preemption
 * off and under rcu_read_lock() (iu_run.c), which is what the map
 * operations ask of their callers and what keeps a value that
 * iu_map_lookup_ref returned valid until the invocation ends (a hash map
 * frees an element only after an RCU grace period, or reuses it as an
 * element of the same map).
 */
#include <linux/atomic.h>
#include <linux/bpf.h>
#include <linux/cpu.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/version.h>

#include "iu_internal.h"

/* 6.12 exports bpf_map_get in the BPF_INTERNAL namespace (a string
 * argument from 6.13 on); 6.1 exports it plainly and ignores the import. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
MODULE_IMPORT_NS("BPF_INTERNAL");
#else
MODULE_IMPORT_NS(BPF_INTERNAL);
#endif

/* The BPF map type each iu map type is made of. */
static const struct {
	u32 bpf_type;
	const char *name;
} iu_map_kinds[] = {
	[IU_MAP_ARRAY] = { BPF_MAP_TYPE_ARRAY, "array" },
	[IU_MAP_HASH] = { BPF_MAP_TYPE_HASH, "hash" },
	[IU_MAP_PERCPU_ARRAY] = { BPF_MAP_TYPE_PERCPU_ARRAY, "percpu_array" },
	[IU_MAP_PERCPU_HASH] = { BPF_MAP_TYPE_PERCPU_HASH, "percpu_hash" },
	[IU_MAP_LRU_HASH] = { BPF_MAP_TYPE_LRU_HASH, "lru_hash" },
	[IU_MAP_EVENTS] = { BPF_MAP_TYPE_PERF_EVENT_ARRAY, "perf_event_array" },
};

/* A BPF map type's name as bpftool spells it, for messages. */
static const char *iu_bpf_type_name(u32 bpf_type)
{
	unsigned int i;

	for (i = 1; i < ARRAY_SIZE(iu_map_kinds); i++)
		if (iu_map_kinds[i].bpf_type == bpf_type)
			return iu_map_kinds[i].name;
	return NULL;
}

/* Whether map fits descriptor d; if not, says why in log. */
static int iu_map_check(const struct bpf_map *map, const struct iu_img_map *d, int fd,
			struct iu_log *log)
{
	u32 want = iu_map_kinds[d->type].bpf_type;
	const char *got = iu_bpf_type_name(map->map_type);
	bool events = d->type == IU_MAP_EVENTS;

	if (map->map_type != want) {
		if (got)
			iu_log(log, "map '%s': fd %d is a BPF %s map, the image declares a %s map",
			       d->name, fd, got, iu_map_kinds[d->type].name);
		else
			iu_log(log, "map '%s': fd %d is a BPF map of type %u, the image declares a %s map",
			       d->name, fd, map->map_type, iu_map_kinds[d->type].name);
		return -EINVAL;
	}
	/* An events channel is a perf event array: one perf event fd per CPU,
	 * as many entries as user space made (a CPU without one drops). */
	if (map->key_size != (events ? 4 : d->key_size)) {
		iu_log(log, "map '%s': the BPF map's key size is %u bytes, the image's %u", d->name,
		       map->key_size, events ? 4 : d->key_size);
		return -EINVAL;
	}
	if (map->value_size != (events ? 4 : d->value_size)) {
		iu_log(log, "map '%s': the BPF map's value size is %u bytes, the image's %u",
		       d->name, map->value_size, events ? 4 : d->value_size);
		return -EINVAL;
	}
	if (!events && map->max_entries != d->max_entries) {
		iu_log(log, "map '%s': the BPF map has %u entries, the image declares %u", d->name,
		       map->max_entries, d->max_entries);
		return -EINVAL;
	}
	if (map->map_flags & BPF_F_WRONLY_PROG) {
		iu_log(log, "map '%s': the BPF map is write-only for programs (BPF_F_WRONLY_PROG)",
		       d->name);
		return -EINVAL;
	}
	if (map->btf) {
		iu_log(log, "map '%s': the BPF map has BTF (its values may hold spin locks, timers or kernel pointers); create it without",
		       d->name);
		return -EINVAL;
	}
	/*
	 * A keyed map is written only by iu: its programs and IU_OBJ_MAP_UPDATE
	 * / _DELETE, which run with this CPU marked inside iu. A writer iu does
	 * not know of (the bpf() system call, a BPF program) could hold one of
	 * the map's locks (an LRU map's list locks) where an iu program runs
	 * on the same CPU (a kprobe on a function called under the lock),
	 * and the program's own update would spin on it forever. So BPF
	 * programs may only read it (the verifier enforces BPF_F_RDONLY_PROG)
	 * and the bpf() system call may not write it at all (frozen: no fd
	 * has write access). An events channel is a perf event array whose
	 * entries user space installs; no iu operation takes its locks.
	 */
	if (events) {
		if (map->map_flags & BPF_F_RDONLY_PROG) {
			iu_log(log, "map '%s': the BPF map is read-only for programs (BPF_F_RDONLY_PROG)",
			       d->name);
			return -EINVAL;
		}
		if (READ_ONCE(map->frozen)) {
			iu_log(log, "map '%s': the perf event array is frozen (user space must install its perf events)",
			       d->name);
			return -EINVAL;
		}
	} else {
		if (!(map->map_flags & BPF_F_RDONLY_PROG)) {
			iu_log(log, "map '%s': the BPF map is not BPF_F_RDONLY_PROG: writes from outside iu could hold the map's locks where an iu program runs",
			       d->name);
			return -EINVAL;
		}
		if (!READ_ONCE(map->frozen)) {
			iu_log(log, "map '%s': the BPF map is not frozen: writes from outside iu could hold the map's locks where an iu program runs",
			       d->name);
			return -EINVAL;
		}
	}
	/* The operations the helpers call: a device-bound (offloaded) map
	 * has none. An events channel only takes bpf_event_output. */
	if (!events && (!map->ops->map_lookup_elem || !map->ops->map_update_elem ||
			!map->ops->map_delete_elem)) {
		iu_log(log, "map '%s': the BPF map cannot be used from the host (offloaded?)",
		       d->name);
		return -EINVAL;
	}
	return 0;
}

int iu_maps_take(struct iu_object *obj, const struct iu_image *img, const s32 *fds,
		 unsigned int nfds, struct iu_log *log)
{
	unsigned int i;
	int ret;

	if (nfds != img->nmaps) {
		iu_log(log, "the image has %u map%s, the load gave %u map fd%s", img->nmaps,
		       img->nmaps == 1 ? "" : "s", nfds, nfds == 1 ? "" : "s");
		return -EINVAL;
	}
	obj->maps_addr = img->maps_addr;
	for (i = 0; i < img->nmaps; i++) {
		const struct iu_img_map *d = &img->maps[i];
		struct bpf_map *map;

		if (fds[i] < 0) {
			iu_log(log, "map '%s': no map fd given (%d)", d->name, fds[i]);
			ret = -EBADF;
			goto fail;
		}
		map = bpf_map_get(fds[i]);
		if (IS_ERR(map)) {
			ret = PTR_ERR(map);
			iu_log(log, "map '%s': fd %d is not a BPF map (%s)", d->name, fds[i],
			       ret == -EBADF ? "not open" : "another kind of file");
			goto fail;
		}
		ret = iu_map_check(map, d, fds[i], log);
		if (ret) {
			bpf_map_put(map);
			goto fail;
		}
		obj->maps[i].map = map;
		obj->maps[i].desc = *d;
		atomic64_set(&obj->maps[i].dropped, 0);
		obj->nmaps = i + 1;
	}
	return 0;
fail:
	iu_maps_put(obj);
	return ret;
}

void iu_maps_put(struct iu_object *obj)
{
	unsigned int i;

	for (i = 0; i < obj->nmaps; i++) {
		bpf_map_put(obj->maps[i].map);
		obj->maps[i].map = NULL;
	}
	obj->nmaps = 0;
}

/*
 * An array map's values for the image to use in place (abi.h, the
 * descriptor's values field), as a BPF program's inlined array lookup
 * does: value i is at value + i * elem_size. The image checks i against
 * max_entries, which iu_map_check() made sure is the map's, and never
 * touches more than the value's size of it. The map is held until the
 * object is freed, after its last program ran. Other kinds, and an array
 * laid out otherwise than a plain value array, keep the helpers (0).
 */
u64 iu_map_values_addr(const struct iu_map *m)
{
	struct bpf_array *array;

	if (m->desc.type != IU_MAP_ARRAY || m->map->map_type != BPF_MAP_TYPE_ARRAY)
		return 0;
	array = container_of(m->map, struct bpf_array, map);
	if (array->elem_size != IU_MAP_ARRAY_STRIDE(m->desc.value_size))
		return 0;
	return (u64)(unsigned long)array->value;
}

long iu_maps_info(struct iu_object *obj, void __user *uarg)
{
	struct iu_map_info info;
	const struct iu_map *m;

	if (copy_from_user(&info, uarg, sizeof(info)))
		return -EFAULT;
	if (info.map >= obj->nmaps)
		return -EINVAL;
	m = &obj->maps[info.map];
	memset(&info, 0, sizeof(info));
	info.map = m - obj->maps;
	info.type = m->desc.type;
	strscpy(info.name, m->desc.name, sizeof(info.name));
	info.bpf_id = m->map->id;
	info.dropped = atomic64_read(&m->dropped);
	return copy_to_user(uarg, &info, sizeof(info)) ? -EFAULT : 0;
}

/* ---- IU_OBJ_MAP_UPDATE / IU_OBJ_MAP_DELETE ---- */

/*
 * User space's writes to a keyed map. The map is frozen (no bpf() write
 * can reach it), so these are the only writers besides the object's
 * programs, and they run as a program's helper call does, with one thing
 * more: the CPU is marked inside iu (iu_run_hold) for the length of the
 * operation, so a hook that fires under one of the map's locks on this
 * CPU (a kprobe on a function the map's code calls) does not run its
 * program, which would spin on that lock; the hit is counted as missed.
 */
struct iu_map_op {
	struct bpf_map *map;
	void *key;
	void *values;      /* update: the value, or one slot per possible CPU */
	u32 stride;        /* per-CPU: bytes per slot; 0 otherwise */
	u64 flags;         /* update: the first CPU's; the rest BPF_EXIST */
	bool del;
	bool first_done;
	int ret;
};

/* The operation on this CPU (a per-CPU map: on this CPU's slot, from
 * this CPU's slot of the values). Any context; preemption is turned off
 * here if it was not. */
static void iu_map_op_here(void *arg)
{
	struct iu_map_op *op = arg;
	void *value = op->values;
	u64 flags = op->flags;
	long ret;

	preempt_disable();
	if (op->stride) {
		unsigned int cpu, slot = 0, me = smp_processor_id();

		for_each_possible_cpu(cpu) {
			if (cpu == me)
				break;
			slot++;
		}
		value = (u8 *)op->values + (size_t)slot * op->stride;
		if (op->first_done)
			flags = BPF_EXIST;
	}
	iu_run_hold();
	rcu_read_lock();
	if (op->del)
		ret = op->map->ops->map_delete_elem(op->map, op->key);
	else
		ret = op->map->ops->map_update_elem(op->map, op->key, value, flags);
	rcu_read_unlock();
	iu_run_release();
	preempt_enable();
	op->ret = ret;
}

/*
 * A per-CPU map's update: ops->map_update_elem writes only the slot of the
 * CPU it runs on, so it runs on each online CPU in turn (an IPI, with the
 * guard held there too), the first with the caller's flags (which may
 * create the key: a new hash element's other slots start zeroed) and the
 * rest with BPF_EXIST. An offline CPU's slot is not written; it keeps what
 * it held. Not atomic across CPUs: a delete in between ends the walk with
 * -ENOENT.
 */
static int iu_map_update_percpu(struct iu_map_op *op)
{
	unsigned int cpu, tries;
	int ret = 0;

	cpus_read_lock();
	for_each_online_cpu(cpu) {
		/* -EBUSY: the IPI came while that CPU was inside the hash map's
		 * per-CPU lock guard and before its bucket lock disabled
		 * interrupts (6.1 has that window); nothing was written, and
		 * once the IPI returns the CPU leaves it. */
		for (tries = 0;; tries++) {
			ret = smp_call_function_single(cpu, iu_map_op_here, op, 1);
			if (!ret)
				ret = op->ret;
			if (ret != -EBUSY || tries == 100)
				break;
			cond_resched();
		}
		if (ret)
			break;
		op->first_done = true;
	}
	cpus_read_unlock();
	return ret;
}

/* Exactly size bytes from user space into a new buffer. */
static int iu_copy_in(void **buf, u64 uptr, size_t size)
{
	*buf = kvmalloc(size, GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!*buf)
		return -ENOMEM;
	if (copy_from_user(*buf, u64_to_user_ptr(uptr), size))
		return -EFAULT;
	return 0;
}

static long iu_map_write(struct iu_object *obj, void __user *uarg, bool del)
{
	struct iu_map_elem_args args;
	struct iu_map_op op = { .del = del };
	const struct iu_map *m;
	size_t value_size;
	bool percpu;
	long ret;

	/* Like attaching: what the programs see changes. */
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.map >= obj->nmaps || args.pad || !args.key)
		return -EINVAL;
	m = &obj->maps[args.map];
	if (m->desc.type == IU_MAP_EVENTS)
		return -EINVAL;
	if (del ? (args.flags || args.value) : (args.flags > IU_MAP_EXIST || !args.value))
		return -EINVAL;
	percpu = m->desc.type == IU_MAP_PERCPU_ARRAY || m->desc.type == IU_MAP_PERCPU_HASH;
	op.map = m->map;
	op.flags = args.flags;
	ret = iu_copy_in(&op.key, args.key, m->desc.key_size);
	if (ret)
		goto out;
	if (!del) {
		/* libbpf's layout for per-CPU values: one slot per possible
		 * CPU, each the value size rounded up to 8 bytes. */
		if (percpu)
			op.stride = round_up(m->desc.value_size, 8);
		value_size = percpu ? (size_t)op.stride * num_possible_cpus() : m->desc.value_size;
		ret = iu_copy_in(&op.values, args.value, value_size);
		if (ret)
			goto out;
	}
	if (percpu && !del) {
		ret = iu_map_update_percpu(&op);
	} else {
		iu_map_op_here(&op);
		ret = op.ret;
	}
out:
	kvfree(op.values);
	kvfree(op.key);
	return ret;
}

long iu_maps_update(struct iu_object *obj, void __user *uarg)
{
	return iu_map_write(obj, uarg, false);
}

long iu_maps_delete(struct iu_object *obj, void __user *uarg)
{
	return iu_map_write(obj, uarg, true);
}

/*
 * A per-CPU hash map of kernels without the stable fix to pcpu_init_value
 * copies a new element's value in whole 8-byte words (copy_map_value_long:
 * round_up(value_size, 8)): a value that does not end on an 8-byte
 * boundary would be read past its end, up to 7 bytes of whatever follows
 * it in the image or on the iu stack (or an unmapped page), and those
 * bytes would reach user space in the slot's padding. (Debian's 6.1.192
 * and 6.12.117 copy the exact size; iu.ko does not rely on that.) Such values go through this CPU's zero-padded copy instead. One
 * per CPU suffices: programs never nest on a CPU (iu_run.c) and run with
 * preemption off.
 */
static u8 __percpu *iu_value_pad;

int iu_maps_init(void)
{
	iu_value_pad = __alloc_percpu(IU_MAP_VALUE_MAX + 8, 8);
	return iu_value_pad ? 0 : -ENOMEM;
}

void iu_maps_exit(void)
{
	free_percpu(iu_value_pad);
}

/* ---- the helpers ---- */

/*
 * The map the running program names by the address of its descriptor, or
 * NULL. The address must be exactly one of the object's descriptors: an
 * index into the object's own validated table, never a read of image
 * memory.
 */
static struct iu_map *iu_map_of(const void *addr)
{
	struct iu_prog *prog = iu_run_current();
	struct iu_object *obj;
	unsigned long off;

	if (unlikely(!prog))
		return NULL;
	obj = prog->obj;
	off = (unsigned long)addr - obj->region.base - obj->maps_addr;
	if (off % sizeof(struct iu_map_desc))
		return NULL;
	off /= sizeof(struct iu_map_desc);
	if (off >= obj->nmaps)
		return NULL;
	return &obj->maps[off];
}
NOKPROBE_SYMBOL(iu_map_of);

/* A keyed map (not an events channel) whose key is key_size bytes. */
static struct iu_map *iu_keyed_map(const void *addr, const void *key, u32 key_size)
{
	struct iu_map *m = iu_map_of(addr);

	if (!m || m->desc.type == IU_MAP_EVENTS || !key || key_size != m->desc.key_size)
		return NULL;
	return m;
}
NOKPROBE_SYMBOL(iu_keyed_map);

static bool iu_map_is_array(const struct iu_map *m)
{
	return m->desc.type == IU_MAP_ARRAY || m->desc.type == IU_MAP_PERCPU_ARRAY;
}

/* Copies the value out (per-CPU maps: this CPU's); the output is zeroed
 * whenever there is no value to give. */
iu_s64 iu_map_lookup(const void *map, const void *key, iu_u32 key_size, void *value,
		     iu_u32 value_size)
{
	struct iu_map *m;
	void *v;

	if (!value || value_size > IU_MAP_VALUE_MAX)
		return -EINVAL;
	m = iu_keyed_map(map, key, key_size);
	if (!m || value_size != m->desc.value_size) {
		memset(value, 0, value_size);
		return -EINVAL;
	}
	if (!iu_charge((u64)key_size + value_size)) {
		memset(value, 0, value_size);
		return -E2BIG;
	}
	v = m->map->ops->map_lookup_elem(m->map, (void *)key);
	if (!v) {
		memset(value, 0, value_size);
		return -ENOENT;
	}
	memcpy(value, v, value_size);
	return 0;
}
NOKPROBE_SYMBOL(iu_map_lookup);

/* The value in place, for the runtime's update_with only: valid until the
 * invocation ends (rcu_read_lock() is held around it, iu_run.c). */
void *iu_map_lookup_ref(const void *map, const void *key, iu_u32 key_size, iu_u32 value_size)
{
	struct iu_map *m = iu_keyed_map(map, key, key_size);

	if (!m || value_size != m->desc.value_size)
		return NULL;
	if (!iu_charge((u64)key_size + value_size))
		return NULL;
	return m->map->ops->map_lookup_elem(m->map, (void *)key);
}
NOKPROBE_SYMBOL(iu_map_lookup_ref);

/* BPF_ANY / BPF_NOEXIST / BPF_EXIST only: BPF_F_LOCK needs a spin lock in
 * the value, which no map iu takes has. The ops' return type is int on
 * 6.1 and long on 6.12. */
iu_s64 iu_map_update(const void *map, const void *key, iu_u32 key_size, const void *value,
		     iu_u32 value_size, iu_u64 flags)
{
	struct iu_map *m = iu_keyed_map(map, key, key_size);

	if (!m || !value || value_size != m->desc.value_size || flags > IU_MAP_EXIST)
		return -EINVAL;
	if (!iu_charge((u64)key_size + value_size))
		return -E2BIG;
	if (m->desc.type == IU_MAP_PERCPU_HASH && !IS_ALIGNED(value_size, 8)) {
		u8 *pad = this_cpu_ptr(iu_value_pad);

		memcpy(pad, value, value_size);
		memset(pad + value_size, 0, round_up(value_size, 8) - value_size);
		value = pad;
	}
	return m->map->ops->map_update_elem(m->map, (void *)key, (void *)value, flags);
}
NOKPROBE_SYMBOL(iu_map_update);

/* An array's entries cannot be deleted (-EINVAL, as in BPF). */
iu_s64 iu_map_delete(const void *map, const void *key, iu_u32 key_size)
{
	struct iu_map *m = iu_keyed_map(map, key, key_size);

	if (!m || iu_map_is_array(m))
		return -EINVAL;
	if (!iu_charge(key_size))
		return -E2BIG;
	return m->map->ops->map_delete_elem(m->map, (void *)key);
}
NOKPROBE_SYMBOL(iu_map_delete);

/* An atomic add on a 4- or 8-byte integer value (the __sync_fetch_and_add
 * of BPF programs); nothing is created when the key is absent. Values are
 * 8-byte aligned in every BPF map kind iu takes. */
iu_s64 iu_map_add(const void *map, const void *key, iu_u32 key_size, iu_u64 delta)
{
	struct iu_map *m = iu_keyed_map(map, key, key_size);
	u32 size;
	void *v;

	if (!m || !(m->desc.flags & IU_MAP_F_INTEGER_VALUE))
		return -EINVAL;
	size = m->desc.value_size;
	if (size != 4 && size != 8)
		return -EINVAL;
	if (!iu_charge((u64)key_size + size))
		return -E2BIG;
	v = m->map->ops->map_lookup_elem(m->map, (void *)key);
	if (!v)
		return -ENOENT;
	if (!IS_ALIGNED((unsigned long)v, size))
		return -EINVAL;
	if (size == 8)
		atomic64_add((s64)delta, (atomic64_t *)v);
	else
		atomic_add((int)(u32)delta, (atomic_t *)v);
	return 0;
}
NOKPROBE_SYMBOL(iu_map_add);

/*
 * One record into this CPU's perf buffer of the channel, as
 * bpf_perf_event_output(ctx, map, BPF_F_CURRENT_CPU, data, size) does: 0,
 * -ENOSPC when the buffer is full, -ENOENT when user space has no buffer
 * open for this CPU. Every failure is counted for IU_OBJ_MAP_INFO: perf's
 * own lost-records notice reaches the reader only with the next record
 * that fits, which may never be written.
 */
iu_s64 iu_event_output(const void *map, const void *data, iu_u32 size)
{
	struct iu_map *m = iu_map_of(map);
	s64 ret;

	if (!m || m->desc.type != IU_MAP_EVENTS || !data || size != m->desc.value_size)
		return -EINVAL;
	if (!iu_charge(size))
		return -E2BIG;
	ret = (s64)bpf_event_output(m->map, BPF_F_CURRENT_CPU, (void *)data, size, NULL, 0, NULL);
	if (ret)
		atomic64_inc(&m->dropped);
	return ret;
}
NOKPROBE_SYMBOL(iu_event_output);
