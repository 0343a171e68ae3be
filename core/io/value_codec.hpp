// SPDX-License-Identifier: GPL-3.0-or-later
// Decoding and encoding of packed binary numbers (the value part of raw and .npy files): any
// DType in either byte order to double / complex<double>, and back. No allocation, no checks
// beyond the caller's: `count` values must be available (count * bytesPerValue(dtype) bytes).
#pragma once

#include "core/io/storage_spec.hpp"

#include <complex>
#include <cstddef>
#include <cstdint>

namespace phaselab {

/// Real dtypes: out[i] = value i. Complex dtypes: out[i] = real part of value i (use
/// decodeComplexValues for both parts).
void decodeRealValues(const unsigned char* data, std::size_t count, DType dtype, ByteOrder order, double* out);
/// Complex dtypes: both parts; real dtypes: imaginary part 0.
void decodeComplexValues(const unsigned char* data, std::size_t count, DType dtype, ByteOrder order,
                         std::complex<double>* out);
/// Encodes count values into dtype (Float32/Float64; integer dtypes round and saturate).
void encodeRealValues(const double* values, std::size_t count, DType dtype, ByteOrder order, unsigned char* out);
void encodeComplexValues(const std::complex<double>* values, std::size_t count, DType dtype, ByteOrder order,
                         unsigned char* out);

} // namespace phaselab
