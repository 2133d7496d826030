//! The WebAssembly build's global allocator: power-of-two size classes with
//! a free list each, carved from `memory.grow` pages. Rust's default for
//! `wasm32-unknown-unknown` (dlmalloc) takes about 7 KB of the `.wasm`, 3 KB
//! gzipped; this one takes a few hundred bytes. The module is single
//! threaded (no `atomics` target feature), so one mutable heap is sound.
//!
//! Memory: a block is never split or merged, so a freed block is reused only
//! by an allocation of its own class. The heap is therefore at most the sum,
//! over the classes, of the most bytes live at once in each class, with each
//! allocation rounded up to a power of two (at most twice its size, at least
//! 16 bytes) plus at most 63 bytes of alignment padding per fresh block. The
//! heap only grows, as WebAssembly memory does: a call that handles a 1 MB
//! body leaves 1-2 MB of pages for the next call to reuse.

// Installed only on WebAssembly; natively only its tests use it.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;
use std::ptr::null_mut;

/// A WebAssembly page.
const PAGE: usize = 65536;
/// The smallest class is `2^MIN_SHIFT` bytes: room for the free list's
/// pointer, and the alignment every allocation of the crate needs.
const MIN_SHIFT: u32 = 4;
/// Classes from 16 bytes to 2 GiB.
const CLASSES: usize = 28;
/// The largest alignment a block has (blocks of 64 bytes or more are
/// 64-aligned); a layout asking for more is refused (none in this crate).
const MAX_ALIGN: usize = 64;

struct Heap {
    /// The first free block of each class; each free block holds the next.
    free: [*mut u8; CLASSES],
    /// The untouched memory: `next..end`.
    next: usize,
    end: usize,
}

/// The allocator; see the module docs.
pub struct SizeClasses(UnsafeCell<Heap>);

// SAFETY: the module runs on one thread (no `atomics`); see `lib.rs`, which
// installs this allocator only then.
unsafe impl Sync for SizeClasses {}

impl SizeClasses {
    /// An empty heap.
    pub const fn new() -> Self {
        SizeClasses(UnsafeCell::new(Heap {
            free: [null_mut(); CLASSES],
            next: 0,
            end: 0,
        }))
    }
}

impl Default for SizeClasses {
    fn default() -> Self {
        Self::new()
    }
}

/// The class of a layout, and the block size of that class.
fn class(layout: Layout) -> Option<(usize, usize)> {
    if layout.align() > MAX_ALIGN {
        return None;
    }
    let size = layout
        .size()
        .max(layout.align())
        .max(1 << MIN_SHIFT)
        .checked_next_power_of_two()?;
    let class = (size.trailing_zeros() - MIN_SHIFT) as usize;
    (class < CLASSES).then_some((class, size))
}

impl Heap {
    /// A fresh block of `size` bytes aligned to `align`, growing memory as
    /// needed; null when memory cannot grow.
    fn bump(&mut self, size: usize, align: usize) -> *mut u8 {
        loop {
            let start = self.next.checked_add(align - 1).map(|n| n & !(align - 1));
            if let Some(end) = start.and_then(|start| start.checked_add(size)) {
                if end <= self.end {
                    self.next = end;
                    return (end - size) as *mut u8;
                }
            }
            let Some(pages) = size.checked_add(align).map(|n| n.div_ceil(PAGE)) else {
                return null_mut();
            };
            let Some(base) = grow(pages) else {
                return null_mut();
            };
            let Some(end) = pages.checked_mul(PAGE).and_then(|n| base.checked_add(n)) else {
                return null_mut();
            };
            // Memory grown by someone else in between: start afresh at the new pages.
            if base != self.end {
                self.next = base;
            }
            self.end = end;
        }
    }
}

/// Grows memory by `pages`; the address of the first new byte.
#[cfg(target_arch = "wasm32")]
fn grow(pages: usize) -> Option<usize> {
    let previous = core::arch::wasm32::memory_grow(0, pages);
    (previous != usize::MAX)
        .then(|| previous.checked_mul(PAGE))
        .flatten()
}

/// Off WebAssembly there are no pages to grow (the type is only installed
/// on WebAssembly; this keeps it compiling for native tests).
#[cfg(not(target_arch = "wasm32"))]
fn grow(_: usize) -> Option<usize> {
    None
}

// SAFETY: blocks handed out are `size` bytes, aligned to `min(size, 64)`
// which is at least the layout's alignment, and never handed out twice
// until freed; a freed block goes back to the list of the class it came
// from (the same layout gives the same class).
unsafe impl GlobalAlloc for SizeClasses {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some((class, size)) = class(layout) else {
            return null_mut();
        };
        // SAFETY: single threaded, and no call below re-enters the allocator.
        let heap = unsafe { &mut *self.0.get() };
        let head = heap.free[class];
        if head.is_null() {
            return heap.bump(size, size.min(MAX_ALIGN));
        }
        // SAFETY: a free block starts with the pointer to the next one.
        heap.free[class] = unsafe { head.cast::<*mut u8>().read() };
        head
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let Some((class, _)) = class(layout) else {
            return;
        };
        // SAFETY: single threaded; `ptr` is a block of this class (at least
        // 16 bytes, 16-aligned), no longer in use.
        unsafe {
            let heap = &mut *self.0.get();
            ptr.cast::<*mut u8>().write(heap.free[class]);
            heap.free[class] = ptr;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees `layout.align()` with `new_size` is a
        // valid layout.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if class(layout) == class(new_layout) {
            // The block already has room.
            return ptr;
        }
        // SAFETY: as `GlobalAlloc::realloc`'s default.
        unsafe {
            let new = self.alloc(new_layout);
            if !new.is_null() {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_are_powers_of_two_from_16_bytes() {
        let l = |size, align| Layout::from_size_align(size, align).unwrap();
        let cases = [
            (l(0, 1), Some((0, 16))),
            (l(1, 1), Some((0, 16))),
            (l(16, 8), Some((0, 16))),
            (l(17, 1), Some((1, 32))),
            (l(24, 8), Some((1, 32))),
            (l(8, 64), Some((2, 64))),
            (l(65536, 8), Some((12, 65536))),
            (l(65537, 8), Some((13, 131072))),
            (l(1 << 31, 8), Some((27, 1 << 31))),
            (l(8, 128), None),
        ];
        for (layout, want) in cases {
            assert_eq!(class(layout), want, "{layout:?}");
        }
    }
}
