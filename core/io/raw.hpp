// SPDX-License-Identifier: GPL-3.0-or-later
// Raw binary matrices: headerBytes bytes skipped, then bins x frames values of one DType in one
// byte order, running as StorageSpec::layout says (frames_by_bins: the bins of one frame
// contiguous; bins_by_frames: each bin's time series contiguous). Each value is multiplied by
// quantScale. Results are FrameMatrix (frame-major, see core/base/signal.hpp) whatever the file layout.
// Sizes are checked against the file before anything is allocated; values are NOT checked for
// NaN/Inf here (spectrogram_io does that; the guesser wants to see them).
#pragma once

#include "core/io/storage_spec.hpp"
#include "core/base/signal.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace phaselab {

/// Fills in spec.bins / spec.frames from the file size: both given -> the size must match
/// exactly; one given -> the other must divide the data exactly; neither -> InputError asking for
/// --bins or --frames. Also rejects headers past the end and sizes that are not whole values.
/// `name` (the file) appears in every message.
StorageSpec resolveRawShape(StorageSpec spec, std::int64_t fileBytes, const std::string& name);

/// Reads a raw file of a real dtype (a complex dtype gives InputError: use readRawComplex).
RealMatrix readRawReal(const std::string& path, const StorageSpec& spec);
/// Reads a raw file of any dtype; real dtypes give imaginary parts 0.
ComplexMatrix readRawComplex(const std::string& path, const StorageSpec& spec);

/// The same on a whole file held in memory (header included), for the guesser, fuzzing and tests.
RealMatrix decodeRawReal(std::span<const unsigned char> file, const StorageSpec& spec,
                         const std::string& name = "raw data");
ComplexMatrix decodeRawComplex(std::span<const unsigned char> file, const StorageSpec& spec,
                               const std::string& name = "raw data");

/// Ways a file of `fileBytes` bytes (after `headerBytes`) splits into a rows x columns matrix of
/// one dtype, for `info`: every pair rows x columns with minSide <= rows <= columns, rows ascending
/// (each pair also stands for its transpose).
struct MatrixFactorisation {
    DType dtype = DType::Float32;
    std::int64_t values = 0;  ///< whole values the data holds (0 when the size is not a multiple)
    std::vector<std::pair<std::int64_t, std::int64_t>> shapes;
};
std::vector<MatrixFactorisation> rawFactorisations(std::int64_t fileBytes, std::int64_t headerBytes = 0,
                                                   std::int64_t minSide = 2);

/// Arranges values given in file order (rows x columns as `layout` names them) into a frame-major
/// matrix. rows x columns = bins x frames for bins_by_frames, frames x bins for frames_by_bins.
template <class T, class Source>
FrameMatrix<T> arrangeMatrix(const Source* values, int bins, int frames, MatrixLayout layout)
{
    FrameMatrix<T> matrix(bins, frames);
    if (layout == MatrixLayout::FramesByBins) {
        for (std::size_t i = 0; i < matrix.values.size(); ++i)
            matrix.values[i] = static_cast<T>(values[i]);
    } else {
        for (int bin = 0; bin < bins; ++bin) {
            const Source* row = values + static_cast<std::size_t>(bin) * frames;
            for (int frame = 0; frame < frames; ++frame)
                matrix.at(frame, bin) = static_cast<T>(row[frame]);
        }
    }
    return matrix;
}

} // namespace phaselab
