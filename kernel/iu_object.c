// SPDX-License-Identifier: GPL-2.0
/*
 * Loaded objects: one per IU_IOC_LOAD, owned by its file descriptor.
 * Loading verifies the signature, validates the verified copy, takes the
 * BPF maps user space made for its .maps (iu_maps.c), maps it into
 * executable memory with the configuration user space set, and binds
 * helpers; the descriptor then attaches and detaches programs, and read()
 * streams their records. Closing it (or the loader dying) detaches every
 * program, waits until none can run, and frees everything (the maps'
 * references included). While a descriptor is open the module cannot be
 * unloaded (the file holds a module reference).
 */
#include <linux/anon_inodes.h>
#include <linux/capability.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "iu_internal.h"

/* The record buffer: room for many trace lines in an image that prints;
 * one that does not only ever sends a panic report per program. */
#define IU_RING_SIZE (256u << 10)
#define IU_RING_SIZE_QUIET (16u << 10)

/*
 * How often a program retries the record buffer's lock before it counts the
 * record as lost. The lock is never held by this CPU when a program runs
 * (iu_run_hold() marks its holders as inside iu, and the guard keeps
 * programs out), so a busy lock is another CPU putting one record (at most
 * IU_RECORD_MAX bytes) or the reader moving at most IU_RING_TAKE_CHUNK
 * bytes: a bounded wait, never a wait on ourselves. Past the bound the
 * record is lost, not waited for.
 */
#define IU_RING_TRIES 4096u
#define IU_RING_TAKE_CHUNK (4u << 10)

/* ---- records ---- */

static void iu_ring_put(struct iu_object *obj, const void *src, u32 len)
{
	u32 at = obj->head & (obj->ring_size - 1);
	u32 first = min(len, obj->ring_size - at);

	memcpy(obj->ring + at, src, first);
	memcpy(obj->ring, (const u8 *)src + first, len - first);
	obj->head += len;
}
NOKPROBE_SYMBOL(iu_ring_put);

static void iu_ring_get(struct iu_object *obj, void *dst, u32 len)
{
	u32 at = obj->tail & (obj->ring_size - 1);
	u32 first = min(len, obj->ring_size - at);

	memcpy(dst, obj->ring + at, first);
	memcpy((u8 *)dst + first, obj->ring, len - first);
}

void iu_object_emit(struct iu_object *obj, const struct iu_prog *prog, u16 type,
		    const void *data, u32 data_len)
{
	struct iu_record rec;
	unsigned long flags;
	unsigned int tries;
	u64 pad = 0;
	u32 len;

	data_len = min_t(u32, data_len, IU_RECORD_MAX - sizeof(rec));
	len = ALIGN(sizeof(rec) + data_len, 8);
	memset(&rec, 0, sizeof(rec));
	rec.type = type;
	rec.len = len;
	rec.prog = prog ? prog->index : 0;
	rec.cpu = raw_smp_processor_id();
	rec.ts_ns = ktime_get_mono_fast_ns();
	rec.pid = current->pid;
	rec.tgid = current->tgid;
	/* comm is always NUL-terminated and padded (__set_task_comm). */
	BUILD_BUG_ON(sizeof(rec.comm) != sizeof(current->comm));
	memcpy(rec.comm, current->comm, sizeof(rec.comm));
	rec.data_len = data_len;

	/* Never spin on the lock from program context: try it a bounded
	 * number of times (IU_RING_TRIES), then count the record as lost. */
	for (tries = 0; !raw_spin_trylock_irqsave(&obj->ring_lock, flags); tries++) {
		if (tries == IU_RING_TRIES) {
			atomic64_inc(&obj->busy_lost);
			irq_work_queue(&obj->wake);
			return;
		}
		cpu_relax();
	}
	if (obj->ring_size - (obj->head - obj->tail) < len) {
		obj->lost++;
	} else {
		iu_ring_put(obj, &rec, sizeof(rec));
		iu_ring_put(obj, data, data_len);
		iu_ring_put(obj, &pad, len - sizeof(rec) - data_len);
	}
	raw_spin_unlock_irqrestore(&obj->ring_lock, flags);
	/*
	 * Waking a reader takes scheduler locks: do it from an irq_work. A
	 * trace line needs it only when a reader sleeps (a busy reader sees
	 * the record before it waits again; wq_has_sleeper's barrier pairs
	 * with the one in the reader's prepare_to_wait). Other records (panic
	 * reports) always queue it: it also starts the deferred detach.
	 */
	if (type != IU_REC_TRACE || wq_has_sleeper(&obj->wq))
		irq_work_queue(&obj->wake);
}
NOKPROBE_SYMBOL(iu_object_emit);

/* Runs in hardirq context soon after a record or a panic, whatever context
 * the program ran in (an NMI cannot queue work or wake tasks itself). It
 * counts as inside iu: a program hooked on what waking takes (a wait queue's
 * unlock, say) would otherwise print, queue this again, and keep the CPU in
 * hardirq context for ever. */
static void iu_wake_reader(struct irq_work *work)
{
	struct iu_object *obj = container_of(work, struct iu_object, wake);
	unsigned int i;

	iu_run_hold();
	for (i = 0; i < obj->nprogs; i++) {
		struct iu_prog *prog = &obj->progs[i];

		if (test_bit(IU_PROG_DETACH_QUEUED, &prog->state) &&
		    test_bit(IU_PROG_ATTACHED, &prog->state))
			schedule_work(&prog->detach_work);
	}
	wake_up_interruptible(&obj->wq);
	iu_run_release();
}
NOKPROBE_SYMBOL(iu_wake_reader);

static bool iu_ring_ready(struct iu_object *obj)
{
	return READ_ONCE(obj->head) != READ_ONCE(obj->tail) || READ_ONCE(obj->lost) ||
	       atomic64_read(&obj->busy_lost);
}

/*
 * Takes the record buffer's lock outside program context. This CPU counts
 * as inside iu while it holds it, so no program runs here meanwhile (a
 * kprobe on the lock functions themselves included) and a program's
 * trylock never waits on its own CPU.
 */
static void iu_ring_lock(struct iu_object *obj, unsigned long *flags)
{
	local_irq_save(*flags);
	iu_run_hold();
	raw_spin_lock(&obj->ring_lock);
}

static void iu_ring_unlock(struct iu_object *obj, unsigned long flags)
{
	raw_spin_unlock(&obj->ring_lock);
	iu_run_release();
	local_irq_restore(flags);
}

/* Moves whole records (at most size bytes) into buf, holding the lock for
 * at most IU_RING_TAKE_CHUNK bytes at a time. */
static size_t iu_ring_take(struct iu_object *obj, u8 *buf, size_t size)
{
	unsigned long flags;
	size_t done = 0, chunk;
	u64 lost;

	iu_ring_lock(obj, &flags);
	lost = obj->lost + atomic64_xchg(&obj->busy_lost, 0);
	if (lost && size >= sizeof(struct iu_record) + 8) {
		struct iu_record rec = { .type = IU_REC_LOST,
					 .len = sizeof(rec) + 8, .data_len = 8 };

		memcpy(buf, &rec, sizeof(rec));
		memcpy(buf + sizeof(rec), &lost, 8);
		obj->lost = 0;
		done = rec.len;
	} else if (lost) {
		atomic64_add(lost - obj->lost, &obj->busy_lost);
	}
	for (chunk = 0; obj->head != obj->tail;) {
		struct iu_record rec;

		iu_ring_get(obj, &rec, sizeof(rec));
		if (rec.len > size - done)
			break;
		if (chunk + rec.len > IU_RING_TAKE_CHUNK) {
			iu_ring_unlock(obj, flags);
			cond_resched();
			iu_ring_lock(obj, &flags);
			chunk = 0;
			continue;
		}
		iu_ring_get(obj, buf + done, rec.len);
		obj->tail += rec.len;
		done += rec.len;
		chunk += rec.len;
	}
	iu_ring_unlock(obj, flags);
	return done;
}

/* ---- panics ---- */

static void iu_detach_work(struct work_struct *work)
{
	struct iu_prog *prog = container_of(work, struct iu_prog, detach_work);
	struct iu_object *obj = prog->obj;

	mutex_lock(&obj->lock);
	if (test_and_clear_bit(IU_PROG_ATTACHED, &prog->state))
		iu_detach(prog);
	mutex_unlock(&obj->lock);
}

void iu_object_prog_panicked(struct iu_prog *prog, const struct iu_run *run)
{
	struct iu_panic_report rep;
	bool keep = prog->attach_flags & IU_ATTACH_KEEP_ON_PANIC;

	memset(&rep, 0, sizeof(rep));
	rep.status = run->status;
	rep.panic_kind = run->panic_kind;
	rep.line = run->line;
	rep.flags = keep ? 0 : IU_REPORT_DETACHED;
	/* Up to the terminator only: the rest of the iu stack's run state may
	 * hold an earlier report, perhaps of another object. The image wrote
	 * these, so a missing terminator is cut off, never read past. */
	strscpy_pad(rep.file, run->file, sizeof(rep.file));
	strscpy_pad(rep.msg, run->msg, sizeof(rep.msg));
	if (run->status == IU_RUN_FUEL && run->host[IU_RUN_HOST_TIMED_OUT])
		scnprintf(rep.msg, sizeof(rep.msg),
			  "time bound: stopped in a helper after %llu us (limit %llu ms)",
			  run->host[IU_RUN_HOST_TIMED_OUT] / NSEC_PER_USEC,
			  IU_INVOCATION_MAX_NS / NSEC_PER_MSEC);
	iu_stats_panic(prog, &rep);
	if (!keep) {
		/* Report once; later invocations racing on other CPUs skip it. */
		if (test_and_set_bit(IU_PROG_DEAD, &prog->state))
			return;
		/* Never unregister a hook from inside its own handler: the
		 * irq_work that iu_object_emit() queues schedules the detach. */
		set_bit(IU_PROG_DETACH_QUEUED, &prog->state);
	}
	iu_object_emit(prog->obj, prog, IU_REC_PANIC, &rep, sizeof(rep));
}
NOKPROBE_SYMBOL(iu_object_prog_panicked);

/* ---- the object descriptor ---- */

static void iu_object_free(struct iu_object *obj)
{
	unsigned int i;

	/* No registry lookup finds it from here on (iu_registry.c). */
	iu_registry_del(obj);
	mutex_lock(&obj->lock);
	for (i = 0; i < obj->nprogs; i++)
		if (test_and_clear_bit(IU_PROG_ATTACHED, &obj->progs[i].state))
			iu_detach(&obj->progs[i]);
	mutex_unlock(&obj->lock);
	/* No handler runs any more; once the irq_work is idle no detach work
	 * can be scheduled either. */
	irq_work_sync(&obj->wake);
	for (i = 0; i < obj->nprogs; i++)
		cancel_work_sync(&obj->progs[i].detach_work);
	iu_exec_mem_unmap(&obj->region);
	/* No program can use a map any more. */
	iu_maps_put(obj);
	iu_stats_free(obj);
	kvfree(obj->ring);
	kvfree(obj);
}

static int iu_object_release(struct inode *inode, struct file *file)
{
	iu_object_free(file->private_data);
	return 0;
}

static ssize_t iu_object_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	struct iu_object *obj = file->private_data;
	size_t size = min_t(size_t, count, 64u << 10);
	ssize_t ret;
	u8 *buf;

	if (count < IU_RECORD_MAX)
		return -EINVAL;
	buf = kvmalloc(size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		size_t n = iu_ring_take(obj, buf, size);

		if (n) {
			ret = copy_to_user(ubuf, buf, n) ? -EFAULT : (ssize_t)n;
			break;
		}
		if (file->f_flags & O_NONBLOCK) {
			ret = -EAGAIN;
			break;
		}
		ret = wait_event_interruptible(obj->wq, iu_ring_ready(obj));
		if (ret)
			break;
	}
	kvfree(buf);
	return ret;
}

static __poll_t iu_object_poll(struct file *file, poll_table *wait)
{
	struct iu_object *obj = file->private_data;

	poll_wait(file, &obj->wq, wait);
	return iu_ring_ready(obj) ? EPOLLIN | EPOLLRDNORM : 0;
}

static int iu_copy_log(const struct iu_log *log, u64 ubuf, u32 size)
{
	size_t n;

	if (!ubuf || !size)
		return 0;
	n = min_t(size_t, size - 1, strnlen(log->buf, sizeof(log->buf)));
	if (copy_to_user(u64_to_user_ptr(ubuf), log->buf, n) ||
	    put_user(0, (char __user *)u64_to_user_ptr(ubuf) + n))
		return -EFAULT;
	return 0;
}

static long iu_obj_attach(struct iu_object *obj, void __user *uarg)
{
	struct iu_attach_args args;
	struct iu_log *log;
	struct iu_prog *prog;
	int ret;

	/* Attaching is privileged whoever opened the descriptor. */
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.prog >= obj->nprogs || (args.flags & ~IU_ATTACH_KEEP_ON_PANIC) || args.pad)
		return -EINVAL;
	log = kzalloc(sizeof(*log), GFP_KERNEL_ACCOUNT);
	if (!log)
		return -ENOMEM;
	prog = &obj->progs[args.prog];
	/* A panicked program's detach may still be queued: let it finish. */
	if (test_bit(IU_PROG_DETACH_QUEUED, &prog->state)) {
		irq_work_sync(&obj->wake);
		flush_work(&prog->detach_work);
		clear_bit(IU_PROG_DETACH_QUEUED, &prog->state);
	}
	mutex_lock(&obj->lock);
	if (test_bit(IU_PROG_ATTACHED, &prog->state)) {
		iu_log(log, "program '%s' is already attached", prog->desc.name);
		ret = -EBUSY;
	} else {
		prog->attach_flags = args.flags;
		clear_bit(IU_PROG_DEAD, &prog->state);
		ret = iu_attach(prog, log);
		if (!ret)
			set_bit(IU_PROG_ATTACHED, &prog->state);
	}
	mutex_unlock(&obj->lock);
	if (ret && iu_copy_log(log, args.log_buf, args.log_size))
		ret = -EFAULT;
	kfree(log);
	return ret;
}

long iu_object_detach(struct iu_object *obj, unsigned long index)
{
	struct iu_prog *prog;
	int ret = 0;

	if (index >= obj->nprogs)
		return -EINVAL;
	prog = &obj->progs[index];
	mutex_lock(&obj->lock);
	if (test_and_clear_bit(IU_PROG_ATTACHED, &prog->state))
		iu_detach(prog);
	else if (!test_bit(IU_PROG_DEAD, &prog->state))
		ret = -ENOENT;
	mutex_unlock(&obj->lock);
	/* A panic's detach may still be queued: let it finish, then the
	 * program can be attached again. */
	irq_work_sync(&obj->wake);
	cancel_work_sync(&prog->detach_work);
	clear_bit(IU_PROG_DETACH_QUEUED, &prog->state);
	return ret;
}

static long iu_obj_prog_info(struct iu_object *obj, void __user *uarg)
{
	struct iu_prog_info info;
	struct iu_prog *prog;

	if (copy_from_user(&info, uarg, sizeof(info)))
		return -EFAULT;
	if (info.prog >= obj->nprogs)
		return -EINVAL;
	prog = &obj->progs[info.prog];
	memset(&info, 0, sizeof(info));
	info.prog = prog->index;
	info.type = prog->desc.type;
	strscpy(info.name, prog->desc.name, sizeof(info.name));
	strscpy(info.target, prog->desc.target, sizeof(info.target));
	info.attached = test_bit(IU_PROG_ATTACHED, &prog->state) &&
			!test_bit(IU_PROG_DEAD, &prog->state);
	info.runs = atomic64_read(&prog->runs);
	info.panics = atomic64_read(&prog->panics);
	info.missed = iu_prog_missed(prog);
	return copy_to_user(uarg, &info, sizeof(info)) ? -EFAULT : 0;
}

static long iu_object_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct iu_object *obj = file->private_data;

	switch (cmd) {
	case IU_OBJ_ATTACH:
		return iu_obj_attach(obj, (void __user *)arg);
	case IU_OBJ_DETACH:
		return iu_object_detach(obj, arg);
	case IU_OBJ_PROG_INFO:
		return iu_obj_prog_info(obj, (void __user *)arg);
	case IU_OBJ_MAP_INFO:
		return iu_maps_info(obj, (void __user *)arg);
	case IU_OBJ_PIN:
		return iu_registry_pin(obj, file, (void __user *)arg);
	case IU_OBJ_INFO:
		return iu_registry_obj_info(obj, (void __user *)arg);
	case IU_OBJ_MAP_UPDATE:
		return iu_maps_update(obj, (void __user *)arg);
	case IU_OBJ_MAP_DELETE:
		return iu_maps_delete(obj, (void __user *)arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations iu_object_fops = {
	.owner = THIS_MODULE,
	.release = iu_object_release,
	.read = iu_object_read,
	.poll = iu_object_poll,
	.unlocked_ioctl = iu_object_ioctl,
	.llseek = noop_llseek,
};

/* ---- loading ---- */

struct iu_fill {
	const u8 *bytes;
	const struct iu_image *img;
	const u8 *config;          /* checked .iu.config bytes, or NULL */
	const struct iu_object *obj;  /* its maps, taken */
};

/* Writes the image into its executable region through the writable alias:
 * segments, zero tails, the configuration user space set (.iu.config lies
 * in RELRO, which no relocation writes: the validator made sure), then
 * relocations against the final address. The pages become read-only
 * before any program can run, so the configuration can never change. */
static int iu_fill_image(void *alias, unsigned long base, void *data)
{
	const struct iu_fill *f = data;
	const struct iu_image *img = f->img;
	unsigned int i;

	memset(alias, 0xcc, img->span);
	for (i = 0; i < img->nsegs; i++) {
		const struct iu_img_seg *s = &img->segs[i];

		memcpy(alias + s->vaddr, f->bytes + s->offset, s->filesz);
		memset(alias + s->vaddr + s->filesz, 0, s->memsz - s->filesz);
	}
	if (f->config)
		memcpy(alias + img->config_addr, f->config, img->config_size);
	for (i = 0; i < img->nrelocs; i++) {
		const struct iu_img_reloc *r = &img->relocs[i];
		u64 value;

		if (r->type == R_X86_64_RELATIVE)
			value = base + r->addend;
		else
			value = iu_helper_addr(r->helper);
		if (!value)
			return -ENOENT;
		memcpy(alias + r->offset, &value, sizeof(value));
	}
	/* Last, so that nothing the image chose (a relocation) is left there:
	 * each map descriptor's values field, the address of an array's value
	 * 0 or zero (abi.h). The table is in a read-only segment. */
	for (i = 0; i < f->obj->nmaps; i++) {
		u64 values = iu_map_values_addr(&f->obj->maps[i]);

		memcpy(alias + img->maps_addr + i * sizeof(struct iu_map_desc) +
		       offsetof(struct iu_map_desc, values), &values, sizeof(values));
	}
	return 0;
}

static bool iu_image_prints(const struct iu_image *img)
{
	unsigned int i;

	for (i = 0; i < img->nrelocs; i++)
		if (img->relocs[i].type != R_X86_64_RELATIVE &&
		    iu_helper_addr(img->relocs[i].helper) == (unsigned long)iu_trace_printk)
			return true;
	return false;
}

/* kvmalloc: physically contiguous pages when there are some, which is much
 * cheaper to get than a vmalloc area of 64 pages. */
static noinline int iu_ring_alloc(struct iu_object *obj, const struct iu_image *img)
{
	BUILD_BUG_ON(!is_power_of_2(IU_RING_SIZE) || !is_power_of_2(IU_RING_SIZE_QUIET));
	BUILD_BUG_ON(IU_RING_SIZE_QUIET < 8 * IU_RECORD_MAX);
	obj->ring_size = iu_image_prints(img) ? IU_RING_SIZE : IU_RING_SIZE_QUIET;
	obj->ring = kvmalloc(obj->ring_size, GFP_KERNEL_ACCOUNT);
	return obj->ring ? 0 : -ENOMEM;
}

int iu_object_load(const u8 *file, size_t len, const struct iu_load_in *in, struct iu_log *log,
		   unsigned int *nprogs)
{
	struct iu_image *img;
	struct iu_object *obj;
	struct iu_fill fill;
	struct file *objfile;
	size_t image_len;
	unsigned int i;
	int ret, fd;

	ret = iu_verify_signed_file(file, len, &image_len, log);
	if (ret)
		return ret;
	/* From here on only the verified bytes of the kernel's copy exist. */
	/* Charged to the loading process's memory cgroup, like the ring. */
	obj = NULL;
	img = kzalloc(sizeof(*img), GFP_KERNEL_ACCOUNT);
	if (!img)
		return -ENOMEM;
	ret = iu_image_parse(file, image_len, img, log);
	if (ret)
		goto free_img;
	obj = kvzalloc(struct_size(obj, progs, img->nprogs), GFP_KERNEL_ACCOUNT);
	if (!obj) {
		ret = -ENOMEM;
		goto free_parsed;
	}
	/* Configuration values user space set: exactly .iu.config's shape
	 * (only values differ), written over it when the image is mapped. */
	fill.config = NULL;
	if (in->config_len) {
		if (!img->config_size) {
			iu_log(log, "configuration given, but the image has no .iu.config");
			ret = -EINVAL;
			goto free_parsed;
		}
		ret = iu_image_check_config(img, file, in->config, in->config_len, log);
		if (ret)
			goto free_parsed;
		fill.config = in->config;
	}
	/* The maps, each checked against its descriptor; held from here on. */
	ret = iu_maps_take(obj, img, in->map_fds, in->nmaps, log);
	if (ret)
		goto free_parsed;

	mutex_init(&obj->lock);
	raw_spin_lock_init(&obj->ring_lock);
	init_waitqueue_head(&obj->wq);
	init_irq_work(&obj->wake, iu_wake_reader);
	ret = iu_ring_alloc(obj, img);
	if (ret)
		goto put_maps;
	obj->fuel = img->note.fuel_budget;
	fill.bytes = file;
	fill.img = img;
	fill.obj = obj;
	ret = iu_exec_mem_map(img->span / PAGE_SIZE, iu_fill_image, &fill, &obj->region);
	if (ret) {
		if (ret == -ENOSPC)
			iu_log(log, "no room left in iu.ko's executable arena");
		else if (ret == -EDQUOT)
			iu_log(log, "this process already holds its share of iu.ko's executable arena (%lu KiB)",
			       IU_ARENA_PER_PROCESS_PAGES * PAGE_SIZE / 1024);
		else
			iu_log(log, "cannot map the image (error %d)", ret);
		goto free_ring;
	}
	if (img->data_end) {
		ret = iu_exec_mem_make_data(&obj->region, img->data_start / PAGE_SIZE,
					    (img->data_end - img->data_start) / PAGE_SIZE);
		if (ret) {
			iu_log(log, "cannot make the image's data writable (error %d)", ret);
			iu_exec_mem_unmap(&obj->region);
			goto free_ring;
		}
	}
	obj->nprogs = img->nprogs;
	for (i = 0; i < img->nprogs; i++) {
		struct iu_prog *prog = &obj->progs[i];

		prog->obj = obj;
		prog->index = i;
		prog->desc = img->progs[i];
		prog->entry = (void *)(obj->region.base + img->progs[i].entry);
		INIT_WORK(&prog->detach_work, iu_detach_work);
	}
	iu_image_free(img);
	kfree(img);

	/* Run statistics, then the object's file, which the registry knows
	 * (iu_registry.c) before the descriptor is installed. */
	ret = iu_stats_alloc(obj);
	if (ret) {
		iu_object_free(obj);
		return ret;
	}
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		iu_object_free(obj);
		return fd;
	}
	objfile = anon_inode_getfile("iu-object", &iu_object_fops, obj, O_RDWR);
	if (IS_ERR(objfile)) {
		put_unused_fd(fd);
		iu_object_free(obj);
		return PTR_ERR(objfile);
	}
	ret = iu_registry_add(obj, objfile);
	if (ret) {
		put_unused_fd(fd);
		fput(objfile);      /* its release frees the object */
		return ret;
	}
	fd_install(fd, objfile);
	*nprogs = obj->nprogs;
	return fd;

free_ring:
	kvfree(obj->ring);
put_maps:
	iu_maps_put(obj);
free_parsed:
	iu_image_free(img);
free_img:
	kfree(img);
	kvfree(obj);
	return ret;
}
