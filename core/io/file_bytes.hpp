// SPDX-License-Identifier: GPL-3.0-or-later
// Reading bytes of a file in bounded pieces: the readers decode a file chunk by chunk so their
// memory is the decoded result only, never a second copy of the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace phaselab {

/// Up to maxBytes bytes from the start of the file (fewer if the file is shorter).
std::vector<unsigned char> readFilePrefix(const std::string& path, std::size_t maxBytes);

/// Calls consume(data, size, position) for consecutive pieces of [offset, offset + count) of the
/// file, each at most chunkBytes long (chunkBytes > 0). position counts from `offset`. Throws
/// IoError when the file ends early or cannot be read.
void readFileChunks(const std::string& path, std::int64_t offset, std::int64_t count, std::size_t chunkBytes,
                    const std::function<void(const unsigned char* data, std::size_t size, std::int64_t position)>& consume);

} // namespace phaselab
