// SPDX-License-Identifier: GPL-3.0-or-later
// std::vector storage aligned to 64 bytes, the widest SIMD alignment FFTW asks of the arrays it
// executes on (AVX-512), so frame buffers can be handed to a plan without a copy (see fft.hpp).
// Contents are value-initialised like any std::vector's.
#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace phaselab {

inline constexpr std::size_t kSimdAlignment = 64;

template <class T>
struct SimdAllocator {
    using value_type = T;

    SimdAllocator() = default;
    template <class U>
    SimdAllocator(const SimdAllocator<U>&) noexcept {}

    T* allocate(std::size_t count)
    {
        return static_cast<T*>(::operator new(count * sizeof(T), std::align_val_t{kSimdAlignment}));
    }
    void deallocate(T* pointer, std::size_t) noexcept { ::operator delete(pointer, std::align_val_t{kSimdAlignment}); }

    template <class U>
    bool operator==(const SimdAllocator<U>&) const noexcept { return true; }
};

/// A vector whose data() is 64-byte aligned.
template <class T>
using AlignedVector = std::vector<T, SimdAllocator<T>>;

} // namespace phaselab
