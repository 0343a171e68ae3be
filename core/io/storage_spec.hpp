// SPDX-License-Identifier: GPL-3.0-or-later
// How a matrix of spectrogram values is stored in a file: container, data type, byte order, layout,
// header, shape and an integer quantisation scale; plus the value conventions (magnitude scale,
// dB floor, phase unit). Plain value types shared by the readers, the guesser, the CLI and the GUI.
// Layout names the way the values run (CLI.md): for raw files and CSV, frames_by_bins = frame after
// frame, the bins of one frame contiguous; bins_by_frames = each bin's time series contiguous. For
// .npy it is the orientation of the array np.load returns: shape (bins, frames) = bins_by_frames.
// Complex dtypes hold (real, imaginary) pairs; bytesPerValue counts both parts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace phaselab {

enum class Container { Raw, Npy, Csv, Mat };
enum class DType { Int16, Int32, Float32, Float64, Complex64, Complex128 };
enum class ByteOrder { Little, Big };
enum class MatrixLayout { BinsByFrames, FramesByBins };
/// linear = |X|, power = |X|^2, db = 20 log10 |X| (= 10 log10 of power).
enum class MagnitudeScale { Linear, Power, Db };
enum class PhaseUnit { Radians, Degrees };

// Names as CLI.md spells them ("raw", "float32", "little", "bins_by_frames", "db", "rad").
// Every parse function throws InputError listing the accepted names.
std::string containerName(Container container);
Container parseContainer(const std::string& text);

std::string dtypeName(DType dtype);
/// Accepts the CLI.md names and numpy's short codes ("f4", "<f4", "c8", "i2", ...; the byte-order
/// character of a numpy code is ignored here: use parseNumpyDescr for that).
DType parseDType(const std::string& text);
/// Bytes one stored value takes (complex: both parts): int16 2, int32 4, float32 4, float64 8,
/// complex64 8, complex128 16.
int bytesPerValue(DType dtype);
bool isComplex(DType dtype);
bool isInteger(DType dtype);
/// Every dtype, in enum order (for `info`, the guesser and menus).
const std::vector<DType>& allDTypes();

std::string byteOrderName(ByteOrder order); ///< "little" | "big"
ByteOrder parseByteOrder(const std::string& text); ///< also "le", "be", "<", ">"
ByteOrder nativeByteOrder();

std::string layoutName(MatrixLayout layout); ///< "bins_by_frames" | "frames_by_bins"
MatrixLayout parseLayout(const std::string& text);

std::string magnitudeScaleName(MagnitudeScale scale); ///< "linear" | "power" | "db"
MagnitudeScale parseMagnitudeScale(const std::string& text);

std::string phaseUnitName(PhaseUnit unit); ///< "rad" | "deg"
PhaseUnit parsePhaseUnit(const std::string& text); ///< also "radians", "degrees"

/// How the numbers of a magnitude (and phase) file are to be read or written.
struct ValueConventions {
    MagnitudeScale magnitudeScale = MagnitudeScale::Linear;
    /// dB files: reading maps values at or below the floor to magnitude 0; writing clamps to it
    /// (20 log10 0 would be -inf). Absolute dB of the unnormalised STFT magnitude.
    double dbFloor = -200.0;
    PhaseUnit phaseUnit = PhaseUnit::Radians;

    bool operator==(const ValueConventions&) const = default;
};

/// Where and how a bins x frames matrix sits in a file.
struct StorageSpec {
    Container container = Container::Raw;
    DType dtype = DType::Float32;
    ByteOrder byteOrder = ByteOrder::Little;
    MatrixLayout layout = MatrixLayout::BinsByFrames;
    std::int64_t headerBytes = 0; ///< bytes skipped before the first value
    int bins = 0;                 ///< 0: unknown (to be inferred)
    int frames = 0;               ///< 0: unknown (to be inferred)
    double quantScale = 1.0;      ///< stored value x quantScale = value (integer dumps)

    std::int64_t valueCount() const { return static_cast<std::int64_t>(bins) * frames; }
    /// Bytes of the values (without the header); 0 while bins or frames is unknown.
    std::int64_t dataBytes() const { return valueCount() * bytesPerValue(dtype); }
    /// One line for humans, e.g. "raw float32 little-endian bins_by_frames 513 x 431, header 0".
    std::string describe() const;

    bool operator==(const StorageSpec&) const = default;
};

} // namespace phaselab
