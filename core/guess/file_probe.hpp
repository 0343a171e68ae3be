// SPDX-License-Identifier: GPL-3.0-or-later
// What kind of file a spectrogram dump is, from its first bytes: .npy (numpy's magic), MATLAB
// .mat (level-5 text header or HDF5 signature), numeric text (CSV/TSV/savetxt), else raw binary.
// The extension is not trusted. Keeps the file size and its first bytes for the guessers.
#pragma once

#include "core/io/npy.hpp"
#include "core/io/storage_spec.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace phaselab {

struct FileProbe {
    std::string path;
    std::int64_t size = 0;
    std::vector<unsigned char> head; ///< the first bytes (up to 64 KiB)
    Container container = Container::Raw;
    std::optional<NpyHeader> npy;    ///< for .npy files
};

/// InputError for a missing, unreadable or empty file, a .npy whose header is broken, or an audio
/// file (WAV, FLAC, Ogg, AIFF: it is no spectrogram).
FileProbe probeFile(const std::string& path);

/// Length of the common prefix of two files' first bytes (the shared header of a pair), capped at
/// the shorter head.
std::int64_t commonPrefixBytes(const FileProbe& a, const FileProbe& b);

} // namespace phaselab
