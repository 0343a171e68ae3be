// SPDX-License-Identifier: GPL-3.0-or-later
// Reads the matrix a StorageSpec describes, from any container, into PhaseLab's frame-major
// form (core/base/signal.hpp): raw (core/io/raw), .npy (np.load's orientation; singleton dimensions
// dropped; a real array with a last dimension of 2 is read as (real, imaginary) pairs),
// CSV (one row per line) and MATLAB .mat (the largest numeric matrix, rows x columns).
// spec.layout says which way the values run: bins_by_frames = rows are bins. Each value is
// multiplied by spec.quantScale. Real values come back with imaginary part 0.
#pragma once

#include "core/io/storage_spec.hpp"
#include "core/base/signal.hpp"

#include <string>

namespace phaselab {

/// Throws InputError when the file does not hold bins x frames values as the spec says.
ComplexMatrix readStoredMatrix(const std::string& path, const StorageSpec& spec);

/// The 2-D matrix a non-raw container holds, as rows x columns in its own orientation (npy: shape
/// after dropping singleton dimensions and folding (..., 2) pairs; CSV: lines x values; mat: MATLAB
/// rows x columns), with complex = true for complex data. For the guessers.
struct StoredGrid {
    int rows = 0;
    int columns = 0;
    bool complex = false;
    DType dtype = DType::Float64;
    ByteOrder byteOrder = ByteOrder::Little;
    std::int64_t headerBytes = 0;
    std::vector<std::complex<double>> values; ///< row-major
};
StoredGrid readStoredGrid(const std::string& path, Container container);

} // namespace phaselab
