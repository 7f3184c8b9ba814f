// Tuning of the heap for tensor storage.
#pragma once

namespace nabla {

// Called before the first tensor allocation. Training allocates and frees the same large activation
// buffers every step; glibc serves blocks over 128 KiB-32 MiB with mmap and returns them on free, so every
// step would page-fault its activations in again. Raising the mmap and trim thresholds keeps freed
// blocks in the heap for reuse (PyTorch users get the same effect from GLIBC_TUNABLES).
void configure_allocator();

}  // namespace nabla
