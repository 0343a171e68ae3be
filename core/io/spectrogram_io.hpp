// SPDX-License-Identifier: GPL-3.0-or-later
// Spectrogram files: a magnitude file (+ optional phase file), or one complex file, read into a
// complex bins x frames matrix, and the writer `analyze` uses.
// Values: magnitude linear = |X|, power = |X|^2, db = 20 log10 |X| (values at or below the dB
// floor read as 0); phase in radians or degrees, X = |X| e^{i phase}. Without a phase file the
// result holds the magnitude with zero phase (hasPhase = false). A complex dtype (or the same path
// given as magnitude and phase) gives X directly. Containers: .npy (by magic, whatever the
// extension; the header gives dtype, byte order and shape; StorageSpec::layout orients it: shape
// (bins, frames) = bins_by_frames) or raw (StorageSpec says everything; bins/frames inferred by
// raw.hpp's resolveRawShape). Output layout: FrameMatrix, frame-major (see core/base/signal.hpp).
// Errors (InputError): shapes that differ, NaN/Inf (naming the file and the first bad
// [bin, frame]), negative linear/power magnitudes. CSV (one line per row, core/io/csv) and MATLAB
// .mat (the largest numeric matrix, core/io/mat) are read as 2-D grids oriented like .npy.
#pragma once

#include <complex>

#include "core/io/storage_spec.hpp"
#include "core/base/signal.hpp"

#include <cstdint>
#include <string>

namespace phaselab {

/// Npy when the file starts with numpy's magic or ends in .npy; Csv for .csv/.tsv/.txt, Mat for
/// .mat; else `fallback`. Throws like requireReadableFile.
Container detectContainer(const std::string& path, Container fallback = Container::Raw);

/// Reads one matrix (raw or npy) of real values. `spec` is the request (raw: dtype, byte order,
/// header, layout, optional bins/frames; npy: layout only) and comes back resolved (container,
/// dtype, byte order, header bytes, bins, frames). A complex file gives InputError. No value checks.
/// quantScale multiplies the values of every container.
RealMatrix readRealMatrix(const std::string& path, StorageSpec& spec);
/// Same for any dtype; real dtypes give imaginary parts 0.
ComplexMatrix readComplexMatrix(const std::string& path, StorageSpec& spec);

struct SpectrogramFiles {
    std::string magnitudePath;
    std::string phasePath; ///< empty: magnitude only; == magnitudePath: one complex file
    StorageSpec storage;   ///< raw storage (used for both files), layout for npy
    ValueConventions values;
};

struct LoadedSpectrogram {
    ComplexMatrix coefficients; ///< X, or |X| with zero phase when !hasPhase
    bool hasPhase = false;
    StorageSpec storage;        ///< the magnitude file's storage as resolved (bins, frames filled in)
};

LoadedSpectrogram loadSpectrogram(const SpectrogramFiles& files);

/// Output formats of `analyze`: npy (float32 array), f32le / f64le (raw little-endian).
enum class SpectrogramFileFormat { Npy, F32le, F64le };
std::string spectrogramFileFormatName(SpectrogramFileFormat format);
SpectrogramFileFormat parseSpectrogramFileFormat(const std::string& text); ///< InputError
/// From the extension: ".npy" -> Npy, anything else -> F32le.
SpectrogramFileFormat spectrogramFileFormatForPath(const std::string& path);

struct SpectrogramWriteOptions {
    SpectrogramFileFormat format = SpectrogramFileFormat::Npy;
    MatrixLayout layout = MatrixLayout::BinsByFrames;
    ValueConventions values;
};

/// The numbers a spectrogram file holds for one coefficient: |X| in conventions.magnitudeScale (dB
/// floored at conventions.dbFloor), angle(X) in (-pi, pi] or degrees. Shared by every writer so a
/// streamed file and an in-memory one hold the same bytes.
double storedMagnitude(std::complex<float> x, const ValueConventions& conventions);
double storedPhase(std::complex<float> x, const ValueConventions& conventions);

/// Writes |X| (in values.magnitudeScale) to magnitudePath and, when phasePath is not empty, the
/// phase angle(X) in (-pi, pi] (or degrees) to phasePath. Both files are written atomically and
/// renamed only once both are complete. npy: shape (bins, frames) or (frames, bins), C order.
void writeSpectrogramFiles(const ComplexMatrix& coefficients, const std::string& magnitudePath,
                           const std::string& phasePath, const SpectrogramWriteOptions& options);

} // namespace phaselab
