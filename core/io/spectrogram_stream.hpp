// SPDX-License-Identifier: GPL-3.0-or-later
// The streaming form of writeSpectrogramFiles (spectrogram_io.hpp): magnitude (and phase) files
// written block of frames by block, byte for byte what writeSpectrogramFiles writes for the whole
// matrix (same formats, layouts, scales, units). frames_by_bins files are appended in order;
// bins_by_frames rows are filled in place (each block writes its stretch of every row at its
// offset). Both files are atomic: nothing appears at the target paths before commit(), and a
// writer destroyed before commit() (an error, an interruption) leaves nothing behind.
#pragma once

#include "core/io/atomic_file.hpp"
#include "core/io/spectrogram_io.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace phaselab {

class SpectrogramFileStream {
public:
    /// Creates the temporary files (IoError as AtomicFile) and writes the npy headers.
    /// phasePath empty: magnitude only. InputError when both paths name the same file.
    SpectrogramFileStream(const std::string& magnitudePath, const std::string& phasePath,
                          const SpectrogramWriteOptions& options, int bins, std::int64_t frames);

    /// Writes frames [firstFrame, firstFrame + block.frames) (block.bins must equal bins()).
    /// Blocks may come in any order; every frame must be written once before commit().
    void write(std::int64_t firstFrame, const ComplexMatrix& block);
    /// Renames both files into place (the magnitude first).
    void commit();

    int bins() const { return bins_; }
    std::int64_t frames() const { return frames_; }
    /// Working memory of write() for a block of `blockFrames` frames, for budgets.
    static std::int64_t workingBytes(int bins, int blockFrames);

private:
    template <class ValueOf>
    void writeFile(AtomicFile& file, std::int64_t firstFrame, const ComplexMatrix& block, ValueOf valueOf);

    SpectrogramWriteOptions options_;
    int bins_;
    std::int64_t frames_;
    DType dtype_;
    std::int64_t dataOffset_ = 0;
    AtomicFile magnitude_;
    std::optional<AtomicFile> phase_;
    std::vector<double> values_;
    std::vector<unsigned char> bytes_;
};

} // namespace phaselab
