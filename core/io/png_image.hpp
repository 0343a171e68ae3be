// SPDX-License-Identifier: GPL-3.0-or-later
// A minimal PNG writer (8-bit RGB, no interlace, filter 0 on every row; zlib for the deflate
// stream and the chunk CRCs): pictures for self-contained reports without an image library.
#pragma once

#include <cstdint>
#include <vector>

namespace phaselab {

/// rgb: width x height pixels, row after row, 3 bytes each (top row first). Throws
/// std::invalid_argument when the sizes do not match.
std::vector<std::uint8_t> encodePng(int width, int height, const std::vector<std::uint8_t>& rgb);

} // namespace phaselab
