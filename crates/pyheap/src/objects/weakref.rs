//! Weak references: not implemented yet. The collector's weakref step is a no-op until
//! they are.

use crate::gc::GcHead;

/// Clears weak references to unreachable objects and queues their callbacks
/// (`handle_weakrefs`). There are no weak references yet, so there is nothing to do.
///
/// # Safety
/// `unreachable` is the collector's list of unreachable objects.
pub unsafe fn handle_weakrefs(_unreachable: *mut GcHead) -> usize {
    0
}
