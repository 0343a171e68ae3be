// SPDX-License-Identifier: GPL-3.0-or-later
// NumPy .npy files (format versions 1, 2 and 3), our own reader and writer.
// Reads dtypes <f4 >f4 <f8 >f8 <c8 >c8 <c16 >c16 <i2 >i2 <i4 >i4 in C or Fortran order; any other
// dtype (|i1, <u2, |b1, object, structured) gives an InputError naming it.
// Values come back in C order of the logical shape, i.e. exactly as np.load(path) indexes them:
// element [i0, i1, ..., ik] is values[((i0 * s1 + i1) * s2 + ...) + ik], whatever fortran_order.
// Every size is checked against the file before anything is allocated.
#pragma once

#include "core/io/storage_spec.hpp"

#include <complex>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace phaselab {

struct NpyHeader {
    int version = 1;                  ///< format major version (1, 2 or 3)
    DType dtype = DType::Float32;
    ByteOrder byteOrder = ByteOrder::Little;
    std::string descr;                ///< as written in the header, e.g. "<f4"
    std::vector<std::int64_t> shape;  ///< np.load's shape; empty for a 0-d array
    bool fortranOrder = false;
    std::int64_t headerBytes = 0;     ///< offset of the first value (magic + length + header text)
    std::int64_t fileBytes = 0;       ///< size of the whole file

    std::int64_t valueCount() const;  ///< product of shape (1 for 0-d)
    std::int64_t dataBytes() const { return valueCount() * bytesPerValue(dtype); }
    /// e.g. "float32 (<f4), shape (513, 431), C order"
    std::string describe() const;
};

struct NpyArray {
    NpyHeader header;
    std::vector<double> real;                 ///< real dtypes: C-order values
    std::vector<std::complex<double>> complex; ///< complex dtypes: C-order values

    bool isComplex() const { return phaselab::isComplex(header.dtype); }
};

/// Parses the header at the start of `bytes` (at least the header; the rest of the file may be
/// absent). fileBytes is the size of the whole file, used to check the data size: a header whose
/// shape does not match fileBytes exactly gives InputError. `name` is used in messages.
NpyHeader parseNpyHeader(std::span<const unsigned char> bytes, std::int64_t fileBytes,
                         const std::string& name = "npy data");
/// Reads and checks only the header (cheap: for `info` and the guesser). InputError / IoError.
NpyHeader readNpyHeader(const std::string& path);
/// Reads the whole file.
NpyArray readNpy(const std::string& path);
/// Decodes a whole file held in memory (for fuzzing and tests).
NpyArray decodeNpy(std::span<const unsigned char> bytes, const std::string& name = "npy data");

/// Writes a C-order array atomically (see atomic_file.hpp). dtype: Float32, Float64 (real
/// overloads) or Complex64, Complex128 (complex overloads); other combinations throw InputError.
/// values.size() must equal the product of shape. Byte order: little-endian. Format version 1
/// (version 2 only when the header would not fit 65535 bytes).
void writeNpy(const std::string& path, std::span<const float> values,
              const std::vector<std::int64_t>& shape, DType dtype = DType::Float32);
void writeNpy(const std::string& path, std::span<const double> values,
              const std::vector<std::int64_t>& shape, DType dtype = DType::Float64);
void writeNpy(const std::string& path, std::span<const std::complex<float>> values,
              const std::vector<std::int64_t>& shape, DType dtype = DType::Complex64);
void writeNpy(const std::string& path, std::span<const std::complex<double>> values,
              const std::vector<std::int64_t>& shape, DType dtype = DType::Complex128);

/// The header block (magic, version, length, dict padded to a multiple of 64) for a C-order array.
std::string makeNpyHeader(DType dtype, ByteOrder order, const std::vector<std::int64_t>& shape,
                          bool fortranOrder = false);

} // namespace phaselab
